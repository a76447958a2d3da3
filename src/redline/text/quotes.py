"""Quotation marks and quotations: where quoted passages open and close, and direct quotations
with their speakers, found at article level so a quote may span sentences.

Handles straight and curly double quotes, single-quoted quotes outside double ones, quotes left
open at the end of a paragraph (news style: the next paragraph goes on quoting), and the speaker
patterns ``"…," X said``, ``"…," said X, title``, ``X said: "…"`` and ``"…," the letter states``.
Quotes of three words or fewer with no speaker are scare quotes, not quotations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text.sentences import split_paragraphs

DOUBLE_OPEN, DOUBLE_CLOSE = "“„«", "”»"
_OPEN_CLOSE = re.compile(r'["“”«»]|``|\'\'')
_DOUBLE_MARK = re.compile(f'["{DOUBLE_OPEN}{DOUBLE_CLOSE}]')
# British papers quote with single marks: an opening one starts a word, a closing one ends it
# (an apostrophe inside a word, as in "don't", is neither).
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:])(?<!'')['’](?=[\s.,;:!?)\]—–-]|$)")
_SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)([^'‘’\"“”\n]{1,300}?)(?<=[\w.,!?])[’'](?![\w’'])")
_NAME_STOP = re.compile(r",|\s+(?:who|which|in|at|on|after|before|during|when|while|as|to|for|from)\s", re.I)
SPEAKER_VERBS = ("said says say told tells stated states wrote writes added adds noted notes explained "
                 "argued argues warned warns claimed claims insisted insists admitted admits replied "
                 "responded asked declared announced recalled continued conceded acknowledged "
                 "tweeted posted testified reads read shouted yelled urged countered").split()


@dataclass(frozen=True)
class Quote:
    start: int          # content start (inside the marks)
    end: int            # content end
    text: str
    outer_start: int    # including the marks
    outer_end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    kind: str           # "quote", "scare" or "title"
    words: int

    @property
    def speaker_span(self) -> tuple[int, int]:
        """Where the speaker's name is; asked only of a quote with a speaker."""
        assert self.speaker_start is not None and self.speaker_end is not None
        return self.speaker_start, self.speaker_end

    def to_dict(self) -> dict[str, Any]:
        out = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
               "speaker": self.speaker}
        if self.speaker is not None:
            out["speaker_start"], out["speaker_end"] = self.speaker_start, self.speaker_end
        return out


def quote_marks(text: str, base: int = 0) -> list[tuple[int, str]]:
    """(offset + ``base``, kind) of each quotation mark in order: kind "double" (a double mark,
    which opens or closes), "open" or "close" (a single mark)."""
    marks = [(m.start() + base, "double") for m in _OPEN_CLOSE.finditer(text)]
    # the single-mark patterns open with look-behinds, so they are tried at every position:
    # only when their marks are in the text
    if "'" in text or "‘" in text:
        marks += [(m.start() + base, "open") for m in _SINGLE_OPEN.finditer(text)]
    if "'" in text or "’" in text:
        marks += [(m.start() + base, "close") for m in _SINGLE_CLOSE.finditer(text)]
    return sorted(marks)


@lru_cache(maxsize=8)
def _quoted_re(min_chars: int) -> re.Pattern[str]:
    return re.compile(rf'"([^"]{{{min_chars},}})"')


def quoted_passages(folded: str, min_chars: int = 3) -> list[str]:
    """The passages between straight double quotes, of at least ``min_chars`` characters, in a
    text whose quotation marks are folded (``normalise``)."""
    return _quoted_re(min_chars).findall(folded)


@lru_cache(maxsize=1)
def _verb_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(SPEAKER_VERBS)
    after_verb_first = re.compile(rf"^[\s,]*(?:{verbs})\s+(?P<who>[^\n;:!?\"“”]{{1,80}})", re.I)
    after_who_first = re.compile(
        rf"^[\s,]*(?P<who>(?:[\w.'’-]+\s+){{0,5}}?[\w.'’-]+)\s+(?:{verbs})\b", re.I)
    before = re.compile(rf"(?P<who>(?:[\w.'’-]+\s+){{0,5}}?[\w.'’-]+)\s+(?:{verbs})\b"
                        rf"(?:\s+[\w’'-]+){{0,4}}?\s*[:,]?\s*$", re.I)
    return after_verb_first, after_who_first, before


