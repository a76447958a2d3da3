"""Readers: plain text, HTML, JSON / JSON Lines. Every article keeps the caller's id."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import Article
from .decode import decode
from .html import looks_like_html, parse_html
from .jsonl import article_from_object, iter_jsonl, parse_json
from .text import parse_text

__all__ = ["load_article", "load_articles", "read_text", "article_from_text", "article_from_object",
           "iter_jsonl", "parse_html"]


def read_text(path: str | os.PathLike) -> str:
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror})") from None
    return decode(data, name)


def article_from_text(text: str, id: str, kind: str | None = None) -> list[Article]:
    """Parse already-decoded text; ``kind`` is 'text', 'html', 'json' or 'jsonl' (guessed if None)."""
    kind = kind or _guess_kind(id, text)
    if kind == "html":
        return [parse_html(text, id)]
    if kind == "json":
        return parse_json(text, id)
    if kind == "jsonl":
        out = []
        for item in iter_jsonl(text, id):
            if isinstance(item, InputError):
                raise item
            out.append(item)
        if not out:
            raise InputError(id, "no articles in JSON Lines file")
        return out
    art = parse_text(text, id)
    if not art.text.strip():
        raise InputError(id, "article has a header but no body text")
    return [art]


def _guess_kind(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".jsonl" or suffix == ".ndjson":
        return "jsonl"
    if suffix == ".json":
        return "json"
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        return "jsonl" if "\n{" in stripped.strip() and not stripped.startswith("[") else "json"
    if looks_like_html(text):
        return "html"
    return "text"


def load_articles(path: str | os.PathLike, id: str | None = None) -> list[Article]:
    """All articles in a file (a JSON list or JSON Lines file may hold several)."""
    text = read_text(path)
    arts = article_from_text(text, str(path))
    if id is not None and len(arts) == 1:
        from dataclasses import replace
        arts = [replace(arts[0], id=id)]
    return arts


def load_article(path: str | os.PathLike, id: str | None = None) -> Article:
    """Exactly one article from a file; its id is ``id``, the JSON "id", or the path."""
    arts = load_articles(path, id)
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
