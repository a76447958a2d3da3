"""The outlet kind given in JSON Lines (``outlet_kind``) is stored with the article and read back by
`trace`; a store made before the column opens and gets it."""
import json

from conftest import WIRE, run, text

from redline.corpus import Corpus
from redline.corpus.schema import SCHEMA


def _jsonl(path, kinds: bool):
    rows = [{"id": "desk", "text": text(*WIRE), "outlet": "Harbour Desk", "date": "2026-03-02",
             "outlet_kind": "Wire "},
            {"id": "article", "text": text(WIRE[0], WIRE[1], WIRE[2]), "outlet": "Estuary Post",
             "date": "2026-03-02", "outlet_kind": "print"}]
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if kinds or k != "outlet_kind"}) + "\n"
                            for r in rows))
    return path


def test_outlet_kind_round_trips(tmp_path):
    with Corpus(tmp_path / "c.db") as c:
        c.add([_jsonl(tmp_path / "a.jsonl", kinds=True)])
    with Corpus(tmp_path / "c.db", create=False) as c:
        assert c.get("desk").meta["outlet_kind"] == "wire" and c.get("article").meta["outlet_kind"] == "print"
    with Corpus(tmp_path / "d.db") as c:
        c.add([_jsonl(tmp_path / "b.jsonl", kinds=False)])
        assert "outlet_kind" not in c.get("desk").meta


def test_a_store_made_before_the_outlet_kind_opens_and_gets_it(tmp_path):
    with Corpus(tmp_path / "c.db") as c:
        c.add([_jsonl(tmp_path / "a.jsonl", kinds=False)])
        with c.store.transaction():
            c.store.db.execute("ALTER TABLE articles DROP COLUMN outlet_kind")
            c.store.db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    with Corpus(tmp_path / "c.db", create=False) as c:
        assert c.store.has_kinds and c.store.meta("schema") == str(SCHEMA)
        assert c.get("desk").meta == {} and c.trace("article")["sources"][0]["id"] == "desk"
        c.add([_jsonl(tmp_path / "b.jsonl", kinds=True)])  # same texts: unchanged, kinds not rewritten
        c.remove("desk")
        c.add([_jsonl(tmp_path / "b.jsonl", kinds=True)])
        assert c.get("desk").meta["outlet_kind"] == "wire"


def test_print_editions_use_the_stored_kind(tmp_path, monkeypatch, capsys):
    def sources(kinds: bool) -> list[str]:
        db = tmp_path / f"{kinds}.db"
        code, _, err = run(monkeypatch, capsys, "corpus", "add", _jsonl(tmp_path / f"{kinds}.jsonl", kinds), "--db", db)
        assert code == 0, err
        code, out, err = run(monkeypatch, capsys, "trace", "article", "--db", db, "--print-editions", "--format", "json")
        assert code == 0, err
        return [s["id"] for s in json.loads(out)["sources"]]
    # "Harbour Desk" is not recognised as an agency: without its stored kind it is a print edition of
    # the same day, which cannot be the article's source
    assert sources(kinds=True) == ["desk"] and sources(kinds=False) == []
