"""Findings about the rewrite's own words: opinion, loaded language, attribution, hedges, replies."""
from __future__ import annotations

import re

from ..model import Finding
from ..text.normalise import STOPWORDS, text_tokens
from ..text.quotes import Quote
from .analyse import SentenceAnalysis
from .context import Context, contains_phrase, flat_all, norm_words, replaced_wording
from .rhetoric import CROWD, assess

MIN_LOADED = 0.4        # lighter loaded terms ("only", "most") are not reported as findings
MIN_OPINION = 0.6       # opinion markers this heavy count when inserted into a matched sentence
OPINION_FLOOR = 0.5     # subjectivity an added sentence needs to be reported as opinion: stricter
                        # than the calibrated threshold, so factual background with one strong
                        # adjective is not reported


def opinion_added(ctx: Context) -> list[Finding]:
    out = []
    did = ctx.derived_article.id
    for m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        if m.label == "added":
            out.extend(_added_opinion(ctx, a, did))
        elif m.label != "verbatim":
            out.extend(_rewritten_as_opinion(ctx, a) or _inserted_opinion(ctx, a))
    return out


def _added_opinion(ctx: Context, a: SentenceAnalysis, did: str) -> list[Finding]:
    """An added sentence that reads as opinion: by its subjectivity (opinion words) or by the
    rhetoric model (explain/rhetoric.py), unless a named speaker says it."""
    if theirs(a, ctx.derived_quotes):
        return []
    r = assess(a, ctx.embedding(a))
    if not (is_opinion(a) or r.flagged):
        return []
    marks = [ctx.evidence(did, a.index, h.start, h.end) for h in a.opinion + a.loaded]
    cued = r.cues if r.flagged else ()
    marks += [ctx.evidence(did, a.index, a.start + c.start, a.start + c.end) for c in cued]
    strong = a.subjectivity >= 0.85 or any(h.entry.weight >= 0.9 for h in a.opinion)
    reasons = r.reasons if r.flagged else ()
    why = (f"subjectivity {a.subjectivity:.2f}" if is_opinion(a)
           else f"rhetoric score {r.score:.2f}: " + ", ".join(k.replace("_", " ") for k in reasons[:4]))
    score = max(a.subjectivity, r.score if r.flagged else 0.0)
    return [Finding("opinion_added", "high" if strong else "medium",
                    f"added sentence reads as the writer's opinion ({why})",
                    (ctx.sentence_evidence(a, did), *marks), (), score,
                    {"sentence": a.index, "subjectivity": round(a.subjectivity, 3),
                     "rhetoric_score": round(r.score, 3),
                     "markers": [h.text for h in a.opinion + a.loaded] + [c.text for c in cued],
                     "rhetoric": list(reasons)})]


def _named(a: SentenceAnalysis) -> bool:
    return any(x.kind != "weasel" for x in a.attributions)


def theirs(a: SentenceAnalysis, quotes: list[Quote]) -> bool:
    """Whether an added sentence is someone else's words: a named speaker's, or the rest of a
    quotation that opened in an earlier sentence (``It should never have happened."``)."""
    return speaker_named(a) or continues_quote(a, quotes)


def continues_quote(a: SentenceAnalysis, quotes: list[Quote]) -> bool:
    if any(q.kind == "quote" and q.outer_start < a.start < q.outer_end for q in quotes):
        return True
    first = re.search(r'["“”]', a.text)
    return first is not None and (first.group() == "”" or (first.group() == '"' and a.text.count('"') % 2 == 1))


