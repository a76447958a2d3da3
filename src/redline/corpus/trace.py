"""`trace`: the ranked likely sources of one article.

Candidates come from the containment index, the word index (BM25 over the article's rare words and
names) and, for heavy paraphrase, the vector index; each is verified with the full comparison, which
gives reuse, derivation and evidence; direction comes from the pairwise signals of
``redline.align.direction``; a source the dates rule out (dated after the article, or the same day
among print editions) is flagged and ranked lower, never dropped.

Ranking is by score, then by precedence among the candidates themselves: copies of one wire story
share much of their text with each other, so a sibling copy can outscore the wire it came from.
When candidate P is known to precede candidate S (an earlier date, or P carries wire marks and S
does not) and either the article took text that only P holds or what it shares with S is mostly P's
text anyway, P ranks first and S, whose own precedence over the article is unknown, is most likely
a sibling (see ``precedence``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import numpy as np

from ..align.direction import AGENCY_MARKS, infer_direction
from ..model import Article, Comparison
from ..text import content_words
from ..text.dates import parse_date
from ..text.normalise import words
from .shingles import text_shingles

EVIDENCE = 3
TAKEN_MARGIN = 3     # shingles the article must have taken from one candidate and not the other
DIRECT_SHARE = 0.15  # ... and at least this share of what it shares with that candidate
EXPLAINED = 0.5      # a sibling: at most this share of its overlap with the article is not in the earlier copy
PARAPHRASE_WEIGHT = 0.5  # in the confidence: see _copied
WEAK = 0.25          # a candidate scoring below this factor of another never moves above it
TIE = 0.05           # scores this close, with the same text taken, count as equal
STORY_SHARE = 0.03   # two texts sharing this share of the shorter one's shingles tell the same story
QUERY_WORDS = 48     # the article's words that form its word query
WEIGHTS = (0.35, 0.35, 0.3)  # containment, verified reuse, word weight (without a word index: 0.5, 0.5, 0)
SHINGLE_EVIDENCE = 100  # shingles an article needs before its containment weighs in full
STOCK_DF = 10       # a sentence in at least this many texts ...
STOCK_SPREAD = 5     # ... and this many times as many as the article's typical sentence is a stock phrase


@dataclass
class Candidate:
    doc: int
    containment: float = 0.0
    reverse: float = 0.0
    semantic: float | None = None
    via: str = "lexical"
    words: float = 0.0  # BM25 of the article's word query against this candidate


def query_terms(text: str) -> list[str]:
    """The text's distinct content words made of letters, in order: the terms a word query may use."""
    return [w for w in content_words(list(dict.fromkeys(words(text)))) if w.isalpha()]


def rare_terms(df: dict[str, int], limit: int, own: bool = False) -> list[str]:
    """The terms (in the given order) that at most ``limit`` other documents hold (``own``: the
    article itself is one of the ``df`` holders); common words would only make every document a match."""
    return [w for w, n in df.items() if 0 < n - own <= limit]


def word_query(terms: list[str], size: int = QUERY_WORDS) -> str:
    """An FTS5 query: any of the first ``size`` terms. Given in text order, the lead and its names come
    first: short items and heavy rewrites share few word 3-grams with their source but still its names
    and rare words."""
    return " OR ".join(f'"{w}"' for w in terms[:size])


@dataclass(frozen=True)
class Basis:
    """What the candidates of one trace are scored against."""
    containment: float = 0.0           # the best candidate's containment
    words: float = 0.0                 # the best candidate's word weight (0: no word index)
    shingles: int = SHINGLE_EVIDENCE   # the article's shingles
    same_day_copies: bool = True       # False for print editions (see ``possible_source``)
    stock: frozenset = frozenset()     # the article's sentences that are boilerplate or stock phrases
    print_article: bool = True         # the article may be a print edition (its outlet is no wire, web or broadcast)


def possible_source(order: str | None, same_day_copies: bool = True) -> bool | None:
    """Whether dates allow a text to be the article's source: not when it came out after it, nor, in
    a corpus of print editions (``same_day_copies`` False), on the same day; None when undated."""
    if order is None:
        return None
    return order == "before" or (order == "same" and same_day_copies)


