"""Does a copy keep the source's text as the policy's ``edits`` setting requires?

``none``: every substantive sentence of the source is in the copy, unchanged apart from typography
(quote marks, dashes, spacing), in the same order, and the copy adds no substantive sentence.
``style-only``: as ``none``, but a kept sentence may change in style: at most a couple of ordinary
words (or more in a long sentence; inflections such as said/says count as none) while its numbers,
quotations, names, negations and qualifiers stay the same; order is free.
Non-substantive sentences (credit lines, terms notices, newsletter and donation appeals, author
bios, photo credits) may be dropped or added under both.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..model import Comparison
from ..text.dates import DATELINE_PREFIX
from ..text.normalise import STOPWORDS, normalise, tokens
from ..text.numbers import number_values
from ..text.quotes import quoted_passages

BOILERPLATE = re.compile(
    r"republish|republication|reprint|creative\s+commons|\bCC\s+BY\b|first\s+(?:appeared|published)|"
    r"originally\s+(?:appeared|published|ran)|appeared\s+first|this\s+(?:story|article|report)\s+(?:was|is)\s+"
    r"(?:produced|published|republished|part)|\bsign\s+up\b|newsletter|\bsubscribe\b|\bdonat\w+|"
    r"support\s+(?:our|independent|local)\s+(?:journalism|reporting|newsroom)|contact\s+(?:the\s+)?(?:reporter|writer|author)|"
    r"\b[\w.+-]+@[\w-]+\.[\w.]+|follow\s+(?:us|him|her|them)\s+on|^\s*related\s*:|^\s*read\s+more\b|"
    r"copyright|©|all\s+rights\s+reserved|^\s*photo(?:graph)?\s*(?:by|credit|:)|"
    r"\bis\s+an?\s+(?:\w+\s+)?(?:reporter|correspondent|writer|editor|journalist)\s+(?:for|at|with)\b|\bwrites\s+for\b|"
    r"contributed\s+(?:to\s+)?this\s+(?:report|story)|^\s*(?:editing|reporting|writing)\s+by\b|^\s*by\s+[A-Z]|"
    r"^\s*[-–—]+\s*[A-Z][\w.&'’ -]{1,60}$|^\s*\(?[A-Z]{2,6}\)?\s*$|"
    r"^\s*(?:story|words|text|reporting|written|photos?|source|credits?|licen[cs]e)\s*:",
    re.I)
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot n't".split())
QUALIFIERS = frozenset("""
largely mostly partly nearly almost about around roughly approximately least more less fewer most
only just allegedly reportedly apparently possibly probably likely unlikely some many several few
all every each always sometimes often rarely
""".split())
FINDING_KINDS = ("quote_altered", "fact_changed")
MAX_EVIDENCE = 25


def substantive(text: str) -> bool:
    words = [t.norm for t in tokens(text)]
    return len(words) >= 3 and not BOILERPLATE.search(text)


def typography(text: str) -> str:
    text = normalise(unicodedata.normalize("NFKC", text))
    text = text.replace("...", "…")
    return " ".join(re.sub(r"\s*([\"'(),;:.!?-])\s*", r"\1", text).split())


def terms_paragraphs(items) -> set[tuple[str, int]]:
    """(article, paragraph) of paragraphs that state republication terms: all of it is boilerplate."""
    from .terms import TRIGGER
    return {(getattr(i, "article", ""), i.paragraph) for i in items if TRIGGER.search(i.text)}


def _substantive(item, boiler: set[tuple[str, int]]) -> bool:
    return (getattr(item, "article", ""), item.paragraph) not in boiler and substantive(item.text)


def check_edits(comparison: Comparison, mode: str) -> tuple[str, list[dict[str, Any]], str]:
    """Status, evidence and a short explanation for the ``edits`` requirement."""
    problems = _sentence_problems(comparison, mode) + _dropped(comparison)
    if mode == "none":
        problems += _reordered(comparison)
    problems += _finding_problems(comparison)
    if not problems:
        what = "unchanged" if mode == "none" else "changed in style only"
        return "met", [], f"every substantive sentence is kept {what}"
    kinds = sorted({p["problem"] for p in problems})
    detail = f"{len(problems)} sentence(s) {', '.join(kinds)} (edits allowed: {mode})"
    return "unmet", problems[:MAX_EVIDENCE], detail


def _sentence_problems(c: Comparison, mode: str) -> list[dict[str, Any]]:
    texts = {(s.article, s.index): s.text for s in c.source_sentences}
    boiler = terms_paragraphs(c.derived_sentences)
    out = []
    for m in c.derived_sentences:
        if not _substantive(m, boiler):
            continue
        if m.label in ("added", "paraphrase"):
            out.append(_evidence(c.derived.id, m, "added" if m.label == "added" else "paraphrased"))
            continue
        source = " ".join(texts.get((r.article, r.index), "") for r in m.sources)
        if mode == "none" and typography(source) != typography(m.text):
            out.append(_evidence(c.derived.id, m, "edited", source))
        elif mode == "style-only" and not style_only(source, m.text):
            out.append(_evidence(c.derived.id, m, "edited beyond style", source))
    return out


def _evidence(article: str, m, problem: str, source: str | None = None) -> dict[str, Any]:
    out = {"article": article, "sentence": m.index, "start": m.start, "end": m.end, "text": m.text,
           "problem": problem, "label": m.label}
    if source is not None:
        out["source_text"] = source
    return out


def _dropped(c: Comparison) -> list[dict[str, Any]]:
    boiler = terms_paragraphs(c.source_sentences)
    return [{"article": s.article, "sentence": s.index, "start": s.start, "end": s.end, "text": s.text,
             "problem": "dropped"}
            for s in c.source_sentences if s.status == "dropped" and _substantive(s, boiler)]


def _reordered(c: Comparison) -> list[dict[str, Any]]:
    last, out = None, []
    for m in c.derived_sentences:
        if not m.sources or not substantive(m.text):
            continue
        first = (m.sources[0].article, m.sources[0].index)
        if last is not None and first[0] == last[0] and first[1] < last[1]:
            out.append(_evidence(c.derived.id, m, "moved"))
        last = max(((r.article, r.index) for r in m.sources), default=last)
    return out


def _finding_problems(c: Comparison) -> list[dict[str, Any]]:
    """Altered quotes and changed facts found by the explain step, outside credit lines and notices."""
    boiler = terms_paragraphs(c.derived_sentences)
    plain = {m.index for m in c.derived_sentences if not _substantive(m, boiler)}
    out = []
    for f in c.findings:
        if f.kind not in FINDING_KINDS:
            continue
        derived = [e for e in f.derived if e.sentence not in plain]
        if f.derived and not derived:
            continue
        for e in derived or f.source:
            out.append({**e.to_dict(), "problem": f.kind.replace("_", " "), "explanation": f.explanation})
    return out


def style_only(source: str, derived: str) -> bool:
    """True when ``derived`` restates ``source`` with only style-level changes (see module doc)."""
    source, derived = DATELINE_PREFIX.sub("", source, count=1), DATELINE_PREFIX.sub("", derived, count=1)
    if number_values(source) != number_values(derived) or _quotes(source) != _quotes(derived):
        return False
    src, drv = _words(source), _words(derived)
    if {w for w in src if w in NEGATIONS} != {w for w in drv if w in NEGATIONS}:
        return False
    if {w for w in src if w in QUALIFIERS} != {w for w in drv if w in QUALIFIERS}:
        return False
    if not _names(source) <= set(drv) or not _names(derived) <= set(src):
        return False
    lost = {w for w in src if w not in STOPWORDS} - set(drv)
    new = {w for w in drv if w not in STOPWORDS} - set(src)
    changes = len(lost) + len(new) - 2 * _inflections(lost, new)
    return changes <= max(2, round(0.1 * len(set(src) - STOPWORDS)))


LEMMAS = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "added": "add", "adds": "add",
          "wrote": "write", "writes": "write", "noted": "note", "notes": "note"}


def _words(text: str) -> list[str]:
    words = [LEMMAS.get(t.norm, t.norm) for t in tokens(text)]
    return words + ["not"] * len(re.findall(r"n['’]t\b", text))


def _quotes(text: str) -> set[str]:
    folded = normalise(text)
    return {" ".join(q.split()).strip(" ,.") for q in quoted_passages(folded)}


def _names(text: str) -> set[str]:
    toks = tokens(text)
    out = set()
    for i, t in enumerate(toks):
        word = text[t.start:t.end]
        starts_sentence = i == 0 or re.search(r"[.!?\"“]\s*$", text[:t.start])
        if word[:1].isupper() and not starts_sentence and t.norm not in STOPWORDS:
            out.add(t.norm)
    return out


def _inflections(lost: set[str], new: set[str]) -> int:
    pairs, used = 0, set[str]()
    for a in sorted(lost):
        for b in sorted(new - used):
            stem = 0
            while stem < min(len(a), len(b)) and a[stem] == b[stem]:
                stem += 1
            if stem >= 3 and stem >= 0.6 * min(len(a), len(b)):
                pairs += 1
                used.add(b)
                break
    return pairs
