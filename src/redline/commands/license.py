"""``redline license SOURCE COPY``: was the copy republished on the terms its source allows?"""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .common import ALLOW_PRIVATE_HELP, Format, emit, stdin_once, use_fetch_policy, write_file


class Use(str, Enum):
    commercial = "commercial"
    noncommercial = "noncommercial"


def register(app: typer.Typer) -> None:
    app.command("license")(license_cmd)


def license_cmd(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="The original article (text, HTML or JSON)."),
    copy: str = typer.Argument(..., help="The republished copy to check."),
    policy: str = typer.Option("auto", "--policy", "-p",
                               help="'auto' (the source's own terms), a built-in policy name, or a TOML file."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    html: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
    use: Use | None = typer.Option(None, "--use", help="Declare how the copy is used, for non-commercial terms."),
    semantic: bool = typer.Option(False, "--semantic/--no-semantic",
                                  help="Use sentence embeddings to label paraphrases (slower; same verdict)."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
) -> None:
    """Check that a copy credits and keeps its source the way the source's terms require."""
    use_fetch_policy(ctx, allow_private)
    stdin_once("license", [source, copy])
    from ..license import check_comparison, load_policy
    from ..pipeline import Comparer

    policy_obj = load_policy(policy)
    comparison = Comparer(semantic=None if semantic else False).compare(sources=[source], derived=copy)
    comparison = check_comparison(comparison, policy_obj, use.value if use else None)
    if html is not None:
        from ..report.license import render_html
        write_file(html, render_html(comparison))
    from ..report.license import as_json, render_text
    emit(fmt, output, lambda: as_json(comparison), lambda console: render_text(comparison, console))
