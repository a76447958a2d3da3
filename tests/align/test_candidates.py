"""Long comparisons score each derived sentence against indexed candidates: the index gives the
candidates a plain loop over all sentence pairs gives, and their scores are the dense scores."""
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.align import candidates, matcher
from redline.align.features import featurise_all
from redline.align.lexical import lexical_scores
from redline.align.matcher import align
from redline.align.settings import Settings
from redline.text.sentences import split_sentences

WORDS = "the council port budget said mayor harbour vote delayed ferry new plan of a in 12 40".split()


def feats(rng, n, article):
    text = " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 10))).capitalize() + "."
                    for _ in range(n))
    return featurise_all(split_sentences(text, article))


def plain_candidates(derived, source, k, max_df):
    """Reference: count shared rare terms for every pair, then sort each row."""
    df = {}
    for f in source:
        for t in candidates.terms(f):
            df[t] = df.get(t, 0) + 1
    out = []
    for f in derived:
        rare = {t for t in candidates.terms(f) if 0 < df.get(t, 0) <= max_df}
        shared = [(len(rare & candidates.terms(s)), j) for j, s in enumerate(source)]
        ranked = sorted((-n, j) for n, j in shared if n > 0)
        out.append([j for _, j in ranked[:k]])
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 12), st.integers(1, 6), st.integers(1, 8))
def test_index_gives_the_plain_candidates(seed, n_derived, n_source, k, max_df):
    rng = random.Random(seed)
    d, s = feats(rng, n_derived, "d"), feats(rng, n_source, "s")
    got = candidates.candidate_lists(d, s, k, max_df)
    assert [list(map(int, c)) for c in got] == plain_candidates(d, s, k, max_df)


def test_chunked_counting_gives_the_same_candidates(monkeypatch):
    rng = random.Random(3)
    d, s = feats(rng, 40, "d"), feats(rng, 30, "s")
    whole = candidates.candidate_lists(d, s, 5, 10)
    monkeypatch.setattr(candidates, "CHUNK", 7)
    assert [c.tolist() for c in candidates.candidate_lists(d, s, 5, 10)] == [c.tolist() for c in whole]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 10), st.integers(1, 10), st.integers(1, 5))
def test_candidate_scores_are_the_dense_scores(seed, n_derived, n_source, k):
    rng = random.Random(seed)
    d, s = feats(rng, n_derived, "d"), feats(rng, n_source, "s")
    cols = candidates.candidate_columns(d, s, k)
    assert cols.shape == (len(d), k) and ((cols >= 0) & (cols < len(s))).all()
    dense, sparse = lexical_scores(d, s), candidates.candidate_scores(d, s, cols)
    for key, values in sparse.items():
        np.testing.assert_allclose(values, np.take_along_axis(dense[key], cols, axis=1), atol=1e-6)


def test_long_path_with_every_candidate_aligns_as_the_dense_path(monkeypatch):
    """With every source sentence a candidate, the indexed path labels and links sentences as the
    exhaustive one does (here every derived sentence shares a term with its best match)."""
    rng = random.Random(7)
    s_text = " ".join(f"Item {n} of the {rng.choice(WORDS)} {rng.choice(WORDS)} plan was {rng.choice(WORDS)}."
                      for n in range(30))
    source = featurise_all(split_sentences(s_text, "s"))
    d_text = " ".join(f.sentence.text if n % 3 else f.sentence.text.replace("plan", "scheme")
                      for n, f in enumerate(source[::2]))
    derived = featurise_all(split_sentences(d_text, "d"))
    dense = align(derived, source, {"s": s_text}, d_text, Settings())
    monkeypatch.setattr(candidates, "ALIGN_DENSE_PAIRS", 0)
    every = candidates.candidate_columns
    monkeypatch.setattr(matcher, "candidate_columns", lambda d, s: every(d, s, len(s)))
    sparse = align(derived, source, {"s": s_text}, d_text, Settings())
    assert sparse.cols is not None and dense.cols is None
    assert [(m.label, m.sources, m.spans) for m in sparse.matches] == \
        [(m.label, m.sources, m.spans) for m in dense.matches]
    assert [x.status for x in sparse.statuses] == [x.status for x in dense.statuses]