def speaker_named(a: SentenceAnalysis) -> bool:
    """Whether the sentence reports a speaker's words: a direct quote with its speaker, or a named
    one ("Dr Helen Ford said ...", "..., said the coach"). Not an unnamed crowd ("Critics say"), a
    passive "is said to" (an insinuation), a concession ("whatever the bank says") or "say" as a
    noun or infinitive ("have their say")."""
    quoted = any(q.kind == "quote" for q in a.quotes)
    for x in a.attributions:
        if x.kind == "weasel" or not x.text.endswith(x.verb):
            continue
        verb_at = x.end - len(x.verb) - a.start
        before = a.text[:verb_at].split()
        if not before or before[-1].lower() in _NOT_SPEAKER or _SPEAKER_GAP.search(a.text[:verb_at]):
            continue
        near = before[-10:]
        after = a.text[verb_at + len(x.verb):].split()[:4] if _inverted(a.text, verb_at) else []
        capitals = (near if len(before) > 10 else near[1:]) + after
        named = any(w[:1].isupper() for w in capitals) or any(_POSSESSIVE.sub("", w.lower()) in _ROLES
                                                                for w in near + after)
        if not named and CROWD.search(" ".join(before[-3:])):
            continue
        if named or quoted:
            return True
    return False


def _inverted(text: str, verb_at: int) -> bool:
    """``"...," said the coach``: the speaker follows the verb."""
    return text[:verb_at].rstrip()[-1:] in {",", '"', "”", "’", "'"}


_NOT_SPEAKER = {"is", "was", "are", "were", "be", "been", "and", "nothing", "everything", "anything", "to",
                "will", "would", "their", "his", "her", "its", "a", "the", "one", "we", "let", "it", "all", "which",
                "that", "you", "this", "ever", "always", "never", "they"}
_POSSESSIVE = re.compile(r"(?:['’]s|[,;:.])+$")
_SPEAKER_GAP = re.compile(r"\b(?:whatever|however|shall we|what|who|how|why|as)\s+(?:\w+\s+){0,3}$", re.I)
_ROLES = {"mr", "mrs", "ms", "dr", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "official",
          "officer", "chief", "director", "chairman", "chairwoman", "chair", "president", "leader", "judge",
          "lawyer", "coach", "manager", "captain", "governor", "senator", "mayor", "bishop", "professor",
          "inspector", "prosecutor", "ombudsman", "economist", "activist", "actor", "father", "mother", "resident",
          "tenant", "protester", "agent", "founder", "author", "councillor", "he", "she", "i", "executive",
          "head", "teacher", "doctor", "nurse", "witness", "analyst", "commissioner", "ceo", "mp", "spokes",
          "solicitor", "owner", "operator", "candidate", "chancellor", "vice-chancellor", "surgeon",
          "engineer", "researcher", "campaigner", "organiser", "landlord", "victim", "widow", "son", "daughter"}


def is_opinion(a: SentenceAnalysis) -> bool:
    return _opinionated(a) or (any(x.kind == "weasel" for x in a.attributions) and not _named(a))


def _opinionated(a: SentenceAnalysis) -> bool:
    return a.subjective and a.subjectivity >= OPINION_FLOOR


def _rewritten_as_opinion(ctx: Context, a: SentenceAnalysis) -> list[Finding]:
    """A matched sentence that reads as opinion where its source did not."""
    sources = ctx.matched_sources(a.index)
    label = ctx.comparison.derived_sentences[a.index].label
    if label != "paraphrase" or not is_opinion(a) or not sources or any(_opinionated(s) for s in sources):
        return []
    marks = [ctx.evidence(ctx.derived_article.id, a.index, h.start, h.end) for h in a.opinion + a.loaded]
    return [Finding("opinion_added", "medium",
                    "sentence rewritten from a factual source sentence into opinion "
                    f"(subjectivity {a.subjectivity:.2f})",
                    (ctx.sentence_evidence(a, ctx.derived_article.id), *marks), tuple(_source_sentences(ctx, a.index)),
                    a.subjectivity, {"sentence": a.index, "subjectivity": round(a.subjectivity, 3),
                                     "markers": [h.text for h in a.opinion + a.loaded]})]


