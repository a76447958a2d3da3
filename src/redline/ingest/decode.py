"""Bytes to text: size and binary checks, encoding detection.

Order: byte-order mark, BOM-less UTF-16, UTF-8, a charset the document declares, Windows-1252
when the text reads cleanly in it, then charset-normalizer's best guess.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..limits import MAX_INPUT_BYTES

MAX_BYTES = MAX_INPUT_BYTES  # one place for limits; tests lower it here

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
                       re.IGNORECASE)
# Non-ASCII characters that are common in Western news text besides letters.
_WESTERN_MARKS = set("“”‘’–—…€£¥°©®«»·§¡¿ \u00a0×½¼¾")


def too_large(size: int | None) -> str:
    """``size`` None: read with a cap, so only "more than the limit" is known."""
    mib = 1024 * 1024
    have = "more than the limit" if size is None else f"{size / mib:.1f} MiB"
    return f"file is too large ({have}; the limit is {MAX_BYTES / mib:.1f} MiB, REDLINE_MAX_INPUT_BYTES)"


def decode(data: bytes, name: str) -> str:
    """Decoded text with newlines normalised to ``\\n``; InputError naming ``name`` if it is not text."""
    if len(data) > MAX_BYTES:
        raise InputError(name, too_large(len(data)))
    if not data.strip():
        raise InputError(name, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, enc, name), name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(_strict(data, utf16, name), name)
    if _looks_binary(data):
        raise InputError(name, "looks like a binary file, not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    return _checked(_guess(data, name), name)


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        raise InputError(name, f"is not valid {enc.upper().replace('-SIG', '')} text") from None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _unprintable_share(text: str) -> float:
    """Share of control, unassigned, private-use or surrogate characters (whitespace aside)."""
    import unicodedata
    bad = sum(1 for c in text if not c.isspace() and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return bad / max(len(text), 1)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.05 * len(head)


def _guess(data: bytes, name: str) -> str:
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    western = _as_windows_1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        raise InputError(name, "could not detect the text encoding")
    return str(best)


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    enc = (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()
    return "cp1252" if enc in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else enc


def _as_windows_1252(data: bytes) -> str | None:
    """The text as Windows-1252 (the web's Latin-1) if it reads as a Latin-script text in it.

    Short texts fool statistical detectors (a French café becomes Baltic), so a clean
    reading wins: mostly ASCII letters, and every other character a letter or a common mark.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = [c for c in letters if not c.isascii()]
    if not letters or len(foreign) > 0.3 * len(letters):
        return None
    odd = [c for c in text if not c.isascii() and not c.isalpha() and c not in _WESTERN_MARKS]
    return None if odd else text


def _checked(text: str, name: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "file has no text")
    if _unprintable_share(text[:8192]) > 0.05:
        raise InputError(name, "looks like a binary file, not text")
    bad = text.count("\ufffd")
    if bad > 0.05 * len(text):
        raise InputError(name, "could not be decoded as text")
    return text
