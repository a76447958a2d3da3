"""Normalisation and word tokens that keep their offsets into the original text."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "«": '"', "»": '"', "`": "'", "–": "-", "—": "-",
                         "\u00a0": " "})
_FOLDED = re.compile("[" + re.escape("".join(map(chr, _QUOTES))) + "]")

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
    return fold_quotes(unicodedata.normalize("NFKC", text)).lower()


def fold_quotes(text: str) -> str:
    """``text.translate(_QUOTES)``: on ASCII text, whose only character in _QUOTES is the grave
    accent, one replace; on other text, one search first (a hot path: translate looks every
    character up in the table)."""
    if text.isascii():
        return text.replace("`", "'")
    return text.translate(_QUOTES) if _FOLDED.search(text) else text


_JOINS = ("‘", "‚", "‛", "`")  # folded to "'", which joins word parts: the fast path would join them
_new_token = tuple.__new__  # builds a Token without NamedTuple's argument handling (a hot path)


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word tokens (lower-cased, quotes folded) with offsets into ``text`` plus ``offset``."""
    folded = fold_quotes(text)
    if folded.isascii() and not any(c in text for c in _JOINS):
        # Fold and lower the whole text once: for ASCII both are per character, so the words
        # and offsets are those of the loop below (a hot path: every sentence of every article).
        out = []
        for m in _WORD.finditer(folded.lower()):
            word = m.group()
            out.append(_new_token(Token, (word[:-2] if word.endswith("'s") else word,
                                          m.start() + offset, m.end() + offset)))
        return out
    out = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = folded[start:end].lower()  # the fold maps one character to one
        if word.endswith("'s"):
            word = word[:-2]
        out.append(_new_token(Token, (word, start + offset, end + offset)))
    return out


@lru_cache(maxsize=16384)
def text_tokens(text: str) -> tuple[Token, ...]:
    """``tokens(text)`` as a tuple, cached: the alignment and every explain rule tokenise the same
    sentences."""
    return tuple(tokens(text))


def sentence_tokens(text: str, offset: int) -> tuple[Token, ...]:
    """``tokens(text, offset)`` made from the cached ``text_tokens(text)``."""
    base = text_tokens(text)
    if not offset:
        return base
    return tuple([_new_token(Token, (t[0], t[1] + offset, t[2] + offset)) for t in base])


def words(text: str) -> list[str]:
    """The words of ``tokens(text)`` without their offsets: the one split into words that the
    comparison and the corpus shingles share, so a shingle and a compared sentence hold the same
    words."""
    folded = fold_quotes(text)
    if folded.isascii() and not any(c in text for c in _JOINS):
        low = folded.lower()
        found = _WORD.findall(low)
        if "'s" not in low:  # no word ends in "'s"
            return found
    elif folded != text:  # as tokens(): words of the unfolded text, each folded (one character to one), lowered
        found = [w.translate(_QUOTES).lower() for w in _WORD.findall(text)]
    else:  # nothing to fold
        found = [w.lower() for w in _WORD.findall(text)]
    return [w[:-2] if w.endswith("'s") else w for w in found]


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]
