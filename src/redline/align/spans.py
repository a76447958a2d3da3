"""Verbatim word runs shared by a derived sentence and a source sentence."""
from __future__ import annotations

from difflib import SequenceMatcher

from ..model import SharedSpan, Span
from .features import SentenceFeatures


def shared_runs(d: SentenceFeatures, s: SentenceFeatures, min_words: int,
                d_text: str, s_text: str) -> tuple[SharedSpan, ...]:
    """Maximal common word runs of at least ``min_words`` words (or all of a shorter sentence)."""
    sm = SequenceMatcher(None, d.words, s.words, autojunk=False)
    need = min(min_words, len(d.words)) or 1
    out = []
    for a, b, n in sm.get_matching_blocks():
        if n < need:
            continue
        ds, de = d.toks[a].start, d.toks[a + n - 1].end
        ss, se = s.toks[b].start, s.toks[b + n - 1].end
        out.append(SharedSpan(Span(ds, de, d_text[ds:de]), s.sentence.article, s.sentence.index,
                              Span(ss, se, s_text[ss:se])))
    return tuple(out)