def verify(comparer, query: Article, source: Article, cand: Candidate, basis: Basis = Basis()) -> dict:
    comparison = comparer.compare(sources=[source], derived=query)
    direction = infer_direction(source, query)
    p_dir = direction.confidence if direction.source == source.id else 1.0 - direction.confidence
    order = date_order(source.date, query.date)
    same_day = basis.same_day_copies or not (basis.print_article and _print(source))
    possible = possible_source(order, same_day)
    copied, own = _copied(comparison, basis.stock), _copied(comparison)
    # stock sentences shared say nothing; leaving them out can raise the share, which stays a share
    reuse = min(1.0, comparison.reuse * (copied / own if own > 0 else 1.0))
    lexical = cand.containment / basis.containment if basis.containment > 0 else 0.0
    words_share = cand.words / basis.words if basis.words > 0 else None
    score = _score(lexical, reuse, words_share, basis.shingles) * (0.5 + 0.5 * p_dir)
    confidence = min(1.0, max(0.0, (copied - 0.1) / 0.6)) * p_dir  # 0.7+ and a clear direction: 1
    reasons = [r.detail for r in direction.reasons]
    stock_only = own > 0 and copied == 0
    matched = matched_sentences(comparison, basis.stock)
    if own > copied:
        reasons.append("shares stock or boilerplate sentences with the article, which count for nothing")
    if possible is False:
        score *= 0.5
        confidence *= 0.5
        if order == "same":
            reasons.append("came out the same day as the article, and print editions of one day cannot copy each other")
    return {"id": source.id, "reuse": round(reuse, 4), "derivation": comparison.derivation,
            "direction": "source_to_article" if p_dir >= 0.5 else "article_to_source",
            "direction_confidence": round(p_dir, 3), "confidence": round(confidence, 3),
            "score": round(score, 4), "containment": round(cand.containment, 4),
            "reverse_containment": round(cand.reverse, 4),
            "semantic": None if cand.semantic is None else round(cand.semantic, 4), "found_by": cand.via,
            "words": None if words_share is None else round(words_share, 4),
            "date": source.date, "date_order": order, "date_consistent": possible,
            "wire": _is_wire(source.text), "reasons": reasons,
            "copied": round(copied, 4), "stock_only": stock_only,
            "taken": _copied(comparison, basis.stock, share=False), "matched": matched,
            "counts": comparison.counts(), "evidence": evidence(comparison, basis.stock),
            "title": source.title, "outlet": source.outlet, "url": source.url,
            "_explains": {m.index for m in comparison.derived_sentences if m.label != "added"} - basis.stock}


def _print(source: Article) -> bool:
    from .origin import outlet_kind
    return outlet_kind(source) in (None, "print")


def _score(lexical: float, reuse: float, words_share: float | None, n_shingles: int) -> float:
    """Containment, reuse and word weight combined; in a short article a shared shingle or two decides
    containment, so containment weighs in proportion to the article's shingles, up to SHINGLE_EVIDENCE."""
    if words_share is None:
        return 0.5 * lexical + 0.5 * reuse
    a, b, c = WEIGHTS
    sure = min(1.0, n_shingles / SHINGLE_EVIDENCE)
    return a * sure * lexical + b * reuse + (c + a * (1 - sure)) * words_share


def score_bound(lexical: float, words_share: float | None, n_shingles: int) -> float:
    """The most a candidate can score before verification (reuse 1, a clear direction)."""
    return _score(lexical, 1.0, words_share, n_shingles)


@lru_cache(maxsize=4096)
def _is_wire(text: str) -> bool:
    """A news agency's copy: its own marks, not a copyright notice (most copies carry their own)."""
    return bool(AGENCY_MARKS.search(text))


def matched_sentences(c: Comparison, stock: frozenset = frozenset()) -> int:
    """How many of the article's own (not stock) sentences the comparison matched to the source."""
    return sum(1 for m in c.derived_sentences if m.label != "added" and m.index not in stock)


