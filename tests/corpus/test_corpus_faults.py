"""Hostile and broken input to `corpus add` (issue 11): no bad item rolls back or stops the good ones,
damaged stores are refused before anything is written, and creating a store is safe under a race."""
import hashlib
import json
import multiprocessing
import random
import shutil
import sqlite3
import time

import pytest
from conftest import run

from redline import limits
from redline.corpus import Corpus
from redline.corpus.settings import CorpusSettings
from redline.corpus.store import CorpusError, Store
from redline.errors import InputError
from redline.ingest.jsonl import json_depth
from redline.model import Article

BODY = "A perfectly fine article body about the harbour ferry, number {} of many, with {} more words."


def good_line(k: int) -> str:
    return json.dumps({"id": f"a{k}", "text": BODY.format(k, k * 7)})


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_lone_surrogate_loses_nothing_and_later_files_are_read(tmp_path):
    lines = [good_line(k) for k in range(1, 1001)]
    lines[700] = '{"id": "bad", "text": "bad \\ud800 text that is long enough to be an article"}'
    first = write_lines(tmp_path / "a.jsonl", lines)
    second = write_lines(tmp_path / "b.jsonl", [good_line(k) for k in range(2001, 2011)])
    c = Corpus(tmp_path / "c.db")
    r = c.add([first, second])
    # the reader replaces the lone surrogate (noted on the article), so all 1,010 are stored
    assert (r.added, len(c), r.skipped) == (1010, 1010, [])
    assert c.get("bad").text.startswith("bad \ufffd text")
    again = c.add([first, second])  # a rerun is not stopped by it either
    assert (again.unchanged, again.added, len(again.skipped)) == (1010, 0, 0)
    assert c.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("depth", [70, 1000, 100_000])
def test_a_deeply_nested_line_is_skipped_with_the_limit(tmp_path, depth):
    nested = "[" * depth + "]" * depth
    wrapped = f'{{"id": "deep", "text": "x", "extra": {nested}}}'
    path = write_lines(tmp_path / "d.jsonl", [good_line(1), nested, wrapped, good_line(2)])
    r = Corpus(tmp_path / "c.db").add([path])
    assert r.added == 2
    assert [line.split(" (")[0] for line in r.skipped] == [f"{path}:{n}: JSON is nested too deeply" for n in (2, 3)]
    assert all(f"more than {limits.MAX_JSON_DEPTH} levels" in line for line in r.skipped)


def test_json_depth():
    assert [json_depth(v) for v in ("s", 3, {}, [], {"a": "b"}, {"a": [1, {"b": []}]})] == [0, 0, 1, 1, 1, 4]
    assert json_depth(json.loads("[" * 500 + "]" * 500)) == 500


@pytest.mark.parametrize("fault", [RuntimeError("boom"), UnicodeEncodeError("utf-8", "x", 0, 1, "bad"),
                                   RecursionError("deep"), MemoryError(), sqlite3.IntegrityError("clash")])
def test_any_fault_writing_one_item_skips_only_that_item(tmp_path, monkeypatch, fault):
    real = Store.insert

    def insert(self, art, *args):
        doc = real(self, art, *args)  # written first: the item's savepoint must undo it
        if art.id == "a3":
            raise fault
        return doc

    monkeypatch.setattr(Store, "insert", insert)
    c = Corpus(tmp_path / "c.db", CorpusSettings(batch=4))
    arts = [Article(f"a{k}", BODY.format(k, k)) for k in range(1, 10)]
    r = c.add(arts)
    assert (r.added, len(c)) == (8, 8)
    assert len(r.skipped) == 1 and r.skipped[0].startswith("a3: could not be stored")
    assert c.store.lookup("a3") is None and c.store.lookup("a4") is not None
    assert c.store.db.execute("SELECT COUNT(*) FROM words").fetchone()[0] == 8
    assert c.store.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 8


def test_a_store_fault_still_stops_the_add(tmp_path, monkeypatch):
    def insert(self, *args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "insert", insert)
    c = Corpus(tmp_path / "c.db")
    with pytest.raises(CorpusError, match="disk I/O error"):
        c.add([Article("a1", BODY.format(1, 1))])


def test_unstorable_strings_from_the_api_are_skipped(tmp_path):
    c = Corpus(tmp_path / "c.db")
    arts = [Article("ok", BODY.format(1, 1)), Article("t", BODY.format(2, 2), title="bad \udcff title"),
            Article("id\ud800", BODY.format(3, 3)), Article("n", BODY.format(4, 4), outlet=5)]
    r = c.add(arts)
    assert r.added == 1 and len(c) == 1
    assert r.skipped == ["t: its title is not valid Unicode (U+DCFF at character 4 cannot be stored)",
                         "id\\ud800: its id is not valid Unicode (U+D800 at character 2 cannot be stored)",
                         "n: its outlet is not text (int)"]


