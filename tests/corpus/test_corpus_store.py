import sqlite3

import pytest

from redline.corpus import Corpus
from redline.corpus.store import CorpusError, Store
from redline.model import Article, replace


def test_add_is_incremental_and_idempotent(corpus, chain):
    r1 = corpus.add([chain["wire"], chain["a"]])
    assert (r1.added, r1.unchanged) == (2, 0)
    gen = corpus.store.generation
    r2 = corpus.add([chain["wire"], chain["a"], chain["b"]])
    assert (r2.added, r2.unchanged, r2.updated) == (1, 2, 0)
    r3 = corpus.add(list(chain.values()))
    assert (r3.added, r3.unchanged) == (2, 3)
    again = corpus.store.generation
    r4 = corpus.add(list(chain.values()))
    assert r4.added == r4.updated == 0 and r4.unchanged == 5
    assert corpus.store.generation == again > gen
    assert len(corpus) == 5


def test_same_text_under_another_id_is_an_alias(corpus, chain):
    corpus.add([chain["wire"]])
    r = corpus.add([replace(chain["wire"], id="wire-copy", title="Other title")])
    assert (r.added, r.duplicates) == (0, 1)
    assert len(corpus) == 1
    assert corpus.get("wire-copy").id == "wire-1"
    corpus.add([chain["a"]])
    traced = corpus.trace("wire-copy")  # traced under the id asked for, never its own source
    assert traced["article"] == "wire-copy" and "wire-1" not in {s["id"] for s in traced["sources"]}


def test_changed_text_under_same_id_is_updated_and_reindexed(corpus, chain):
    corpus.add([chain["wire"], chain["other"]])
    changed = replace(chain["other"], text=chain["b"].text)
    r = corpus.add([changed])
    assert (r.updated, r.added) == (1, 0)
    assert corpus.get("lobster").text == chain["b"].text
    hits = corpus.trace("lobster")["sources"]
    assert hits and hits[0]["id"] == "wire-1"


def test_metadata_is_kept(corpus, chain):
    corpus.add([replace(chain["wire"], url="https://wire.example/1", byline="By Ann Other")])
    art = corpus.get("wire-1")
    assert (art.title, art.outlet, art.date, art.url, art.byline) == (
        "Council to close Fenwick ferry terminal", "Harbour Wire", "2026-03-01", "https://wire.example/1",
        "By Ann Other")


def test_remove(corpus, chain):
    corpus.add([chain["wire"], chain["a"]])
    assert corpus.remove("paper-a") is True
    assert corpus.remove("paper-a") is False
    assert len(corpus) == 1
    assert corpus.trace(chain["a"])["sources"][0]["id"] == "wire-1"


def test_interrupted_add_keeps_committed_batches_and_rerun_resumes(tmp_path, chain, monkeypatch):
    from redline.corpus.settings import CorpusSettings
    arts = [replace(chain["wire"], id=f"w{k}", text=chain["wire"].text + f" Update number {k} of {k * 7}.")
            for k in range(7)]
    c = Corpus(tmp_path / "c.db", CorpusSettings(batch=3))
    calls = {"n": 0}
    real = Store.insert

    def boom(self, *args, **kw):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # killed inside the second batch's transaction
        return real(self, *args, **kw)

    monkeypatch.setattr(Store, "insert", boom)
    with pytest.raises(KeyboardInterrupt):
        c.add(arts)
    monkeypatch.setattr(Store, "insert", real)
    assert len(c) == 3  # the first batch only: the second was rolled back whole
    c.close()
    c = Corpus(tmp_path / "c.db", CorpusSettings(batch=3))
    assert c.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    r = c.add(arts)
    assert (r.unchanged, r.added) == (3, 4)
    assert len(c) == 7