def _inserted_opinion(ctx: Context, a: SentenceAnalysis) -> list[Finding]:
    sources = ctx.matched_sources(a.index)
    words = flat_all(s.text for s in sources)
    out = []
    for h in a.opinion:
        if h.entry.weight >= MIN_OPINION and not contains_phrase(words, h.text):
            out.append(Finding("opinion_added", "low", f'opinion wording "{h.text}" inserted into a matched sentence',
                               (ctx.evidence(ctx.derived_article.id, a.index, h.start, h.end),),
                               tuple(_source_sentences(ctx, a.index)), h.entry.weight,
                               {"sentence": a.index, "markers": [h.text]}))
    return out


def _source_sentences(ctx: Context, index: int):
    m = ctx.comparison.derived_sentences[index]
    for r in m.sources:
        s = ctx.source.get((r.article, r.index))
        if s is not None:
            yield ctx.sentence_evidence(s, r.article)


def loaded_language(ctx: Context) -> list[Finding]:
    did = ctx.derived_article.id
    out = []
    for a in ctx.derived:
        heavy = [sp for sp in a.loaded if sp.weight >= MIN_LOADED]
        if not heavy:  # the source words are flattened only for a sentence that needs them
            continue
        sources = ctx.matched_sources(a.index)
        words = _compared_words(ctx, sources)
        for sp in heavy:
            if not _in_source(sp, words, sources):
                out.append(_loaded_finding(ctx, did, a, sp, sources))
    return out


def _in_source(sp, words: str, sources: list[SentenceAnalysis]) -> bool:
    if sp.kind == "scare_quote":
        return any(norm_words(q.text) == norm_words(sp.text) for s in sources for q in s.quotes)
    return contains_phrase(words, sp.text)


def _loaded_finding(ctx: Context, did: str, a: SentenceAnalysis, sp, sources) -> Finding:
    src_ev, was = [], None
    for (art, idx), s in ctx.matched_items(a.index):
        span = replaced_wording(a.text, a.start, s.text, s.start, sp.start, sp.end)
        if span:
            src_ev.append(ctx.evidence(art, idx, *span))
            was = ctx.text_of(art)[span[0]:span[1]]
            break
    label = {"label": "a label", "scare_quote": "scare quotes", "intensifier": "an intensifier",
             "reporting": "a loaded reporting verb", "evaluative": "evaluative wording"}.get(sp.kind, "loaded wording")
    text = f'{label} "{sp.text}"' + (f' where the source has "{was}"' if was else " not in the source")
    if sp.neutral and not was:
        text += f" (neutral: {sp.neutral})"
    severity = "high" if sp.kind in ("label", "scare_quote") or sp.weight >= 0.8 else (
        "medium" if sp.weight >= 0.6 else "low")
    data = {"sentence": a.index, "term": sp.text, "category": sp.kind, "terms": list(sp.terms)}
    if was:
        data["source_wording"] = was
    if sp.neutral:
        data["neutral"] = sp.neutral
    return Finding("loaded_language", severity, text, (ctx.evidence(did, a.index, sp.start, sp.end),),
                   tuple(src_ev), sp.weight, data)


def attribution_changes(ctx: Context) -> list[Finding]:
    did = ctx.derived_article.id
    out = []
    for m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        sources = ctx.matched_sources(a.index)
        if sources and m.label != "verbatim" and not _attributed(a):
            for (art, idx), s in ctx.matched_items(a.index):
                named = [x for x in s.attributions if x.kind != "weasel"]
                if named and _carries_claim(a, s, named[0]):
                    x = named[0]
                    out.append(Finding("attribution_removed", "medium",
                                       f'the source credits this to "{x.text}"; the rewrite states it as fact',
                                       (ctx.sentence_evidence(a, did),), (ctx.evidence(art, idx, x.start, x.end),),
                                       0.7, {"sentence": a.index, "attribution": x.text}))
                    break
        weasels = [x for x in a.attributions if x.kind == "weasel"]
        src_words = _compared_words(ctx, sources) if weasels else ""
        for x in weasels:
            if not contains_phrase(src_words, x.text):
                out.append(Finding("attribution_added", "medium",
                                   f'vague attribution "{x.text}" added', (ctx.evidence(did, a.index, x.start, x.end),),
                                   tuple(_source_sentences(ctx, a.index)), x.weight,
                                   {"sentence": a.index, "attribution": x.text}))
    return out


