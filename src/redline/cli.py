"""The ``redline`` command line. Each command lives in ``redline.commands.<name>``."""
from __future__ import annotations

import errno
import importlib
import os
import sys

import typer

from .errors import RedlineError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="redline: where did a news article come from, what was changed, "
                       "and was it republished on its source's terms?")


@app.callback()
def _root() -> None:
    """redline: where did a news article come from, what was changed, and was it republished on its terms?"""


COMMANDS = ("compare", "framing", "license", "corpus", "serve")
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


def main() -> None:
    if sys.stdout is None:
        sys.stdout = _Closed("standard output")
    try:
        app()
    except RedlineError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        raise SystemExit(0) from None
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())
    except Exception as exc:  # a bug, not bad input: still one line, the traceback on request
        if os.environ.get("REDLINE_DEBUG"):
            raise
        fail(f"internal error ({type(exc).__name__}: {exc}); set REDLINE_DEBUG=1 to see the traceback", 1)
