"""The ``redline`` command line. Each command lives in ``redline.commands.<name>``."""
from __future__ import annotations

import errno
import importlib
import os
import shutil
import sys
from enum import Enum
from typing import Any

import typer
from typer._click.exceptions import ClickException, UsageError  # typer >= 0.29 carries its own click

from .commands import ui
from .errors import RedlineError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None)  # the help is _root's docstring, with its example


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        from . import __version__
        print(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool | None = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Nothing on stderr but errors: no progress bar, notes, skip lists, 'wrote' lines."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every skipped input, not only the first 20."),
    color: Color = typer.Option(Color.auto, "--color", metavar="WHEN",
                                help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never."),
) -> None:
    """redline: where did a news article come from, what was changed, and was it republished on its terms?

    \b
    Example:
      redline compare examples/wire.txt examples/rewrite.txt --html report.html
    """
    ui.configure(quiet=quiet, verbose=verbose, color=color.value)


COMMANDS = ("compare", "framing", "license", "corpus", "serve", "schema")
for _name in COMMANDS:
    importlib.import_module(f"redline.commands.{_name}").register(app)


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, no traceback, non-zero exit."""
    from .report.safe import clean
    print(f"redline: error: {clean(' '.join(str(message).split()))}", file=sys.stderr)
    raise SystemExit(code)


class _Closed:
    """Stands for a standard stream the caller closed (``>&-``): writing to it is an error, so a
    command that writes its result to ``--output`` still runs."""

    def __init__(self, name: str):
        self.name = name

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _help_width() -> int:
    """Help fills a wide terminal (click stops at 80 columns unless told)."""
    return max(shutil.get_terminal_size((80, 24)).columns - 2, 60)


def _plain_help(command: Any) -> None:
    """Help as git and ripgrep print it: ``--db PATH``, ``--format text|json``, never type tags
    (``<bool>``, ``<list[str]>``)."""
    from typer.core import TyperArgument
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperArgument):
            param.__dict__["display_type_rich"] = _no_type  # the argument's name says enough
        elif param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _metavar(param)
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


def _no_type(ctx: Any) -> None:
    return None


def _metavar(param: Any) -> str:
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc is not None and desc.is_path:
        return "PATH"
    if desc is not None and getattr(desc.annotation, "__name__", "") in ("int", "float"):
        return "N"
    return (param.name or "value").upper()


def _usage_error(exc: ClickException) -> str:
    """A usage error as ``<what>: <why>``: the command (and option) it concerns, then the problem."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "redline"
    where = path.removeprefix("redline").strip()
    param = getattr(exc, "param", None)
    why = exc.format_message()
    if param is not None and getattr(exc, "message", None):
        names = getattr(param, "opts", None) or [param.human_readable_name]
        where = f"{where} {names[0]}".strip()
        why = exc.message.removeprefix("Value error, ")
    why = why[:1].lower() + why[1:]
    hint = f" (see '{path} --help')" if isinstance(exc, UsageError) else ""
    return f"{where or 'redline'}: {why.rstrip('.')}{hint}"


def _pipe_closed() -> None:
    """The reader went away (``| head``): stop quietly, as cat and grep do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    raise SystemExit(0)


_FLAGS = ("-q", "--quiet", "-v", "--verbose")


def _hoist_globals(args: list[str]) -> list[str]:
    """``-q``, ``-v`` and ``--color`` work anywhere on the line, as in ripgrep: moved before the command."""
    front, rest, k = [], [], 0
    while k < len(args):
        arg = args[k]
        if arg == "--":
            rest += args[k:]
            break
        if arg in _FLAGS or arg.startswith("--color="):
            front.append(arg)
        elif arg == "--color" and k + 1 < len(args):
            front += args[k:k + 2]
            k += 1
        else:
            rest.append(arg)
        k += 1
    return front + rest


def main(argv: list[str] | None = None) -> None:
    if sys.stdout is None:
        sys.stdout = _Closed("standard output")
    command = typer.main.get_command(app)
    _plain_help(command)
    args = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    try:
        with command.make_context("redline", list(args), max_content_width=_help_width()) as ctx:
            command.invoke(ctx)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # ``redline`` alone: the help, as git does
            print(exc.format_message())
            raise SystemExit(0) from None
        fail(_usage_error(exc), exc.exit_code)
    except typer.Abort:
        fail("interrupted", 130)
    except RedlineError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        _pipe_closed()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _pipe_closed()
        fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())
    except Exception as exc:  # a bug, not bad input: still one line, the traceback on request
        if os.environ.get("REDLINE_DEBUG"):
            raise
        fail(f"internal error ({type(exc).__name__}: {exc}); set REDLINE_DEBUG=1 to see the traceback", 1)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _pipe_closed()
    except (OSError, ValueError, AttributeError):
        pass
    raise SystemExit(0)
