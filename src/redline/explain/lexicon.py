"""Our own lexicons (data files in ``lexicons/``, format in docs/lexicons.md) and phrase matching.

A lexicon line is ``kind<TAB>phrase[<TAB>weight[<TAB>neutral[<TAB>note]]]``. A phrase is matched on
normalised word tokens: ``word*`` matches any word starting with ``word``, ``...`` matches a gap of
0 to 3 words. Matching returns character spans into the analysed text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InputError
from ..text.normalise import Token, tokens

KINDS = ("loaded", "label", "intensifier", "evaluative", "hedge", "reporting", "weasel", "reply",
         "opinion", "defender", "title")
GAP = "..."
MAX_GAP = 3
PREFIX_KEY = 2  # wildcard entries are indexed by their first letters


@dataclass(frozen=True)
class Entry:
    kind: str
    phrase: str
    words: tuple[str, ...]
    weight: float
    neutral: str
    note: str


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str
    entry: Entry
    first: int  # token index of the first matched word
    last: int   # token index of the last matched word

    def to_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
               "term": self.entry.phrase, "weight": self.entry.weight}
        if self.entry.neutral:
            out["neutral"] = self.entry.neutral
        return out


class Lexicon:
    """All entries by kind, indexed by their first word for fast matching."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._exact: dict[str, list[Entry]] = {}
        self._prefix: dict[str, list[Entry]] = {}
        for e in entries:
            if e.words[0].endswith("*"):
                self._prefix.setdefault(e.words[0][:PREFIX_KEY], []).append(e)
            else:
                self._exact.setdefault(e.words[0], []).append(e)
        self._cands: dict[str, list[tuple[Entry, tuple[str, ...], str | None]]] = {}
        self.by_kind: dict[str, list[Entry]] = {}
        for e in entries:
            self.by_kind.setdefault(e.kind, []).append(e)

    def extended(self, entries: list[Entry]) -> Lexicon:
        return Lexicon(self.entries + entries)

    def _candidates(self, word: str) -> list[tuple[Entry, tuple[str, ...], str | None]]:
        """Entries whose first word matches ``word``, each with the words still to match and the
        next word when it is a plain word (no gap, no wildcard): compared before ``_match_at`` runs."""
        first = self._exact.get(word, []) + [
            e for e in self._prefix.get(word[:PREFIX_KEY], ()) if word.startswith(e.words[0][:-1])]
        return [(e, e.words[1:], _plain(e.words[1:])) for e in first]

    def match(self, text: str, offset: int = 0, kinds: tuple[str, ...] | None = None,
              toks: list[Token] | None = None) -> list[Hit]:
        """Longest non-overlapping hits per kind, in text order."""
        toks = toks if toks is not None else tokens(text)
        words = [t.norm for t in toks]
        found: list[Hit] = []
        for i, word in enumerate(words):
            cands = self._cands.get(word)
            if cands is None:
                cands = self._cands[word] = self._candidates(word)
            for e, rest, plain in cands:
                if kinds is not None and e.kind not in kinds:
                    continue
                if plain is not None and (i + 1 >= len(words) or words[i + 1] != plain):
                    continue
                last = _match_at(rest, words, i + 1) if rest else i
                if last is not None:
                    s, t = toks[i].start, toks[last].end
                    found.append(Hit(e.kind, s + offset, t + offset, text[s:t], e, i, last))
        return _longest(found)


def _plain(rest: tuple[str, ...]) -> str | None:
    """The first of ``rest`` when ``_match_at`` compares it with one word for equality."""
    return rest[0] if rest and rest[0] != GAP and not rest[0].endswith("*") else None


def _word_ok(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _match_at(pattern: tuple[str, ...], words: list[str], i: int) -> int | None:
    """Index of the last word matched when ``pattern`` matches from ``words[i]``, else None."""
    if not pattern:
        return i - 1
    head, rest = pattern[0], pattern[1:]
    if head == GAP:
        for skip in range(MAX_GAP + 1):
            got = _match_at(rest, words, i + skip)
            if got is not None:
                return got
        return None
    if i >= len(words) or not _word_ok(head, words[i]):
        return None
    return _match_at(rest, words, i + 1) if rest else i


def _longest(hits: list[Hit]) -> list[Hit]:
    """Per kind, keep the longest hit among overlapping ones (ties: heavier, then earlier)."""
    hits.sort(key=lambda h: (-(h.end - h.start), -h.entry.weight, h.start, h.kind))
    kept: list[Hit] = []
    for h in hits:
        if any(k.kind == h.kind and k.start < h.end and h.start < k.end for k in kept):
            continue
        kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.end, h.kind))


def parse_lexicon(text: str, name: str) -> list[Entry]:
    entries = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        kind, phrase = cols[0].strip().lower(), (cols[1].strip() if len(cols) > 1 else "")
        if kind not in KINDS:
            raise InputError(f"{name}:{n}", f"unknown lexicon kind {kind!r} (one of {', '.join(KINDS)})")
        words = tuple(_phrase_words(phrase))
        if not words or words[0] == GAP or words[-1] == GAP:
            raise InputError(f"{name}:{n}", f"bad phrase {phrase!r}")
        weight = _weight(cols[2] if len(cols) > 2 else "", f"{name}:{n}")
        neutral = cols[3].strip() if len(cols) > 3 else ""
        note = cols[4].strip() if len(cols) > 4 else ""
        entries.append(Entry(kind, phrase, words, weight, neutral, note))
    return entries


def _phrase_words(phrase: str) -> list[str]:
    out = []
    for part in phrase.split():
        if part == GAP:
            out.append(GAP)
            continue
        star = part.endswith("*")
        toks = [t.norm for t in tokens(part.rstrip("*"))]
        if not toks:
            continue
        if star:
            toks[-1] += "*"
        out.extend(toks)
    return out


def _weight(value: str, where: str) -> float:
    value = value.strip()
    if not value:
        return 1.0
    try:
        w = float(value)
    except ValueError:
        raise InputError(where, f"weight {value!r} is not a number") from None
    if not 0.0 <= w <= 1.0:
        raise InputError(where, f"weight {w} is outside 0..1")
    return w


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    entries: list[Entry] = []
    folder = resources.files("redline.explain") / "lexicons"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            entries.extend(parse_lexicon(item.read_text(encoding="utf-8"), f"lexicons/{item.name}"))
    return Lexicon(entries)


def load_lexicon(paths: list[str | os.PathLike] | None = None) -> Lexicon:
    """The built-in lexicon, extended by the user's files."""
    lex = default_lexicon()
    for path in paths or ():
        from ..ingest import read_text
        lex = lex.extended(parse_lexicon(read_text(path), str(path)))
    return lex
