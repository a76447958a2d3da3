"""The licence verdict behind ``redline license``: terminal (rich), JSON, and a self-contained HTML page."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Comparison
from .json import dumps
from .page import render_page
from .safe import clean, text
from .views import Targets, article_card, license_view

STATUS_STYLE = {"met": "green", "unmet": "bold red", "partial": "dark_orange", "unknown": "yellow"}
VERDICT_STYLE = {"compliant": "bold green", "breach": "bold red", "undetermined": "bold yellow"}


def as_json(c: Comparison) -> str:
    return dumps(result_dict(c))


def result_dict(c: Comparison) -> dict[str, Any]:
    return {"redline": 1, "source": c.source.metadata(), "derived": c.derived.metadata(),
            "derivation": c.derivation, "reuse": round(c.reuse, 4), "counts": c.counts(),
            "license": dict(c.license or {})}


def render_text(c: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    lic = c.license or {}
    verdict = str(lic.get("verdict", "undetermined"))
    console.print(Text.assemble(("redline license", "bold"),
                                f"  source: {clean(c.source.id)}  →  copy: {clean(c.derived.id)}"))
    console.print(Text.assemble("Verdict: ", (clean(verdict), VERDICT_STYLE.get(verdict, "bold")),
                                f" · {c.derivation} derived, reuse {c.reuse:.0%}"))
    console.print(text(lic.get("summary", ""), style="dim", multiline=True))
    policy = lic.get("policy")
    if policy:
        console.print(text(f"Policy: {policy['name']} ({policy['origin']}) — edits {policy['edits']}, "
                           f"commercial {'yes' if policy['commercial'] else 'no'}, "
                           f"headline changes {'yes' if policy['headline'] else 'no'}"))
        for ev in policy.get("evidence", []):
            console.print(text(f"  stated: {_short(ev.get('text', ''))}", style="dim"))
    if not lic.get("requirements"):
        return
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("requirement", width=12)
    table.add_column("status", width=8)
    table.add_column("detail", ratio=2, overflow="fold")
    table.add_column("evidence", ratio=3, overflow="fold")  # addresses wrap, never cut
    for req in lic["requirements"]:
        evidence = "\n".join(_short(_ev_text(e)) for e in req.get("evidence", [])[:3]) or "—"
        table.add_row(text(req["name"]), text(req["status"], style=STATUS_STYLE.get(req["status"], "")),
                      text(req.get("detail", ""), multiline=True), text(evidence, multiline=True))
    console.print(table)


def _ev_text(e: dict[str, Any]) -> str:
    where = e.get("problem") or e.get("kind") or e.get("in", "")
    return f"[{where}] {e.get('value') or e.get('text', '')}"


def _short(text: str, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_html(c: Comparison) -> str:
    """The page behind ``redline license --html``."""
    targets = Targets([(c.derived, "d"), (c.source, "s0-")])
    return render_page("license.html", scripts=(),
                       title=f"redline licence check: {c.derived.title or c.derived.id}",
                       license=license_view(c.license, targets),
                       source=article_card(c.source, "Source"), copy=article_card(c.derived, "Copy"),
                       derivation=c.derivation, reuse=c.reuse)
