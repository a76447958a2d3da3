"""Readable, coloured terminal summary of a comparison (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Comparison
from .safe import clean, markup, text

COLOURS = {"verbatim": "bold red", "edited": "dark_orange", "paraphrase": "yellow",
           "added": "cyan", "dropped": "magenta", "kept": "green"}
SEVERITY = {"high": "bold red", "medium": "dark_orange", "low": "yellow"}


def render(c: Comparison, console: Console | None = None, width: int = 100) -> None:
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
