"""Untrusted strings (article ids, titles, text, file names, error messages) made safe for a terminal.

Control characters would let an article drive the terminal (clear the screen, set the title, print a
hyperlink with OSC 8) and bidi overrides would let it reorder what is shown, so each is written out
visibly, as Python writes it in a string literal (``\\x1b``, ``\\u202e``). Rich markup in a value is never
interpreted: print values as ``text(...)``, or escape them with ``markup(...)`` inside a markup line.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..limits import MAX_SHOWN_CHARS

if TYPE_CHECKING:
    from rich.text import Text

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0, DEL and C1 controls; bidi embeddings, overrides and isolates; lone surrogates.
_OTHERS = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# In a single-line value (an id, a name) also every invisible format character and line separator
# (zero-width, directional marks, BOM, tag characters): two ids that look alike must print differently.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff\U000e0000-\U000e007f"
_LINE = re.compile(f"[\x00-\x1f{_OTHERS}{_INVISIBLE}]")
_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # keeps \t and \n


def _escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _pattern(multiline: bool) -> re.Pattern:
    return _BLOCK if multiline else _LINE


def clean(value: object, multiline: bool = False) -> str:
    """``value`` as text with every control, bidi-override and surrogate character escaped visibly;
    with ``multiline`` newlines and tabs are kept, without it invisible characters are escaped too
    and a value longer than ``MAX_SHOWN_CHARS`` is cut, saying how much was left out."""
    raw = str(value)
    if not multiline and len(raw) > MAX_SHOWN_CHARS:
        raw = f"{raw[:MAX_SHOWN_CHARS]}… ({len(raw) - MAX_SHOWN_CHARS:,} more characters)"
    return _pattern(multiline).sub(lambda m: _escape(m.group()), raw)


def markup(value: object) -> str:
    """``clean(value)`` with Rich markup escaped, for a value placed inside a markup string."""
    from rich.markup import escape
    return escape(clean(value))


def text(value: object, style: str = "", multiline: bool = False, spans=()) -> Text:
    """A Rich ``Text`` (never parsed as markup) of the cleaned value; ``spans`` are
    ``(start, end, style)`` in the offsets of the raw value, moved to the cleaned one."""
    from rich.text import Text
    raw = str(value)
    if spans and not multiline:
        raw = raw[:MAX_SHOWN_CHARS]  # offsets stay those of the raw value
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
