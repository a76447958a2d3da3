"""Self-contained HTML reports (jinja2, autoescaped, inline CSS/JS, no external fetches).

``render_comparison(comparison)`` writes the page behind ``redline compare --html``.

Writing another page (framing, trace, lineage) with the same look
--------------------------------------------------------------------
Templates live in ``redline/report/templates/``; CSS and JS in ``redline/report/static/``.

* ``base.html`` is the page shell. Extend it, pass ``title=`` and fill ``{% block main %}``;
  optional blocks are ``title`` (the ``<title>`` text), ``heading`` (the page header) and ``head``
  (extra ``<head>`` markup). Undefined variables are errors (StrictUndefined). The shell inlines every file named in ``styles`` and ``scripts`` and sets a
  Content-Security-Policy that allows exactly those scripts (by hash) and nothing from the network.
* ``macros.html`` holds the reusable pieces; import them with
  ``{% import "macros.html" as ui %}``: ``ui.article_card(card)``, ``ui.article_text(paragraphs)``,
  ``ui.legend(items)``, ``ui.badge(text, cls)``, ``ui.bar(items)``, ``ui.findings(findings)``,
  ``ui.license(lic)``, ``ui.mapping(dict)`` and ``ui.evidence_list(items)``.
* Build their inputs with the helpers here: ``article_card(article, role)``, ``text_view(article,
  sentences, marks)`` (paragraphs of ``SentenceView`` elements with highlighted ``Mark`` ranges,
  offsets into ``article.text``), ``Targets([(article, id_prefix, name), ...])`` (where evidence
  may point), ``findings_view(findings, targets)`` and ``license_view(license, targets)``.
* Render with ``render_page("my_page.html", scripts=("report.js",), **context)``; extra template
  folders can be passed as ``search_path``, and a script or style of another package as
  ``"package:path"`` (e.g. a vendored graph library). docs/html.md has a worked example.
  ``report.js`` gives linking for free: any element with
  ``data-links="id1 id2"`` highlights and scrolls to those ids on hover/click, and any element with
  ``data-show-finding="f3"`` highlights the ``mark`` elements whose ``data-findings`` contain ``f3``.

Article text is untrusted: autoescape is always on, text reaches the page only through ``{{ }}``
and ids built here; never mark article text ``|safe``.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

import jinja2
from markupsafe import Markup

from ..model import LABELS, Article, Comparison, Evidence, Finding

LABEL_HELP = {
    "verbatim": "copied word for word",
    "edited": "copied with some words changed",
    "paraphrase": "same meaning, different words",
    "added": "not found in the source",
    "dropped": "source sentence left out of the derived article",
    "kept": "source sentence used in the derived article",
}
DERIVATION_TEXT = {"wholly": "Wholly derived", "partially": "Partially derived", "none": "Not derived"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
STANDARD_FINDING_KEYS = {"kind", "severity", "explanation", "score", "derived", "source"}
TITLE_SUFFIX = "#title"
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


# --- jinja environment ---------------------------------------------------------------------

@lru_cache(maxsize=8)
def environment(search_path: tuple[str, ...] = ()) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(list(search_path))] if search_path else []
    loaders.append(jinja2.PackageLoader("redline.report", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["percent"] = lambda x: f"{round(100 * float(x))}%"
    env.filters["humanise"] = humanise
    return env


@lru_cache(maxsize=32)
def asset(name: str) -> str:
    """The text of a file in ``redline/report/static``, or of ``"package:path"`` in another package."""
    package, _, path = name.rpartition(":") if ":" in name else ("redline.report", "", f"static/{name}")
    return resources.files(package).joinpath(path).read_text(encoding="utf-8")


def render_page(template: str, *, styles: Sequence[str] = ("report.css",),
                scripts: Sequence[str] = ("report.js",), search_path: Sequence[str] = (),
                **context: Any) -> str:
    """Render ``template`` (which extends ``base.html``) with inlined styles and scripts."""
    css = [Markup(asset(n)) for n in styles]
    js = [Markup(asset(n)) for n in scripts]
    hashes = " ".join(f"'sha256-{_sha256(s)}'" for s in js)
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {hashes or chr(39) + 'none' + chr(39)}; base-uri 'none'; form-action 'none'")
    from .. import __version__
    page = environment(tuple(search_path)).get_template(template)
    return page.render(inline_styles=css, inline_scripts=js, csp=csp, version=__version__, **context)


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# --- generic views -------------------------------------------------------------------------

def humanise(kind: Any) -> str:
    text = str(kind).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays plain text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def article_card(article: Article, role: str, targets: "Targets | None" = None) -> dict[str, Any]:
    """Metadata for ``ui.article_card``; with ``targets`` the headline carries its evidence marks."""
    card = {"role": role, "id": article.id, "title": article.title, "byline": article.byline,
            "outlet": article.outlet, "date": article.date, "url": article.url,
            "href": safe_url(article.url), "name": article.outlet or article.title or article.id,
            "anchor": None, "title_parts": None}
    entry = targets.articles.get(article.id + TITLE_SUFFIX) if targets else None
    if entry and article.title:
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
    marks = _MarkIndex(m for m in marks if 0 <= m.start < m.end <= len(text))
    paragraphs: list[list[dict[str, Any]]] = []
    pos, current = 0, None
    for sent in sorted(sentences, key=lambda s: s.start):
        if sent.start < pos:
            continue
        if sent.paragraph != current or not paragraphs:
            _between_paragraphs(paragraphs, text, pos, sent.start, marks)
            paragraphs.append([])
            current = sent.paragraph
        elif pos < sent.start:
            paragraphs[-1].append(_piece(text, pos, sent.start, marks))
        paragraphs[-1].append(_piece(text, sent.start, sent.end, marks, sent))
        pos = sent.end
    _between_paragraphs(paragraphs, text, pos, len(text), marks)
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
        item = {k: value.get(k) for k in ("article", "sentence", "start", "end")}
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
        if entry is None:
            return out
        article, prefix, _ = entry
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(article.text):
            if item.get("text") in (None, "") or article.text[start:end] == item["text"]:
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
        cls = f"ev sev-{_token(f.severity)}"
        items = [targets.locate(e.to_dict(), cls, ref, title) for e in (*f.derived, *f.source)]
        extra = {k: v for k, v in f.to_dict().items() if k not in STANDARD_FINDING_KEYS}
        out.append({"ref": ref, "kind": f.kind, "severity": f.severity, "sev": _token(f.severity),
                    "explanation": f.explanation, "score": f.score, "evidence": items,
                    "data": _plain(extra)})
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
        reqs.append({"name": str(req.get("name", "")), "status": status, "st": _token(status),
                     "evidence": locate(req.get("evidence"), f"Licence: {req.get('name', '')}"),
                     "detail": req.get("detail") or req.get("explanation"),
                     "data": _plain({k: v for k, v in req.items() if k not in REQUIREMENT_KEYS})})
    verdict = str(lic.get("verdict") or "undetermined")
    known = {"policy", "requirements", "verdict", "summary"}
    return {"verdict": verdict, "vt": _token(verdict), "summary": lic.get("summary"),
            "policy": {"name": policy.get("name"), "origin": policy.get("origin"),
                       "evidence": policy_evidence,
                       "data": _plain({k: v for k, v in policy.items() if k not in ("name", "origin", "evidence")})},
            "requirements": reqs,
            "data": _plain({k: v for k, v in lic.items() if k not in known})}


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Values as short readable strings for a key/value list."""
    return {str(k): _plain_value(v) for k, v in data.items()}


