"""The one file writer: every page, report and output file redline writes goes through it."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import InputError
from ..ingest.clean import encodable


def write_file(path: Path | str, text: str) -> None:
    """Write ``text`` whole or not at all: a temporary file beside ``path``, renamed over it, so a
    failure never leaves an empty or half-written report."""
    target = Path(path)
    data = encodable(text).encode("utf-8")
    if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: write straight through
        try:
            target.write_bytes(data)
            return
        except OSError as exc:
            raise InputError(str(path), f"cannot write ({exc.strerror or exc})") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise InputError(str(path), f"cannot write ({exc.strerror or exc})") from None


def make_folder(folder: Path, parents: bool = False) -> None:
    """``folder`` for the reports written beside a page."""
    try:
        folder.mkdir(parents=parents, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot create ({exc.strerror})") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
