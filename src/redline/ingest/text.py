"""Plain-text articles with optional ``Key: value`` header lines before a blank line."""
from __future__ import annotations

import re
from typing import Any

from ..model import Article
from .pagemeta import header_candidates, read_meta

HEADER_KEYS = {"title": "title", "headline": "title", "byline": "byline", "by": "byline",
               "author": "byline", "date": "date", "outlet": "outlet", "url": "url",
               "source": "outlet", "id": "id"}
_HEADER = re.compile(r"^([A-Za-z]+):[ \t]*(.*)$")


def parse_text(text: str, id: str) -> Article:
    header, body = split_header(text)
    meta: dict[str, Any] = header
    art = Article(id=meta.pop("id", None) or id, text=body, **meta)
    return read_meta(art, header_candidates(art)) if body.strip() else art


def split_header(text: str) -> tuple[dict[str, str], str]:
    head, sep, rest = text.partition("\n\n")
    lines = head.strip("\n").split("\n")
    meta: dict[str, str] = {}
    for line in lines:
        m = _HEADER.match(line.strip())
        if not m or m.group(1).lower() not in HEADER_KEYS:
            return {}, text
        meta[HEADER_KEYS[m.group(1).lower()]] = m.group(2).strip()
    if not sep or not meta:
        return {}, text
    # Keep body offsets meaningful: the body is the text after the header block.
    return {k: v for k, v in meta.items() if v}, rest
