"""The pieces a page is built from, as plain data for ``macros.html``: article cards, the text
with highlighted ranges, findings and licence verdicts with their evidence located in the texts.

* ``article_card(article, role)`` feeds ``ui.article_card(card)``.
* ``text_view(article, sentences, marks)`` (paragraphs of ``SentenceView`` elements with
  highlighted ``Mark`` ranges, offsets into ``article.text``) feeds ``ui.article_text(paragraphs)``.
* ``Targets([(article, id_prefix, name), ...])`` says where evidence may point;
  ``findings_view(findings, targets)`` feeds ``ui.findings`` and ``license_view(license, targets)``
  feeds ``ui.license``; the located evidence becomes marks in ``targets.marks[article id]``.
"""
from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..explain import SEVERITY_ORDER, TITLE_SUFFIX
from ..model import Article, Evidence, Finding

STANDARD_FINDING_KEYS = {"kind", "severity", "explanation", "score", "derived", "source"}
REQUIREMENT_KEYS = {"name", "status", "evidence", "detail", "explanation"}


@dataclass(frozen=True)
class Mark:
    """A highlighted character range ``[start, end)`` of an article's text."""

    start: int
    end: int
    cls: str
    ref: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class SentenceView:
    """One sentence element: offsets into the text plus the attributes the page gives it."""

    start: int
    end: int
    paragraph: int
    id: str
    cls: str = ""
    title: str | None = None
    links: tuple[str, ...] = ()
    data: Mapping[str, str] = field(default_factory=dict)


def humanise(kind: Any) -> str:
    text = str(kind).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays plain text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def article_card(article: Article, role: str, targets: Targets | None = None) -> dict[str, Any]:
    """Metadata for ``ui.article_card``; with ``targets`` the headline carries its evidence marks."""
    card: dict[str, Any] = {"role": role, "id": article.id, "title": article.title, "byline": article.byline,
            "outlet": article.outlet, "date": article.date, "url": article.url,
            "href": safe_url(article.url), "name": article.outlet or article.title or article.id,
            "anchor": None, "title_parts": None}
    entry = targets.articles.get(article.id + TITLE_SUFFIX) if targets else None
    if targets and entry and article.title:
        card["anchor"] = entry[1]
        card["title_parts"] = _segments(article.title, 0, len(article.title),
                                        _MarkIndex(targets.marks[article.id + TITLE_SUFFIX]))
    return card


def text_view(article: Article, sentences: Iterable[SentenceView],
              marks: Iterable[Mark] = ()) -> list[list[dict[str, Any]]]:
    """The article text as paragraphs of pieces (sentences and the text between them).

    Every character of ``article.text`` appears once, in order; ``marks`` become highlighted
    segments clipped to the sentence or gap they fall in.
    """
    text = article.text
    index = _MarkIndex(m for m in marks if 0 <= m.start < m.end <= len(text))
    paragraphs: list[list[dict[str, Any]]] = []
    pos, current = 0, None
    for sent in sorted(sentences, key=lambda s: s.start):
        if sent.start < pos:
            continue
        if sent.paragraph != current or not paragraphs:
            _between_paragraphs(paragraphs, text, pos, sent.start, index)
            paragraphs.append([])
            current = sent.paragraph
        elif pos < sent.start:
            paragraphs[-1].append(_piece(text, pos, sent.start, index))
        paragraphs[-1].append(_piece(text, sent.start, sent.end, index, sent))
        pos = sent.end
    _between_paragraphs(paragraphs, text, pos, len(text), index)
    return paragraphs


def _between_paragraphs(paragraphs, text: str, start: int, end: int, marks) -> None:
    """Text outside any sentence between paragraphs (usually blank lines) keeps its own paragraph."""
    chunk = text[start:end]
    if not chunk.strip():
        return
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    paragraphs.append([_piece(text, start + lead, end - trail, marks)])