def _plain_value(v: Any) -> Any:
    if isinstance(v, Mapping):
        return _plain(v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, (str, int, float)):
        return str(v)
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, int, float)) for x in v):
        return ", ".join(str(x) for x in v) or "—"
    return json.dumps(v, ensure_ascii=False, default=str)


def _token(value: Any) -> str:
    """A CSS-class-safe word (class names are built from it; the value itself is shown escaped)."""
    return "".join(ch for ch in str(value).lower() if ch.isalnum() or ch == "-")[:24] or "other"


# --- the comparison page -------------------------------------------------------------------

def render_comparison(comparison: Comparison) -> str:
    """One self-contained HTML page for ``redline compare --html``."""
    return render_page("compare.html", **comparison_context(comparison))


def comparison_context(c: Comparison) -> dict[str, Any]:
    prefixes = {a.id: f"s{k}-" for k, a in enumerate(c.sources)}
    several = len(c.sources) > 1
    targets = Targets([(c.derived, "d", "derived"),
                       *((a, prefixes[a.id], f"source {k + 1}" if several else "source")
                         for k, a in enumerate(c.sources))])
    findings = findings_view(c.findings, targets)
    lic = license_view(c.license, targets)
    counts = c.counts()
    label_of = _source_labels(c)
    return {
        "title": f"redline: {c.derived.title or c.derived.id}",
        "verdict": _verdict(c, counts),
        "direction": _direction(c),
        "bars": _bars(c, counts),
        "notes": list(c.notes),
        "framing": framing_view(c.framing),
        "kinds": _kind_counts(findings),
        "derived": {"card": article_card(c.derived, "Derived", targets),
                    "paragraphs": text_view(c.derived, _derived_sentences(c, prefixes),
                                            [*_shared_marks(c, c.derived.id), *targets.marks[c.derived.id],
                                             *chrome_marks(c.derived)])},
        "sources": [{"card": article_card(a, "Source" if len(c.sources) == 1 else f"Source {k + 1}", targets),
                     "panel": f"panel-s{k}",
                     "paragraphs": text_view(a, _source_sentences(c, a, prefixes[a.id], label_of),
                                             [*_shared_marks(c, a.id), *targets.marks[a.id], *chrome_marks(a)])}
                    for k, a in enumerate(c.sources)],
        "legend": _legend(),
        "findings": findings,
        "license": lic,
        "rows": _rows(c, prefixes),
    }


