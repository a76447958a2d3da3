"""Reuse share, document features, reused words and the METER-style derivation level.

The derivation level comes from a small multinomial logistic model over a handful of document
features. Its coefficients were fit on all 769 METER courts texts that have a PA source
(``python bench/meter.py --fit`` prints them); bench/meter.py reports its 5-fold cross-validated
accuracy. Which words are reused comes from a logistic model over per-word features, fit on the
355 METER texts with word-level annotation (the same command). They are numbers in code, not data.
"""
from __future__ import annotations

import math
import re

import numpy as np
from rapidfuzz.distance import Indel

from ..model import Match, Span
from ..text.normalise import STOPWORDS
from .candidates import candidate_columns, is_dense
from .features import SentenceFeatures
from .lexical import overlap
from .settings import Settings

LABEL_WEIGHT = {"verbatim": 1.0, "edited": 1.0, "paraphrase": 1.0, "added": 0.0}
LEVELS = ("wholly", "partially", "none")
COVER_N = (1, 2, 3, 5, 8)  # 1, 3, 5 double as containment orders
WORD_N = (1, 2, 3, 5)
STEM = 5  # letters of a word that stand for its stem
CELLS = 4_000_000  # words x source sentences held at once by _local_match
_OPEN_CLOSE = re.compile(r'["“”«»]|``|\'\'')
# British papers quote with single marks: an opening one starts a word, a closing one ends it
# (an apostrophe inside a word, as in "don't", is neither).
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?;:])(?<!'')['’](?=[\s.,;:!?)\]—–-]|$)")


def ngrams(words: tuple[str, ...] | list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _gram_keys(ids: np.ndarray, n: int) -> np.ndarray:
    """One 64-bit key per n-gram of word ids (a polynomial hash; collisions are ~1e-12 likely)."""
    m = len(ids) - n + 1
    keys = np.zeros(max(m, 0), dtype=np.uint64)
    if m <= 0:
        return keys
    with np.errstate(over="ignore"):
        for k in range(n):
            keys = keys * _MIX + (ids[k:k + m] + 1).astype(np.uint64)
    return keys


def gram_covers(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                orders: tuple[int, ...]) -> tuple[dict[int, np.ndarray], dict[int, float]]:
    """Per n: which derived words lie inside an n-gram that some source article also has (its
    running words, across sentence boundaries), and the share of the derived text's distinct
    n-grams found in a source (containment)."""
    vocab: dict[str, int] = {}
    d_ids = _word_ids([w for f in derived for w in f.words], vocab)
    by_article: dict[str, list[str]] = {}
    for f in source:
        by_article.setdefault(f.sentence.article, []).extend(f.words)
    s_ids = [_word_ids(words, vocab) for words in by_article.values()]
    cover, containment = {}, {}
    for n in orders:
        s_keys = np.unique(np.concatenate([_gram_keys(a, n) for a in s_ids] or [np.zeros(0, np.uint64)]))
        d_keys = _gram_keys(d_ids, n)
        hit = _member(d_keys, s_keys)
        cover[n] = np.convolve(hit, np.ones(n, dtype=np.int32))[:len(d_ids)] > 0 if len(hit) \
            else np.zeros(len(d_ids), dtype=bool)
        distinct, first = np.unique(d_keys, return_index=True)
        containment[n] = int(hit[first].sum()) / len(distinct) if len(distinct) else 0.0
    return cover, containment


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """1 where a key is in ``sorted_keys`` (sorted, distinct), else 0 (int32)."""
    if not len(keys) or not len(sorted_keys):
        return np.zeros(len(keys), dtype=np.int32)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return (sorted_keys[at] == keys).astype(np.int32)


def _word_ids(words: list[str], vocab: dict[str, int]) -> np.ndarray:
    return np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int64, count=len(words))


def quoted(derived: list[SentenceFeatures]) -> np.ndarray:
    """Which derived words stand inside quotation marks. A double-quoted passage may run across
    sentences; a single-quoted one may run across sentences of its paragraph."""
    out: list[bool] = []
    state = {"double": False, "single": False}
    paragraph = None
    for f in derived:
        if f.sentence.paragraph != paragraph:
            paragraph, state["single"] = f.sentence.paragraph, False
        marks = _quote_marks(f.sentence.text, f.sentence.start)
        k = 0
        for t in f.toks:
            while k < len(marks) and marks[k][0] < t.start:
                _flip(state, marks[k][1])
                k += 1
            out.append(state["double"] or state["single"])
        for _, kind in marks[k:]:
            _flip(state, kind)
    return np.array(out, dtype=bool)


def _quote_marks(text: str, base: int) -> list[tuple[int, str]]:
    marks = [(m.start() + base, "double") for m in _OPEN_CLOSE.finditer(text)]
    marks += [(m.start() + base, "open") for m in _SINGLE_OPEN.finditer(text)]
    marks += [(m.start() + base, "close") for m in _SINGLE_CLOSE.finditer(text)]
    return sorted(marks)


def _flip(state: dict, kind: str) -> None:
    if kind == "double":
        state["double"] = not state["double"]
    else:
        state["single"] = kind == "open"


def document_features(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                      matches: list[Match], settings: Settings | None = None,
                      cols: np.ndarray | None = None) -> dict[str, float]:
    """``cols``: the alignment's candidate columns on a long comparison (``matcher.row_scores``)."""
    settings = settings or Settings()
    total = sum(f.size for f in derived) or 1
    by_label = {k: 0 for k in LABEL_WEIGHT}
    for f, m in zip(derived, matches):
        by_label[m.label] += f.size
    d_words = [w for f in derived for w in f.words]
    s_words = [w for f in source for w in f.words]
    feats = {f"share_{k}": v / total for k, v in by_label.items()}
    feats["reuse"] = sum(by_label[k] * w for k, w in LABEL_WEIGHT.items()) / total
    feats["span_share"] = sum(len(_span_tokens(f, m)) for f, m in zip(derived, matches)) / total
    cover, containment = gram_covers(derived, source, COVER_N)
    for n in (1, 3, 5):
        feats[f"containment{n}"] = containment[n]
    inq = quoted(derived)
    for n in COVER_N:
        feats[f"cover{n}"] = float(cover[n].mean()) if d_words else 0.0
    feats["cover3_unquoted"] = float(cover[3][~inq].mean()) if (~inq).any() else feats["cover3"]
    feats["quoted"] = float(inq.mean()) if d_words else 0.0
    feats["log_words"] = math.log1p(len(d_words))
    kept = {(r.article, r.index) for m in matches for r in m.sources}
    s_total = sum(f.size for f in source) or 1
    feats["source_kept"] = sum(f.size for f in source
                               if (f.sentence.article, f.sentence.index) in kept) / s_total
    feats["length_ratio"] = len(d_words) / max(len(s_words), 1)
    feats["match_score"] = sum(f.size * m.score for f, m in zip(derived, matches)) / total
    for tenths in (3, 5, 7, 9):  # share of words in sentences matched at least this closely
        feats[f"matched{tenths}"] = sum(f.size for f, m in zip(derived, matches)
                                        if m.lexical >= tenths / 10) / total
    feats["in_order"] = in_order(matches)
    feats["sentence_lcs"] = sentence_lcs(derived, source, matches)
    mask = reused_mask(derived, source, matches, cover, inq, settings, cols)
    feats["word_reuse"] = float(mask.mean()) if d_words else 0.0
    return feats


def in_order(matches: list[Match]) -> float:
    """Share of consecutive matched derived sentences whose sources also follow each other in
    order (1.0: the source order is kept; light edits keep it, heavy rewrites shuffle)."""
    firsts = [(m.sources[0].article, m.sources[0].index) for m in matches if m.sources]
    steps = list(zip(firsts, firsts[1:]))
    if not steps:
        return 0.0
    return sum(1 for a, b in steps if a[0] == b[0] and b[1] >= a[1]) / len(steps)


def sentence_lcs(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 matches: list[Match]) -> float:
    """How closely matched derived sentences keep their sources' wording and word order: the
    word-sequence LCS similarity (Indel) of each with its source sentences, weighted by words
    (near 1: copied or lightly edited; lower: rewritten, merged or split)."""
    at = {(f.sentence.article, f.sentence.index): k for k, f in enumerate(source)}
    pairs = [(f.words, [w for k in sorted(at[(r.article, r.index)] for r in m.sources)
                        for w in source[k].words])
             for f, m in zip(derived, matches) if m.label != "added" and m.sources]
    size = sum(len(d) for d, _ in pairs)
    if not size:
        return 0.0
    return sum(len(d) * Indel.normalized_similarity(d, s) for d, s in pairs) / size


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
    cols = [cover[1], cover[2], cover[3], cover[5],
            *(_window(cover[n], k, sizes) for k in (2, 5) for n in (3, 2)),
            per(cover[1]), per(cover[2]), per(cover[3]),
            np.array([m.lexical for m in matches])[sid], np.array([m.score for m in matches])[sid],
            np.log1p(sizes)[sid], label == "verbatim", label == "edited", label == "paraphrase",
            [w in STOPWORDS for f in derived for w in f.words], inq, _in_closest(derived, source, cols),
            *(_window(stems.known, k, sizes) for k in (3, 10)), *_local_match(stems, sizes, (3, 6))]
    if not len(sid):
        return np.zeros((0, len(WORD_FEATURES)))
    doc = [cover[n].mean() for n in (1, 2, 3, 5)] + [np.log1p(len(sid))]
    return np.column_stack([np.asarray(c, dtype=float) for c in cols] + [np.full(len(sid), v) for v in doc])


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
    return np.array([w in source[b].words for f, b in zip(derived, best) for w in f.words], dtype=bool)


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
        hit = _member(keys.ravel(), self.keys).reshape(keys.shape).astype(bool) & (ids < self.stems)[:, None]
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
    m = model or {"mean": WORD_MEAN, "scale": WORD_SCALE, "coef": WORD_COEF, "intercept": WORD_INTERCEPT}
    z = ((X - np.array(m["mean"])) / np.array(m["scale"])) @ np.array(m["coef"]) + m["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def reused_mask(derived: list[SentenceFeatures], source: list[SentenceFeatures], matches: list[Match],
                cover: dict[int, np.ndarray], inq: np.ndarray, settings: Settings,
                cols: np.ndarray | None = None) -> np.ndarray:
    """Per derived word: taken from a source (verbatim or rewritten) or new.

    A logistic model over ``word_features`` (fit on the METER .aat word spans by
    ``python bench/meter.py --fit``), read at ``settings.reused_word``."""
    return reused_probability(word_features(derived, source, matches, cover, inq, cols)) >= settings.reused_word


def word_covers(derived: list[SentenceFeatures], source: list[SentenceFeatures]) -> dict[int, np.ndarray]:
    return gram_covers(derived, source, WORD_N)[0]


def reused_spans(derived: list[SentenceFeatures], source: list[SentenceFeatures],
                 matches: list[Match], text: str, settings: Settings | None = None) -> tuple[Span, ...]:
    """Character spans of the derived text judged reused (runs of reused words)."""
    settings = settings or Settings()
    mask = reused_mask(derived, source, matches, word_covers(derived, source), quoted(derived), settings)
    toks = [t for f in derived for t in f.toks]
    spans: list[Span] = []
    start = end = None
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


def _span_tokens(f: SentenceFeatures, m: Match) -> set[int]:
    covered_tokens = set()
    for sp in m.spans:
        for k, t in enumerate(f.toks):
            if t.start >= sp.derived.start and t.end <= sp.derived.end:
                covered_tokens.add(k)
    return covered_tokens


# Multinomial logistic model: standardised features -> wholly / partially / none.
# Fit by bench/meter.py --fit on all METER courts texts with a source (lexical alignment), with the
# word model before its stem and local-match features. Refitting with the current word model gives
# the same in-sample macro-F1 (0.708) and coefficients within 0.09, so these were kept.
MODEL_FEATURES = ("cover1", "cover2", "cover3", "cover5", "cover8", "cover3_unquoted",
                  "word_reuse", "reuse", "share_verbatim", "log_words", "source_kept")
MODEL_MEAN = (0.8466, 0.6284, 0.4593, 0.2994, 0.2089, 0.4334, 0.7656, 0.6939, 0.0791, 5.4257, 0.2685,)
MODEL_SCALE = (0.1063, 0.1999, 0.2449, 0.2564, 0.2421, 0.2393, 0.2798, 0.2812, 0.1557, 0.9680, 0.2056,)
MODEL_COEF = ((0.5762, 0.0316, -0.1617, 0.6069, 0.2414, 0.1076, 0.9755, 0.0815, 0.0253, -0.8799, 0.1071,),
              (-0.3712, 0.5054, -0.2943, 0.1414, -0.0969, 0.1104, -0.2203, 0.0525, 0.0053, 0.6806, -0.3018,),
              (-0.2050, -0.5370, 0.4561, -0.7483, -0.1445, -0.2179, -0.7552, -0.1340, -0.0307, 0.1993, 0.1947,))
MODEL_INTERCEPT = (-0.5037, 1.1061, -0.6024,)


# Logistic model: standardised word_features -> reused (Verbatim or Rewrite) vs new.
# Fit by bench/meter.py --fit on the 355 METER courts .aat texts (lexical alignment).
WORD_FEATURES = ("cover1", "cover2", "cover3", "cover5", "window3_2", "window2_2", "window3_5",
                 "window2_5", "sentence_cover1", "sentence_cover2", "sentence_cover3", "lexical", "score",
                 "log_sentence_words", "verbatim", "edited", "paraphrase", "stopword", "quoted",
                 "in_closest_source", "stem_window3", "stem_window10", "local_match3", "local_match6",
                 "document_cover1", "document_cover2", "document_cover3", "document_cover5",
                 "log_document_words")
WORD_MEAN = (0.8293, 0.5979, 0.4166, 0.2775, 0.4183, 0.5990, 0.4182, 0.5984, 0.8293, 0.5979,
             0.4166, 0.4509, 0.4509, 3.1707, 0.0829, 0.2494, 0.2811, 0.4334, 0.2468, 0.5283,
             0.4280, 0.4269, 0.6306, 0.5794, 0.8293, 0.5979, 0.4166, 0.2775, 6.0954,)
WORD_SCALE = (0.3762, 0.4903, 0.4930, 0.4478, 0.4269, 0.3708, 0.3854, 0.3245, 0.1544, 0.2859,
              0.3443, 0.2647, 0.2647, 0.4356, 0.2758, 0.4327, 0.4495, 0.4955, 0.4311, 0.4992,
              0.2246, 0.1728, 0.3168, 0.2927, 0.1033, 0.1939, 0.2293, 0.2339, 0.6739,)
WORD_COEF = (0.1041, 0.0663, 0.1041, 0.1695, -0.0498, 0.0374, -0.0077, 0.0017, 0.0174, 0.1290,
             0.1168, 0.3710, 0.3710, 0.1465, -0.1233, -0.1471, 0.0544, -0.1527, -0.1973, 0.1321,
             0.1180, 0.3432, 0.1184, 0.2808, 0.5429, -1.5608, 0.5458, 1.0067, -0.5866,)
WORD_INTERCEPT = 0.6551


def level_probabilities(feats: dict[str, float], model: dict | None = None) -> dict[str, float]:
    m = model or {"features": MODEL_FEATURES, "mean": MODEL_MEAN, "scale": MODEL_SCALE,
                  "coef": MODEL_COEF, "intercept": MODEL_INTERCEPT}
    x = (np.array([feats[k] for k in m["features"]]) - np.array(m["mean"])) / np.array(m["scale"])
    z = np.array(m["coef"]) @ x + np.array(m["intercept"])
    p = np.exp(z - z.max())
    p /= p.sum()
    return {level: float(v) for level, v in zip(LEVELS, p)}


def derivation_level(feats: dict[str, float], settings: Settings) -> str:
    if not settings.derivation_model:
        if feats["reuse"] >= settings.wholly:
            return "wholly"
        return "partially" if feats["reuse"] >= settings.partially else "none"
    probs = level_probabilities(feats)
    return max(LEVELS, key=lambda level: (probs[level], -LEVELS.index(level)))