def _double_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(open mark, close mark, closed?) pairs of double quotes inside one paragraph."""
    spans, open_at = [], None
    for m in _DOUBLE_MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None:
            if ch in DOUBLE_CLOSE:
                continue  # a stray closing mark
            open_at = i
        elif ch in DOUBLE_OPEN:
            spans.append((open_at, i, False))  # re-opened: the last one ran on unclosed
            open_at = i
        else:
            spans.append((open_at, i, True))
            open_at = None
    if open_at is not None and end - open_at > 2:
        spans.append((open_at, end, False))
    return spans


def extract_quotes(text: str) -> list[Quote]:
    """Every quotation in ``text`` in order, with its speaker where one is named."""
    out: list[Quote] = []
    for pstart, pend in split_paragraphs(text):
        doubles = _double_spans(text, pstart, pend)
        found = list(doubles)
        # _SINGLE opens with a look-behind, so it is tried at every position: only where its marks are
        singles = _SINGLE.finditer(text, pstart, pend) if _has_single(text, pstart, pend) else ()
        for m in singles:
            if not any(a <= m.start() < b for a, b, _ in doubles):
                found.append((m.start(), m.end() - 1, True))
        for a, b, closed in sorted(found):
            q = _make_quote(text, a, b, closed, pstart, pend)
            if q is not None:
                out.append(q)
    return _inherit_speakers(text, out)


def _has_single(text: str, start: int, end: int) -> bool:
    return text.find("'", start, end) >= 0 or text.find("‘", start, end) >= 0


def _make_quote(text: str, a: int, b: int, closed: bool, pstart: int, pend: int) -> Quote | None:
    cs, ce = a + 1, b
    while cs < ce and text[cs].isspace():
        cs += 1
    while ce > cs and (text[ce - 1].isspace()):
        ce -= 1
    if ce <= cs or not re.search(r"\w", text[cs:ce]):
        return None
    outer_end = b + 1 if closed else b
    content = text[cs:ce]
    words = len(re.findall(r"\w+(?:['’]\w+)*", content))
    speaker = _speaker(text, a, outer_end, pstart, pend)
    kind = "quote"
    if speaker is None and _is_title(content):
        kind = "title"
    elif speaker is None and words <= 3 and not re.search(r"^[A-Z].*[.!?,]$", content):
        kind = "scare"
    name, s, e = speaker if speaker else (None, None, None)
    return Quote(cs, ce, content, a, outer_end, name, s, e, kind, words)


def _is_title(content: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", content)
    return len(words) >= 2 and all(w[0].isupper() for w in words if len(w) > 3)


def _speaker(text: str, a: int, outer_end: int, pstart: int, pend: int) -> tuple[str, int, int] | None:
    after_verb_first, after_who_first, before = _verb_re()
    tail = text[outer_end:min(pend, outer_end + 160)]
    content = text[a + 1:outer_end - 1].rstrip()
    if content[-1:] in (",", "?", "!", "—") or tail.lstrip(" ")[:1] == ",":
        m = after_who_first.match(tail)
        if m and not _looks_like_clause(m.group("who")):
            return _trimmed(text, outer_end + m.start("who"), outer_end + m.end("who"))
        m = after_verb_first.match(tail)
        if m:
            who = _cut_name(m.group("who"))
            stop = _NAME_STOP.search(who)
            end = m.start("who") + (stop.start() if stop else len(who))
            return _trimmed(text, outer_end + m.start("who"), outer_end + end)
    head_start = max(pstart, a - 160)
    head = text[head_start:a]
    m = speaker_before(before, head) if _verb_near_end(head) else None
    if m and not _looks_like_clause(m.group("who")):
        return _trimmed(text, head_start + m.start("who"), head_start + m.end("who"))
    return None


_VERB_STARTS = tuple(SPEAKER_VERBS)


def _verb_near_end(head: str) -> bool:
    """Whether a speaker verb can end ``head`` as the ``before`` pattern needs (a verb starting one
    of the last words, at most four words and a colon or comma after it). That pattern is slow to
    search from every position of a long head, and most heads have no verb near their end; heads
    that are not ASCII go to the pattern (its case folding is wider than ``lower``)."""
    if not head.isascii():
        return True
    return any(w.lower().startswith(_VERB_STARTS) for w in head.split()[-7:])


_RUN = re.compile(r"[\w.'’-]+")  # what the ``before`` pattern's first word is made of
_TOKEN = re.compile(r"\S+")
BEFORE_TOKENS = 12  # six speaker words, the verb, four words and a colon or comma: at most this many tokens


def speaker_before(before: re.Pattern[str], head: str) -> re.Match[str] | None:
    """``before.search(head)``, tried only where its match can start: a match runs to the end of
    ``head`` over at most BEFORE_TOKENS whitespace-separated tokens, and a match from inside a run
    of word characters is one from the run's start too, so the leftmost match starts a run among
    the last BEFORE_TOKENS tokens (a search tries every position of a long head, slowly)."""
    starts = [m.start() for m in _TOKEN.finditer(head)]
    lo = starts[-BEFORE_TOKENS] if len(starts) > BEFORE_TOKENS else 0
    for run in _RUN.finditer(head, lo):
        m = before.match(head, run.start())
        if m:
            return m
    return None


_ABBREV = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|St|Sen|Gov|Rep|Lt|Gen|Col|Sgt|Jr|Sr|Prof|Rev)|\b[A-Z])$")


def _cut_name(who: str) -> str:
    """Cut a speaker phrase at its first full stop that does not end an abbreviation."""
    for m in re.finditer(r"\.", who):
        if not _ABBREV.search(who[:m.start()]):
            return who[:m.start()]
    return who


def _looks_like_clause(who: str) -> bool:
    """A run of words that is a clause, not a speaker ("the city was reviewing ... said")."""
    low = who.lower().split()
    return any(w in ("was", "were", "is", "are", "has", "have", "had", "that", "and") for w in low)


def _trimmed(text: str, s: int, e: int) -> tuple[str, int, int] | None:
    chunk = text[s:e]
    lead = len(chunk) - len(chunk.lstrip(" ,—–-"))
    chunk = chunk.strip(" ,—–-")
    if not chunk:
        return None
    s += lead
    e = s + len(chunk)
    words = chunk.split()
    if words and words[0].lower() in ("and", "but", "then", "so"):
        s += len(words[0]) + 1
    return text[s:e], s, e


def _inherit_speakers(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quote with no speaker that continues a neighbour (only whitespace or the neighbour's
    own attribution between them) takes the neighbour's speaker."""
    out = list(quotes)
    for i in range(1, len(out)):
        prev, q = out[i - 1], out[i]
        if q.speaker is None and q.kind != "title" and prev.speaker and prev.kind == "quote":
            gap = (prev.outer_end, q.outer_start)
            if _gap_ok(text, gap, prev):
                out[i] = _with_speaker(q, prev)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if (q.speaker is None and q.kind != "title" and nxt.speaker and nxt.kind == "quote"
                and not text[q.outer_end:nxt.outer_start].strip()):
            out[i] = _with_speaker(q, nxt)
    return out


def _gap_ok(text: str, gap: tuple[int, int], prev: Quote) -> bool:
    between = text[gap[0]:gap[1]]
    prev_open = text[prev.outer_end - 1:prev.outer_end] not in ('"', "”", "»", "’", "'")
    if not between.strip():
        return "\n" not in between or prev_open
    start, end = prev.speaker_start, prev.speaker_end
    inside = start is not None and gap[0] <= start < gap[1]
    rest = between
    if inside:
        assert start is not None and end is not None
        rest = between[:start - gap[0]] + between[end - gap[0]:]
    return inside and len(rest.split()) <= 6 and "\n" not in between


def _with_speaker(q: Quote, other: Quote) -> Quote:
    return Quote(q.start, q.end, q.text, q.outer_start, q.outer_end, other.speaker,
                 other.speaker_start, other.speaker_end, "quote", q.words)
