"""Pieces every command shares: the output format switch, batch output and input paths."""
from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

from ..errors import InputError
from ..report.files import write_file
from ..report.safe import json_text
from . import ui


class Format(str, Enum):
    text = "text"
    json = "json"


def emit(fmt: Format, output: Path | None, as_json: Callable[[], str], render: Callable) -> None:
    """JSON text, or ``render(console)`` for the terminal; to ``output`` when given, else stdout."""
    if fmt == Format.json:
        text = json_text(as_json().rstrip("\n")) + "\n"
        write_output(output, text) if output else sys.stdout.write(text)
        return
    if not output:
        render(ui.console())
        return
    buffer = io.StringIO()
    render(ui.console(file=buffer))
    write_output(output, buffer.getvalue())


def write_output(path: Path | str, text: str, what: str = "") -> None:
    """Write a result file whole and name it on stderr."""
    write_file(path, text)
    ui.wrote(path, what)


class JsonlOut:
    """One JSON line per batch result, to ``output`` or stdout; counts the lines that carry "error"."""

    def __init__(self, output: Path | None):
        try:
            self._fh = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 (close() closes it)
        except OSError as exc:
            raise InputError(str(output), f"cannot write ({exc.strerror})") from None
        self._own = output is not None
        self._path = output
        self.total = 0
        self.failed = 0

    def write(self, row: dict) -> None:
        from ..report.json import dumps
        from ..schemas import stamped
        self._fh.write(json_text(dumps(stamped(row), pretty=False)) + "\n")
        self._fh.flush()
        self.total += 1
        self.failed += "error" in row

    def close(self) -> None:
        if self._own:
            self._fh.close()
            ui.wrote(self._path, f"{self.total} result line(s) to")


@contextmanager
def jsonl_out(output: Path | None) -> Iterator[JsonlOut]:
    """Batch output; when the batch ends with failed lines, say so on stderr and exit 1."""
    out = JsonlOut(output)
    try:
        yield out
    finally:
        out.close()
    if out.failed:
        ui.say(f"{out.failed} of {out.total} batch lines failed (see their \"error\")")
        raise SystemExit(1)


def internal_error(where: str, exc: BaseException) -> str:
    """The one-line "error" of a batch line that failed through a bug rather than bad input."""
    detail = " ".join(str(exc).split())[:200]
    return f"{where}: internal error ({type(exc).__name__}: {detail}); the other lines went on"


ALLOW_PRIVATE_HELP = ("Let URLs reach loopback, private, link-local and cloud-metadata addresses "
                      "(refused by default).")
ALLOW_OUTSIDE_HELP = "Let --batch lines name files outside the batch file's folder."


def stdin_once(command: str, paths) -> None:
    """Standard input can be read once: ``-`` given for two articles would compare it with nothing."""
    if sum(str(p) == "-" for p in paths if p is not None) > 1:
        raise InputError(command, "'-' (standard input) given more than once; it can be read for one article only")


def use_fetch_policy(ctx, allow_private: bool) -> None:
    """URLs this command reads follow --allow-private; the policy ends with the command's context."""
    from ..ingest.fetch import fetch_policy
    ctx.with_resource(fetch_policy(allow_private=allow_private))


def batch_path(raw: str, batch: Path, allow_outside: bool, where: str) -> Path:
    """A file a batch line names: a relative path resolves under the batch file's folder only, and
    one that leaves that folder (``..``, an absolute path, a symlink out) is refused unless
    ``allow_outside``."""
    import json
    folder = batch.parent
    path = folder / raw  # an absolute ``raw`` replaces the folder
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop
        raise InputError(where, f"{json.dumps(raw)[:200]} is not a usable path") from None
    if not inside and not allow_outside:
        raise InputError(where, f"{json.dumps(raw)[:200]} is outside the batch file's folder "
                                "(use --allow-paths-outside to read it)")
    return path


URLS_HELP = "A file of http(s) URLs, one a line (any file named *.urls is read the same way)."
INPUT_HELP = "a text, HTML, JSON, JSON Lines or WARC file, a folder, a glob, - (standard input) or an http(s) URL"


def gather(specs, urls: Path | None = None) -> list:
    """Every article the inputs name (``redline.ingest.expand``), each input read whole: a bad
    one is an error naming it."""
    from ..ingest import expand, load_articles
    named = [(spec, expand([spec])) for spec in specs or []]
    if urls:
        named.append((urls, expand([], [urls])))
    out = []
    for spec, inputs in named:
        found = list(inputs)
        if not found:
            raise InputError(str(spec), "is a folder with no files in it")
        for item in found:
            if isinstance(item, InputError):
                raise item
            out.extend(load_articles(item))
    return out
