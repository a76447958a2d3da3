"""Show a licence verdict: terminal (rich), JSON, and a self-contained HTML page."""
from __future__ import annotations

from importlib import resources
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Comparison
from ..report.safe import clean, text

STATUS_STYLE = {"met": "green", "unmet": "bold red", "partial": "dark_orange", "unknown": "yellow"}
VERDICT_STYLE = {"compliant": "bold green", "breach": "bold red", "undetermined": "bold yellow"}


def as_json(c: Comparison) -> str:
    from ..report.json import dumps
    return dumps(result_dict(c))


def result_dict(c: Comparison) -> dict[str, Any]:
    return {"redline": 1, "source": c.source.metadata(), "derived": c.derived.metadata(),
            "derivation": c.derivation, "reuse": round(c.reuse, 4), "counts": c.counts(),
            "license": dict(c.license or {})}


def render_terminal(c: Comparison, console: Console | None = None) -> None:
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
    table.add_column("detail", ratio=2)
    table.add_column("evidence", ratio=3)
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
    """The report's shared page shell when present, else a plain escaped page."""
    try:
        from ..report.html import Targets, article_card, license_view, render_page
    except ImportError:
        return _plain_page(c)
    targets = Targets([(c.derived, "d"), (c.source, "s0-")])
    folder = str(resources.files("redline.license") / "templates")
    return render_page("license.html", search_path=(folder,), scripts=(),
                       title=f"redline licence check: {c.derived.title or c.derived.id}",
                       license=license_view(c.license, targets),
                       source=article_card(c.source, "Source"), copy=article_card(c.derived, "Copy"),
                       derivation=c.derivation, reuse=c.reuse)


def _plain_page(c: Comparison) -> str:
    import jinja2
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(PLAIN)
    return template.render(c=c, lic=c.license or {})


PLAIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>redline licence check</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td{vertical-align:top;padding:.3em}
.met{color:#070}.unmet{color:#b00}.partial{color:#b60}.unknown{color:#880}</style></head><body>
<h1>Licence check: {{ lic.verdict }}</h1><p>{{ lic.summary }}</p>
<p>Source: {{ c.source.id }} · Copy: {{ c.derived.id }}</p>
{% if lic.policy %}<p>Policy: {{ lic.policy.name }} ({{ lic.policy.origin }})</p>
<ul>{% for e in lic.policy.evidence %}<li>{{ e.text }}</li>{% endfor %}</ul>{% endif %}
<table><tr><th>Requirement</th><th>Status</th><th>Detail</th><th>Evidence</th></tr>
{% for r in lic.requirements %}<tr><td>{{ r.name }}</td><td class="{{ r.status }}">{{ r.status }}</td>
<td>{{ r.detail }}</td><td>{% for e in r.evidence %}<div>{{ e.text }}</div>{% endfor %}</td></tr>{% endfor %}
</table></body></html>
"""
