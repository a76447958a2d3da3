"""The SQLite store: one file in WAL mode; articles, their shingles, aliases and vectors.

Every write runs inside a transaction, so an interrupted `corpus add` leaves the last committed
batch in place and a rerun goes on from there (already stored articles are skipped).

The ``changes`` table logs every insert, update and removal (with the replaced shingles) in the
same transaction, so the containment index can apply a delta instead of rebuilding; rows older
than the index's base are trimmed when a new base is saved.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import InputError, RedlineError
from ..model import Article
from . import schema
from .schema import FIELDS

DF_CACHE = 1_000_000  # word document frequencies kept between traces


class CorpusError(RedlineError):
    """A problem with the corpus database; the message names the file."""


class LockedError(CorpusError):
    """Another process holds the database."""


class Store:
    def __init__(self, path: str | Path, busy_timeout: float = 5.0, create: bool = True):
        self.path = Path(path)
        self.name = str(path)
        self.busy_timeout = busy_timeout
        if self.path.is_dir():
            raise CorpusError(f"{self.name}: is a directory, not a corpus database")
        if self.path.exists() and not self.path.is_file():
            raise CorpusError(f"{self.name}: is not a regular file, not a corpus database")
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            what = "is an empty file" if self.path.exists() else "no such corpus database"
            raise CorpusError(f"{self.name}: {what} (create one with `redline corpus add`)")
        try:
            self.db = sqlite3.connect(self.name, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise CorpusError(f"{self.name}: cannot open the corpus database ({exc})") from None
        self.has_log = False
        self.verified = False  # quick_check passed on this connection: writes may go ahead
        self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        with self.guard("open"):
            if not self._tables():  # a new (or empty) database
                if not create:
                    raise CorpusError(f"{self.name}: not a redline corpus (an empty SQLite database)")
                self._create()
            with self.snapshot():  # one view: another process may be upgrading the store meanwhile
                self._check_schema()
            self._use_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.has_log = self._ensure_log()
        self.has_words = self._ensure_words()
        self.has_titles = self._ensure_titles()
        self.has_kinds = self._ensure_kinds()
        self._df_cache: dict[str, int] = {}
        self._count: tuple[int, int] | None = None
        self._df_generation: int | None = None

    # ------------------------------------------------------------------ opening and errors
    def _tables(self) -> set[str]:
        """The store's tables; SQLite itself checks the file's header here. Reading the header with a
        second open() would be wrong: closing that descriptor drops every POSIX lock this process
        holds on the file, so another process could checkpoint the WAL under an open connection."""
        try:
            return schema.tables(self.db)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise
            self.db.close()
            raise CorpusError(f"{self.name}: not a redline corpus (the file is not an SQLite database)") from None

    def _damaged(self, why: str) -> CorpusError:
        return CorpusError(f"{self.name}: the corpus database is damaged ({why}); it was left as it is")

    def _check_schema(self) -> None:
        """Refuse another program's database or a damaged one before anything reads or writes it."""
        try:
            why = schema.problem(self.db)
        except schema.Damaged as exc:
            raise self._damaged(str(exc)) from None
        if why:
            raise CorpusError(f"{self.name}: {why}")

    def _create(self) -> None:
        """Make the tables, unless another process made them while we waited for the lock: the
        exclusive lock is taken before the re-check, so of two racing creators one creates and the
        other finds a complete store."""
        self._begin("BEGIN EXCLUSIVE")
        try:
            if not schema.tables(self.db):
                schema.create(self.db)
                self.verified = True
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _use_wal(self) -> None:
        """WAL mode (a redline store always is; switching writes the header, so check first). The
        switch needs every other connection out of the file: retry until the busy timeout."""
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        self.verify()
        start = time.monotonic()
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                    break
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
            waited = time.monotonic() - start
            if waited >= self.busy_timeout:
                raise self._locked(waited)
            time.sleep(0.02)

    def verify(self) -> None:
        """``PRAGMA quick_check`` once per connection, before its first write: a damaged database is
        refused with one line instead of being written into (and damaged further)."""
        if self.verified:
            return
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA quick_check(5)")]
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:  # too damaged to check at all
            raise self._damaged(str(exc)) from None
        if rows != ["ok"]:
            raise self._damaged("quick_check: " + "; ".join(" ".join(r.split()) for r in rows)[:300])
        self.verified = True

    def check_writable(self) -> None:
        """Take the write lock once and check the database, so that a writer hears of a damaged or
        locked store before it starts reading its inputs."""
        with self.guard("checking the database"), self.transaction():
            pass

    def _begin(self, statement: str) -> None:
        start = time.monotonic()
        try:
            self.db.execute(statement)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise self._locked(time.monotonic() - start) from None
            raise

    def _locked(self, waited: float) -> LockedError:
        if waited >= self.busy_timeout * 0.9:
            return LockedError(f"{self.name}: the database is locked by another process (waited "
                               f"{waited:.1f} s); try again when it finishes")
        return LockedError(f"{self.name}: the database is busy in another process and SQLite could not wait "
                           f"for it (gave up after {waited:.1f} s); try again when it finishes")

    def _ensure_log(self) -> bool:
        """The change log (and the store's uid); a database made before it gets one from now on."""
        try:
            if schema.has_log(self.db) and self.meta("uid"):
                return True
            with self.transaction():
                schema.add_log(self.db)
            return True
        except (sqlite3.Error, LockedError):  # read-only or locked: the index rebuilds in full instead
            return False

    def _ensure_words(self) -> bool:
        """The word index and this connection's view of its vocabulary; a database made before it
        gets one, filled from the stored texts."""
        try:
            if not schema.has_words(self.db):
                with self.transaction():
                    schema.add_words(self.db)
            schema.open_vocab(self.db)
            return True
        except (sqlite3.Error, LockedError):  # read-only, locked, or an SQLite without FTS5: trace goes on without it
            return False

    def _ensure_titles(self) -> bool:
        """The headline index; a database made before it gets one, filled from the stored rows."""
        try:
            if not schema.has_titles(self.db):
                with self.transaction():
                    schema.add_titles(self.db)
            return True
        except (sqlite3.Error, LockedError):  # read-only, locked, or no FTS5: searching headlines is off
            return False

    def _ensure_kinds(self) -> bool:
        """The outlet kind column; a database made before it gets one (empty: kinds are recognised)."""
        try:
            if not schema.has_kinds(self.db):
                with self.transaction():
                    if not schema.has_kinds(self.db):  # another process may have added it meanwhile
                        schema.add_kinds(self.db)
            return True
        except (sqlite3.Error, LockedError):  # read-only or locked: articles are read without their kind
            return False

    def word_df(self, terms: list[str]) -> dict[str, int]:
        """How many documents hold each term (0 when none), in the given order; cached per generation."""
        if not self.has_words or not terms:
            return {t: 0 for t in terms}
        gen = self.generation
        if self._df_generation != gen or len(self._df_cache) > DF_CACHE:
            self._df_cache, self._df_generation = {}, gen
        missing = [t for t in dict.fromkeys(terms) if t not in self._df_cache]
        with self.guard("word search"):
            for k in range(0, len(missing), 500):
                part = missing[k:k + 500]
                found = dict(self.db.execute(
                    f"SELECT term, doc FROM temp.words_vocab WHERE term IN ({','.join('?' * len(part))})", part))
                self._df_cache.update({t: found.get(t, 0) for t in part})
        return {t: self._df_cache[t] for t in terms}

    def word_search(self, query: str) -> dict[int, float]:
        """Every document matching an FTS5 query, with its BM25 weight (higher is better). The query's
        terms are rare words, so the matches are few; FTS5 runs a query once per value of ``rowid IN``,
        so callers pick their documents from this instead."""
        if not self.has_words or not query:
            return {}
        with self.guard("word search"):
            return dict(self.db.execute("SELECT rowid, -bm25(words) FROM words WHERE words MATCH ?", (query,)))

    @contextmanager
    def guard(self, action: str):
        """sqlite3 errors to one-line CorpusErrors naming the file."""
        start = time.monotonic()
        try:
            yield
        except sqlite3.OperationalError as exc:
            msg = str(exc)
            if _is_busy(exc):
                raise self._locked(time.monotonic() - start) from None
            if "full" in msg:
                raise CorpusError(f"{self.name}: database or disk is full; the current batch was rolled "
                                  "back and everything committed before it is kept") from None
            raise CorpusError(f"{self.name}: {action} failed ({msg})") from None
        except sqlite3.DatabaseError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_CORRUPT:
                raise CorpusError(f"{self.name}: the corpus database is damaged ({exc})") from None
            raise CorpusError(f"{self.name}: not a redline corpus or the file is damaged ({exc})") from None

    @contextmanager
    def transaction(self):
        self._begin("BEGIN IMMEDIATE")
        try:
            self.verify()
            if not self.has_log:  # another process may have added the log since we opened
                self.has_log = schema.has_log(self.db)
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self):
        """One consistent view of the store for several reads (WAL read transaction)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ reads
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def generation(self) -> int:
        value = self.meta("generation", "0")
        assert value is not None
        return int(value)

    def count(self) -> int:
        """Articles stored; counted once per generation (COUNT(*) reads the whole table: ~3 ms at 100,000,
        asked twice per trace)."""
        gen = self.generation
        if self._count is None or self._count[0] != gen:
            self._count = (gen, self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        return self._count[1]

    @property
    def uid(self) -> str | None:
        return self.meta("uid")

    def changes_from(self) -> int | None:
        """The generation from which the change log is complete; None without a log."""
        if not schema.has_log(self.db):
            return None
        value = self.meta("changes_from")
        return int(value) if value is not None else None

    def changes_since(self, generation: int) -> dict[int, bytes | None]:
        """Each doc changed by a transaction that started at ``generation`` or later, with its
        shingles as they were before the first such change (None: it did not exist then)."""
        first: dict[int, bytes | None] = {}
        for doc, old in self.db.execute("SELECT doc, old FROM changes WHERE gen >= ? ORDER BY seq", (generation,)):
            first.setdefault(doc, old)
        return first

    def trim_changes(self, generation: int) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM changes WHERE gen < ?", (generation,))
            self.db.execute("UPDATE meta SET value = MAX(CAST(value AS INTEGER), ?) WHERE key = 'changes_from'",
                            (generation,))

    def _rows_of(self, sql: str, docs: Iterable[int]) -> Iterator[tuple]:
        """The rows of ``sql`` (``{q}`` standing for the doc numbers) for ``docs``, 900 at a time:
        SQLite caps the variables in one statement."""
        docs = [int(d) for d in docs]
        for k in range(0, len(docs), 900):
            part = docs[k:k + 900]
            yield from self.db.execute(sql.format(q=",".join("?" * len(part))), part)

    def shingles_of(self, docs: Iterable[int]) -> dict[int, np.ndarray]:
        rows = self._rows_of("SELECT doc, shingles FROM articles WHERE doc IN ({q})", docs)
        return {doc: np.frombuffer(blob, dtype=np.uint64) for doc, blob in rows}

    def lookup(self, ident: str) -> int | None:
        row = self.db.execute("SELECT doc FROM articles WHERE id = ?", (ident,)).fetchone()
        if row is None:
            row = self.db.execute("SELECT doc FROM aliases WHERE id = ?", (ident,)).fetchone()
        return row[0] if row else None

    def by_key(self, key: str) -> tuple[int, str] | None:
        return self.db.execute("SELECT doc, id FROM articles WHERE text_key = ? ORDER BY doc LIMIT 1",
                               (key,)).fetchone()

    def existing(self, ident: str) -> tuple[int, str] | None:
        return self.db.execute("SELECT doc, text_key FROM articles WHERE id = ?", (ident,)).fetchone()

    def article(self, doc: int) -> Article:
        given = "outlet_kind" if self.has_kinds else "NULL"
        row = self.db.execute(f"SELECT id, text, title, byline, date, outlet, url, {given} FROM articles WHERE doc = ?",
                              (int(doc),)).fetchone()
        if row is None:
            raise CorpusError(f"{self.name}: no article with internal number {doc}")
        title, byline, date, outlet, url, kind = row[2:]
        return Article(row[0], row[1], title, byline, date, outlet, url, meta={"outlet_kind": kind} if kind else {})

    def outlet_kinds(self, docs: Iterable[int]) -> dict[int, str | None]:
        """The outlet kind stored with each article (None where none was given)."""
        if not self.has_kinds:
            return {int(d): None for d in docs}
        return dict(self._rows_of("SELECT doc, outlet_kind FROM articles WHERE doc IN ({q})", docs))

    def articles(self, docs: Iterable[int]) -> dict[int, Article]:
        return {d: self.article(d) for d in docs}

    def ids(self, docs: Iterable[int]) -> dict[int, str]:
        return dict(self._rows_of("SELECT doc, id FROM articles WHERE doc IN ({q})", docs))

    def meta_rows(self, docs: Iterable[int]) -> dict[int, dict]:
        names = ("id", "title", "byline", "date", "outlet", "url", "n_shingles")
        rows = self._rows_of(f"SELECT doc, {', '.join(names)} FROM articles WHERE doc IN ({{q}})", docs)
        return {row[0]: dict(zip(names, row[1:])) for row in rows}

    def aliases(self, doc: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM aliases WHERE doc = ? ORDER BY id", (int(doc),))]

    def shingles(self, doc: int) -> np.ndarray:
        row = self.db.execute("SELECT shingles FROM articles WHERE doc = ?", (int(doc),)).fetchone()
        return np.frombuffer(row[0], dtype=np.uint64) if row else np.zeros(0, np.uint64)

    def iter_shingles(self, chunk: int = 5000) -> Iterator[tuple[np.ndarray, list[np.ndarray]]]:
        """(doc numbers, shingle arrays) in doc order, a chunk at a time."""
        last = -1
        while True:
            rows = self.db.execute("SELECT doc, shingles FROM articles WHERE doc > ? ORDER BY doc LIMIT ?",
                                   (last, chunk)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield (np.array([r[0] for r in rows], dtype=np.int64),
                   [np.frombuffer(r[1], dtype=np.uint64) for r in rows])

    def stats(self) -> dict:
        db = self.db
        outlets = db.execute("SELECT COALESCE(outlet, '(none)'), COUNT(*) FROM articles GROUP BY 1 "
                             "ORDER BY 2 DESC, 1 LIMIT 20").fetchall()
        dates = db.execute("SELECT MIN(date), MAX(date) FROM articles WHERE date IS NOT NULL").fetchone()
        return {"path": self.name, "articles": self.count(),
                "aliases": db.execute("SELECT COUNT(*) FROM aliases").fetchone()[0],
                "shingles": db.execute("SELECT COALESCE(SUM(n_shingles), 0) FROM articles").fetchone()[0],
                "vectors": db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0],
                "clustered": db.execute("SELECT COUNT(DISTINCT cluster) FROM clusters").fetchone()[0],
                "generation": self.generation, "dates": list(dates), "outlets": dict(outlets),
                "bytes": self.path.stat().st_size if self.path.exists() else 0}

    # ------------------------------------------------------------------ writes (inside transaction())
    def bump(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def _log(self, doc: int, replaced: bool) -> None:
        """Log a change to ``doc``; call before it changes, so the old shingles are kept."""
        if not self.has_log:
            return
        old = None
        if replaced:
            row = self.db.execute("SELECT shingles FROM articles WHERE doc = ?", (int(doc),)).fetchone()
            old = row[0] if row else None
        self.db.execute("INSERT INTO changes(doc, gen, old) VALUES (?, (SELECT CAST(value AS INTEGER) FROM meta "
                        "WHERE key = 'generation'), ?)", (int(doc), old))

    def insert(self, art: Article, key: str, shingles: np.ndarray) -> int:
        _check_storable(art)
        kind = (", outlet_kind", ",?", (given_kind(art),)) if self.has_kinds else ("", "", ())
        cur = self.db.execute(
            "INSERT INTO articles(id, title, byline, date, outlet, url, text, text_key, n_shingles, shingles,"
            f" added_at{kind[0]}) VALUES (?,?,?,?,?,?,?,?,?,?,?{kind[1]})",
            (art.id, *(getattr(art, f) for f in FIELDS), art.text, key, len(shingles),
             shingles.astype(np.uint64).tobytes(), time.time(), *kind[2]))
        self.db.execute("DELETE FROM aliases WHERE id = ?", (art.id,))
        doc = cur.lastrowid
        assert doc is not None
        self._log(doc, replaced=False)
        return doc

    def update(self, doc: int, art: Article, key: str, shingles: np.ndarray) -> None:
        _check_storable(art)
        self._log(doc, replaced=True)
        self.db.execute(
            "UPDATE articles SET title=?, byline=?, date=?, outlet=?, url=?, text=?, text_key=?, n_shingles=?,"
            " shingles=?, added_at=? WHERE doc=?",
            (*(getattr(art, f) for f in FIELDS), art.text, key, len(shingles),
             shingles.astype(np.uint64).tobytes(), time.time(), doc))
        if self.has_kinds:
            self.db.execute("UPDATE articles SET outlet_kind = ? WHERE doc = ?", (given_kind(art), doc))
        self.db.execute("DELETE FROM vectors WHERE doc = ?", (doc,))

    def alias(self, ident: str, doc: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (ident, doc))

    def put_vector(self, doc: int, vec: np.ndarray) -> None:
        self.db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?)", (doc, vec.astype(np.float32).tobytes()))

    def remove(self, ident: str) -> bool:
        doc = self.lookup(ident)
        if doc is None:
            return False
        row = self.db.execute("SELECT id FROM articles WHERE doc = ?", (doc,)).fetchone()
        if row and row[0] != ident:  # an alias: forget only the alias
            self.db.execute("DELETE FROM aliases WHERE id = ?", (ident,))
            return True
        self._log(doc, replaced=True)
        for table in ("articles", "vectors", "clusters", "aliases"):
            self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))
        return True

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        rows = self.db.execute("SELECT doc, vec FROM vectors ORDER BY doc").fetchall()
        if not rows:
            return np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
        return (np.array([r[0] for r in rows], dtype=np.int64),
                np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))

    def missing_vectors(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT doc FROM articles WHERE doc NOT IN (SELECT doc FROM vectors) ORDER BY doc")]

    def save_clusters(self, assignment: dict[int, str], generation: int) -> None:
        self.db.execute("DELETE FROM clusters")
        self.db.executemany("INSERT INTO clusters VALUES (?, ?)", sorted(assignment.items()))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('clusters_generation', ?)", (str(generation),))

    def cluster_members(self, cluster: str) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT doc FROM clusters WHERE cluster = ? ORDER BY doc", (cluster,))]

    def all_docs(self) -> np.ndarray:
        return np.array([r[0] for r in self.db.execute("SELECT doc FROM articles ORDER BY doc")], dtype=np.int64)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def unstorable(art: Article) -> str | None:
    """Why an article's strings cannot be stored as UTF-8 text (a lone surrogate, a value that is
    not a string), or None. The readers clean text, but the store does not count on it."""
    for name in ("id", "text", *FIELDS):
        value = getattr(art, name)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"its {name} is not text ({type(value).__name__})"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (f"its {name} is not valid Unicode (U+{ord(value[exc.start]):04X} at character {exc.start} "
                    "cannot be stored)")
    return None


def given_kind(art: Article) -> str | None:
    """The outlet kind given with an article (wire, print, web, broadcast: see ``redline.corpus.origin``)."""
    value = art.meta.get("outlet_kind") if art.meta else None
    return value.strip().lower() or None if isinstance(value, str) else None


def _check_storable(art: Article) -> None:
    why = unstorable(art)
    if why:
        raise InputError(safe_text(str(art.id)), why)


def safe_text(value: str) -> str:
    """``value`` with anything UTF-8 cannot hold written as a backslash escape, fit for a message."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")
