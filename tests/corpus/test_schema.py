"""The corpus schema on its own: what counts as a redline corpus, and the migrations."""
import sqlite3

import pytest

from redline.corpus import schema


@pytest.fixture
def db():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    yield conn
    conn.close()


def test_new_store_passes_and_names_its_version(db):
    schema.create(db)
    assert schema.problem(db) is None
    assert dict(db.execute("SELECT key, value FROM meta"))["schema"] == str(schema.SCHEMA)


def test_another_programs_database_is_not_ours(db):
    db.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    assert schema.problem(db) == schema.NOT_OURS


@pytest.mark.parametrize("key, value, why", [("schema", "x", "schema version 'x'"),
                                             ("generation", "-1", "generation '-1' is not a whole number")])
def test_broken_meta_is_damaged(db, key, value, why):
    schema.create(db)
    db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    with pytest.raises(schema.Damaged, match=why):
        schema.problem(db)


def test_newer_schema_is_refused(db):
    schema.create(db)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(schema.SCHEMA + 1),))
    assert schema.problem(db) == f"made by a newer redline (schema {schema.SCHEMA + 1})"


def test_migrations_add_the_log_and_the_word_index(db):
    schema.create(db)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.execute("INSERT INTO articles(id, text, text_key, n_shingles, shingles, added_at) "
               "VALUES ('a', 'harbour cranes idle', 'k', 0, x'', 0)")
    assert not schema.has_log(db) and not schema.has_words(db)
    schema.add_log(db)
    schema.add_words(db)
    schema.open_vocab(db)
    assert schema.has_log(db) and schema.has_words(db) and schema.problem(db) is None
    assert db.execute("SELECT doc FROM temp.words_vocab WHERE term = 'cranes'").fetchone() == (1,)
    assert dict(db.execute("SELECT key, value FROM meta"))["changes_from"] == "0"