def framing_view(framing: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The framing summary: its 0-1 score and components as bars when present, the rest as a list."""
    if not framing:
        return None
    score = framing.get("score")
    parts = framing.get("components")
    bars = []
    if isinstance(parts, Mapping):
        bars = [{"name": humanise(k), "value": float(v), "width": round(100 * max(0.0, min(1.0, float(v))), 1)}
                for k, v in parts.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    rest = {k: v for k, v in framing.items() if k not in ("score", "components") or
            (k == "score" and not isinstance(v, (int, float))) or (k == "components" and not bars)}
    return {"score": float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None,
            "bars": bars, "rest": _plain(rest)}


def _kind_counts(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = {}
    for f in findings:  # already sorted most severe first, so the first seen sets the colour
        entry = kinds.setdefault(f["kind"], {"kind": f["kind"], "sev": f["sev"], "count": 0, "ref": f["ref"]})
        entry["count"] += 1
    return sorted(kinds.values(), key=lambda k: -k["count"])


def _verdict(c: Comparison, counts: dict[str, int]) -> dict[str, Any]:
    src = " and ".join(a.outlet or a.title or a.id for a in c.sources)
    drv = c.derived.outlet or c.derived.title or c.derived.id
    n = len(c.derived_sentences)
    reused = n - counts["added"]
    return {"level": c.derivation, "headline": DERIVATION_TEXT.get(c.derivation, humanise(c.derivation)),
            "statement": f"{drv} is {DERIVATION_TEXT.get(c.derivation, c.derivation).lower()} from {src}.",
            "reuse": c.reuse,
            "detail": (f"{reused} of its {n} sentences come from the source; {counts['added']} are new. "
                       f"{counts['dropped']} of the source's {counts['kept'] + counts['dropped']} "
                       "sentences were left out."),
            "counts": counts, "findings": len(c.findings),
            "by_severity": _severity_counts(c.findings)}


def _severity_counts(findings: Sequence[Finding]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return [(s, _token(s), counts[s]) for s in sorted(counts, key=lambda s: (SEVERITY_ORDER.get(s, 3), s))]


def _direction(c: Comparison) -> dict[str, Any]:
    d = c.direction
    names = {a.id: (a.outlet or a.title or a.id) for a in (*c.sources, c.derived)}
    given = " and ".join(names[a.id] for a in c.sources)
    return {"inferred": d.inferred, "confidence": d.confidence, "source": d.source,
            "source_name": names.get(d.source, d.source) if d.inferred else given,
            "several": len(c.sources) > 1,
            "reasons": [{"signal": r.signal, "detail": r.detail, "weight": r.weight,
                         "favours": names.get(r.favours, r.favours) if r.favours else None}
                        for r in d.reasons]}


def _bars(c: Comparison, counts: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    def bar(keys):
        total = sum(counts[k] for k in keys) or 1
        return [{"label": k, "count": counts[k], "width": round(100 * counts[k] / total, 2),
                 "help": LABEL_HELP[k]} for k in keys]
    return {"derived": bar(LABELS), "source": bar(("kept", "dropped"))}


def _legend() -> list[dict[str, str]]:
    items = [{"cls": f"sent lab-{k}", "name": k, "help": LABEL_HELP[k]} for k in LABELS]
    items.append({"cls": "sent st-dropped", "name": "dropped", "help": LABEL_HELP["dropped"]})
    items.append({"cls": "shared", "name": "shared words", "help": "exact word runs found in both texts"})
    items.append({"cls": "ev sev-high", "name": "finding", "help": "evidence for a finding below"})
    return items


def _derived_sentences(c: Comparison, prefixes: dict[str, str]) -> list[SentenceView]:
    out = []
    for m in c.derived_sentences:
        links = tuple(f"{prefixes[r.article]}{r.index}" for r in m.sources if r.article in prefixes)
        where = ", ".join(_ref_name(c, r.article, r.index) for r in m.sources)
        title = f"{m.label} ({LABEL_HELP[m.label]}), score {m.score:.2f}" + (f"; from {where}" if where else "")
        out.append(SentenceView(m.start, m.end, m.paragraph, f"d{m.index}", f"sent lab-{_token(m.label)}",
                                title, links, {"label": m.label, "n": str(m.index + 1)}))
    return out


def _source_sentences(c: Comparison, article: Article, prefix: str, label_of) -> list[SentenceView]:
    out = []
    for s in c.source_sentences:
        if s.article != article.id:
            continue
        links = tuple(f"d{i}" for i in s.derived)
        cls = f"sent st-{_token(s.status)}"
        if s.derived:
            cls += f" lab-{_token(label_of.get(s.derived[0], 'kept'))}"
        used = ", ".join(f"derived sentence {i + 1}" for i in s.derived)
        title = f"{s.status} ({LABEL_HELP.get(s.status, '')})" + (f"; used in {used}" if used else "")
        out.append(SentenceView(s.start, s.end, s.paragraph, f"{prefix}{s.index}", cls, title, links,
                                {"status": s.status, "n": str(s.index + 1)}))
    return out


def _source_labels(c: Comparison) -> dict[int, str]:
    return {m.index: m.label for m in c.derived_sentences}


def _ref_name(c: Comparison, article: str, index: int) -> str:
    if len(c.sources) == 1:
        return f"source sentence {index + 1}"
    k = next((k for k, a in enumerate(c.sources) if a.id == article), None)
    return f"source {'?' if k is None else k + 1}, sentence {index + 1}"


def chrome_marks(article: Article) -> list[Mark]:
    """Page chrome lines, greyed: shown as read but not part of the comparison."""
    from ..text.chrome import chrome_of
    return [Mark(c["start"], c["end"], "chrome", title=f"page chrome ({c['kind']}): not compared")
            for c in chrome_of(article)]


def _shared_marks(c: Comparison, article_id: str) -> list[Mark]:
    out = []
    for m in c.derived_sentences:
        for sp in m.spans:
            if article_id == c.derived.id:
                out.append(Mark(sp.derived.start, sp.derived.end, "shared"))
            elif article_id == sp.source_article:
                out.append(Mark(sp.source.start, sp.source.end, "shared"))
    return out


def _rows(c: Comparison, prefixes: dict[str, str]) -> list[dict[str, Any]]:
    """The alignment as a table (works without JS and in print)."""
    texts = {(s.article, s.index): s.text for s in c.source_sentences}
    rows = []
    for m in c.derived_sentences:
        rows.append({"n": m.index + 1, "id": f"d{m.index}", "label": m.label, "lt": _token(m.label),
                     "score": m.score, "text": m.text,
                     "sources": [{"where": _ref_name(c, r.article, r.index),
                                  "anchor": f"{prefixes.get(r.article, '')}{r.index}",
                                  "text": texts.get((r.article, r.index), "")} for r in m.sources]})
    return rows
