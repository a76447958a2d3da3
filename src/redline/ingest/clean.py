"""Valid Unicode at the reading boundary: every reader passes its articles through here once.

A JSON escape can carry a lone surrogate (``"\\ud800"``), which cannot be encoded, stored or
written; a NUL cuts strings short in C libraries and SQLite functions. Each such character is
replaced one for one with U+FFFD, so offsets into the text keep their meaning, and the article's
``meta["input_notes"]`` says how many were replaced. Other control characters are valid text: they
are kept (ids must match what the user typed) and escaped where they are shown (report/safe.py).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import limits
from ..errors import InputError
from ..limits import MIN_ARTICLE_CHARS, MIN_ARTICLE_WORDS
from ..model import Article

REPLACEMENT = "\ufffd"
_BAD = re.compile("[\ud800-\udfff\x00]")
_WORD = re.compile(r"[^\W_]{2,}")
_FIELDS = ("id", "text", "title", "byline", "date", "outlet", "url")


def valid_unicode(value: str) -> tuple[str, int]:
    """``value`` with every unencodable or control character replaced, and how many were."""
    if "\x00" not in value and value.isascii():
        return value, 0
    cleaned, n = _BAD.subn(REPLACEMENT, value)
    return cleaned, n


def clean_article(art: Article) -> Article:
    """The article with valid Unicode in every text field; a no-op (same object) when it had it."""
    changes: dict[str, str] = {}
    total = 0
    for name in _FIELDS:
        value = getattr(art, name)
        if not isinstance(value, str):
            continue
        cleaned, n = valid_unicode(value)
        if n:
            changes[name] = cleaned
            total += n
    if not total:
        return art
    note = (f"{total} invalid character{'s' if total > 1 else ''} "
            f"(lone surrogates, NUL) replaced with U+FFFD")
    notes = (*art.meta.get("input_notes", ()), note)
    return replace(art, **changes, meta={**dict(art.meta), "input_notes": notes})


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(value: str) -> str:
    """``value`` safe to write as UTF-8: lone surrogates replaced (the last guard before a file)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, value)
    return value


def clean_string(value: str) -> str:
    """Text safe to encode as UTF-8 (for ids, messages and other strings read from a user)."""
    return valid_unicode(value)[0]


def long_enough(art: Article) -> Article:
    """The article, or InputError when its body is too short to be one (a stray byte, a word)."""
    head = art.text[:MIN_ARTICLE_CHARS * 50]
    size = sum(1 for c in head if not c.isspace())
    words = len(_WORD.findall(head))
    if size < MIN_ARTICLE_CHARS or words < MIN_ARTICLE_WORDS:
        raise InputError(art.id, f"too short to be an article ({words} words, {size} characters; at least "
                                 f"{MIN_ARTICLE_WORDS} words and {MIN_ARTICLE_CHARS} characters needed)")
    return art


def too_long(art: Article) -> InputError | None:
    """The error for an article longer than MAX_ARTICLE_CHARS (read at call time: tests and
    operators change it), or None."""
    limit = limits.MAX_ARTICLE_CHARS
    if len(art.text) <= limit:
        return None
    return InputError(art.id, f"article is {len(art.text) / 1e6:.1f} MB of text; the limit is "
                              f"{limit:,} characters (REDLINE_MAX_ARTICLE_CHARS)")