def says_derived(c: Comparison, stock: frozenset = frozenset(), sentences: int = 2) -> bool:
    """The comparison finds the article derived: its derivation level, unless only stock sentences are
    shared, or ``sentences`` of the article's own sentences taken (one may be a stock phrase)."""
    matched = matched_sentences(c, stock)
    return matched >= sentences or (c.derivation != "none" and matched > 0)


def _copied(c: Comparison, stock: frozenset = frozenset(), share: bool = True) -> float:
    """Share (or, ``share`` False, number) of the article's sentences taken from the source, a
    paraphrase counting half: two independent reports of one event paraphrase each other without
    either being copied. Stock sentences (``stock``: boilerplate, phrases many unrelated stories
    print) are left out."""
    weight = {"verbatim": 1.0, "edited": 1.0, "paraphrase": PARAPHRASE_WEIGHT, "added": 0.0}
    kept = [m for m in c.derived_sentences if m.index not in stock]
    taken = sum(weight[m.label] for m in kept)
    return taken if not share else taken / len(kept) if kept else 0.0


@lru_cache(maxsize=65536)
def _when(value: str | None) -> tuple[datetime, bool] | None:
    parsed = parse_date(value)
    return None if parsed is None or value is None else (parsed, ":" in value)


def _has_time(value: str | None) -> bool:
    w = _when(value)
    return bool(w and w[1])


def date_order(first: str | None, second: str | None) -> str | None:
    """Whether ``first`` was published "before", on the "same" day/time as, or "after" ``second``;
    None when either date is unknown. Times count only when both dates carry one."""
    return _order(_when(first), _when(second))


def _order(a: tuple[datetime, bool] | None, b: tuple[datetime, bool] | None) -> str | None:
    if a is None or b is None:
        return None
    da: date
    db: date
    (da, ta), (db, tb) = a, b
    if not (ta and tb):
        da, db = da.date(), db.date()
    return "before" if da < db else ("same" if da == db else "after")


def evidence(c: Comparison, stock: frozenset = frozenset(), limit: int = EVIDENCE) -> list[dict]:
    """The best matched passages (stock sentences last), with offsets into both original texts."""
    by_ref = {(s.article, s.index): s for s in c.source_sentences}
    matched = sorted((m for m in c.derived_sentences if m.label != "added"),
                     key=lambda m: (m.index in stock, -m.score, m.index))
    out = []
    for m in matched[:limit]:
        src = by_ref[(m.sources[0].article, m.sources[0].index)]
        out.append({"label": m.label, "score": round(m.score, 4),
                    "derived": {"article": c.derived.id, "sentence": m.index, "start": m.start,
                                "end": m.end, "text": m.text},
                    "source": {"article": src.article, "sentence": src.index, "start": src.start,
                               "end": src.end, "text": src.text},
                    "shared": [sp.to_dict() for sp in m.spans]})
    return out


def stock_sentences(article: Article, ignore: np.ndarray | None, n: int = 3, share: float = 0.6,
                    df=None, shingles: Sequence[np.ndarray] | None = None) -> frozenset:
    """The article's sentences most of whose shingles are boilerplate (pruned by document frequency
    across the corpus: footers, credits, stock phrases) or page chrome; and, given ``df`` (shingles ->
    document frequencies), sentences printed far more widely than the article's others (at least
    STOCK_DF texts and STOCK_SPREAD times the article's median sentence): a stock phrase below the
    pruning limit. ``shingles``: each sentence's shingles, when the caller has them already."""
    from ..text.chrome import chrome_of
    from ..text.sentences import split_sentences
    chrome = [(x["start"], x["end"]) for x in chrome_of(article)]
    out, spread = set(), {}
    for m in split_sentences(article.text, article.id):
        if any(a <= m.start and m.end <= b for a, b in chrome):
            out.add(m.index)
            continue
        sh = text_shingles(m.text, n) if shingles is None else shingles[m.index]
        if ignore is not None and len(ignore) and len(sh):
            pos = np.minimum(np.searchsorted(ignore, sh), len(ignore) - 1)
            if (ignore[pos] == sh).mean() >= share:
                out.add(m.index)
                continue
        if df is not None and len(sh):
            spread[m.index] = float(np.median(df(sh)))
    if spread:
        typical = float(np.median(list(spread.values())))
        out |= {k for k, v in spread.items() if v >= max(STOCK_DF, STOCK_SPREAD * typical)}
    return frozenset(out)


