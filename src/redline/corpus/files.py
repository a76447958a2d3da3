"""The inputs of `corpus add`: the files under the paths given, and the articles in each file.

Every item is independent: an item that cannot be read is yielded as the InputError that says
why, in its place, and whatever a reader raises ends that file only, never the add.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..ingest import article_from_object, article_from_text, guess_kind, iter_paths, read_text
from ..ingest.jsonl import json_lines, read_json_lines
from ..model import Article
from .store import safe_text

# One input item: where it came from ("file", "file:line", "file[3]" or an article id) and the
# article read there, or the reason it could not be read.
Item = tuple[str, Article | InputError]


def input_files(paths: Iterable[str], store_path: Path | None = None) -> list[Path]:
    """Files under ``paths``, leaving out the store's own files (the database, its WAL and index)."""
    paths = [str(p) for p in paths]
    for p in paths:
        if not p.strip():
            raise InputError('""', "an empty path names no file or folder")
        if not Path(p).exists():
            raise InputError(p, "no such file or folder")
    return [f for f in iter_paths(paths) if not _belongs_to_store(f, store_path)]


def _belongs_to_store(path: Path, store_path: Path | None) -> bool:
    if store_path is None:
        return False
    store = store_path.resolve()
    path = path.resolve()
    return any(p.parent == store.parent and p.name.startswith(store.name)
               for p in (path, *path.parents))


def iter_file(path: Path) -> Iterator[Item]:
    """(where, article) for each article of one file; an InputError in place of each one that
    cannot be read. Whatever a reader raises ends that file only, never the add."""
    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            yield name, InputError(name, "is not a regular file")
            return
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _articles(read_json_lines(path))
            return
        text = read_text(path)
        kind = guess_kind(name, text)
        if kind == "jsonl":
            yield from _articles(json_lines(text, name))
            return
        arts = article_from_text(text, name, kind)
        for k, art in enumerate(arts):
            yield (name if len(arts) == 1 else f"{name}[{k}]"), art
    except InputError as err:
        yield name, err
    except OSError as exc:
        yield name, InputError(name, f"cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # a reader's fault on hostile input: skip the file, keep the add going
        yield name, InputError(name, f"could not be read ({describe(exc)})")


def _articles(lines: Iterable[tuple[str, object]]) -> Iterator[Item]:
    for where, obj in lines:
        yield where, obj if isinstance(obj, InputError) else _article(obj, where)


def _article(obj, where: str) -> Article | InputError:
    try:
        return article_from_object(obj, where)
    except InputError as err:
        return err
    except Exception as exc:
        return InputError(where, f"could not be read ({describe(exc)})")


def describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return safe_text(f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__)
