"""Paragraph and sentence splitting with character offsets into the original text.

Rule-based on purpose: news prose is regular, a rule splitter is deterministic and fast,
and every boundary can be explained.
"""
from __future__ import annotations

import re

from .. import limits
from ..model import Sentence

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_PUNCT_END = r"""[.!?]+['"’”»)\]]*(?=\s+)"""
_END = re.compile(_PUNCT_END + r"""|[.!?]*['"’”]*(?=\s*\n\s*[-*•]?\s*[A-Z"“'‘(])""")
# The ends _END finds in a paragraph without a line break (its second branch needs one), found
# faster: the pattern starts with punctuation, so the search skips to it.
_PUNCT_ONLY = re.compile(_PUNCT_END)
_ABBREV = frozenset("""
mr mrs ms dr prof st mt jr sr gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp
det cpl pte inc ltd co corp bros dept univ est approx vs etc al jan feb mar apr
jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m ave blvd rd
""".split())
_ABBREV_BEFORE_NUMBER = frozenset("no nos vol fig p pp art ch para sec".split())
_LAST_WORD = re.compile(r"([\w.]+)$")
_DIGIT_NEXT = re.compile(r"\s*\d")
_NEXT_CHAR = re.compile(r"\s*(\S)")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by blank lines; a block whose lines each look like a
    whole paragraph (one paragraph per line) is split at every line."""
    spans = []
    pos = 0
    for m in list(_PARA_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        spans.extend(_block_paragraphs(text, pos, end))
        pos = m.end() if m else len(text)
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _block_paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    lines = block.split("\n")
    if len(lines) > 1 and _one_paragraph_per_line(lines):
        out, pos = [], start
        for line in lines:
            out.append(strip_span(text, pos, pos + len(line)))
            pos += len(line) + 1
        return out
    return [strip_span(text, start, end)]


def _one_paragraph_per_line(lines: list[str]) -> bool:
    full = [ln for ln in lines if ln.strip()]
    ends = sum(1 for ln in full if re.search(r"""[.!?:'"’”)]\s*$""", ln))
    starts = sum(1 for ln in full[1:] if re.match(r"""\s*[-*•]?\s*[A-Z0-9"“'‘(]""", ln))
    return ends >= 0.8 * len(full) and starts >= 0.8 * max(len(full) - 1, 1)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, article: str = "") -> list[Sentence]:
    """Sentences of ``text`` with offsets, paragraph numbers and running indexes."""
    out: list[Sentence] = []
    for p, (pstart, pend) in enumerate(split_paragraphs(text)):
        for span in _sentence_spans(text, pstart, pend):
            for s, e in _pieces(text, *span, limits.MAX_SENTENCE_CHARS):
                out.append(Sentence(article, len(out), s, e, text[s:e], p))
    return out


def _pieces(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """A span longer than ``size`` characters (a text with no sentence ends) cut at the last
    space before each ``size`` characters (or at ``size`` where there is none), so that per
    sentence work stays bounded."""
    out = []
    while end - start > size:
        cut = text.rfind(" ", start + 1, start + size)
        cut = cut if cut > start else start + size
        out.append(strip_span(text, start, cut))
        start = strip_span(text, cut, end)[0]
    out.append((start, end))
    return [(s, e) for s, e in out if e > s]


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    para = text[start:end]
    spans, pos, longest = [], 0, None
    for m in (_END if "\n" in para else _PUNCT_ONLY).finditer(para):
        cut = m.end()
        if cut <= pos or not _is_boundary(para, m.start(), cut):
            continue
        if not re.search(r"[.!?]", m.group()):
            if longest is None:
                longest = max(len(ln.strip()) for ln in para.split("\n"))
            if not _line_ends_sentence(para, cut, longest):
                continue
        spans.append(strip_span(text, start + pos, start + cut))
        pos = cut
    if para[pos:].strip():
        spans.append(strip_span(text, start + pos, end))
    return [(s, e) for s, e in spans if e > s and re.search(r"\w", text[s:e])]


def _line_ends_sentence(para: str, cut: int, longest: int) -> bool:
    """A line break with no full stop ends a sentence (a headline, a dateline) unless the
    paragraph is hard-wrapped, that is unless this line runs close to the ``longest`` line."""
    line_start = para.rfind("\n", 0, cut) + 1
    return len(para[line_start:cut].strip()) < 0.7 * longest


def _is_boundary(para: str, punct: int, cut: int) -> bool:
    # Look only near the candidate (bounded windows) so long paragraphs stay linear.
    if para[punct] == ".":
        word = _LAST_WORD.search(para, max(0, punct - 80), punct + 1)
        w = word.group(1).lower().rstrip(".") if word else ""
        if w in _ABBREV or (len(w) == 1 and w.isalpha()):
            return False
        if w in _ABBREV_BEFORE_NUMBER and _DIGIT_NEXT.match(para, cut):
            return False
        if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
            return False
    nxt = _NEXT_CHAR.match(para, cut)
    return not (nxt and nxt.group(1).islower())
