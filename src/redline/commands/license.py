"""``redline license SOURCE COPY``: was the copy republished on the terms its source allows?"""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ..errors import InputError
from . import ui
from .common import ALLOW_PRIVATE_HELP, INPUT_HELP, Format, emit, gather, stdin_once, use_fetch_policy, write_output


class Use(str, Enum):
    commercial = "commercial"
    noncommercial = "noncommercial"


def register(app: typer.Typer) -> None:
    app.command("license")(license_cmd)


def license_cmd(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="SOURCE", help=f"The original article: {INPUT_HELP}."),
    copy: str = typer.Argument(..., metavar="COPY", help="The republished copy to check (read the same ways)."),
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
    """Check that a copy credits and keeps its source the way the source's terms require.

    \b
    Examples:
      redline license examples/wire.txt examples/rewrite.txt
      redline license wire.html https://example.org/copy --policy cc-by-nd
      redline license story.txt copy.txt -f json --html terms.html
    """
    use_fetch_policy(ctx, allow_private)
    stdin_once("license", [source, copy])
    from ..license import check_comparison, load_policy
    from ..pipeline import Comparer

    policy_obj = load_policy(policy)
    src, cpy = (_one(x) for x in (source, copy))
    with ui.working("checking"):
        comparison = Comparer(semantic=None if semantic else False).compare(sources=[src], derived=cpy)
        comparison = check_comparison(comparison, policy_obj, use.value if use else None)
    if html is not None:
        from ..report.license import render_html
        write_output(html, render_html(comparison), "the report to")
    from ..report.license import as_json, render_text
    emit(fmt, output, lambda: as_json(comparison), lambda console: render_text(comparison, console))


def _one(spec: str):
    arts = gather([spec])
    if len(arts) != 1:
        raise InputError(spec, f"holds {len(arts)} articles; expected one")
    return arts[0]
