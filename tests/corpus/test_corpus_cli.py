import json

import pytest
from conftest import run


@pytest.fixture
def files(tmp_path, chain):
    folder = tmp_path / "arts"
    folder.mkdir()
    for key, art in chain.items():
        header = f"ID: {art.id}\nTitle: {art.title}\nOutlet: {art.outlet}\nDate: {art.date}\n\n"
        (folder / f"{key}.txt").write_text(header + art.text)
    return folder


def test_add_stats_trace_clusters_lineage(monkeypatch, capsys, tmp_path, files):
    db = tmp_path / "c.db"
    code, out, _ = run(monkeypatch, capsys, "corpus", "add", files, "--db", db)
    assert code == 0 and "5 added" in out
    code, out, _ = run(monkeypatch, capsys, "corpus", "add", files, "--db", db, "--format", "json")
    assert json.loads(out)["unchanged"] == 5
    code, out, _ = run(monkeypatch, capsys, "corpus", "stats", "--db", db, "--format", "json")
    assert json.loads(out)["articles"] == 5
    code, out, _ = run(monkeypatch, capsys, "trace", "paper-c", "--db", db, "--format", "json", "--top", "1",
                       "--html", tmp_path / "t.html")
    data = json.loads(out)
    assert code == 0 and data["article"] == "paper-c" and len(data["sources"]) == 1
    assert set(data["sources"][0]) >= {"id", "reuse", "derivation", "direction", "confidence", "evidence"}
    assert "wire-1" in (tmp_path / "t.html").read_text()
    code, out, _ = run(monkeypatch, capsys, "trace", "blog-b", "--db", db)
    assert code == 0 and "paper-a" in out
    code, out, _ = run(monkeypatch, capsys, "clusters", "--db", db, "--format", "json")
    clusters = json.loads(out)["clusters"]
    assert len(clusters) == 1 and clusters[0]["size"] == 4
    cid = clusters[0]["cluster"]
    code, out, _ = run(monkeypatch, capsys, "lineage", cid, "--db", db, "--export", "graphml")
    assert code == 0 and out.startswith("<?xml") and "paper-a" in out
    code, out, _ = run(monkeypatch, capsys, "lineage", cid, "--db", db, "--html", tmp_path / "g.html")
    assert code == 0 and "paper-a -> blog-b" in out and (tmp_path / "g_edges" / "e1.html").exists()
    code, out, _ = run(monkeypatch, capsys, "corpus", "remove", "lobster", "--db", db)
    assert code == 0 and "removed 1" in out


def test_trace_batch(monkeypatch, capsys, tmp_path, files):
    db = tmp_path / "c.db"
    run(monkeypatch, capsys, "corpus", "add", files, "--db", db)
    ids = tmp_path / "ids.txt"
    ids.write_text("paper-a\nno-such-id\n" + str(files / "b.txt") + "\n")
    code, out, err = run(monkeypatch, capsys, "trace", "--batch", ids, "--db", db)
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and len(lines) == 3 and "error" in lines[1] and "1 of 3" in err
    assert lines[0]["sources"][0]["id"] == "wire-1" and lines[2]["article"] == "blog-b"


def test_bad_inputs_are_one_line_errors(monkeypatch, capsys, tmp_path, files):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    for args in (("corpus", "stats", "--db", junk), ("trace", "x", "--db", tmp_path / "missing.db"),
                 ("corpus", "add", tmp_path / "nope", "--db", tmp_path / "c.db"),
                 ("lineage", "story-none", "--db", junk)):
        code, out, err = run(monkeypatch, capsys, *args)
        assert code == 2 and err.startswith("redline: error:") and len(err.strip().splitlines()) == 1
        assert "Traceback" not in err
    assert not (tmp_path / "missing.db").exists()
    bad = tmp_path / "lines.jsonl"
    bad.write_text('{"id": "ok", "text": "A perfectly fine article body with some words."}\n{"no": "text"}\n')
    code, out, err = run(monkeypatch, capsys, "corpus", "add", bad, "--db", tmp_path / "c.db")
    assert code == 0 and "1 added" in out and "1 skipped" in out and "lines.jsonl:2" in err