def _piece(text: str, start: int, end: int, marks, sent: SentenceView | None = None) -> dict[str, Any]:
    piece: dict[str, Any] = {"sentence": sent is not None, "start": start, "end": end,
                             "segments": _segments(text, start, end, marks)}
    if sent is not None:
        piece.update(id=sent.id, cls=sent.cls, title=sent.title, links=" ".join(sent.links),
                     data=dict(sent.data))
    return piece


class _MarkIndex:
    """Marks sorted by start, so the marks overlapping a range are found without scanning them all."""

    def __init__(self, marks: Iterable[Mark]):
        self.marks = sorted(marks, key=lambda m: (m.start, m.end, m.cls))
        self.starts = [m.start for m in self.marks]
        self.longest = max((m.end - m.start for m in self.marks), default=0)

    def overlapping(self, start: int, end: int) -> list[Mark]:
        lo = bisect.bisect_right(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.marks[lo:hi] if m.end > start]


def _segments(text: str, start: int, end: int, marks: _MarkIndex) -> list[dict[str, Any]]:
    inside = marks.overlapping(start, end)
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in inside if m.start <= a and m.end >= b]
        classes = " ".join(dict.fromkeys(m.cls for m in active))
        refs = " ".join(dict.fromkeys(m.ref for m in active if m.ref))
        titles = "; ".join(dict.fromkeys(m.title for m in active if m.title))
        out.append({"text": text[a:b], "start": a, "end": b, "cls": classes, "refs": refs,
                    "title": titles or None})
    return out


def evidence_items(value: Any) -> list[dict[str, Any]]:
    """Evidence of any shape (Evidence, dict, list, string) as a flat list of dicts with ``text``."""
    if value is None or value == "" or value == [] or value == ():
        return []
    if isinstance(value, Evidence):
        return [value.to_dict()]
    if isinstance(value, Mapping):
        item = {k: value.get(k) for k in ("article", "sentence", "start", "end", "in")}
        item["text"] = _evidence_text(value)
        item["label"] = next((str(value[k]) for k in ("kind", "problem", "label", "name", "element", "in")
                              if value.get(k)), None)
        return [item]
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in evidence_items(v)]
    return [{"text": str(value)}]


def _evidence_text(value: Mapping) -> str:
    for key in ("text", "quote", "detail", "value", "summary"):
        if value.get(key):
            return str(value[key])
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, default=str)


class Targets:
    """Articles that evidence may point into: id -> (article, DOM id prefix, name shown to readers).

    ``locate`` checks an evidence item's offsets against the article text and collects a ``Mark``
    for it in ``marks[article id]``, ready for ``text_view``.
    """

    def __init__(self, entries: Sequence[tuple]):
        self.articles: dict[str, tuple[Article, str, str]] = {}
        for entry in entries:
            article, prefix = entry[0], entry[1]
            name = entry[2] if len(entry) > 2 else article.id
            self.articles[article.id] = (article, prefix, name)
            # evidence in a headline names the article id + "#title" and counts into the title
            self.articles[article.id + TITLE_SUFFIX] = (
                Article(article.id + TITLE_SUFFIX, article.title or ""), f"{prefix}title", f"{name} headline")
        self.marks: dict[str, list[Mark]] = {key: [] for key in self.articles}

    def locate(self, item: dict[str, Any], cls: str, ref: str, title: str,
               mark: bool = True) -> dict[str, Any]:
        """``item`` plus ``where``/``anchor``/``found``; adds a Mark when its offsets check out."""
        art_id = item.get("article")
        entry = self.articles.get(art_id) if isinstance(art_id, str) else None
        start, end, sentence = item.get("start"), item.get("end"), item.get("sentence")
        out = {"article": None, "sentence": None, "start": None, "end": None, "text": "", "label": None,
               **item, "found": False, "anchor": None, "where": None}
        if item.get("article") is not None:
            name = entry[2] if entry else str(item["article"])
            out["where"] = f"{name}, sentence {sentence + 1}" if isinstance(sentence, int) else name
        place = item.get("in")
        if place not in (None, "text"):
            # seen in the page (its HTML, metadata, JSON-LD): offsets, if any, count into that, not the text
            out["found"] = None
            if out["where"]:
                out["where"] = f"{out['where']}, page {place}"
            return out
        if entry is None:
            return out
        article, prefix, _ = entry
        if (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.text)
                and (item.get("text") in (None, "") or article.text[start:end] == item["text"])):
            out["found"] = True
            if mark:
                self.marks[article.id].append(Mark(start, end, cls, ref, title))
        if isinstance(sentence, int):
            out["anchor"] = f"{prefix}{sentence}"
        elif article.id.endswith(TITLE_SUFFIX):
            out["anchor"] = prefix
        return out