def test_a_reader_fault_ends_one_file_only(tmp_path, monkeypatch):
    import redline.ingest as ingest_mod
    real = ingest_mod.article_from_text

    def reader(text, name, kind=None):
        if name.endswith("bad.txt"):
            raise ValueError("a reader bug")
        return real(text, name, kind)

    monkeypatch.setattr(ingest_mod, "article_from_text", reader)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "bad.txt", "c.txt"):
        (tmp_path / "in" / name).write_text(BODY.format(name, 1))
    r = Corpus(tmp_path / "c.db").add([tmp_path / "in"])
    assert r.added == 2
    assert r.skipped == [f"{tmp_path / 'in' / 'bad.txt'}: could not be read (ValueError: a reader bug)"]


def test_a_line_over_the_input_limit_is_skipped_without_holding_it(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 400)
    huge = json.dumps({"id": "huge", "text": "word " * 1000})
    path = write_lines(tmp_path / "l.jsonl", [good_line(1), huge, good_line(2)])
    r = Corpus(tmp_path / "c.db").add([path])
    assert r.added == 2 and r.skipped == [f"{path}:2: line is longer than 400 bytes"]


def test_empty_path_is_refused(tmp_path, monkeypatch, capsys):
    with pytest.raises(InputError, match="empty path"):
        Corpus(tmp_path / "c.db").add([""])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.txt").write_text(BODY.format(1, 1))
    code, out, err = run(monkeypatch, capsys, "corpus", "add", "", "--db", tmp_path / "new.db")
    assert code == 2 and err == 'redline: error: "": an empty path names no file or folder\n'
    assert not (tmp_path / "new.db").exists()


def test_mixed_folder_from_the_cli(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(BODY.format(1, 1))
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 4)
    write_lines(folder / "lines.jsonl", [good_line(2), '{"id": "s", "text": "x \\udfff y is long enough here"}',
                                         "{not json", '{"id": "t", "text": 3}', good_line(3)])
    db = tmp_path / "c.db"
    code, out, err = run(monkeypatch, capsys, "corpus", "add", folder, "--db", db)
    assert code == 0 and "4 added" in out and "3 skipped" in out
    assert "binary.bin" in err and "lines.jsonl:4:" in err and "lines.jsonl:3: malformed JSON" in err
    assert "3 input(s) skipped, 4 article(s) read" in err and "Traceback" not in err

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.bin").write_bytes(bytes(range(256)) * 4)
    write_lines(bad / "lines.jsonl", ["{not json", '{"no": "text"}'])
    code, out, err = run(monkeypatch, capsys, "corpus", "add", bad, "--db", db)
    assert code == 2 and "lines.jsonl:2:" in err
    assert err.strip().splitlines()[-1].startswith(f"redline: error: {db}: nothing added")


# ---------------------------------------------------------------------- damaged stores


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "base.db"
    with Corpus(path) as c:
        c.add([Article(f"a{k}", f"Article number {k} about the harbour ferry and {k * 7} other things. " * 30)
               for k in range(300)])
    return path


def _overwrite_pages(seed):
    def damage(path):
        rng = random.Random(seed)
        data = bytearray(path.read_bytes())
        for page in rng.sample(range(1, len(data) // 4096), 3):
            data[page * 4096:(page + 1) * 4096] = rng.randbytes(4096)
        path.write_bytes(bytes(data))
    return damage


def _sql(*statements):
    def damage(path):
        con = sqlite3.connect(path)
        for stmt in statements:
            con.execute(stmt)
        con.commit()
        con.close()
    return damage


def _truncate(path):
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])


def _header(offset, value):
    def damage(path):
        data = bytearray(path.read_bytes())
        data[offset:offset + 4] = value.to_bytes(4, "big")
        path.write_bytes(bytes(data))
    return damage


