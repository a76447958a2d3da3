"""`corpus add`: read files, folders, JSON Lines and HTML into the store, a batch per transaction."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..ingest import article_from_object, article_from_text, iter_jsonl, read_text
from ..ingest import _guess_kind, iter_paths
from ..model import Article
from .shingles import fingerprint
from .store import Store


@dataclass
class AddReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicates

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "skipped": len(self.skipped),
                "skipped_inputs": self.skipped[:50], "seconds": round(self.seconds, 3),
                "articles_per_second": round(self.seen / self.seconds, 1) if self.seconds else None}


def input_files(paths: Iterable[str], store_path: Path | None = None) -> list[Path]:
    """Files under ``paths``, leaving out the store's own files (the database, its WAL and index)."""
    paths = [str(p) for p in paths]
    for p in paths:
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


def iter_file(path: Path) -> Iterator[Article | InputError]:
    """Articles of one file; an InputError in place of each one that cannot be read."""
    name = str(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from stream_jsonl(path)
        return
    try:
        text = read_text(path)
    except InputError as err:
        yield err
        return
    kind = _guess_kind(name, text)
    if kind == "jsonl":
        yield from iter_jsonl(text, name)
        return
    try:
        yield from article_from_text(text, name, kind)
    except InputError as err:
        yield err


def stream_jsonl(path: Path) -> Iterator[Article | InputError]:
    """JSON Lines read a line at a time, so a corpus file may be far larger than memory allows."""
    name = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror})")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{name}:{n}"
            try:
                obj = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield InputError(where, "line is not UTF-8 text")
                continue
            except json.JSONDecodeError as exc:
                yield InputError(where, f"malformed JSON ({exc.msg})")
                continue
            try:
                yield article_from_object(obj, where)
            except InputError as err:
                yield err


class Adder:
    """Writes articles in batches; each batch is one transaction and bumps the store's generation."""

    def __init__(self, store: Store, batch: int = 500, shingle: int = 3,
                 vectoriser: Callable[[list[Article]], list] | None = None,
                 on_batch: Callable[[int], None] | None = None):
        self.store = store
        self.batch = batch
        self.shingle = shingle
        self.vectoriser = vectoriser
        self.on_batch = on_batch
        self.report = AddReport()
        self._pending: list[Article] = []

    def feed(self, item: Article | InputError) -> None:
        if isinstance(item, InputError):
            self.report.skipped.append(str(item))
            return
        self._pending.append(item)
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        arts, self._pending = self._pending, []
        prepared = [(a, *fingerprint(a.text, self.shingle)) for a in arts]
        with self.store.guard("adding articles"), self.store.transaction():
            written = [(self._write(a, key, sh), a) for a, key, sh in prepared]
            fresh = [(doc, a) for doc, a in written if doc is not None and doc >= 0]
            if fresh and self.vectoriser is not None:
                for (doc, _), vec in zip(fresh, self.vectoriser([a for _, a in fresh])):
                    if vec is not None:
                        self.store.put_vector(doc, vec)
            if any(doc is not None for doc, _ in written):
                self.store.bump()
        if self.on_batch:
            self.on_batch(self.report.seen)

    def _write(self, art: Article, key: str, shingles) -> int | None:
        """The doc number written (new or updated text), -1 for a new alias, None for no change."""
        r = self.report
        old = self.store.existing(art.id)
        if old is not None:
            if old[1] == key:
                r.unchanged += 1
                return None
            self.store.update(old[0], art, key, shingles)
            r.updated += 1
            return old[0]
        same = self.store.by_key(key)
        if same is not None:
            if self.store.lookup(art.id) == same[0]:
                r.unchanged += 1
                return None
            self.store.alias(art.id, same[0])
            r.duplicates += 1
            return -1
        r.added += 1
        return self.store.insert(art, key, shingles)

    def run(self, items: Iterable[Article | InputError]) -> AddReport:
        start = time.perf_counter()
        for item in items:
            self.feed(item)
        self.flush()
        self.report.seconds += time.perf_counter() - start
        return self.report
