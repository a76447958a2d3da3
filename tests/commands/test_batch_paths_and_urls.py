"""Batch lines read files under the batch file's folder only (unless --allow-paths-outside), and
commands fetch loopback URLs only with --allow-private."""
import json
import shutil
import sys
from pathlib import Path

import pytest
from local_site import serving

from redline.cli import main

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
SECRET = "The vault code is 4417 and nobody outside should read it, ever."


def run(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["redline", *map(str, args)])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code or 0, out.out, out.err


@pytest.fixture
def jobs(tmp_path):
    """tmp/jobs holds the batch and its articles; tmp/secret.txt lies outside, linked from inside."""
    folder = tmp_path / "jobs"
    (folder / "sub").mkdir(parents=True)
    for name in ("source.txt", "derived.txt"):
        shutil.copy(ARTICLES / name, folder / name)
    (tmp_path / "secret.txt").write_text(f"Title: Secret\n\n{SECRET}\n")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    return folder


def compare_batch(folder, derived_paths):
    batch = folder / "pairs.jsonl"
    batch.write_text("\n".join(json.dumps({"id": d, "sources": ["source.txt"], "derived": d})
                               for d in derived_paths) + "\n")
    return batch


ESCAPES = ["../secret.txt", "link.txt", "sub/../../secret.txt"]


def test_compare_batch_refuses_paths_that_leave_the_batch_folder(monkeypatch, capsys, jobs, tmp_path):
    batch = compare_batch(jobs, ["derived.txt", *ESCAPES, str(tmp_path / "secret.txt"), "sub/../derived.txt"])
    code, out, err = run(monkeypatch, capsys, "compare", "--batch", batch, "--no-semantic")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "4 of 6 batch lines failed" in err and SECRET not in out
    assert "error" not in rows[0] and "error" not in rows[5]
    for row in rows[1:5]:
        assert "is outside the batch file's folder (use --allow-paths-outside" in row["error"]
        assert f"{batch}:" in row["error"] and "\n" not in row["error"]


def test_allow_paths_outside_reads_them(monkeypatch, capsys, jobs, tmp_path):
    batch = compare_batch(jobs, [*ESCAPES, str(tmp_path / "secret.txt")])
    code, out, err = run(monkeypatch, capsys, "compare", "--batch", batch, "--no-semantic", "--allow-paths-outside")
    assert code == 0 and all("error" not in json.loads(line) for line in out.splitlines())


def test_a_relative_path_is_not_looked_up_in_the_working_directory(monkeypatch, capsys, jobs, tmp_path):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    shutil.copy(ARTICLES / "derived_two.txt", elsewhere / "only_here.txt")
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(monkeypatch, capsys, "compare", "--batch", compare_batch(jobs, ["only_here.txt"]),
                       "--no-semantic")
    error = json.loads(out)["error"]
    assert code == 1 and str(jobs / "only_here.txt") in error and "no such file" in error


def test_trace_batch_confines_paths_but_takes_ids(monkeypatch, capsys, jobs, tmp_path):
    arts = tmp_path / "arts"
    arts.mkdir()
    for k, name in enumerate(("source.txt", "derived.txt")):
        (arts / name).write_text(f"ID: art-{k}\n" + (ARTICLES / name).read_text())
    db = tmp_path / "c.db"
    assert run(monkeypatch, capsys, "corpus", "add", arts, "--db", db)[0] == 0
    ids = jobs / "ids.txt"
    ids.write_text("art-1\n../secret.txt\nderived.txt\n")
    code, out, err = run(monkeypatch, capsys, "trace", "--batch", ids, "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "1 of 3" in err and SECRET not in out
    assert rows[0]["article"] == "art-1" and "error" not in rows[2]
    assert f"{ids}:2" in rows[1]["error"] and "outside the batch file's folder" in rows[1]["error"]


@pytest.fixture(scope="module")
def site():
    with serving(ARTICLES) as url:
        yield url


@pytest.mark.parametrize("command", [
    lambda url: ["compare", url, ARTICLES / "derived.txt", "--no-semantic", "-f", "json"],
    lambda url: ["framing", url, "--no-semantic", "-f", "json"],
    lambda url: ["license", url, ARTICLES / "derived.txt", "-f", "json"],
], ids=["compare", "framing", "license"])
def test_loopback_urls_need_allow_private(monkeypatch, capsys, site, command):
    url = f"{site}/source.txt"
    code, out, err = run(monkeypatch, capsys, *command(url))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"redline: error: {url}: refused: 127.0.0.1 a loopback address (use --allow-private" in err
    code, out, err = run(monkeypatch, capsys, *command(url), "--allow-private")
    assert code == 0 and "Millbrook" in out


def test_trace_reads_a_url_with_allow_private(monkeypatch, capsys, site, tmp_path):
    db = tmp_path / "c.db"
    assert run(monkeypatch, capsys, "corpus", "add", ARTICLES / "source.txt", "--db", db)[0] == 0
    url = f"{site}/derived.txt"
    code, _, err = run(monkeypatch, capsys, "trace", url, "--db", db, "-f", "json")
    assert code == 2 and "refused: 127.0.0.1 a loopback address" in err
    code, out, _ = run(monkeypatch, capsys, "trace", url, "--db", db, "-f", "json", "--allow-private")
    assert code == 0 and json.loads(out)["article"] == url


def test_a_huge_path_in_a_batch_line_gives_a_short_error(monkeypatch, capsys, jobs):
    batch = compare_batch(jobs, ["derived.txt", "a" * 5_000_000, "derived.txt"])
    code, out, err = run(monkeypatch, capsys, "compare", "--batch", batch, "--no-semantic")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "error" not in rows[0] and "error" not in rows[2]
    assert len(rows[1]["error"]) < 1500 and " more characters): " in rows[1]["error"]
