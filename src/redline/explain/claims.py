"""Findings about what the reader is told: quotations, facts, and the headline."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ..model import Finding
from ..text.normalise import STOPWORDS, text_tokens
from ..text.numbers import NUMBER_WORDS, numerals
from ..text.quotes import Quote
from .analyse import analyse_one
from .context import TITLE_SUFFIX, Context, contains_phrase, flat_all, norm_words

ALTERED = 60.0          # rapidfuzz ratio at or above which a changed quote is the same quote, altered
MIN_QUOTE_WORDS = 3


def _sentence_of(ctx: Context, article_id: str, pos: int) -> int | None:
    return ctx.sentence_at(article_id, pos)


def _quote_ev(ctx: Context, article_id: str, q: Quote):
    return ctx.evidence(article_id, _sentence_of(ctx, article_id, q.start), q.start, q.end)


def _flat(text: str) -> str:
    return " ".join(norm_words(text))


def _speaker_key(name: str | None) -> str:
    words = [w for w in norm_words(name or "") if w not in ("the", "a", "an", "said", "says")]
    return words[-1] if words else ""


def quote_changes(ctx: Context) -> list[Finding]:
    did = ctx.derived_article.id
    d_quotes = [q for q in ctx.derived_quotes if q.kind == "quote"]
    used: set[int] = set()
    out = []
    for art, quotes in ctx.source_quotes.items():
        wanted = [q for q in quotes if q.kind == "quote" and q.words >= MIN_QUOTE_WORDS]
        for q, (k, score) in zip(wanted, best_matches(wanted, d_quotes)):
            if k is not None and score >= ALTERED:
                used.add(k)
                out.extend(_compare_pair(ctx, art, q, did, d_quotes[k], score))
            else:
                out.append(_dropped(ctx, art, q))
    for k, dq in enumerate(d_quotes):
        if k not in used and dq.words >= MIN_QUOTE_WORDS:
            out.append(_added(ctx, did, dq))
    return out


def best_matches(quotes: list[Quote], candidates: list[Quote], rows: int = 256) -> list[tuple[int | None, float]]:
    """``_best`` for every quote, the pair scores computed in rapidfuzz's C loops (``cdist``) a
    block of ``rows`` quotes at a time: the same result without a Python loop over quote pairs.
    A pair needs the substring test only if the shorter text is a subsequence of the longer,
    that is if their Indel distance is the difference of their lengths."""
    if not quotes or not candidates:
        return [(None, 0.0)] * len(quotes)
    d_flat = [_flat(c.text) for c in candidates]
    d_len = np.array([len(x) for x in d_flat])
    d_key = [_speaker_key(c.speaker) if c.speaker else None for c in candidates]
    out: list[tuple[int | None, float]] = []
    for at in range(0, len(quotes), rows):
        block = quotes[at:at + rows]
        q_flat = [_flat(q.text) for q in block]
        score = np.maximum(process.cdist(q_flat, d_flat, scorer=fuzz.ratio, dtype=np.float64, workers=1),
                           process.cdist(q_flat, d_flat, scorer=fuzz.token_sort_ratio, dtype=np.float64, workers=1))
        dist = process.cdist(q_flat, d_flat, scorer=Indel.distance, dtype=np.int64, workers=1)
        q_len = np.array([len(x) for x in q_flat])
        for i, k in zip(*np.nonzero(dist == np.abs(q_len[:, None] - d_len[None, :]))):
            a, b = q_flat[i], d_flat[k]
            if b and (b in a or a in b):
                score[i, k] = 100.0
        for i, q in enumerate(block):
            if q.speaker:
                key = _speaker_key(q.speaker)
                score[i] -= [15.0 if c is not None and c != key else 0.0 for c in d_key]
        best = score.argmax(axis=1)
        out += [(int(k), float(score[i, k])) if score[i, k] > 0.0 else (None, 0.0) for i, k in enumerate(best)]
    return out


def _best(q: Quote, candidates: list[Quote]) -> tuple[int | None, float]:
    """The plain reference for ``best_matches``: the first best candidate and its score."""
    best, score = None, 0.0
    flat = _flat(q.text)
    for k, c in enumerate(candidates):
        other = _flat(c.text)
        s = 100.0 if other and (other in flat or flat in other) else max(
            fuzz.ratio(flat, other), fuzz.token_sort_ratio(flat, other))
        if q.speaker and c.speaker and _speaker_key(q.speaker) != _speaker_key(c.speaker):
            s -= 15.0  # a different speaker makes it less likely to be the same quotation
        if s > score:
            best, score = k, s
    return best, score


def _compare_pair(ctx: Context, art: str, q: Quote, did: str, dq: Quote, score: float) -> list[Finding]:
    out = []
    a, b = _flat(q.text), _flat(dq.text)
    if a != b and b not in a:
        out.append(Finding("quote_altered", "high", "words changed inside quotation marks",
                           (_quote_ev(ctx, did, dq),), (_quote_ev(ctx, art, q),), score / 100.0,
                           {"source_quote": q.text, "derived_quote": dq.text, "speaker": q.speaker}))
    if q.speaker and dq.speaker and _speaker_key(q.speaker) != _speaker_key(dq.speaker):
        out.append(Finding("quote_altered", "high",
                           f'quote attributed to "{dq.speaker}"; the source has "{q.speaker}"',
                           (ctx.evidence(did, _sentence_of(ctx, did, dq.start), *dq.speaker_span),),
                           (ctx.evidence(art, _sentence_of(ctx, art, q.start), *q.speaker_span),),
                           1.0, {"source_speaker": q.speaker, "derived_speaker": dq.speaker}))
    return out


def _dropped(ctx: Context, art: str, q: Quote) -> Finding:
    who = f" by {q.speaker}" if q.speaker else ""
    kept = contains_phrase(ctx.whole_flat("derived"), " ".join(norm_words(q.text)[:6]))
    how = "reused without quotation marks" if kept else "missing from the rewrite"
    ev = [_quote_ev(ctx, art, q)]
    if q.speaker:
        start, end = q.speaker_span
        ev.append(ctx.evidence(art, _sentence_of(ctx, art, start), start, end))
    return Finding("quote_dropped", "low" if kept else "medium", f"quotation{who} {how}", (), tuple(ev),
                   1.0, {"quote": q.text, "speaker": q.speaker})


def _added(ctx: Context, did: str, dq: Quote) -> Finding:
    in_source = contains_phrase(ctx.whole_flat("sources"), dq.text)
    how = ("the source's own narration presented as a quotation" if in_source
           else "a quotation that is not in the source")
    return Finding("quote_added", "high" if in_source else "medium", how, (_quote_ev(ctx, did, dq),), (),
                   1.0, {"quote": dq.text, "speaker": dq.speaker})


_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
def facts(text: str, offset: int) -> dict[str, list[tuple[str, int, int]]]:
    """Numbers, dates and names in a sentence: type -> [(value, start, end)], absolute offsets."""
    out: dict[str, list[tuple[str, int, int]]] = {"number": [], "date": [], "name": []}
    for value, start, end in numerals(text):
        out["number"].append((value, start + offset, end + offset))
    run: list = []
    for k, t in enumerate(text_tokens(text)):
        word = text[t.start:t.end]
        if t.norm in NUMBER_WORDS:
            out["number"].append((t.norm, t.start + offset, t.end + offset))
        is_date = (t.norm in _MONTHS and word[0].isupper()) or t.norm in _DAYS
        if is_date:
            out["date"].append((t.norm, t.start + offset, t.end + offset))
        if word[:1].isupper() and not is_date and t.norm not in STOPWORDS and (k > 0 or run):
            run.append(t)
            continue
        _close_name(run, out, offset)
        run = []
    _close_name(run, out, offset)
    return out


def _close_name(run: list, out: dict, offset: int) -> None:
    if run:
        out["name"].append((" ".join(x.norm for x in run), run[0].start + offset, run[-1].end + offset))


def fact_changes(ctx: Context) -> list[Finding]:
    did = ctx.derived_article.id
    out = []
    for m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        if m.label in ("added", "verbatim") or len(m.sources) != 1:
            continue
        r = m.sources[0]
        s = ctx.source.get((r.article, r.index))
        if s is None:
            continue
        fd, fs = facts(a.text, a.start), facts(s.text, s.start)
        for kind in ("number", "date", "name"):
            new, gone = _differences(kind, fd[kind], fs[kind], ctx)
            if new and gone:
                out.append(Finding(
                    "fact_changed", "medium" if kind == "name" else "high",
                    f'{kind} changed: "{gone[0][0]}" in the source, "{new[0][0]}" in the rewrite',
                    tuple(ctx.evidence(did, a.index, st, en) for _, st, en in new),
                    tuple(ctx.evidence(r.article, s.index, st, en) for _, st, en in gone), 1.0,
                    {"sentence": a.index, "type": kind, "source_values": [v for v, _, _ in gone],
                     "derived_values": [v for v, _, _ in new]}))
    return out


def _differences(kind: str, d: list, s: list, ctx: Context):
    if kind != "name":
        dv, sv = {v for v, _, _ in d}, {v for v, _, _ in s}
        return [x for x in d if x[0] not in sv], [x for x in s if x[0] not in dv]
    skip = _name_skip(ctx.lexicon)
    dw = {w for v, _, _ in d for w in v.split()} - skip
    sw = {w for v, _, _ in s for w in v.split()} - skip
    new = [x for x in d if not (set(x[0].split()) - skip) & sw and set(x[0].split()) - skip]
    gone = [x for x in s if not (set(x[0].split()) - skip) & dw and set(x[0].split()) - skip]
    return new, gone


@lru_cache(maxsize=8)
def _name_skip(lexicon) -> frozenset[str]:
    """Title and label words, ignored when comparing names ("Democrat Mayor Lena Howard")."""
    return frozenset(e.words[-1] for e in lexicon.entries if e.kind in ("title", "label"))


def headline_changes(ctx: Context) -> list[Finding]:
    d_title = ctx.derived_article.title
    src = next((s for s in ctx.comparison.sources if s.title), None)
    if not d_title or src is None or not src.title or _flat(d_title) == _flat(src.title):
        return []
    da, sa = analyse_one(d_title, ctx.lexicon), analyse_one(src.title, ctx.lexicon)
    did, sid = ctx.derived_article.id + TITLE_SUFFIX, src.id + TITLE_SUFFIX
    ctx.articles.setdefault(did, _TitleOnly(d_title))
    ctx.articles.setdefault(sid, _TitleOnly(src.title))
    changes, out = [], []
    src_attr = [x for x in sa.attributions if x.kind != "weasel"] + [
        h for h in sa.hedges if h.entry.weight >= 0.8]
    if src_attr and not (da.attributions or [h for h in da.hedges if h.entry.weight >= 0.8]):
        x = src_attr[0]
        changes.append(f'attribution "{x.text}" dropped')
        out.append(Finding("attribution_removed", "high",
                           f'headline drops "{x.text}": an allegation now reads as fact',
                           (ctx.evidence(did, None, 0, len(d_title)),), (ctx.evidence(sid, None, x.start, x.end),),
                           1.0, {"headline": True, "attribution": x.text}))
    s_words = flat_all([src.title, *(s.text for s in ctx.comparison.sources)])
    new_loaded = [sp for sp in da.loaded if sp.weight >= 0.4 and not contains_phrase(s_words, sp.text)]
    if new_loaded:
        changes.append("loaded wording added: " + ", ".join(f'"{sp.text}"' for sp in new_loaded))
    if _overlap(d_title, src.title) == 0.0:
        changes.append("subject changed (the headlines share no content words)")
    if changes:
        ev = (ctx.evidence(did, None, 0, len(d_title)),
              *(ctx.evidence(did, None, sp.start, sp.end) for sp in new_loaded))
        severity = "high" if src_attr and out or new_loaded else "medium"
        out.insert(0, Finding("headline_changed", severity, "headline " + "; ".join(changes), ev,
                              (ctx.evidence(sid, None, 0, len(src.title)),), 1.0,
                              {"derived_title": d_title, "source_title": src.title, "changes": changes}))
        for sp in new_loaded:
            out.append(Finding("loaded_language", "high" if sp.weight >= 0.8 else "medium",
                               f'headline adds "{sp.text}"' + (f" (neutral: {sp.neutral})" if sp.neutral else ""),
                               (ctx.evidence(did, None, sp.start, sp.end),), (), sp.weight,
                               {"headline": True, "term": sp.text, "category": sp.kind}))
    return out


def _overlap(a: str, b: str) -> float:
    wa = {w for w in norm_words(a) if w not in STOPWORDS}
    wb = {w for w in norm_words(b) if w not in STOPWORDS}
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


class _TitleOnly:
    """Stands in for an article so that title evidence slices the title."""

    def __init__(self, title: str):
        self.text = title
        self.title = title
