"""Per-sentence framing analysis: loaded terms, opinion markers, hedges, attributions, quotes, scores.

Offsets are into the analysed text (the article body, or the sentence itself in batch mode), so
``text[start:end]`` gives back every span shown.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Sentence
from ..text.normalise import text_tokens
from ..text.quotes import Quote, extract_quotes
from ..text.sentences import split_sentences
from .lexicon import Hit, Lexicon, default_lexicon
from .scoring import combine, model_logits, threshold
from .words import word_model

LOADED_KINDS = ("loaded", "label", "intensifier", "evaluative")
LOADED_VERB = 0.4          # reporting verbs at or above this weight pass judgement ("claimed")
STRONG_HEDGE = 0.5         # hedges lighter than this ("about", "some") are not reported
_ORDINARY_MAY = re.compile(r"May\b")


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    text: str
    verb: str
    kind: str            # "reporting", "according" or "weasel"
    weight: float        # how much the verb itself judges (0 for "said")

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "verb": self.verb,
                "kind": self.kind}


@dataclass(frozen=True)
class SentenceAnalysis:
    index: int
    start: int
    end: int
    text: str
    loaded: tuple[Loaded, ...]
    opinion: tuple[Hit, ...]
    hedges: tuple[Hit, ...]
    attributions: tuple[Attribution, ...]
    quotes: tuple[Quote, ...]
    replies: tuple[Hit, ...]
    features: dict = field(default_factory=dict, hash=False)
    bias_score: float = 0.0
    biased: bool = False
    subjectivity: float = 0.0
    subjective: bool = False

    def to_dict(self) -> dict:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                "biased": self.biased, "bias_score": round(self.bias_score, 4),
                "subjective": self.subjective, "subjectivity": round(self.subjectivity, 4),
                "loaded": [h.to_dict() for h in self.loaded],
                "opinion": [h.to_dict() for h in self.opinion],
                "hedges": [h.to_dict() for h in self.hedges],
                "attributions": [a.to_dict() for a in self.attributions],
                "quotes": [q.to_dict() for q in self.quotes if q.kind == "quote"],
                "replies": [h.to_dict() for h in self.replies],
                "features": {k: round(v, 4) for k, v in self.features.items()}}


@dataclass(frozen=True)
class Loaded:
    """A loaded stretch of words: one or more adjacent lexicon hits, or a scare quote."""

    start: int
    end: int
    text: str
    kind: str                   # loaded, label, intensifier, evaluative, reporting or scare_quote
    terms: tuple[str, ...]
    weight: float
    neutral: str = ""

    def to_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
               "terms": list(self.terms), "weight": round(self.weight, 3)}
        if self.neutral:
            out["neutral"] = self.neutral
        return out


def _learned(text: str, start: int, toks, words, loaded: list[Loaded], quoted) -> list[Loaded]:
    taken = [(sp.start, sp.end) for sp in loaded] + list(quoted)
    out = []
    for t, p in words.flag(text[start:], toks):
        s, e = t.start + start, t.end + start
        if not any(a <= s < b for a, b in taken):
            out.append(Loaded(s, e, text[s:e], "learned", (t.norm,), round(p, 3)))
    return out


def _loaded_from_hit(h: Hit) -> Loaded:
    return Loaded(h.start, h.end, h.text, h.kind, (h.entry.phrase,), h.entry.weight, h.entry.neutral)


def _merge_adjacent(text: str, spans: list[Loaded], offset: int) -> list[Loaded]:
    """Join loaded spans separated only by a space or hyphen ("rioting thugs")."""
    out: list[Loaded] = []
    for sp in sorted(spans, key=lambda x: (x.start, -x.end)):
        if out and sp.start <= out[-1].end:
            if sp.end > out[-1].end:
                out[-1] = _join(text, out[-1], sp, offset)
            continue
        if out and re.fullmatch(r"[ \t'‘\"“-]{1,3}", text[out[-1].end - offset:sp.start - offset]):
            out[-1] = _join(text, out[-1], sp, offset)
            continue
        out.append(sp)
    return out


def _join(text: str, a: Loaded, b: Loaded, offset: int) -> Loaded:
    main = a if a.weight >= b.weight else b
    end = max(a.end, b.end)
    return Loaded(a.start, end, text[a.start - offset:end - offset], main.kind, a.terms + b.terms,
                  max(a.weight, b.weight), a.neutral or b.neutral)


def scan(text: str, start: int, end: int, lexicon: Lexicon, quotes: list[Quote], words=None) -> dict:
    """Lexicon hits and quotes of ``text[start:end]``, offsets into ``text``; ``words`` (a
    WordModel) adds loaded words that the lexicons do not list."""
    toks = list(text_tokens(text[start:end]))
    hits = [h for h in lexicon.match(text[start:end], start, toks=toks) if _keep(h, start)]
    in_sentence = [q for q in quotes if start <= q.start < end]
    quoted = [(q.outer_start, q.outer_end) for q in in_sentence if q.kind == "quote"]

    def outside(h) -> bool:  # words inside someone's quotation are theirs, not the writer's
        return not any(a <= h.start < b for a, b in quoted)

    hits = [h for h in hits if outside(h) or h.kind in ("reply", "defender")]
    scare = [Loaded(q.outer_start, q.outer_end, text[q.outer_start:q.outer_end], "scare_quote", (q.text,), 0.8)
             for q in in_sentence if q.kind == "scare"]
    loaded = [_loaded_from_hit(h) for h in hits if h.kind in LOADED_KINDS
              or (h.kind == "reporting" and h.entry.weight >= LOADED_VERB)]
    if words is not None:
        loaded += _learned(text, start, toks, words, loaded, quoted)
    return {
        "hits": hits,
        "start": start,
        "n_words": len(toks),
        "loaded": _merge_adjacent(text, loaded + scare, 0),
        "opinion": [h for h in hits if h.kind == "opinion"],
        "weasel": [h for h in hits if h.kind == "weasel"],
        "hedges": [h for h in hits if h.kind == "hedge" and h.entry.weight >= STRONG_HEDGE],
        "replies": [h for h in hits if h.kind == "reply"],
        "defenders": [h for h in hits if h.kind == "defender"],
        "quotes": in_sentence,
        "quoted": quoted,
        "scare": scare,
    }


def _keep(hit: Hit, start: int) -> bool:
    """Drop the month "May" read as the hedge "may"."""
    if hit.kind == "hedge" and hit.entry.phrase == "may" and hit.start > start:
        return not _ORDINARY_MAY.match(hit.text)
    return True


def attributions(text: str, found: dict) -> list[Attribution]:
    """Who a claim is credited to: reporting verbs with their subject, "according to", weasels."""
    out = []
    weasel_spans = [(h.start, h.end) for h in found["weasel"]]
    for h in found["hits"]:
        if h.kind != "reporting" or any(a <= h.start < b for a, b in weasel_spans):
            continue
        kind = "according" if h.entry.phrase in ("according to", "as reported by") else "reporting"
        s, e = _subject_span(text, h, kind, found["start"])
        out.append(Attribution(s, e, text[s:e], h.entry.phrase, kind, h.entry.weight))
    for h in found["weasel"]:
        out.append(Attribution(h.start, h.end, h.text, h.entry.phrase, "weasel", h.entry.weight))
    return sorted(out, key=lambda a: (a.start, a.end))


def _subject_span(text: str, hit: Hit, kind: str, sentence_start: int) -> tuple[int, int]:
    if kind == "according":
        m = re.match(r"[^,.;:!?\"“”\n]{1,80}", text[hit.end:])
        return hit.start, hit.end + (len(m.group().rstrip()) if m else 0)
    lo = max(sentence_start, hit.start - 60)
    before = text[lo:hit.start]
    m = re.search(r"(?:^|[,;:—(\"“”]\s*|\bthat\s+)([^,;:—(\"“”]*)$", before)
    words = (m.group(1) if m else before).split()[-5:]
    if not words:
        return hit.start, hit.end
    sub = " ".join(words)
    pos = text.rfind(words[0], lo, hit.start)
    return (pos if pos >= 0 and len(sub) < 60 else hit.start), hit.end


def features(text: str, found: dict) -> dict[str, float]:
    n = max(found["n_words"], 1)
    norm = (n / 20.0) ** 0.5
    loaded = sum(len(h.terms) * h.weight for h in found["loaded"] if h.kind in ("loaded", "label"))
    evaluative = sum(len(h.terms) * h.weight for h in found["loaded"]
                     if h.kind in ("evaluative", "intensifier", "reporting"))
    learned = sum(h.weight for h in found["loaded"] if h.kind == "learned")
    quoted_chars = sum(b - a for a, b in found["quoted"])
    return {
        "loaded": loaded / norm,
        "evaluative": evaluative / norm,
        "opinion": sum(h.entry.weight for h in found["opinion"]) / norm,
        "weasel": sum(h.entry.weight for h in found["weasel"]),
        "scare": float(len(found["scare"])),
        "punct": float(text.count("!") + text.rstrip().endswith("?")),
        "quoted": quoted_chars / max(len(text), 1),
        "learned": learned / norm,
    }


def analyse_sentences(text: str, sentences: list[Sentence], lexicon: Lexicon | None = None,
                      embedder=None, quotes: list[Quote] | None = None,
                      learned: bool = True, scored=None) -> list[SentenceAnalysis]:
    """Analyse the given sentences of ``text``; ``embedder`` adds the opinion model (to the
    sentences whose positions are in ``scored``, default all) and (with ``learned``) the learned
    loaded-word detector."""
    lexicon = lexicon or default_lexicon()
    quotes = extract_quotes(text) if quotes is None else quotes
    chosen = range(len(sentences)) if scored is None else sorted(set(scored))
    logits = model_logits([sentences[k].text for k in chosen], embedder)
    logit_of = {} if logits is None else dict(zip(chosen, logits.tolist()))
    words = word_model(embedder) if learned else None
    near = _quotes_within(quotes, sentences)
    return [_result(text, s, scan(text, s.start, s.end, lexicon, near[k], words), logit_of.get(k))
            for k, s in enumerate(sentences)]


def _quotes_within(quotes: list[Quote], sentences: list[Sentence]) -> list[list[Quote]]:
    """Per sentence, the quotes starting inside it, in their order in ``quotes``: what ``scan``
    keeps of them, found by binary search rather than a pass over every quote per sentence."""
    order = sorted(range(len(quotes)), key=lambda k: quotes[k].start)
    starts = [quotes[k].start for k in order]
    return [[quotes[k] for k in sorted(order[bisect.bisect_left(starts, s.start):bisect.bisect_left(starts, s.end)])]
            for s in sentences]


def _result(text: str, s: Sentence, found: dict, logit: float | None) -> SentenceAnalysis:
    x = features(s.text, found)
    semantic = logit is not None
    if logit is not None:
        x["model"] = logit
    bias, subj = combine(x, "bias", semantic), combine(x, "subjectivity", semantic)
    return SentenceAnalysis(
        s.index, s.start, s.end, s.text, tuple(found["loaded"]), tuple(found["opinion"]),
        tuple(found["hedges"]), tuple(attributions(text, found)), tuple(found["quotes"]),
        tuple(found["replies"]), x, bias, bias >= threshold("bias", semantic),
        subj, subj >= threshold("subjectivity", semantic))


def analyse_text(text: str, article_id: str = "", lexicon: Lexicon | None = None,
                 embedder=None) -> list[SentenceAnalysis]:
    return analyse_sentences(text, split_sentences(text, article_id), lexicon, embedder)


def analyse_many(texts: list[str], lexicon: Lexicon | None = None, embedder=None,
                 learned: bool = True) -> list[SentenceAnalysis]:
    """Batch: each text is one sentence with offsets into itself; embeddings in one call."""
    lexicon = lexicon or default_lexicon()
    logits = model_logits(texts, embedder)
    words = word_model(embedder) if learned else None
    out = []
    for k, text in enumerate(texts):
        s = Sentence("", 0, 0, len(text), text)
        found = scan(text, 0, len(text), lexicon, extract_quotes(text), words)
        out.append(_result(text, s, found, None if logits is None else float(logits[k])))
    return out


def analyse_one(text: str, lexicon: Lexicon | None = None, embedder=None,
                learned: bool = True) -> SentenceAnalysis:
    """The whole of ``text`` as one sentence (a headline, a batch line)."""
    return analyse_many([text], lexicon, embedder, learned)[0]
