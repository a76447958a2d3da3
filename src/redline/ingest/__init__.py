"""Readers: plain text, HTML, JSON / JSON Lines, WARC and URLs. Every article keeps the caller's id."""
from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, cast

from ..errors import InputError
from ..model import Article
from . import decode as decoding
from . import fetch
from .clean import clean_article, long_enough
from .fetch import FetchPolicy, fetch_policy
from .html import looks_like_html, parse_html
from .inputs import WARC_SUFFIXES, expand, is_warc, read_input, read_inputs
from .jsonl import article_from_object, iter_jsonl, parse_json
from .text import parse_text
from .url import is_url, load_url
from .warc import iter_warc

__all__ = ["load_article", "load_articles", "read_text", "article_from_text", "article_from_object",
           "iter_jsonl", "iter_warc", "load_url", "parse_html", "is_url", "iter_paths", "FetchPolicy",
           "fetch_policy", "expand", "read_input", "read_inputs", "WARC_SUFFIXES", "is_warc"]


def read_text(path: str | os.PathLike[str]) -> str:
    """The decoded text of a file (``-``: standard input); InputError naming the input if it is
    missing, not a regular file, empty, binary or too large."""
    name = str(path)
    return decoding.decode(read_bytes(path), "<stdin>" if name == "-" else name)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """At most ``MAX_BYTES`` of a regular file or standard input, read with a cap: the size a
    device, FIFO or growing file reports cannot be trusted, and opening a FIFO must not block."""
    name = str(path)
    if name == "-":
        if sys.stdin is None:
            raise InputError("<stdin>", "standard input is closed")
        return _capped(cast("IO[bytes]", getattr(sys.stdin, "buffer", sys.stdin)), "<stdin>")
    if not name:
        raise InputError("''", "empty path")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except (OSError, ValueError) as exc:
        raise InputError(name, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputError(name, "is a directory, not a file")
        raise InputError(name, "is not a regular file (a device, FIFO or socket); use - for standard input")
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as fh:
        return _capped(fh, name)


def _capped(fh: IO[bytes], name: str) -> bytes:
    try:
        data: bytes = fh.read(decoding.MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > decoding.MAX_BYTES:
        raise InputError(name, decoding.too_large(None))
    return data


def article_from_text(text: str, id: str, kind: str | None = None, url: str | None = None) -> list[Article]:
    """Parse already-decoded text; ``kind`` is 'text', 'html', 'json' or 'jsonl' (guessed if None)."""
    kind = kind or guess_kind(id, text)
    if kind == "json":
        return parse_json(text, id)
    if kind == "jsonl":
        return _all_jsonl(text, id)
    if kind == "html":
        art = parse_html(text, id, url=url)
    else:
        art = parse_text(text, id)
        if not art.text.strip():
            raise InputError(id, "article has a header but no body text")
        art = replace(art, url=art.url or url)
    # a JSON object's "text" is the caller's word; a file's bytes must look like an article
    return [long_enough(clean_article(art))]


def _all_jsonl(text: str, id: str) -> list[Article]:
    out = []
    for item in iter_jsonl(text, id):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    if not out:
        raise InputError(id, "no articles in JSON Lines file")
    return out


def guess_kind(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in (".txt", ".text", ".md"):
        return "text"
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        kind = _json_kind(stripped)
        if kind:
            return kind
    if looks_like_html(text):
        return "html"
    return "text"


def _json_kind(text: str) -> str | None:
    """'json' or 'jsonl' for a text opening with ``{`` or ``[``, parsed once; None for prose that
    happens to open with ``[``. A text that opens like JSON but does not parse is 'json', so the
    JSON reader says what is wrong with it; several objects one after another are JSON Lines."""
    looks_json = text.startswith("{") or bool(re.match(r"\[\s*[{\]]", text))
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.startswith("{"):
            return "jsonl"
        return "json" if looks_json else None
    except (ValueError, RecursionError):
        return "json" if looks_json else None
    return "json"


def load_articles(path: str | os.PathLike[str], id: str | None = None, timeout: float | None = None,
                  policy: FetchPolicy | None = None) -> list[Article]:
    """All articles named by ``path``: a file (a JSON list, JSON Lines or WARC file may hold
    several), ``-`` (standard input, its format sniffed), a URL, a folder, a glob or a file of URLs.
    A URL is fetched under ``policy`` (default: the current ``fetch_policy``), ``timeout`` its deadline."""
    from .inputs import articles_of
    if timeout is not None or policy is not None:
        base = policy or fetch.current_policy()
        with fetch_policy(replace(base, deadline=timeout) if timeout is not None else base):
            arts = articles_of(path)
    else:
        arts = articles_of(path)
    if id is not None and len(arts) == 1:
        arts = [replace(arts[0], id=id)]
    return arts


def load_article(path: str | os.PathLike[str], id: str | None = None, timeout: float | None = None,
                 policy: FetchPolicy | None = None) -> Article:
    """Exactly one article from a file or URL; its id is ``id``, the JSON "id", or the path/URL."""
    arts = load_articles(path, id, timeout, policy)
    if len(arts) != 1:
        raise InputError(str(path), f"holds {len(arts)} articles; expected one")
    return arts[0]


def iter_paths(paths: list[str]) -> Iterator[Path]:
    """The files under ``paths`` (folders recursively, dot-files left out); see ``expand``."""
    for item in expand(paths):
        if isinstance(item, InputError):
            raise item
        yield Path(item)
