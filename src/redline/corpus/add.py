"""`corpus add`: articles into the store, a batch per transaction (``files`` reads them).

Every item is independent: an item that cannot be read or stored is skipped and listed with its
file, line and reason, and never rolls back or stops the others (each write runs under its own
savepoint inside the batch's transaction). Only faults of the store itself (locked, full, damaged)
stop an add.
"""
from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import InputError
from ..ingest.clean import too_long
from ..model import Article
from .files import Item, describe
from .shingles import fingerprint
from .store import Store, safe_text, unstorable

OUTCOMES = ("added", "updated", "unchanged", "duplicates")


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


def _item_fault(exc: Exception) -> bool:
    """An exception that belongs to the item being written, not to the store: the item is skipped.
    Locked, full or damaged stores (other sqlite3 errors) stop the add instead."""
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError)):
        return True
    return not isinstance(exc, sqlite3.Error)


class Adder:
    """Writes articles in batches; each batch is one transaction and bumps the store's generation.
    Each article is written under its own savepoint, so one that fails is undone alone."""

    def __init__(self, store: Store, batch: int = 500, shingle: int = 3,
                 vectoriser: Callable[[list[Article]], list] | None = None,
                 on_batch: Callable[[int], None] | None = None):
        self.store = store
        self.batch = batch
        self.shingle = shingle
        self.vectoriser = vectoriser
        self.on_batch = on_batch
        self.report = AddReport()
        self._pending: list[tuple[str, Article]] = []

    def feed(self, item: Item | Article | InputError) -> None:
        where, thing = item if isinstance(item, tuple) else (getattr(item, "id", ""), item)
        error = too_long(thing) if isinstance(thing, Article) else None
        if error is not None:
            thing = InputError(str(where), error.problem)
        if isinstance(thing, InputError):
            self.report.skipped.append(safe_text(str(thing)))
            return
        self._pending.append((safe_text(str(where)), thing))
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        prepared, skipped = [], []
        for where, art in batch:
            try:
                why = unstorable(art)
                if why:
                    raise InputError(where, why)
                prepared.append((where, art, *fingerprint(art.text, self.shingle)))
            except Exception as exc:
                skipped.append(_skip_line(where, exc))
        counts: Counter = Counter()
        with self.store.guard("adding articles"), self.store.transaction():
            fresh, changed = [], False
            for where, art, key, sh in prepared:
                try:
                    outcome, doc = self._write_one(art, key, sh)
                except Exception as exc:
                    if not _item_fault(exc):
                        raise
                    skipped.append(_skip_line(where, exc))
                    continue
                counts[outcome] += 1
                changed = changed or doc is not None
                if doc is not None and doc >= 0:
                    fresh.append((doc, art))
            if fresh and self.vectoriser is not None:
                for (doc, _), vec in zip(fresh, self.vectoriser([a for _, a in fresh])):
                    if vec is not None:
                        self.store.put_vector(doc, vec)
            if changed:
                self.store.bump()
        for outcome in OUTCOMES:  # counted once the batch is committed
            setattr(self.report, outcome, getattr(self.report, outcome) + counts[outcome])
        self.report.skipped.extend(skipped)
        if self.on_batch:
            self.on_batch(self.report.seen)

    def _write_one(self, art: Article, key: str, shingles) -> tuple[str, int | None]:
        db = self.store.db
        db.execute("SAVEPOINT item")
        try:
            result = self._write(art, key, shingles)
        except BaseException:
            try:
                if db.in_transaction:
                    db.execute("ROLLBACK TO item")
                    db.execute("RELEASE item")
            except sqlite3.Error:
                pass  # the batch's transaction is rolled back whole by the caller then
            raise
        db.execute("RELEASE item")
        return result

    def _write(self, art: Article, key: str, shingles) -> tuple[str, int | None]:
        """The outcome and the doc number written (new or updated text), -1 for a new alias, None
        for no change."""
        old = self.store.existing(art.id)
        if old is not None:
            if old[1] == key:
                return "unchanged", None
            self.store.update(old[0], art, key, shingles)
            return "updated", old[0]
        same = self.store.by_key(key)
        if same is not None:
            if self.store.lookup(art.id) == same[0]:
                return "unchanged", None
            self.store.alias(art.id, same[0])
            return "duplicates", -1
        return "added", self.store.insert(art, key, shingles)

    def run(self, items: Iterable[Item | Article | InputError]) -> AddReport:
        start = time.perf_counter()
        for item in items:
            self.feed(item)
        self.flush()
        self.report.seconds += time.perf_counter() - start
        return self.report


def _skip_line(where: str, exc: Exception) -> str:
    if isinstance(exc, InputError):
        return f"{where}: {exc.problem}"
    return f"{where}: could not be stored ({describe(exc)})"
