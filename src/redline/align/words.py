"""Per derived word: whether it lies in an n-gram a source has, whether it is quoted, and whether
it was taken from a source (verbatim or rewritten), the last from a logistic model over per-word
features fit on the METER word-level annotation (``redline/models/reused_words.json``)."""
from __future__ import annotations

import numpy as np

from .. import models as files
from ..model import Match, Span
from ..text.ngrams import gram_keys, member, word_ids
from ..text.normalise import STOPWORDS
from ..text.quotes import quote_marks
from .candidates import candidate_columns, is_dense
from .features import SentenceFeatures
from .lexical import overlap
from .models import WORD_FEATURES, reused_words
from .settings import Settings

WORD_N = (1, 2, 3, 5)
STEM = 5  # letters of a word that stand for its stem
CELLS = 4_000_000  # words x source sentences held at once by _local_match


def gram_covers(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                orders: tuple[int, ...]) -> tuple[dict[int, np.ndarray], dict[int, float]]:
    """Per n: which derived words lie inside an n-gram that some source article also has (its
    running words, across sentence boundaries), and the share of the derived text's distinct
    n-grams found in a source (containment)."""
    vocab: dict[str, int] = {}
    d_ids = word_ids([w for f in derived for w in f.words], vocab)
    by_article: dict[str, list[str]] = {}
    for f in source:
        by_article.setdefault(f.sentence.article, []).extend(f.words)
    s_ids = [word_ids(words, vocab) for words in by_article.values()]
    cover, containment = {}, {}
    for n in orders:
        s_keys = np.unique(np.concatenate([gram_keys(a, n) for a in s_ids] or [np.zeros(0, np.uint64)]))
        d_keys = gram_keys(d_ids, n)
        hit = member(d_keys, s_keys)
        cover[n] = np.convolve(hit, np.ones(n, dtype=np.int32))[:len(d_ids)] > 0 if len(hit) \
            else np.zeros(len(d_ids), dtype=bool)
        distinct, first = np.unique(d_keys, return_index=True)
        containment[n] = int(hit[first].sum()) / len(distinct) if len(distinct) else 0.0
    return cover, containment


def quoted(derived: list[SentenceFeatures]) -> np.ndarray:
    """Which derived words stand inside quotation marks. A double-quoted passage may run across
    sentences; a single-quoted one may run across sentences of its paragraph."""
    out: list[bool] = []
    state = {"double": False, "single": False}
    paragraph = None
    for f in derived:
        if f.sentence.paragraph != paragraph:
            paragraph, state["single"] = f.sentence.paragraph, False
        marks = quote_marks(f.sentence.text, f.sentence.start)
        if not marks:
            out += [state["double"] or state["single"]] * len(f.toks)
            continue
        k = 0
        for t in f.toks:
            while k < len(marks) and marks[k][0] < t.start:
                _flip(state, marks[k][1])
                k += 1
            out.append(state["double"] or state["single"])
        for _, kind in marks[k:]:
            _flip(state, kind)
    return np.array(out, dtype=bool)


def _flip(state: dict, kind: str) -> None:
    if kind == "double":
        state["double"] = not state["double"]
    else:
        state["single"] = kind == "open"


