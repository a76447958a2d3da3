"""``redline license SOURCE COPY``: was the copy republished on the terms its source allows?"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError


class Format(str, Enum):
    text = "text"
    json = "json"


class Use(str, Enum):
    commercial = "commercial"
    noncommercial = "noncommercial"


def register(app: typer.Typer) -> None:
    app.command("license")(license_cmd)


def license_cmd(
    source: str = typer.Argument(..., help="The original article (text, HTML or JSON)."),
    copy: str = typer.Argument(..., help="The republished copy to check."),
    policy: str = typer.Option("auto", "--policy", "-p",
                               help="'auto' (the source's own terms), a built-in policy name, or a TOML file."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
    use: Optional[Use] = typer.Option(None, "--use", help="Declare how the copy is used, for non-commercial terms."),
    semantic: bool = typer.Option(False, "--semantic/--no-semantic",
                                  help="Use sentence embeddings to label paraphrases (slower; same verdict)."),
) -> None:
    """Check that a copy credits and keeps its source the way the source's terms require."""
    from ..compare import Comparer
    from ..license import check_comparison, load_policy

    policy_obj = load_policy(policy)
    comparison = Comparer(semantic=None if semantic else False).compare(sources=[source], derived=copy)
    comparison = check_comparison(comparison, policy_obj, use.value if use else None)
    if html is not None:
        from ..license.render import render_html
        _write(html, render_html(comparison))
    if fmt == Format.json:
        from ..license.render import as_json
        text = as_json(comparison) + "\n"
        if output:
            _write(output, text)
        else:
            sys.stdout.write(text)
        return
    from rich.console import Console
    from ..license.render import render_terminal
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            render_terminal(comparison, Console(file=fh, width=120, force_terminal=False))
    else:
        render_terminal(comparison, Console())


def _write(path: Path, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write ({exc.strerror})") from None
