"""``redline schema KIND``: the JSON Schema of one output kind."""
from __future__ import annotations

import json
import sys

import typer

from ..errors import InputError
from ..schemas import KINDS, schema


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_cmd)


KIND_HELP = f"One of: {', '.join(KINDS)}. Without it, the kinds are listed."


def schema_cmd(kind: str | None = typer.Argument(None, metavar="KIND", help=KIND_HELP)) -> None:
    """Print the JSON Schema of one JSON output (every output carries "redline": its schema version).

    \b
    Examples:
      redline schema comparison
      redline schema trace > trace.schema.json
    """
    if kind is None:
        print("\n".join(KINDS))
        return
    try:
        data = schema(kind)
    except KeyError:
        raise InputError(kind, f"no such output kind (one of: {', '.join(KINDS)})") from None
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
