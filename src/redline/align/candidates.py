"""Candidate source sentences for long articles: an inverted index instead of a dense matrix.

Short articles are scored exhaustively (every derived sentence against every source sentence).
Past ``ALIGN_DENSE_PAIRS`` sentence pairs that is quadratic in time and memory, so each derived
sentence is scored only against the ``ALIGN_CANDIDATES`` source sentences that share the most of
its distinguishing terms: content words and word bigrams held by at most ``ALIGN_TERM_DF`` source
sentences (a term in thousands of sentences tells none of them apart). The work is then linear in
the number of sentences: each derived term reads a posting list of bounded length.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from ..limits import ALIGN_CANDIDATES, ALIGN_DENSE_PAIRS, ALIGN_TERM_DF
from .features import SentenceFeatures

CHUNK = 2_000_000  # postings gathered at once when counting shared terms


def is_dense(derived: list, source: list) -> bool:
    """Whether every sentence pair is scored (short articles: the exact, exhaustive path)."""
    return len(derived) * len(source) <= ALIGN_DENSE_PAIRS


def terms(f: SentenceFeatures) -> set:
    return set(f.content) | set(f.bigrams)


def candidate_lists(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                    k: int = ALIGN_CANDIDATES, max_df: int = ALIGN_TERM_DF) -> list[np.ndarray]:
    """Per derived sentence, up to ``k`` source sentence indexes: those sharing the most terms
    held by at most ``max_df`` source sentences, most first, ties to the earlier sentence;
    sentences sharing none are left out."""
    vocab: dict = {}
    s_term, s_sent = [], []
    for j, f in enumerate(source):
        for t in terms(f):
            s_term.append(vocab.setdefault(t, len(vocab)))
            s_sent.append(j)
    order = np.argsort(np.array(s_term, dtype=np.int64), kind="stable")
    postings = np.array(s_sent, dtype=np.int64)[order]
    df = np.bincount(np.array(s_term, dtype=np.int64), minlength=len(vocab))
    starts = np.concatenate([[0], np.cumsum(df)])
    rare = df <= max_df
    d_terms = [[vocab[t] for t in terms(f) if t in vocab and rare[vocab[t]]] for f in derived]
    out: list[np.ndarray] = []
    row = 0
    while row < len(derived):
        stop, size = row, 0
        while stop < len(derived) and (stop == row or size < CHUNK):
            size += int(df[d_terms[stop]].sum()) if d_terms[stop] else 0
            stop += 1
        out += _top_shared(d_terms[row:stop], postings, starts, len(source), k)
        row = stop
    return out


def _top_shared(rows: list[list[int]], postings: np.ndarray, starts: np.ndarray, width: int,
                k: int) -> list[np.ndarray]:
    """``candidate_lists`` for a chunk of derived sentences (their rare term ids)."""
    ids = np.array([t for r in rows for t in r], dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    lengths = starts[ids + 1] - starts[ids]
    first = np.repeat(starts[ids], lengths)
    offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keys = np.repeat(owner, lengths) * width + postings[first + offset]
    pairs, counts = np.unique(keys, return_counts=True)
    row, col = pairs // width, pairs % width
    order = np.lexsort((col, -counts, row))
    row, col = row[order], col[order]
    bounds = np.searchsorted(row, np.arange(len(rows) + 1))
    return [col[bounds[i]:min(bounds[i + 1], bounds[i] + k)] for i in range(len(rows))]


def candidate_columns(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                      k: int = ALIGN_CANDIDATES) -> np.ndarray:
    """``candidate_lists`` as a (derived x k) array: a short list is padded with its last entry
    (scores are then repeated, so the first best stays first), an empty one with source 0."""
    cols = np.zeros((len(derived), k), dtype=np.intp)
    for i, c in enumerate(candidate_lists(derived, source, k)):
        if len(c):
            cols[i, :len(c)] = c
            cols[i, len(c):] = c[-1]
    return cols


def candidate_scores(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                     cols: np.ndarray) -> dict[str, np.ndarray]:
    """``lexical.lexical_scores`` for the pairs (i, cols[i, p]) only: (derived x k) matrices."""
    shape = cols.shape
    shared, bigram, d_n, s_n, b_n, chars = (np.zeros(shape, dtype=np.float32) for _ in range(6))
    for i, f in enumerate(derived):
        row = cols[i]
        for p, j in enumerate(row):
            if p and j == row[p - 1]:
                shared[i, p], bigram[i, p], chars[i, p], s_n[i, p] = (
                    shared[i, p - 1], bigram[i, p - 1], chars[i, p - 1], s_n[i, p - 1])
                continue
            s = source[j]
            shared[i, p] = len(f.content & s.content)
            bigram[i, p] = len(f.bigrams & s.bigrams)
            chars[i, p] = fuzz.ratio(f.flat, s.flat)
            s_n[i, p] = len(s.content)
        d_n[i] = len(f.content)
        b_n[i] = len(f.bigrams)
    words, reverse, bigrams = _share(shared, d_n), _share(shared, s_n), _share(bigram, b_n)
    chars = chars / 100.0
    lexical = 0.45 * words + 0.35 * bigrams + 0.20 * chars
    return {"words": words, "bigrams": bigrams, "reverse": reverse, "chars": chars, "lexical": lexical}


def _share(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    return np.divide(counts, sizes, out=np.zeros_like(counts), where=sizes > 0)
