"""Explain's lookups that replaced scans over all sentence or quote pairs (quadratic on long
articles) give what the plain scans give."""
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.explain import claims
from redline.explain.context import build_context
from redline.explain.lexicon import default_lexicon
from redline.model import Article
from redline.pipeline import Comparer
from redline.text.quotes import Quote

WORDS = "we will not cut the budget said officials ferry port council no yes".split()
SPEAKERS = [None, "the mayor", "Maria Okafor", "Okafor", "a spokesman"]


def quote(rng, k):
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 9)))
    return Quote(k, k + len(text), text, k, k, rng.choice(SPEAKERS), None, None, "quote", len(text.split()))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 8), st.integers(0, 8), st.integers(1, 4))
def test_best_matches_is_the_plain_loop(seed, n, m, rows):
    rng = random.Random(seed)
    qs, cands = [quote(rng, k) for k in range(n)], [quote(rng, k) for k in range(m)]
    assert claims.best_matches(qs, cands, rows) == [claims._best(q, cands) for q in qs]


SOURCE = ('The council approved the ferry budget. "We will not cut the port," the mayor said. '
          'Officials said the vote was close.\n\nThe port will reopen in May, officials said.')
COPY = ('The council approved the ferry budget. "We will cut the port," Okafor said. '
        'The vote was close, it seems.\n\nThe port will reopen in May.')


def test_context_lookups_match_the_scans():
    comparison = Comparer(semantic=False, explain=False).compare(
        sources=[Article("wire", SOURCE), Article("wire2", SOURCE)], derived=Article("copy", COPY))
    ctx = build_context(comparison, default_lexicon())
    for m in comparison.derived_sentences:
        matched = ctx.matched_sources(m.index)
        assert ctx.matched_items(m.index) == [(k, v) for k, v in ctx.source.items() if v in matched]
    texts = {"copy": COPY, "wire": SOURCE, "wire2": SOURCE}
    spans = {"copy": [(m.start, m.end, m.index) for m in comparison.derived_sentences]}
    for st_ in comparison.source_sentences:
        spans.setdefault(st_.article, []).append((st_.start, st_.end, st_.index))
    for art, text in texts.items():
        for pos in range(len(text) + 2):
            want = next((i for s, e, i in spans[art] if s <= pos < e), None)
            assert ctx.sentence_at(art, pos) == want