def findings_view(findings: Sequence[Finding], targets: Targets) -> list[dict[str, Any]]:
    ordered = sorted(enumerate(findings), key=lambda p: (SEVERITY_ORDER.get(p[1].severity, 3), p[0]))
    out = []
    for n, (_, f) in enumerate(ordered, 1):
        ref = f"f{n}"
        title = f"{humanise(f.kind)}: {f.explanation}"
        cls = f"ev sev-{token(f.severity)}"
        items = [targets.locate(e.to_dict(), cls, ref, title) for e in (*f.derived, *f.source)]
        extra = {k: v for k, v in f.to_dict().items() if k not in STANDARD_FINDING_KEYS}
        out.append({"ref": ref, "kind": f.kind, "severity": f.severity, "sev": token(f.severity),
                    "explanation": f.explanation, "score": f.score, "evidence": items,
                    "data": plain(extra)})
    return out


def license_view(lic: Mapping[str, Any] | None, targets: Targets) -> dict[str, Any] | None:
    if lic is None:
        return None
    policy = lic.get("policy") or {}
    if not isinstance(policy, Mapping):
        policy = {"name": policy}
    n = 0

    def locate(value, title):
        nonlocal n
        out = []
        for item in evidence_items(value):
            n += 1
            out.append(targets.locate(item, "ev ev-licence", f"l{n}", title, mark=False))
        return out

    policy_evidence = locate(policy.get("evidence"), "Licence terms")
    reqs = []
    for req in lic.get("requirements") or []:
        req = req if isinstance(req, Mapping) else {"name": req}
        status = str(req.get("status", "unknown"))
        reqs.append({"name": str(req.get("name", "")), "status": status, "st": token(status),
                     "evidence": locate(req.get("evidence"), f"Licence: {req.get('name', '')}"),
                     "detail": req.get("detail") or req.get("explanation"),
                     "data": plain({k: v for k, v in req.items() if k not in REQUIREMENT_KEYS})})
    verdict = str(lic.get("verdict") or "undetermined")
    known = {"policy", "requirements", "verdict", "summary"}
    return {"verdict": verdict, "vt": token(verdict), "summary": lic.get("summary"),
            "policy": {"name": policy.get("name"), "origin": policy.get("origin"),
                       "evidence": policy_evidence,
                       "data": plain({k: v for k, v in policy.items() if k not in ("name", "origin", "evidence")})},
            "requirements": reqs,
            "data": plain({k: v for k, v in lic.items() if k not in known})}


def plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Values as short readable strings for a key/value list."""
    return {str(k): _plain_value(v) for k, v in data.items()}


def _plain_value(v: Any) -> Any:
    if isinstance(v, Mapping):
        return plain(v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, (str, int, float)):
        return str(v)
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, int, float)) for x in v):
        return ", ".join(str(x) for x in v) or "—"
    return json.dumps(v, ensure_ascii=False, default=str)


def token(value: Any) -> str:
    """A CSS-class-safe word (class names are built from it; the value itself is shown escaped)."""
    return "".join(ch for ch in str(value).lower() if ch.isalnum() or ch == "-")[:24] or "other"

