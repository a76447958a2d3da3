"""JSON objects and JSON Lines: ``{"id", "title", "text", "byline", "date", "outlet", "url"}``."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from .. import limits
from ..errors import InputError
from ..limits import MAX_JSON_DEPTH
from ..model import Article
from .clean import clean_article, clean_string

FIELDS = ("title", "byline", "date", "outlet", "url")


def article_from_object(obj: Any, name: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError(name, "JSON value is not an object")
    text = obj.get("text")
    html = obj.get("html")
    art_id = clean_string(str(obj["id"])) if obj.get("id") not in (None, "") else name
    if (not isinstance(text, str) or not text.strip()) and isinstance(html, str) and html.strip():
        from .html import parse_html
        art = parse_html(clean_string(html), art_id, url=_str_or_none(obj.get("url")))
        return clean_article(_with_fields(art, obj, name))
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, 'JSON object has no "text"')
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean_article(_with_fields(Article(id=art_id, text=text), obj, name))


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


OUTLET_KINDS = {"wire": "wire", "agency": "wire", "news agency": "wire", "wire service": "wire", "newswire": "wire",
         "print": "print", "newspaper": "print", "paper": "print", "magazine": "print",
         "web": "web", "online": "web", "website": "web", "site": "web", "blog": "web", "digital": "web",
         "broadcast": "broadcast", "broadcaster": "broadcast", "tv": "broadcast", "television": "broadcast",
         "radio": "broadcast"}


def _with_fields(art: Article, obj: dict[str, Any], name: str) -> Article:
    from dataclasses import replace
    extra: dict[str, Any] = {k: str(obj[k]) for k in FIELDS
                             if isinstance(obj.get(k), (str, int, float)) and str(obj[k]).strip()}
    kind = obj.get("outlet_kind")
    if kind is not None and kind != "":  # wire, print, web or broadcast (see redline.corpus.origin)
        known = OUTLET_KINDS.get(" ".join(kind.split()).lower()) if isinstance(kind, str) else None
        if known is None:
            raise InputError(name, f'"outlet_kind" must be wire, print, web or broadcast, not {str(kind)[:40]!r}')
        extra["meta"] = {**dict(art.meta), "outlet_kind": known}
    return replace(art, **extra)


def loads(text: str | bytes, name: str, locate: bool = True) -> Any:
    """The parsed JSON value; InputError naming ``name`` when it is malformed or nested deeper
    than ``MAX_JSON_DEPTH`` (articles are flat objects; deep nesting only costs stack and time)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: " if locate else ""
        raise InputError(name, f"malformed JSON ({where}{exc.msg})") from None
    except UnicodeDecodeError:
        raise InputError(name, "JSON is not UTF-8 text") from None
    except ValueError as exc:  # an integer past Python's digit limit, among others
        raise InputError(name, f"malformed JSON ({' '.join(str(exc).split())[:120]})") from None
    except RecursionError:
        raise InputError(name, _too_deep()) from None
    if json_depth(value, stop=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise InputError(name, _too_deep())
    return value


def _too_deep() -> str:
    return f"JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels; REDLINE_MAX_JSON_DEPTH)"


def json_depth(value: Any, stop: int | None = None) -> int:
    """How deeply lists and objects nest (0 for a scalar), iteratively: a recursive walk would fail
    on the inputs it guards against. Past ``stop`` the walk ends early."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        if stop is not None and deepest > stop:
            return deepest
        stack.extend((x, level + 1) for x in item if isinstance(x, (dict, list)))
    return deepest


def parse_json(text: str, name: str) -> list[Article]:
    data = loads(text, name)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(name, "JSON list is empty")
    return [article_from_object(o, f"{name}[{i}]" if isinstance(data, list) else name)
            for i, o in enumerate(items)]


def json_lines(lines: str | Iterable[str | bytes | None], name: str) -> Iterator[tuple[str, object]]:
    """(``name:line``, the parsed value or its InputError) for each non-blank line of a text, or
    of lines read from a file (bytes, decoded here; None for a line over the input limit)."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    for n, line in enumerate(lines, 1):
        where = f"{name}:{n}"
        if line is None:
            yield where, InputError(where, f"line is longer than {limits.MAX_INPUT_BYTES} bytes")
        elif line.strip():
            yield where, _parse_line(line, where, first=n == 1)


def read_json_lines(path: str | os.PathLike[str]) -> Iterator[tuple[str, object]]:
    """``json_lines`` of a file read a line at a time, so it may be far larger than memory allows;
    a line longer than the input limit is skipped without being held whole."""
    name = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115  (a file that cannot be opened is an item, not a raise)
    except OSError as exc:
        yield name, InputError(name, f"cannot be read ({exc.strerror})")
        return
    with fh:
        yield from json_lines(_lines(fh), name)


def _lines(fh: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines; None for one over the input limit (read past in chunks)."""
    cap = limits.MAX_INPUT_BYTES
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(cap)
            yield None
            continue
        yield line


def _parse_line(line: str | bytes, where: str, first: bool) -> object:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError:
            return InputError(where, "line is not UTF-8 text")
    try:
        return loads(line, where, locate=False)
    except InputError as err:
        return err


def iter_jsonl(text: str, name: str) -> Iterator[Article | InputError]:
    """Yield an Article or the InputError for each non-blank line, so callers can skip and count."""
    for where, obj in json_lines(text, name):
        if isinstance(obj, InputError):
            yield obj
            continue
        try:
            yield article_from_object(obj, where)
        except InputError as err:
            yield err
