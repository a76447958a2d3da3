"""What every command says on the terminal, said one way: consoles that honour ``--color`` and
``NO_COLOR``, progress bars only on a terminal, the quiet/verbose switches, the line naming a file
written, and the list of inputs skipped."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

SHOWN_SKIPS = 20  # skipped inputs listed before "... and N more" (all of them with --verbose)


@dataclass
class Settings:
    quiet: bool = False
    verbose: bool = False
    color: str = "auto"  # auto | always | never


settings = Settings()


def configure(quiet: bool = False, verbose: bool = False, color: str = "auto") -> None:
    settings.quiet, settings.verbose, settings.color = quiet, verbose and not quiet, color


def console(stderr: bool = False, file=None, width: int | None = None):
    """A Rich console: colour on a terminal unless NO_COLOR is set, or as ``--color`` says."""
    from rich.console import Console
    color = settings.color
    if file is not None:
        return Console(file=file, width=width or 120, force_terminal=False, no_color=True, highlight=False)
    if color == "never" or (color == "auto" and os.environ.get("NO_COLOR")):
        return Console(stderr=stderr, no_color=True, highlight=False, width=width)
    if color == "always":
        return Console(stderr=stderr, force_terminal=True, highlight=False, width=width)
    return Console(stderr=stderr, highlight=False, width=width)


def say(message: str) -> None:
    """A line for the user on stderr (``redline: …``), unless ``--quiet``."""
    if not settings.quiet:
        from ..report.safe import clean
        print(f"redline: {clean(message)}", file=sys.stderr)


def note(message: str) -> None:
    say(f"note: {message}")


def wrote(path, what: str = "") -> None:
    """Name a file the command wrote, so the user knows where to look."""
    say(f"wrote {what + ' ' if what else ''}{path}")


class _NoBar:
    def add_task(self, *_a, **_k) -> int:
        return 0

    def advance(self, *_a, **_k) -> None:
        pass

    def update(self, *_a, **_k) -> None:
        pass


@contextmanager
def progress() -> Iterator:
    """A transient Rich progress bar on stderr when stderr is a terminal and not ``--quiet``;
    otherwise an object with the same methods that draws nothing (a pipe or log gets no bar)."""
    stream = sys.stderr
    if settings.quiet or stream is None or not stream.isatty():
        yield _NoBar()
        return
    from rich.progress import Progress
    with Progress(transient=True, console=console(stderr=True)) as bar:
        yield bar


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner with ``message`` on stderr while a long step runs, on a terminal only (as ``progress``)."""
    stream = sys.stderr
    if settings.quiet or stream is None or not stream.isatty():
        yield
        return
    with console(stderr=True).status(message):
        yield


def skipped(lines: list[str], read: int, what: str = "article") -> None:
    """The one format for inputs passed over: ``redline: skipped <where>: <why>`` per input (the
    first ``SHOWN_SKIPS``, all with ``--verbose``), then a count."""
    if not lines or settings.quiet:
        return
    shown = lines if settings.verbose else lines[:SHOWN_SKIPS]
    for line in shown:
        say(f"skipped {line}")
    if len(lines) > len(shown):
        say(f"... and {len(lines) - len(shown)} more skipped (--verbose lists them all)")
    say(f"{len(lines)} input(s) skipped, {read} {what}(s) read")
