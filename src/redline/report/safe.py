"""Untrusted strings (article ids, titles, text, file names, error messages) made safe for a terminal.

Control characters would let an article drive the terminal (clear the screen, set the title, print a
hyperlink with OSC 8) and bidi overrides would let it reorder what is shown, so each is written out
visibly, as Python writes it in a string literal (``\\x1b``, ``\\u202e``). Rich markup in a value is never
interpreted: print values as ``text(...)``, or escape them with ``markup(...)`` inside a markup line.
"""
from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0, DEL and C1 controls; bidi embeddings, overrides and isolates; lone surrogates.
_OTHERS = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_LINE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # keeps \t and \n


def _escape(ch: str) -> str:
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _pattern(multiline: bool) -> re.Pattern:
    return _BLOCK if multiline else _LINE


def clean(value: object, multiline: bool = False) -> str:
    """``value`` as text with every control, bidi-override and surrogate character escaped visibly;
    with ``multiline`` newlines and tabs are kept."""
    return _pattern(multiline).sub(lambda m: _escape(m.group()), str(value))


def markup(value: object) -> str:
    """``clean(value)`` with Rich markup escaped, for a value placed inside a markup string."""
    from rich.markup import escape
    return escape(clean(value))


def text(value: object, style: str = "", multiline: bool = False, spans=()) -> "Text":
    """A Rich ``Text`` (never parsed as markup) of the cleaned value; ``spans`` are
    ``(start, end, style)`` in the offsets of the raw value, moved to the cleaned one."""
    from rich.text import Text
    raw = str(value)
    out = Text(clean(raw, multiline), style=style)
    where = _offset_map(raw, _pattern(multiline)) if spans and len(out) != len(raw) else range(len(raw) + 1)
    last = len(raw)
    for start, end, span_style in spans:
        out.stylize(span_style, where[max(0, min(start, last))], where[max(0, min(end, last))])
    return out


def _offset_map(raw: str, pattern: re.Pattern) -> list[int]:
    """Offset in the cleaned text of every offset of ``raw`` (0 .. len(raw))."""
    where, shift = [], 0
    for i, ch in enumerate(raw):
        where.append(i + shift)
        if pattern.match(ch):
            shift += len(_escape(ch)) - 1
    where.append(len(raw) + shift)
    return where


_JSON_RAW = re.compile(f"[\u2028\u2029{_OTHERS}]")


def json_text(dumped: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with the characters it leaves
    raw and a terminal may act on (DEL, C1 controls, bidi controls, line separators, lone surrogates)
    written as ``\\uXXXX`` escapes: the same JSON value, safe to print. Outside strings JSON is ASCII,
    so every such character is inside a string."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_XML_RAW = re.compile(f"[\x00-\x08\x0b-\x1f\u2028\u2029{_OTHERS}]")


def xml_text(document: str) -> str:
    """An XML document with those characters and the C0 controls but tab and newline written as
    character references, so that printing it cannot drive the terminal (a reference also keeps a
    carriage return, which a parser would turn into a newline)."""
    return _XML_RAW.sub(lambda m: f"&#x{ord(m.group()):x};", document)
