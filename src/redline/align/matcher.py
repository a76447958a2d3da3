"""Order-free sentence alignment of a derived article against one or more source articles.

Every derived sentence is scored against every source sentence (no order assumed, so moved
paragraphs are found), takes its best source, and may take a second or third when it merges
several source sentences. A source sentence may feed several derived ones (a split). Long
articles score each derived sentence against its indexed candidates only (``candidates``): the
score matrices then have one column per candidate, and ``cols[i, p]`` names the source sentence
of row i's column p (``cols`` None: column p is source sentence p).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import models
from ..model import Match, SourceRef, SourceStatus
from ..text.numbers import numeric_words
from .candidates import candidate_columns, candidate_scores, is_dense
from .features import SentenceFeatures
from .lexical import lexical_scores
from .settings import Settings
from .spans import shared_runs


@dataclass
class Alignment:
    matches: list[Match]
    statuses: list[SourceStatus]
    semantic_used: bool
    embedded: int
    cols: np.ndarray | None = None  # the candidate columns of a long comparison (see above)


def row_scores(derived: list[SentenceFeatures], source: list[SentenceFeatures]):
    """The lexical score matrices and their columns: all source sentences, or the candidates."""
    if is_dense(derived, source):
        return lexical_scores(derived, source), None
    cols = candidate_columns(derived, source)
    return candidate_scores(derived, source, cols), cols


def row_sources(source: list[SentenceFeatures], cols: np.ndarray | None, i: int) -> list[SentenceFeatures]:
    return source if cols is None else [source[j] for j in cols[i]]


def align(derived: list[SentenceFeatures], source: list[SentenceFeatures], texts: dict[str, str],
          derived_text: str, settings: Settings, embedder=None, embed_added: bool = False) -> Alignment:
    """``embed_added`` also embeds, in the same call, the derived sentences whose ``added`` label
    is settled lexically (explain's opinion model reads them next): one batching, not two."""
    lex, cols = row_scores(derived, source)
    sem = _semantic(derived, source, lex, cols, settings, embedder, embed_added)
    if sem is not None:
        lex["pair"], lex["penalty"] = pair_parts(lex, derived, source, cols)
    matches = [_match_row(i, derived[i], row_sources(source, cols, i), lex, sem, settings, texts,
                          derived_text) for i in range(len(derived))]
    statuses = _source_statuses(source, matches)
    return Alignment(matches, statuses, sem is not None, 0 if sem is None else int(sem[1]), cols)


def semantic_plan(derived, source, lexical, settings, cols=None):
    """Which sentences get a cosine: the derived ``rows`` that lexical matching cannot settle
    (best lexical score below ``edited`` but not hopeless), each against its
    ``semantic_candidates`` lexically closest source sentences (``cand``: their columns;
    ``picked``: their source sentences; ``union``: the distinct source sentences)."""
    best = lexical.max(axis=1)
    rows = [i for i in range(len(derived))
            if settings.semantic_floor <= best[i] < settings.edited and derived[i].size >= 3]
    if not rows:
        empty = np.zeros((0, 0), dtype=np.intp)
        return rows, empty, empty, []
    k = min(settings.semantic_candidates, lexical.shape[1])
    cand = np.argsort(-lexical[rows], axis=1, kind="stable")[:, :k]
    picked = cand if cols is None else np.take_along_axis(cols[rows], cand, axis=1)
    return rows, cand, picked, sorted(set(picked.ravel().tolist()))


def settled_added(derived, lex: dict, rows: list[int], settings: Settings) -> list[int]:
    """Derived sentences outside ``rows`` (so scored without a cosine) that will be labelled added."""
    lexical, skip = lex["lexical"], set(rows)
    return [i for i in range(len(derived)) if i not in skip
            and _label(derived[i], lex, int(np.argmax(lexical[i])), i, None, settings) == "added"]


def _plan(derived, source, lex: dict, cols, settings: Settings, added: bool):
    """``semantic_plan`` and the texts to embed in one call: its rows, then its source sentences,
    then (with ``added``) the lexically settled added sentences."""
    rows, cand, picked, union = semantic_plan(derived, source, lex["lexical"], settings, cols)
    extra = settled_added(derived, lex, rows, settings) if added else []
    texts = ([derived[i].sentence.text for i in rows] + [source[j].sentence.text for j in union]
             + [derived[i].sentence.text for i in extra])
    return rows, cand, picked, union, texts


def embed_texts(derived, source, lex: dict, settings: Settings, added: bool = False, cols=None) -> list[str]:
    """The sentence texts a comparison embeds (all known from lexical scores)."""
    return _plan(derived, source, lex, cols, settings, added)[4] if derived and source else []


def _semantic(derived, source, lex, cols, settings, embedder, embed_added=False):
    """Cosine matrix, filled only for the pairs ``semantic_plan`` picks (NaN elsewhere). Else None."""
    if embedder is None or not derived or not source:
        return None
    rows, cand, picked, union, texts = _plan(derived, source, lex, cols, settings, embed_added)
    sims = np.full(lex["lexical"].shape, np.nan, dtype=np.float32)
    vecs = embedder.encode(texts) if texts else None  # one batching for everything embedded
    if not rows:
        return sims, 0
    assert vecs is not None
    d_vec, s_vec = vecs[:len(rows)], vecs[len(rows):len(rows) + len(union)]
    position = np.zeros(len(source), dtype=np.intp)
    position[union] = np.arange(len(union))
    full = d_vec @ s_vec.T
    sims[np.array(rows)[:, None], cand] = full[np.arange(len(rows))[:, None], position[picked]]
    return sims, len(rows) + len(union)


def pair_model() -> dict:
    """The blend's lexical side and penalties (``redline/models/pair_score.json``, refit by
    ``python bench/mrpc.py --fit``): weights of two-way word overlap, bigrams and characters; the
    penalty when both sentences give numbers and not the same ones, and per unit of
    |log(words_a / words_b)| (one says more than the other)."""
    return models.load("pair_score")


def pair_score(lex, cos, settings: Settings, pair=None, penalty=0.0):
    """One score per sentence pair: the lexical score, or where there is a cosine the blend
    w * cosine + (1 - w) * pair - penalty, ``pair`` and ``penalty`` from ``pair_parts`` (both
    fitted on MRPC by bench/mrpc.py --fit; ``pair`` defaults to ``lex``). Floats or arrays."""
    lex = np.asarray(lex, dtype=np.float32)
    if cos is None:
        return lex
    cos = np.asarray(cos, dtype=np.float32)
    pair = lex if pair is None else np.asarray(pair, dtype=np.float32)
    w = settings.semantic_weight
    blend = w * np.nan_to_num(cos, nan=0.0) + (1.0 - w) * pair - np.asarray(penalty, dtype=np.float32)
    return np.where(np.isnan(cos), lex, np.clip(blend, 0.0, 1.0))


def pair_parts(lex: dict, derived: list[SentenceFeatures], source: list[SentenceFeatures], cols=None):
    """The blend's lexical side and penalty, (derived x source) matrices (x candidates with
    ``cols``). A paraphrase says the same thing, no more and no less: word overlap counts both
    ways, and a sentence pair is marked down when it is lopsided in length or its numbers differ."""
    m = pair_model()
    parts = {"words_both_ways": np.minimum(lex["words"], lex["reverse"]), "bigrams": lex["bigrams"],
             "chars": lex["chars"]}
    pair = sum(w * parts[name] for name, w in zip(m["features"], m["coef"]))
    d_len = np.log(np.maximum([f.size for f in derived], 1))
    s_len = np.log(np.maximum([f.size for f in source], 1))
    d_num, s_num = [numeric_words(f.words) for f in derived], [numeric_words(f.words) for f in source]
    if cols is None:
        clash = np.array([[bool(a and b and a != b) for b in s_num] for a in d_num], dtype=np.float32)
        s_len = s_len[None, :]
    else:
        clash = np.array([[bool(a and s_num[j] and a != s_num[j]) for j in row] for a, row in zip(d_num, cols)],
                         dtype=np.float32).reshape(cols.shape)
        s_len = s_len[cols]
    costs = m["penalties"]
    penalty = costs["number_clash"] * clash + costs["length_asymmetry"] * np.abs(d_len[:, None] - s_len)
    return pair.astype(np.float32), penalty.astype(np.float32)


def _label(d: SentenceFeatures, lex: dict, j: int, i: int, cos: float | None, settings: Settings) -> str:
    chars, lexical = float(lex["chars"][i, j]), float(lex["lexical"][i, j])
    words, bigrams = float(lex["words"][i, j]), float(lex["bigrams"][i, j])
    if chars >= settings.verbatim_chars or (words >= 0.999 and bigrams >= 0.999 and chars >= 0.9):
        return "verbatim"
    if d.size < settings.short_words:
        return "edited" if chars >= 0.85 else "added"
    if lexical >= settings.edited:
        return "edited"
    if cos is not None and not np.isnan(cos):
        score = float(pair_score(lexical, cos, settings, lex["pair"][i, j], lex["penalty"][i, j]))
        return "paraphrase" if score >= settings.paraphrase_score else "added"
    return "paraphrase" if lexical >= settings.paraphrase_lexical else "added"


def _match_row(i, d, source, lex, sem, settings, texts, derived_text) -> Match:
    s = d.sentence
    if not source:
        return Match(s.index, s.start, s.end, s.text, "added", (), 0.0, 0.0, None, (), s.paragraph)
    cos_row = sem[0][i] if sem is not None else None
    lexical = lex["lexical"][i]
    scores = lexical if cos_row is None else pair_score(lexical, cos_row, settings, lex["pair"][i],
                                                         lex["penalty"][i])
    j = int(np.argmax(scores))  # argmax takes the first best: stable for equal scores
    cos = None if cos_row is None else float(cos_row[j])
    label = _label(d, lex, j, i, cos, settings)
    semantic = None if cos is None or np.isnan(cos) else cos
    if label == "added":
        return Match(s.index, s.start, s.end, s.text, label, (), float(scores[j]), float(lexical[j]),
                     semantic, (), s.paragraph)
    chosen = [j] + _merged(d, source, j, lexical, settings)
    refs = tuple(SourceRef(source[k].sentence.article, source[k].sentence.index) for k in chosen)
    spans = tuple(sp for k in chosen for sp in shared_runs(
        d, source[k], settings.span_min_words, derived_text, texts[source[k].sentence.article]))
    return Match(s.index, s.start, s.end, s.text, label, refs, float(scores[j]), float(lexical[j]),
                 semantic, spans, s.paragraph)


def _merged(d: SentenceFeatures, source: list[SentenceFeatures], first: int, lexical: np.ndarray,
            settings: Settings) -> list[int]:
    """Further source sentences that a derived sentence merged in (many-to-one)."""
    covered = set(d.content & source[first].content)
    extra: list[int] = []
    for _ in range(2):
        best, gain = -1, 0
        for k, f in enumerate(source):
            if k == first or k in extra or lexical[k] < settings.support_lexical:
                continue
            g = len((d.content & f.content) - covered)
            if g > gain:
                best, gain = k, g
        if best < 0 or gain < 2 or gain < settings.merge_cover * len(d.content):
            break
        extra.append(best)
        covered |= d.content & source[best].content
    return extra


def _source_statuses(source: list[SentenceFeatures], matches: list[Match]) -> list[SourceStatus]:
    used: dict[tuple[str, int], list[int]] = {}
    for m in matches:
        for ref in m.sources:
            used.setdefault((ref.article, ref.index), []).append(m.index)
    out = []
    for f in source:
        s = f.sentence
        derived = tuple(used.get((s.article, s.index), ()))
        out.append(SourceStatus(s.article, s.index, s.start, s.end, s.text,
                                "kept" if derived else "dropped", derived, s.paragraph))
    return out