def word_features(derived: list[SentenceFeatures], source: list[SentenceFeatures], matches: list[Match],
                  cover: dict[int, np.ndarray], inq: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
    """One row per derived word, the columns of WORD_FEATURES: whether the word sits in a shared
    n-gram, how much of its neighbourhood and its sentence is shared (exactly, and by word stem),
    its sentence's match, how closely one source sentence matches the words around it, whether it
    is a function word or quoted, and how much of the whole document is shared (annotators judge a
    passage in the light of the whole article). On a long comparison the source sentences a word
    is held against are its sentence's candidates (``cols``, found here if not given)."""
    if cols is None and not is_dense(derived, source):
        cols = candidate_columns(derived, source)
    sizes = np.array([f.size for f in derived], dtype=np.intp)
    sid = np.repeat(np.arange(len(derived)), sizes)
    per = lambda v: (np.bincount(sid, weights=v, minlength=len(derived)) / np.maximum(sizes, 1))[sid]  # noqa: E731
    label = np.array([m.label for m in matches], dtype=object)[sid]
    stems = _StemTable(derived, source, sizes, cols)
    columns = [cover[1], cover[2], cover[3], cover[5],
            *(_window(cover[n], k, sizes) for k in (2, 5) for n in (3, 2)),
            per(cover[1]), per(cover[2]), per(cover[3]),
            np.array([m.lexical for m in matches])[sid], np.array([m.score for m in matches])[sid],
            np.log1p(sizes)[sid], label == "verbatim", label == "edited", label == "paraphrase",
            [w in STOPWORDS for f in derived for w in f.words], inq, _in_closest(derived, source, cols),
            *(_window(stems.known, k, sizes) for k in (3, 10)), *_local_match(stems, sizes, (3, 6))]
    if not len(sid):
        return np.zeros((0, len(WORD_FEATURES)))
    doc = [cover[n].mean() for n in (1, 2, 3, 5)] + [np.log1p(len(sid))]
    return np.column_stack([np.asarray(c, dtype=float) for c in columns] + [np.full(len(sid), v) for v in doc])


def _in_closest(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                cols: np.ndarray | None = None) -> np.ndarray:
    """Whether each derived word occurs in the source sentence sharing most content words with
    its sentence (matched or not; among its candidates ``cols`` if given)."""
    if not source:
        return np.zeros(sum(f.size for f in derived), dtype=bool)
    if cols is not None:
        shared = np.array([[len(f.content & source[j].content) for j in row] for f, row in zip(derived, cols)],
                          dtype=np.intp).reshape(cols.shape)
        best = cols[np.arange(len(cols)), shared.argmax(axis=1)] if derived else []
    else:
        best = overlap(derived, source, "content").argmax(axis=1) if derived else []
    held = {int(b): frozenset(source[b].words) for b in set(best)}  # set lookups, not scans of word tuples
    return np.array([w in held[int(b)] for f, b in zip(derived, best) for w in f.words], dtype=bool)


class _StemTable:
    """Which source sentences hold each content-word stem (first five letters, so that "killing"
    meets "killed": rewrites change word forms), and each derived word's row in that table.

    Rows: the source stems, then "content word whose stem no source has", then "function word";
    columns: the source sentences, then a last column of 1 for every content word. With candidate
    columns ``cols`` (a long comparison) no table is held: ``rows`` looks each (stem, candidate)
    pair up in a sorted key list, and its columns are the word's sentence's candidates."""

    def __init__(self, derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 sizes: np.ndarray, cols: np.ndarray | None = None):
        vocab: dict[str, int] = {}
        pairs = [(vocab.setdefault(w[:STEM], len(vocab)), j)
                 for j, f in enumerate(source) for w in f.words if w not in STOPWORDS]
        self.ids = np.array([vocab.get(w[:STEM], len(vocab)) if w not in STOPWORDS else len(vocab) + 1
                             for f in derived for w in f.words], dtype=np.intp)
        self.known = (self.ids < len(vocab)).astype(float)  # content words whose stem a source has
        self.stems, self.cols, self.sources = len(vocab), cols, len(source)
        if cols is not None:
            at = np.array(pairs, dtype=np.int64).reshape(-1, 2)
            self.keys = np.unique(at[:, 0] * len(source) + at[:, 1])
            self.sentence = np.repeat(np.arange(len(derived)), sizes)
            self.width = cols.shape[1] + 1
            return
        self.table = np.zeros((len(vocab) + 2, len(source) + 1), dtype=np.float32)
        if pairs:
            self.table[tuple(np.array(pairs).T)] = 1.0
        self.table[:-1, -1] = 1.0
        self.width = self.table.shape[1]

    def rows(self, at: int, n: int) -> np.ndarray:
        """The table rows of derived words ``at`` .. ``at + n``."""
        ids = self.ids[at:at + n]
        if self.cols is None:
            return self.table[ids]
        keys = ids[:, None].astype(np.int64) * self.sources + self.cols[self.sentence[at:at + n]]
        hit = member(keys.ravel(), self.keys).reshape(keys.shape).astype(bool) & (ids < self.stems)[:, None]
        return np.column_stack([hit, ids <= self.stems]).astype(np.float32)


def _local_match(stems: _StemTable, sizes: np.ndarray, ks: tuple[int, ...]) -> list[np.ndarray]:
    """Per derived word and k: the largest share of the content words within k words either side
    (in its sentence) whose stems one source sentence has. A rewritten clause keeps the words of
    one source sentence even where its whole sentence mixes several."""
    width = stems.width
    step = max(1, CELLS // max(width * max(int(sizes.max(initial=1)), 1), 1))
    parts, at = [], 0
    for c in range(0, len(sizes), step):
        n = int(sizes[c:c + step].sum())
        parts.append(_local_chunk(stems.rows(at, n), sizes[c:c + step], ks))
        at += n
    return [np.concatenate([p[n] for p in parts] or [np.zeros(0)]) for n in range(len(ks))]


def _local_chunk(rows: np.ndarray, sizes: np.ndarray, ks: tuple[int, ...]) -> list[np.ndarray]:
    """``_local_match`` over the words of consecutive sentences (``rows``: their table rows)."""
    out = []
    for counts, _ in _window_sums(rows, sizes, ks):
        best = counts[:, :-1].max(axis=1) if rows.shape[1] > 1 else np.zeros(len(rows))
        out.append(np.divide(best, counts[:, -1], out=np.zeros(len(rows)), where=counts[:, -1] > 0))
    return out


def _window(flags: np.ndarray, k: int, sizes: np.ndarray) -> np.ndarray:
    """Share of flagged words within ``k`` words either side in the same sentence (the word
    included)."""
    (sums, width), = _window_sums(np.asarray(flags, dtype=float), sizes, (k,))
    return sums / np.maximum(width, 1)


def _window_sums(values: np.ndarray, sizes: np.ndarray, ks: tuple[int, ...]):
    """Per k: the sums of ``values`` (one row per word) over the words within k either side in
    the same sentence, and how many words that is."""
    run = np.concatenate([np.zeros((1,) + values.shape[1:], dtype=values.dtype), np.cumsum(values, axis=0)])
    ends = np.cumsum(sizes)
    first, last = np.repeat(ends - sizes, sizes), np.repeat(ends, sizes)
    i = np.arange(len(values))
    for k in ks:
        lo, hi = np.maximum(i - k, first), np.minimum(i + k + 1, last)
        yield run[hi] - run[lo], hi - lo


def reused_probability(X: np.ndarray, model: dict | None = None) -> np.ndarray:
    return files.logistic(model or reused_words(), X)


def reused_mask(derived: list[SentenceFeatures], source: list[SentenceFeatures], matches: list[Match],
                cover: dict[int, np.ndarray], inq: np.ndarray, settings: Settings,
                cols: np.ndarray | None = None) -> np.ndarray:
    """Per derived word: taken from a source (verbatim or rewritten) or new.

    A logistic model over ``word_features`` (fit on the METER .aat word spans by
    ``python bench/meter.py --fit``), read at ``settings.reused_word`` or the file's own threshold."""
    return reused_probability(word_features(derived, source, matches, cover, inq, cols)) >= word_threshold(settings)


def word_threshold(settings: Settings) -> float:
    return reused_words()["threshold"] if settings.reused_word is None else settings.reused_word


def word_covers(derived: list[SentenceFeatures], source: list[SentenceFeatures]) -> dict[int, np.ndarray]:
    return gram_covers(derived, source, WORD_N)[0]


def reused_spans(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 matches: list[Match], text: str, settings: Settings | None = None) -> tuple[Span, ...]:
    """Character spans of the derived text judged reused (runs of reused words)."""
    settings = settings or Settings()
    mask = reused_mask(derived, source, matches, word_covers(derived, source), quoted(derived), settings)
    toks = [t for f in derived for t in f.toks]
    spans: list[Span] = []
    start: int | None = None
    end = 0
    for t, on in zip(toks, mask):
        if on and start is not None and not text[end:t.start].strip(" \t,;:-\"'“”‘’"):
            end = t.end
            continue
        if start is not None:
            spans.append(Span(start, end, text[start:end]))
            start = None
        if on:
            start, end = t.start, t.end
    if start is not None:
        spans.append(Span(start, end, text[start:end]))
    return tuple(spans)