def _carries_claim(a: SentenceAnalysis, s: SentenceAnalysis, x) -> bool:
    """The derived sentence repeats most of what the source sentence attributes."""
    claim = s.text[:x.start - s.start] + " " + s.text[x.end - s.start:]
    want = {w for w in norm_words(claim) if w not in STOPWORDS}
    have = set(norm_words(a.text))
    return bool(want) and len(want & have) / len(want) >= 0.5


def _all_source(ctx: Context) -> str:
    return ctx.whole_flat("sources")


def _compared_words(ctx: Context, sources) -> str:
    """The words a derived sentence's wording is checked against: its matched source sentences',
    or every source's when it matched none."""
    return flat_all(s.text for s in sources) if sources else _all_source(ctx)


def _attributed(a: SentenceAnalysis) -> bool:
    return bool(a.attributions) or any(q.speaker for q in a.quotes if q.kind == "quote")


def hedge_changes(ctx: Context) -> list[Finding]:
    did = ctx.derived_article.id
    out = []
    for m, a in zip(ctx.comparison.derived_sentences, ctx.derived):
        if m.label in ("added", "verbatim"):
            continue
        sources = ctx.matched_items(a.index)
        d_terms = {h.entry.phrase for h in a.hedges}
        s_terms = {h.entry.phrase for _, s in sources for h in s.hedges}
        for (art, idx), s in sources:
            for h in s.hedges:
                if h.entry.phrase not in d_terms:
                    out.append(Finding("hedge_removed", "high" if h.entry.weight >= 0.9 else "medium",
                                       f'hedge "{h.text}" removed: the claim now reads as certain',
                                       (ctx.sentence_evidence(a, did),), (ctx.evidence(art, idx, h.start, h.end),),
                                       h.entry.weight, {"sentence": a.index, "hedge": h.text}))
        for h in a.hedges:
            if h.entry.phrase not in s_terms:
                out.append(Finding("hedge_added", "low", f'hedge "{h.text}" added',
                                   (ctx.evidence(did, a.index, h.start, h.end),),
                                   tuple(_source_sentences(ctx, a.index)), h.entry.weight,
                                   {"sentence": a.index, "hedge": h.text}))
    return out


def reply_dropped(ctx: Context) -> list[Finding]:
    """Source paragraphs giving the other side's voice that the rewrite dropped."""
    groups: dict[tuple[str, int], list] = {}
    for st in ctx.comparison.source_sentences:
        s = ctx.source.get((st.article, st.index))
        if s is None or st.status != "dropped":
            continue
        marks = [h for h in s.replies if h.entry.weight >= 0.8] + (
            _defender_hits(ctx, st) if s.attributions or s.quotes else [])
        if marks:
            groups.setdefault((st.article, st.paragraph), []).append((s, marks))
    out = []
    for (art, _), items in sorted(groups.items()):
        ev = []
        for s, marks in items:
            ev.append(ctx.sentence_evidence(s, art))
            ev.extend(ctx.evidence(art, s.index, h.start, h.end) for h in marks)
        phrases = [h.text for _, marks in items for h in marks]
        out.append(Finding("reply_dropped", "high",
                           f'the other side\'s voice was dropped ("{phrases[0]}")', (), tuple(ev), 1.0,
                           {"phrases": phrases, "sentences": [s.index for s, _ in items]}))
    return out


def _defender_hits(ctx: Context, st) -> list:
    sentence = ctx.text_of(st.article)[st.start:st.end]
    return [h for h in ctx.lexicon.match(sentence, st.start, kinds=("defender",), toks=list(text_tokens(sentence)))
            if h.entry.weight >= 0.7]
