"""The inputs of `corpus add`: what the paths given name (``redline.ingest.inputs``: files, folders,
globs, ``-``, URLs, files of URLs), and the articles in each.

Every item is independent: an item that cannot be read is yielded as the InputError that says
why, in its place, and whatever a reader raises ends that input only, never the add.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..ingest import expand, is_url, read_input
from ..model import Article
from .store import safe_text

# One input item: where it came from ("file", "file:line", "file[3]" or an article id) and the
# article read there, or the reason it could not be read.
Item = tuple[str, Article | InputError]


def input_files(paths: Iterable[str | InputError], store_path: Path | None = None) -> list[str | InputError]:
    """The inputs under ``paths`` (a file, ``-`` or a URL each; a bad entry as its InputError),
    leaving out the store's own files (the database, its WAL and index). A path that names nothing
    is refused before anything is read; an InputError given stays in its place."""
    paths = list(paths)
    for p in (str(p) for p in paths if not isinstance(p, InputError)):
        if not p.strip():
            raise InputError('""', "an empty path names no file or folder")
        if not (p == "-" or is_url(p) or Path(p).exists() or set("*?[") & set(p)):
            raise InputError(p, "no such file or folder")
    out: list[str | InputError] = []
    for given in paths:
        found = [given] if isinstance(given, InputError) else expand([str(given)])
        out.extend(f for f in found if isinstance(f, InputError) or not _belongs_to_store(Path(f), store_path))
    return out


def _belongs_to_store(path: Path, store_path: Path | None) -> bool:
    if store_path is None:
        return False
    store = store_path.resolve()
    path = path.resolve()
    return any(p.parent == store.parent and p.name.startswith(store.name)
               for p in (path, *path.parents))


def iter_file(path: str | Path | InputError) -> Iterator[Item]:
    """(where, article) for each article of one input; an InputError in place of each one that
    cannot be read."""
    if isinstance(path, InputError):
        yield str(path.source), path
        return
    yield from read_input(str(path))


def describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return safe_text(f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__)
