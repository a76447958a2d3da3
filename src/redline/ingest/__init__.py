"""Readers: plain text, HTML, JSON / JSON Lines, WARC and URLs. Every article keeps the caller's id."""
from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import Article
from . import decode as decoding
from .html import looks_like_html, parse_html
from .jsonl import article_from_object, iter_jsonl, parse_json
from .text import parse_text
from .fetch import FetchPolicy, fetch_policy
from .url import is_url, load_url
from .warc import iter_warc

__all__ = ["load_article", "load_articles", "read_text", "article_from_text", "article_from_object",
           "iter_jsonl", "iter_warc", "load_url", "parse_html", "is_url", "iter_paths", "FetchPolicy",
           "fetch_policy"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def read_text(path: str | os.PathLike) -> str:
    """The decoded text of a file; InputError naming the file if it is missing, empty, binary or too large."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > decoding.MAX_BYTES:
            raise InputError(name, decoding.too_large(size))
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    return decoding.decode(data, name)


def article_from_text(text: str, id: str, kind: str | None = None, url: str | None = None) -> list[Article]:
    """Parse already-decoded text; ``kind`` is 'text', 'html', 'json' or 'jsonl' (guessed if None)."""
    kind = kind or _guess_kind(id, text)
    if kind == "html":
        return [parse_html(text, id, url=url)]
    if kind == "json":
        return parse_json(text, id)
    if kind == "jsonl":
        return _all_jsonl(text, id)
    art = parse_text(text, id)
    if not art.text.strip():
        raise InputError(id, "article has a header but no body text")
    return [replace(art, url=art.url or url)]


def _all_jsonl(text: str, id: str) -> list[Article]:
    out = []
    for item in iter_jsonl(text, id):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    if not out:
        raise InputError(id, "no articles in JSON Lines file")
    return out


def _guess_kind(name: str, text: str) -> str:
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
    if stripped.startswith("{") or re.match(r"\[\s*[{\]]", stripped):
        return _json_or_jsonl(stripped)
    if looks_like_html(text):
        return "html"
    return "text"


def _json_or_jsonl(text: str) -> str:
    try:
        json.loads(text)
    except RecursionError:
        return "json"  # parse_json reports it
    except json.JSONDecodeError as exc:
        # several objects one after another: JSON Lines; anything else is reported as malformed JSON
        return "jsonl" if exc.msg == "Extra data" and text.startswith("{") else "json"
    return "json"


def is_warc(path: str | os.PathLike) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def load_articles(path: str | os.PathLike, id: str | None = None, timeout: float | None = None,
                  policy: FetchPolicy | None = None) -> list[Article]:
    """All articles in a file or at a URL (a JSON list, JSON Lines or WARC file may hold several).
    A URL is fetched under ``policy`` (default: the current ``fetch_policy``), ``timeout`` its deadline."""
    if is_url(path):
        arts = load_url(str(path), timeout, policy=policy)
    elif is_warc(path):
        arts = _warc_articles(path)
    else:
        arts = article_from_text(read_text(path), str(path))
    if id is not None and len(arts) == 1:
        arts = [replace(arts[0], id=id)]
    return arts


def _warc_articles(path: str | os.PathLike) -> list[Article]:
    p = Path(path)
    if p.is_dir():
        raise InputError(str(path), "is a directory, not a file")
    errors: list[InputError] = []
    arts = list(iter_warc(path, errors))
    if not arts:
        why = f" ({errors[0].problem})" if errors else ""
        raise InputError(str(path), f"no HTML article records in the WARC file{why}")
    return arts


def load_article(path: str | os.PathLike, id: str | None = None, timeout: float | None = None,
                 policy: FetchPolicy | None = None) -> Article:
    """Exactly one article from a file or URL; its id is ``id``, the JSON "id", or the path/URL."""
    arts = load_articles(path, id, timeout, policy)
    if len(arts) != 1:
        raise InputError(str(path), f"holds {len(arts)} articles; expected one")
    return arts[0]


def iter_paths(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
        else:
            yield p
