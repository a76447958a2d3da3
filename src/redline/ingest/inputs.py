"""Every command's inputs, read one way: files, folders, globs, ``-`` (standard input), http(s)
URLs and files of URLs, each holding text, HTML, JSON, JSON Lines or WARC.

``expand`` turns what the user typed into concrete inputs (a file, ``-`` or a URL); ``read_input``
yields ``(where, Article | InputError)`` for every article one input holds. A bad item is an
InputError in its place, so a caller can skip it, list it and go on.
"""
from __future__ import annotations

import glob
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .warc import RecordSkipped

Item = tuple[str, Article | InputError]
URL_LIST_SUFFIXES = (".urls",)
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_GLOB_CHARS = set("*?[")


def is_warc(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def is_url_list(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(URL_LIST_SUFFIXES)


def expand(specs: Iterable[str | os.PathLike[str]],
           url_lists: Iterable[str | os.PathLike[str]] = ()) -> Iterator[str | InputError]:
    """The concrete inputs the user named, in order: a folder's files (recursive, sorted, dot-files
    left out), a glob's matches, a file of URLs' addresses; an InputError for one that names nothing."""
    from .url import is_url
    for raw in specs:
        spec = str(raw)
        if not spec.strip():
            yield InputError("''", "empty path (give a file, folder, URL or -)")
        elif spec == "-" or is_url(spec):
            yield spec
        elif os.path.isdir(spec):
            yield from _folder(Path(spec))
        elif os.path.lexists(spec):
            yield from (url_list(spec) if is_url_list(spec) else [spec])
        elif _GLOB_CHARS & set(spec):
            yield from _glob(spec)
        else:
            yield InputError(spec, "no such file, folder or URL")
    for path in url_lists:
        yield from url_list(str(path))


def _folder(folder: Path) -> Iterator[str | InputError]:
    files = sorted(q for q in folder.rglob("*") if q.is_file() and not _hidden(q, folder))
    for f in files:
        yield from (url_list(str(f)) if is_url_list(f) else [str(f)])


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def _glob(pattern: str) -> Iterator[str | InputError]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield InputError(pattern, "no file matches this pattern")
    for m in matches:
        yield from expand([m])


def url_list(path: str) -> list[str | InputError]:
    """The URLs in a file of URLs: one a line; blank lines and ``#`` comments are passed over."""
    from . import read_text
    from .url import is_url
    try:
        text = read_text(path)
    except InputError as err:
        return [err]
    out: list[str | InputError] = []
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line if is_url(line) else InputError(f"{path}:{n}", "is not an http(s) URL"))
    if not out:
        out.append(InputError(path, "holds no URLs (one a line)"))
    return out


def read_inputs(specs: Iterable[str | os.PathLike[str]],
                url_lists: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Item]:
    """(where, Article | InputError) for every article of every input named."""
    for spec in expand(specs, url_lists):
        if isinstance(spec, InputError):
            yield str(spec.source), spec
        else:
            yield from read_input(spec)


def read_input(spec: str) -> Iterator[Item]:
    """(where, Article | InputError) for each article of one concrete input. Whatever a reader
    raises ends that input only, never the caller's loop."""
    from .url import is_url
    name = "<stdin>" if spec == "-" else spec
    try:
        if is_url(spec):
            yield from _url(spec)
        elif spec == "-":
            yield from _stdin()
        else:
            yield from _file(spec)
    except InputError as err:
        yield name, err
    except OSError as exc:
        yield name, InputError(name, f"cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # a reader's fault on hostile input: skip the input, keep the others
        yield name, InputError(name, f"could not be read ({describe(exc)})")


def _url(url: str) -> Iterator[Item]:
    """The article(s) at a URL under the current fetch policy; a web archive there is read whole."""
    from .fetch import current_policy, fetch
    from .url import from_response
    response = fetch(url, current_policy())
    if _warc_bytes(response.body[:4096]):
        yield from _warc_of_bytes(response.body, url)
        return
    yield from _numbered(from_response(response, url), url)


def _numbered(arts: list[Article], name: str) -> Iterator[Item]:
    for k, art in enumerate(arts):
        yield (name if len(arts) == 1 else f"{name}[{k}]"), art


def _file(path: str) -> Iterator[Item]:
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise InputError(path, "is not a regular file")
    if is_warc(path) or _starts_like_warc(path):
        yield from _warc(path, path)
        return
    if path.lower().endswith((".jsonl", ".ndjson")):
        from .jsonl import read_json_lines
        yield from _objects(read_json_lines(path))
        return
    from . import read_text
    yield from _text_items(read_text(path), path)


def _text_items(text: str, name: str) -> Iterator[Item]:
    from . import article_from_text, guess_kind
    from .jsonl import json_lines
    kind = guess_kind(name, text)
    if kind == "jsonl":
        yield from _objects(json_lines(text, name))
        return
    if kind == "text" and _only_urls(text):
        raise InputError(name, "holds only URLs, one a line: give it as --urls FILE or name it *.urls")
    yield from _numbered(article_from_text(text, name, kind), name)


def _only_urls(text: str) -> bool:
    from .url import is_url
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return bool(lines) and all(is_url(line) and " " not in line for line in lines)


def _stdin() -> Iterator[Item]:
    """Standard input, its format sniffed: WARC (plain or gzipped) by its first bytes, then JSON,
    JSON Lines, HTML or text as for a file without a suffix."""
    from . import decoding, read_bytes
    data = read_bytes("-")
    if _warc_bytes(data[:4096]):
        yield from _warc_of_bytes(data, "<stdin>")
        return
    yield from _text_items(decoding.decode(data, "<stdin>"), "-")


def _warc_of_bytes(data: bytes, name: str) -> Iterator[Item]:
    """A web archive held in memory (standard input, a URL's body), read through a scratch file."""
    with tempfile.NamedTemporaryFile(prefix="redline-", suffix=".warc") as tmp:
        tmp.write(data)
        tmp.flush()
        yield from _warc(tmp.name, name)


def _starts_like_warc(path: str) -> bool:
    with open(path, "rb") as fh:
        return _warc_bytes(fh.read(4096))


def _warc_bytes(head: bytes) -> bool:
    if head.startswith(b"\x1f\x8b"):
        import zlib
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _warc(path: str, name: str) -> Iterator[Item]:
    """Every response record of a WARC file as an article; a record that holds none is listed
    (a file with no article at all is one error)."""
    from .warc import iter_warc
    errors: list[InputError] = []
    found = False
    for art in iter_warc(path, errors, name=name):
        if found:
            yield from ((str(e.source), e) for e in errors)
            errors.clear()
        found = True
        yield art.id, art
    if not found:
        why = f" (first: {errors[0]})" if errors else ""
        raise InputError(name, f"no article records in the WARC file{why}")
    yield from ((str(e.source), e) for e in errors)


def _objects(lines: Iterable[tuple[str, object]]) -> Iterator[Item]:
    """(where, Article | InputError) for the parsed lines of a JSON Lines input."""
    for where, obj in lines:
        yield where, obj if isinstance(obj, InputError) else _article(obj, where)


def _article(obj: object, where: str) -> Article | InputError:
    from .jsonl import article_from_object
    try:
        return article_from_object(obj, where)
    except InputError as err:
        return err
    except Exception as exc:
        return InputError(where, f"could not be read ({describe(exc)})")


def describe(exc: BaseException) -> str:
    from .clean import clean_string
    text = " ".join(str(exc).split())
    return clean_string(f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__)


def articles_of(spec: str | os.PathLike[str]) -> list[Article]:
    """The articles named by ``spec`` (one input, or a folder, glob or file of URLs). A bad item in
    a single file is an error (a JSON Lines line, a JSON list member); a WARC's non-article records
    and a collection's bad members are passed over while any article is read."""
    items = list(read_inputs([spec]))
    arts = [a for _, a in items if isinstance(a, Article)]
    errors = [e for _, e in items if isinstance(e, InputError)]
    hard = [e for e in errors if not isinstance(e, RecordSkipped)]
    if errors and not arts:
        raise errors[0]
    if hard and _single(str(spec)):
        raise hard[0]
    if not arts:
        raise InputError(str(spec), "holds no articles")
    return arts


def _single(spec: str) -> bool:
    from .url import is_url
    return spec == "-" or is_url(spec) or (os.path.isfile(spec) and not is_url_list(spec))

