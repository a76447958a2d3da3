"""Bytes to text: size and binary checks, encoding detection."""
from __future__ import annotations

import codecs

from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(name, f"file is too large ({len(data) // 1024 // 1024} MiB; limit {MAX_BYTES // 1024 // 1024} MiB)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), name)
    if _looks_binary(data):
        raise InputError(name, "looks like a binary file, not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        raise InputError(name, "could not detect the text encoding")
    return _checked(str(best), name)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.05 * len(head)


def _checked(text: str, name: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "file has no text")
    bad = text.count("\ufffd")
    if bad > 0.05 * len(text):
        raise InputError(name, "could not be decoded as text")
    return text