DAMAGE = {
    "truncated": (_truncate, "damaged"),
    **{f"pages-{seed}": (_overwrite_pages(seed), "damaged") for seed in range(4)},
    "freelist-count": (_header(36, 5), r"damaged \(quick_check: .*freelist"),
    "leaked-pages": (_sql("PRAGMA writable_schema=ON", "DELETE FROM sqlite_master WHERE name='articles_text_key'"),
                     r"damaged \(quick_check: .*never used"),
    "no-articles": (_sql("DROP TABLE articles"), r"damaged \(no articles table\)"),
    "no-words": (_sql("DROP TABLE words"), r"damaged \(no words table\)"),
    "schema-abc": (_sql("UPDATE meta SET value='abc' WHERE key='schema'"), "schema version 'abc' is not a number"),
    "schema-negative": (_sql("UPDATE meta SET value='-1' WHERE key='schema'"), "schema version '-1' is not"),
    "schema-zero": (_sql("UPDATE meta SET value='0' WHERE key='schema'"), "schema version '0' is not"),
    "schema-newer": (_sql("UPDATE meta SET value='999' WHERE key='schema'"), r"newer redline \(schema 999\)"),
    "generation": (_sql("UPDATE meta SET value='x' WHERE key='generation'"), "generation 'x' is not a whole"),
    "no-generation": (_sql("DELETE FROM meta WHERE key='generation'"), "no generation counter"),
    "foreign": (_sql("UPDATE meta SET value='other' WHERE key='app'"), "another program"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_store_is_refused_before_writing(tmp_path, base_store, kind):
    damage, message = DAMAGE[kind]
    path = tmp_path / "c.db"
    shutil.copy(base_store, path)
    damage(path)
    before = hashlib.sha256(path.read_bytes()).digest()
    with pytest.raises(CorpusError, match=message) as caught, Corpus(path) as c:
        c.add([Article("new", "A brand new article that is long enough to be stored here.")])
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert hashlib.sha256(path.read_bytes()).digest() == before


def test_a_damaged_store_is_one_line_from_the_cli(tmp_path, base_store, monkeypatch, capsys):
    path = tmp_path / "c.db"
    shutil.copy(base_store, path)
    _overwrite_pages(1)(path)
    before = path.read_bytes()
    (tmp_path / "new.txt").write_text(BODY.format(1, 1))
    code, out, err = run(monkeypatch, capsys, "corpus", "add", tmp_path / "new.txt", "--db", path)
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"redline: error: {path}: the corpus database is damaged")
    assert path.read_bytes() == before


def test_a_sound_store_is_checked_once_per_writer(tmp_path, base_store, monkeypatch):
    path = tmp_path / "c.db"
    shutil.copy(base_store, path)
    checks = []
    real = Store.verify
    monkeypatch.setattr(Store, "verify", lambda self: (checks.append(self.verified), real(self)))
    with Corpus(path, CorpusSettings(batch=2)) as c:
        assert len(c) == 300 and checks == []  # reading does not check
        c.add([Article(f"n{k}", BODY.format(k, k)) for k in range(5)])  # three transactions
        assert checks == [False, True, True] and len(c) == 305


# ---------------------------------------------------------------------- locks and races


def test_the_lock_message_gives_the_real_wait(tmp_path):
    path = tmp_path / "c.db"
    Corpus(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        c = Corpus(path, CorpusSettings(busy_timeout=0.3))
        start = time.monotonic()
        with pytest.raises(CorpusError, match=r"locked by another process \(waited 0\.[34] s\)"):
            c.add([Article("a", BODY.format(1, 1))])
        assert time.monotonic() - start >= 0.3
    finally:
        other.execute("ROLLBACK")
        other.close()


def _create_and_add(path, k, barrier, delay, results):
    barrier.wait()
    time.sleep(delay)
    try:
        with Corpus(path) as c:
            c.add([Article(f"r{k}", f"Racing article number {k} with words enough to be a body {k * 13}.")])
        results.put((k, "ok"))
    except Exception as exc:  # the test reports whatever went wrong
        results.put((k, f"{type(exc).__name__}: {exc}"))


def test_two_processes_creating_one_store_both_succeed(tmp_path):
    ctx = multiprocessing.get_context("fork")
    failures = []
    for t in range(36):
        path = tmp_path / f"s{t}.db"
        barrier, results = ctx.Barrier(2), ctx.Queue()
        # the second one starts 0-11 ms later: that walks it through each step of the first's creation
        procs = [ctx.Process(target=_create_and_add, args=(path, k, barrier, k * (t % 12) * 0.001, results))
                 for k in (0, 1)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        outcomes = sorted(results.get(timeout=5) for _ in procs)
        with Corpus(path, create=False) as c:
            stored = sorted(c.store.ids(c.store.all_docs()).values())
        if [o for _, o in outcomes] != ["ok", "ok"] or stored != ["r0", "r1"]:
            failures.append((t, outcomes, stored))
    assert failures == []


def test_fifos_and_devices_are_skipped_not_read(tmp_path):
    import os
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(BODY.format(1, 1))
    r = Corpus(tmp_path / "c.db").add([fifo, "/dev/zero", tmp_path / "ok.txt"])
    assert r.added == 1
    assert r.skipped == [f"{fifo}: is not a regular file", "/dev/zero: is not a regular file"]


def test_an_article_over_the_length_limit_is_skipped_not_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ARTICLE_CHARS", 400)
    path = write_lines(tmp_path / "l.jsonl", [good_line(1), json.dumps({"id": "long", "text": "Word " * 200}),
                                              good_line(2)])
    r = Corpus(tmp_path / "c.db").add([path])
    assert r.added == 2 and len(r.skipped) == 1
    assert "the limit is 400 characters" in r.skipped[0] and r.skipped[0].startswith(f"{path}:2")