def test_folders_jsonl_and_html(tmp_path, corpus, chain):
    folder = tmp_path / "in" / "deep"
    folder.mkdir(parents=True)
    (folder / "wire.txt").write_text("Title: Ferry\nOutlet: Harbour Wire\n\n" + chain["wire"].text)
    other = chain["other"].text.replace("\n", " ")
    lines = [f'{{"id": "j1", "text": "{other}", "outlet": "X"}}',
             '{"id": "j2", "title": "no text here"}', "not json at all", "[1, 2]"]
    (tmp_path / "in" / "batch.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "\xff\xfe"}\n')
    (tmp_path / "in" / "page.html").write_text(
        "<html><head><title>Page</title></head><body><article><p>" + "</p><p>".join(
            s for s in chain["c"].text.split("\n\n")) + "</p></article></body></html>")
    r = corpus.add([tmp_path / "in"])
    assert r.added == 3
    assert len(r.skipped) == 4
    assert any("batch.jsonl:2" in s for s in r.skipped)
    assert any("batch.jsonl:5: line is not UTF-8" in s for s in r.skipped)
    assert corpus.get("j1").outlet == "X"


def test_corrupt_and_foreign_databases(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 20)
    with pytest.raises(CorpusError, match="not a redline corpus"):
        Corpus(junk)
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE people(name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(CorpusError, match="another program"):
        Corpus(foreign)
    damaged = tmp_path / "damaged.db"
    Corpus(damaged).close()
    data = bytearray(damaged.read_bytes())
    data[100:4000] = b"\xff" * 3900
    damaged.write_bytes(bytes(data))
    with pytest.raises(CorpusError):
        Corpus(damaged).add([Article("x", "Some text that is long enough to store here.")])
    assert junk.read_bytes().startswith(b"this is not")  # never overwritten


def test_missing_database_is_not_created_for_reads(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus"):
        Corpus(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_an_empty_file_is_named_as_such_for_reads(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(CorpusError, match="empty.db: is an empty file"):
        Corpus(empty, create=False)
    assert empty.read_bytes() == b""


def test_locked_database_gives_a_clear_error(tmp_path, chain):
    from redline.corpus.settings import CorpusSettings
    path = tmp_path / "c.db"
    Corpus(path).add([chain["wire"]])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        c = Corpus(path, CorpusSettings(busy_timeout=0.2))
        with pytest.raises(CorpusError, match="locked"):
            c.add([chain["a"]])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(Corpus(path)) == 1


def test_disk_full_rolls_back_the_batch(tmp_path, chain):
    path = tmp_path / "c.db"
    c = Corpus(path)
    c.add([chain["wire"]])
    page_count = c.store.db.execute("PRAGMA page_count").fetchone()[0]
    c.store.db.execute(f"PRAGMA max_page_count = {page_count + 1}")
    big = [replace(chain["a"], id=f"big{k}", text=chain["a"].text + " word" * 3000 + f" {k}") for k in range(5)]
    with pytest.raises(CorpusError, match="full"):
        c.add(big)
    c.close()
    c = Corpus(path)
    assert len(c) == 1 and c.get("wire-1").text == chain["wire"].text


def test_adding_the_folder_that_holds_the_database_skips_its_own_files(tmp_path, chain):
    for art in chain.values():
        (tmp_path / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
    db = tmp_path / "corpus.db"
    first = Corpus(db, semantic=False)
    assert first.add([tmp_path]).added == len(chain)
    first.clusters()  # writes the index folder beside the database
    again = first.add([tmp_path])  # the folder now also holds corpus.db, its WAL and its index
    assert again.skipped == [] and again.added == 0 and again.unchanged == len(chain)
    first.close()


def test_the_article_count_follows_adds_and_removals_from_any_process(tmp_path, chain):
    chain = list(chain.values())
    first = Corpus(tmp_path / "c.db")
    first.add(chain[:2])
    assert len(first) == 2
    other = Corpus(tmp_path / "c.db")  # another writer: the count is kept per generation, not per process
    other.add(chain[2:])
    assert len(first) == len(chain)
    other.remove(chain[0].id)
    assert len(first) == len(chain) - 1
    other.close()
    first.close()
