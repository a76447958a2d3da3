"""The corpus database's schema: its tables, the checks that it is a redline corpus, and the
migrations that bring an older store up to date (``Store`` runs them inside its transactions).

Version 2 added the change log, version 3 the word index, version 4 the outlet kind given with each
article (``outlet_kind`` in JSON Lines); a redline that does not keep them must not open the store,
so each migration writes the current version.
"""
from __future__ import annotations

import sqlite3
import uuid

APP = "redline-corpus"
SCHEMA = 4  # 2: the change log; 3: the word index; 4: the outlet kind (a redline without them must not open it)
FIELDS = ("title", "byline", "date", "outlet", "url")
TABLES = ("meta", "articles", "aliases", "vectors", "clusters")  # every schema has these
NUMBERS = ("schema", "generation", "changes_from", "clusters_generation")  # meta values read as integers

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT, byline TEXT, date TEXT, outlet TEXT, url TEXT,
    text TEXT NOT NULL,
    outlet_kind TEXT,
    text_key TEXT NOT NULL,
    n_shingles INTEGER NOT NULL,
    shingles BLOB NOT NULL,
    added_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_text_key ON articles(text_key);
CREATE TABLE IF NOT EXISTS aliases(id TEXT PRIMARY KEY, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc);
CREATE TABLE IF NOT EXISTS vectors(doc INTEGER PRIMARY KEY, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS clusters(doc INTEGER PRIMARY KEY, cluster TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS clusters_cluster ON clusters(cluster);
"""

_LOG_DDL = """
CREATE TABLE IF NOT EXISTS changes(seq INTEGER PRIMARY KEY, doc INTEGER NOT NULL, gen INTEGER NOT NULL, old BLOB);
CREATE INDEX IF NOT EXISTS changes_gen ON changes(gen);
"""


# Full-text word index (SQLite FTS5) over the articles' text, kept in step by triggers inside the
# same transactions as the articles themselves; ``trace`` ranks by BM25 over rare words with it.
_WORDS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(text, content='articles', content_rowid='doc', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS words_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO words(rowid, text) VALUES (new.doc, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS words_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO words(words, rowid, text) VALUES ('delete', old.doc, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS words_update AFTER UPDATE OF text ON articles BEGIN "
    "INSERT INTO words(words, rowid, text) VALUES ('delete', old.doc, old.text); "
    "INSERT INTO words(rowid, text) VALUES (new.doc, new.text); END",
)

# Headlines and bylines, for searching the corpus by what a reader sees first (the web app's search).
_TITLES_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS titles USING fts5(title, byline, content='articles', content_rowid='doc', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS titles_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO titles(rowid, title, byline) VALUES (new.doc, new.title, new.byline); END",
    "CREATE TRIGGER IF NOT EXISTS titles_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO titles(titles, rowid, title, byline) VALUES ('delete', old.doc, old.title, old.byline); END",
    "CREATE TRIGGER IF NOT EXISTS titles_update AFTER UPDATE OF title, byline ON articles BEGIN "
    "INSERT INTO titles(titles, rowid, title, byline) VALUES ('delete', old.doc, old.title, old.byline); "
    "INSERT INTO titles(rowid, title, byline) VALUES (new.doc, new.title, new.byline); END",
)

NOT_OURS = "not a redline corpus (an SQLite database of another program)"


class Damaged(Exception):
    """The database is a redline corpus, but damaged: the message says how."""


def tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def problem(db: sqlite3.Connection) -> str | None:
    """Why the database cannot be opened as a corpus (its marker, version numbers and tables), or
    None; Damaged when it is one but broken. Anything else is another program's database."""
    found = tables(db)
    if "meta" not in found:
        return NOT_OURS
    meta = dict(db.execute("SELECT key, value FROM meta"))
    if meta.get("app") != APP:
        return NOT_OURS
    schema = counter(meta.get("schema"))
    if schema is None or schema < 1:
        raise Damaged(f"its schema version {meta.get('schema')!r} is not a number from 1 to {SCHEMA}")
    if schema > SCHEMA:
        return f"made by a newer redline (schema {schema})"
    for key in NUMBERS:
        if key in meta and counter(meta[key]) is None:
            raise Damaged(f"its {key} {meta[key]!r} is not a whole number")
    if "generation" not in meta:
        raise Damaged("it has no generation counter")
    missing = sorted(set(TABLES) - found)
    if "words" not in found and _exists(db, "words_insert"):
        missing.append("words")
    if missing:
        raise Damaged(f"no {', '.join(missing)} table")
    return None


def create(db: sqlite3.Connection) -> None:
    """The tables of a new store at the current version (inside the caller's transaction)."""
    _run(db, _DDL)
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                   [("app", APP), ("schema", str(SCHEMA)), ("generation", "0")])


def has_log(db: sqlite3.Connection) -> bool:
    return _exists(db, "changes")


def add_log(db: sqlite3.Connection) -> None:
    """Migration to 2: the change log, complete from the current generation, and the store's uid."""
    _run(db, _LOG_DDL)
    db.execute("INSERT OR IGNORE INTO meta SELECT 'changes_from', value FROM meta WHERE key = 'generation'")
    db.execute("INSERT OR IGNORE INTO meta VALUES ('uid', ?)", (uuid.uuid4().hex,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))


def has_words(db: sqlite3.Connection) -> bool:
    return _exists(db, "words_update")


def add_words(db: sqlite3.Connection) -> None:
    """Migration to 3: the word index, filled from the stored texts."""
    for stmt in _WORDS_DDL:
        db.execute(stmt)
    db.execute("INSERT INTO words(words) VALUES ('rebuild')")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))


def has_kinds(db: sqlite3.Connection) -> bool:
    return any(row[1] == "outlet_kind" for row in db.execute("PRAGMA table_info(articles)"))


def add_kinds(db: sqlite3.Connection) -> None:
    """Migration to 4: the outlet kind of each article (none for those stored before: recognised instead)."""
    db.execute("ALTER TABLE articles ADD COLUMN outlet_kind TEXT")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))


def has_titles(db: sqlite3.Connection) -> bool:
    return _exists(db, "titles_update")


def add_titles(db: sqlite3.Connection) -> None:
    """The headline index (an addition any redline can open: no version change), filled from the rows."""
    for stmt in _TITLES_DDL:
        db.execute(stmt)
    db.execute("INSERT INTO titles(titles) VALUES ('rebuild')")


def open_vocab(db: sqlite3.Connection) -> None:
    """This connection's view of the word index's vocabulary (document frequencies)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words_vocab USING fts5vocab(main, words, 'row')")


def counter(value) -> int | None:
    """A meta value as a non-negative integer; None when it is not one."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def _exists(db: sqlite3.Connection, name: str) -> bool:
    """Whether the store holds a table, index or trigger of this name (names are unique across them)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _run(db: sqlite3.Connection, script: str) -> None:
    for stmt in script.split(";"):
        if stmt.strip():
            db.execute(stmt)
