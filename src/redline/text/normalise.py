"""Normalisation and word tokens that keep their offsets into the original text."""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "«": '"', "»": '"', "`": "'", "–": "-", "—": "-",
                         "\u00a0": " "})

# Our own short list of English function words; content words carry the evidence of reuse.
STOPWORDS = frozenset("""
a an the and or but nor so yet for of to in on at by with from into onto over under about
as than then that this these those there here it its it's is are was were be been being am
has have had having do does did done will would shall should can could may might must
i me my we us our you your he him his she her they them their who whom whose which what
when where why how not no if up out off also just very more most such only own same too
all any both each few other some s t don didn doesn isn wasn weren hasn haven hadn won
""".split())


class Token(NamedTuple):
    norm: str
    start: int
    end: int


def normalise(text: str) -> str:
    """Unicode NFKC, typographic quotes and dashes folded to ASCII, lower case."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word tokens (lower-cased, quotes folded) with offsets into ``text`` plus ``offset``."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group().translate(_QUOTES).lower()
        if word.endswith("'s"):
            word = word[:-2]
        out.append(Token(word, m.start() + offset, m.end() + offset))
    return out


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]
