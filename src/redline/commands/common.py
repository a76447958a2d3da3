"""Pieces every command shares: the output format switch and safe file writing."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Callable

from ..errors import InputError


class Format(str, Enum):
    text = "text"
    json = "json"


def write_file(path: Path | str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write ({exc.strerror})") from None


def emit(fmt: Format, output: Path | None, as_json: Callable[[], str], render: Callable) -> None:
    """JSON text, or ``render(console)`` for the terminal; to ``output`` when given, else stdout."""
    if fmt == Format.json:
        text = as_json().rstrip("\n") + "\n"
        write_file(output, text) if output else sys.stdout.write(text)
        return
    from rich.console import Console
    if not output:
        render(Console())
        return
    try:
        with open(output, "w", encoding="utf-8") as fh:
            render(Console(file=fh, width=120, force_terminal=False))
    except OSError as exc:
        raise InputError(str(output), f"cannot write ({exc.strerror})") from None
