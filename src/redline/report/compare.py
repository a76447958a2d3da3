"""The comparison report behind ``redline compare``: the coloured terminal summary (rich) and the
self-contained HTML page (``compare.html``)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..explain import SEVERITY_ORDER
from ..model import LABELS, Article, Comparison, Finding
from .page import render_page
from .safe import clean, markup, text
from .views import (
    Mark,
    SentenceView,
    Targets,
    article_card,
    findings_view,
    humanise,
    license_view,
    plain,
    text_view,
    token,
)

LABEL_HELP = {
    "verbatim": "copied word for word",
    "edited": "copied with some words changed",
    "paraphrase": "same meaning, different words",
    "added": "not found in the source",
    "dropped": "source sentence left out of the derived article",
    "kept": "source sentence used in the derived article",
}
DERIVATION_TEXT = {"wholly": "Wholly derived", "partially": "Partially derived", "none": "Not derived"}
COLOURS = {"verbatim": "bold red", "edited": "dark_orange", "paraphrase": "yellow",
           "added": "cyan", "dropped": "magenta", "kept": "green"}
SEVERITY = {"high": "bold red", "medium": "dark_orange", "low": "yellow"}


def render_text(c: Comparison, console: Console | None = None, width: int = 100) -> None:
    """The terminal summary behind ``redline compare``."""
    console = console or Console(width=width)
    src = ", ".join(a.id for a in c.sources)
    console.print(Text.assemble(("redline compare", "bold"),
                                f"  source: {clean(src)}  →  derived: {clean(c.derived.id)}"))
    d = c.direction
    how = "inferred" if d.inferred else "given"
    console.print(f"Verdict: [bold]{c.derivation}[/bold] derived · reuse {c.reuse:.0%} · "
                  f"source {how} ({markup(d.source)}, confidence {d.confidence:.2f})", emoji=False)
    for r in d.reasons:
        console.print(clean(f"  · {r.signal}: {r.detail}"), style="dim", markup=False, highlight=False, emoji=False)
    counts = c.counts()
    console.print("  " + "  ".join(f"[{COLOURS[k]}]{k} {counts[k]}[/]" for k in
                                   ("verbatim", "edited", "paraphrase", "added", "kept", "dropped")))
    for note in c.notes:
        console.print(f"note: {clean(note)}", style="yellow", markup=False, emoji=False)
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column("#", justify="right", width=3)
    table.add_column("label", width=10)
    table.add_column("score", justify="right", width=5)
    table.add_column("derived sentence", ratio=3)
    table.add_column("source", ratio=1)
    for m in c.derived_sentences:
        refs = ", ".join(f"{r.article}#{r.index}" if len(c.sources) > 1 else f"#{r.index}" for r in m.sources)
        table.add_row(str(m.index), Text(m.label, style=COLOURS[m.label]), f"{m.score:.2f}",
                      _highlighted(m), text(refs or "—"))
    console.print(table)
    dropped = [s for s in c.source_sentences if s.status == "dropped"]
    if dropped:
        console.print(f"[magenta]Dropped from the source ({len(dropped)}):[/]")
        for s in dropped:
            prefix = f"{s.article}#{s.index}" if len(c.sources) > 1 else f"#{s.index}"
            console.print(text(f"  {prefix} {s.text}", style="magenta", multiline=True))
    if c.findings:
        console.print(f"[bold]Findings ({len(c.findings)}):[/]")
        for f in c.findings:
            console.print(Text.assemble((f"  [{f.severity}] ", SEVERITY.get(f.severity, "")),
                                        (f.kind, "bold"), f" — {clean(f.explanation, multiline=True)}"))
    if c.license:
        lic = c.license
        console.print(Text.assemble(("Licence: ", "bold"), clean(lic.get("verdict", "")),
                                    " — ", clean(lic.get("summary", ""), multiline=True)))


def _highlighted(m) -> Text:
    return text(m.text, multiline=True,
                spans=[(sp.derived.start - m.start, sp.derived.end - m.start, "bold") for sp in m.spans])


def render_html(comparison: Comparison, chosen: dict[str, Any] | None = None) -> str:
    """One self-contained HTML page for ``redline compare --html``. ``chosen`` says that a tool, not
    the user, picked the source and why: {"by", "what", "confidence", "reasons", "back", "page"}."""
    context = comparison_context(comparison)
    context["direction"] = {**context["direction"], "chosen": chosen}
    return render_page("compare.html", **context)


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
            "bars": bars, "rest": plain(rest)}


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
    return [(s, token(s), counts[s]) for s in sorted(counts, key=lambda s: (SEVERITY_ORDER.get(s, 3), s))]


def _direction(c: Comparison) -> dict[str, Any]:
    d = c.direction
    names = {a.id: (a.outlet or a.title or a.id) for a in (*c.sources, c.derived)}
    given = " and ".join(names[a.id] for a in c.sources)
    return {"inferred": d.inferred, "confidence": d.confidence, "source": d.source,
            "source_name": (None if d.source is None else names.get(d.source, d.source)) if d.inferred else given,
            "several": len(c.sources) > 1, "chosen": None,
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
        out.append(SentenceView(m.start, m.end, m.paragraph, f"d{m.index}", f"sent lab-{token(m.label)}",
                                title, links, {"label": m.label, "n": str(m.index + 1)}))
    return out


def _source_sentences(c: Comparison, article: Article, prefix: str, label_of) -> list[SentenceView]:
    out = []
    for s in c.source_sentences:
        if s.article != article.id:
            continue
        links = tuple(f"d{i}" for i in s.derived)
        cls = f"sent st-{token(s.status)}"
        if s.derived:
            cls += f" lab-{token(label_of.get(s.derived[0], 'kept'))}"
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
        rows.append({"n": m.index + 1, "id": f"d{m.index}", "label": m.label, "lt": token(m.label),
                     "score": m.score, "text": m.text,
                     "sources": [{"where": _ref_name(c, r.article, r.index),
                                  "anchor": f"{prefixes.get(r.article, '')}{r.index}",
                                  "text": texts.get((r.article, r.index), "")} for r in m.sources]})
    return rows