def rank(results: list[dict], top: int) -> list[dict]:
    """In the given order; each source's role says whether it adds sentences the better ones do not explain."""
    covered: set[int] = set()
    for k, r in enumerate(results):
        explains = r.pop("_explains")
        new = explains - covered
        r["rank"] = k + 1
        r["explains"] = sorted(explains)
        r["adds"] = len(new)
        if k == 0:
            r["role"] = "primary"
        elif len(new) >= 2 and r["reuse"] > 0.1:
            r["role"] = "additional"
        else:
            r["role"] = "sibling" if r.get("preceded_by") else "alternative"
        covered |= explains
    return results[:top]


# ---------------------------------------------------------------------- precedence among candidates

def held(query: np.ndarray, shingles: list[np.ndarray], ignore: np.ndarray | None = None) -> np.ndarray:
    """Candidates x article shingles: which of the article's shingles each candidate holds
    (boilerplate shingles in ``ignore`` are left out: they say nothing about who copied whom)."""
    q = np.unique(np.asarray(query, dtype=np.uint64))
    if ignore is not None and len(ignore) and len(q):
        pos = np.minimum(np.searchsorted(ignore, q), len(ignore) - 1)
        q = q[ignore[pos] != q]
    out = np.zeros((len(shingles), len(q)), bool)
    if not len(q) or not shingles:
        return out
    allsh = np.concatenate([np.asarray(s, dtype=np.uint64) for s in shingles])
    owner = np.repeat(np.arange(len(shingles)), [len(s) for s in shingles])
    pos = np.minimum(np.searchsorted(q, allsh), len(q) - 1)  # q is sorted (shingle arrays are)
    hit = q[pos] == allsh
    out[owner[hit], pos[hit]] = True
    return out


def same_story(shingles: list[np.ndarray], share: float = STORY_SHARE) -> np.ndarray:
    """story[p, s]: the two texts share at least ``share`` of the shorter one's shingles."""
    n = len(shingles)
    sizes = np.array([len(x) for x in shingles])
    if n == 0 or not sizes.sum():
        return np.zeros((n, n), bool)
    allsh = np.concatenate([np.asarray(x, dtype=np.uint64) for x in shingles])
    owner = np.repeat(np.arange(n), sizes)
    _, inv, counts = np.unique(allsh, return_inverse=True, return_counts=True)
    keep = counts[inv] >= 2  # only shingles held by two or more texts can be shared
    cols = np.unique(inv[keep], return_inverse=True)[1]
    m = np.zeros((n, int(cols.max()) + 1 if len(cols) else 0), np.float32)
    m[owner[keep], cols] = 1.0
    both = m @ m.T
    return both >= np.maximum(2, share * np.minimum(sizes[:, None], sizes[None, :]))


