"""Numbers in text: numerals (with their offsets or as plain values) and number words."""
from __future__ import annotations

import re
from collections.abc import Iterable

NUMBER_WORDS = frozenset(("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                          "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
                          "eighty ninety hundred thousand million billion trillion dozen dozens hundreds "
                          "thousands millions first second third fourth fifth half").split())
# a numeral as a claim states it: with its unit of time or per cent
_NUMERAL = re.compile(r"\d[\d,.:]*(?:\s?(?:a\.m\.|p\.m\.|%|percent))?", re.I)
# a bare numeral: digits with inner separators
_VALUE = re.compile(r"\d+(?:[.,:]\d+)*")


def numerals(text: str) -> list[tuple[str, int, int]]:
    """(numeral lower-cased, start, end) for each numeral, its unit kept and trailing "." or ","
    dropped ("3 p.m", "12%", "1,200")."""
    out = []
    for m in _NUMERAL.finditer(text):
        value = m.group().rstrip(".,")
        out.append((value.lower(), m.start(), m.start() + len(value)))
    return out


def number_values(text: str) -> set[str]:
    """The distinct numerals of a text, thousands separators dropped ("1,200" -> "1200")."""
    return {n.replace(",", "") for n in _VALUE.findall(text)}


def numeric_words(words: Iterable[str]) -> frozenset[str]:
    """The words (tokens) that hold a digit."""
    return frozenset(w for w in words if any(c.isdigit() for c in w))