def precedence(items: list[dict], holds: np.ndarray, explained: float = EXPLAINED,
               story: np.ndarray | None = None) -> np.ndarray:
    """``beats[p, s]``: p should rank above s. Items need "date", "date_order" (against the article)
    and "score"; "date_consistent" (see ``possible_source``), "wire" and "direction" are used when present.

    P beats S when P precedes S (an earlier date, or on the same or an unknown date P carries wire
    marks and S does not), P may be the article's source by date, P's score is at least WEAK of S's, and
    * S is dated before the article, so it may be a copy the article took from (a copy of a copy):
      the article took more text that only P holds than text that only S holds, or both hold mostly
      the same text of it and P scores about as well (the earliest of equal holders is the original); or
    * S's own precedence over the article is unknown and S carries no wire marks (a wire text is an
      original, not a sibling copy): the article took text that only P holds and
      P and S are versions of one story (``story``, from ``same_story``), or most of what it shares
      with S is P's text anyway (no more than ``explained`` of it is not in P:
      S is a sibling copy of P; 0 switches this off where same-day copies of copies are common); or
    * the dates rule S out as the article's source (after it, or the same day among print editions).
    """
    h = holds.astype(np.int32)
    shared = h.sum(axis=1)
    only = h @ (1 - h).T  # only[p, s]: article shingles p holds and s does not
    score = np.array([x["score"] for x in items], float)
    wire = np.array([bool(x.get("wire")) for x in items])
    s_before = np.array([x.get("date_order") == "before" for x in items])
    possible = [x["date_consistent"] if "date_consistent" in x else possible_source(x.get("date_order"))
                for x in items]
    ruled_out = np.array([p is False for p in possible])
    able = ~ruled_out & np.array([x.get("direction") != "article_to_source" for x in items])
    before, after = _date_matrix([x.get("date") for x in items])
    precedes = before | (~before & ~after & wire[:, None] & ~wire[None, :])
    common = shared[:, None] - only  # article shingles both hold
    same_text = (np.abs(only - only.T) < TAKEN_MARGIN) & (
        common >= np.maximum(TAKEN_MARGIN, 0.5 * np.maximum(shared[:, None], shared[None, :])))
    copied_more = (only >= only.T + TAKEN_MARGIN) | (same_text & (score[:, None] >= score[None, :] - TIE))
    # the article took text only P holds, and P and S are versions of one story (not an old story
    # that happens to share a few phrases with the article)
    direct = (only >= np.maximum(TAKEN_MARGIN, DIRECT_SHARE * shared[:, None])) & (
        story if story is not None else True)
    # a text carrying wire marks is an original, not a sibling copy
    sibling = (shared[:, None] >= TAKEN_MARGIN) & (shared[None, :] >= TAKEN_MARGIN) & ~wire[None, :] & (
        direct | (explained * shared[None, :] >= only.T))
    beats = able[:, None] & precedes & (score[:, None] >= WEAK * score[None, :])
    beats &= np.where(s_before[None, :], copied_more, sibling) | ruled_out[None, :]
    np.fill_diagonal(beats, False)
    return beats


def _date_matrix(dates: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """before[p, s] / after[p, s] for the given dates (unknown dates are neither); times count
    only when both carry one."""
    when = [_when(d) for d in dates]
    known = np.array([w is not None for w in when])
    stamp = np.array([w[0].timestamp() if w else 0.0 for w in when])
    day = np.array([w[0].toordinal() if w else 0 for w in when])
    timed = np.array([bool(w and w[1]) for w in when])
    both = known[:, None] & known[None, :]
    exact = timed[:, None] & timed[None, :]
    before = both & np.where(exact, stamp[:, None] < stamp[None, :], day[:, None] < day[None, :])
    after = both & np.where(exact, stamp[:, None] > stamp[None, :], day[:, None] > day[None, :])
    return before, after


def precedence_order(items: list[dict], beats: np.ndarray) -> list[int]:
    """Best score first, except that no item comes before one that beats it (on a cycle, score wins)."""
    remaining = sorted(range(len(items)), key=lambda k: (-items[k]["score"], str(items[k].get("id", k))))
    out = []
    while remaining:
        pick = next((k for k in remaining if not any(beats[j, k] for j in remaining if j != k)), remaining[0])
        out.append(pick)
        remaining.remove(pick)
    return out


def prefer_sources(results: list[dict], query: np.ndarray, shingles: dict[str, np.ndarray],
                   ignore: np.ndarray | None = None, explained: float = EXPLAINED) -> list[dict]:
    """Verified results in final order; a result ranked below one that precedes it and explains the
    article's text better names it in ``preceded_by``."""
    if not results:
        return results
    own = [shingles[r["id"]] for r in results]
    beats = precedence(results, held(query, own, ignore), explained, same_story(own))
    order = precedence_order(results, beats)
    placed: list[int] = []
    for k in order:
        by = next((j for j in placed if beats[j, k]), None)
        if by is not None:
            results[k]["preceded_by"] = results[by]["id"]
            why = ("could not have been the article's source by date" if results[k].get("date_consistent") is False
                   else "explains the article's text at least as well")
            results[k]["reasons"].append(f"{results[by]['id']} came out before it and {why}: "
                                         "more likely a sibling copy (or a later version) than the source")
        placed.append(k)
    return [results[k] for k in order]
