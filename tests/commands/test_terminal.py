"""The CLI on a real terminal (a pseudo-terminal, through pexpect) at 80 and 160 columns: the progress
bar is drawn, tables fit the width and long ids are never cut; the same command piped draws no bar
and writes no colour."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
WIRE = (ROOT / "examples" / "wire.txt").read_text(encoding="utf-8")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LONG = "corpus_lakeshore_wire_2026_06_20_harbor_city_protest_911_calls_unanswered_federal_agents_say"
CLI = [sys.executable, "-c", "from redline.cli import main; main()"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A corpus whose source has a long id, a copy to trace, and a batch of ids to trace."""
    d = tmp_path_factory.mktemp("term")
    body = WIRE.split("\n\n", 1)[1]
    (d / "feed.jsonl").write_text(json.dumps({"id": LONG, "text": body, "date": "2026-06-20"}) + "\n"
                                  + "".join(json.dumps({"id": f"filler-{k}", "text": f"Filler story {k} about the "
                                                        f"county fair and its {k} prize-winning pumpkins, judges said."})
                                            + "\n" for k in range(30)))
    paragraphs = body.split("\n\n")
    (d / "copy.txt").write_text("Title: A copy\n\n" + "\n\n".join(paragraphs[:4]) + "\n")
    (d / "ids.txt").write_text("\n".join(["copy.txt"] * 40) + "\n")
    env = _env()
    subprocess.run([*CLI, "corpus", "add", d / "feed.jsonl", "--db", d / "c.db"], env=env, check=True,
                   capture_output=True)
    return d


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    return {**env, "PYTHONPATH": str(ROOT / "src"), "TERM": "xterm-256color", **extra}


def on_terminal(args, cwd, columns: int) -> str:
    child = pexpect.spawn(CLI[0], [*CLI[1:], *map(str, args)], cwd=str(cwd), env=_env(),
                          dimensions=(40, columns), encoding="utf-8", timeout=300)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus in (0, 1), child.before
    return child.before


@pytest.mark.parametrize("columns", [80, 160])
def test_trace_table_fits_and_keeps_ids_whole(corpus, columns):
    out = on_terminal(["trace", "copy.txt", "--db", "c.db"], corpus, columns)
    assert "\x1b[" in out  # colour and bold on a terminal
    lines = ANSI.sub("", out).replace("\r", "").split("\n")
    assert max(len(line) for line in lines) <= columns
    table = [line for line in lines if line.startswith(("#", "1 ", "   "))]
    assert "…" not in "".join(table)
    assert LONG in "".join("".join(lines).split())  # folded onto several lines, but whole
    if columns == 160:
        assert any(LONG in line for line in lines)  # room enough: on one line


@pytest.mark.parametrize("columns", [80, 160])
def test_trace_batch_draws_a_progress_bar_on_a_terminal(corpus, columns):
    out = on_terminal(["trace", "--batch", "ids.txt", "--db", "c.db", "-o", "traces.jsonl"], corpus, columns)
    assert "tracing" in out and "━" in out
    assert max(len(line) for line in ANSI.sub("", out).replace("\r", "\n").split("\n")) <= columns
    assert "wrote" in out and "traces.jsonl" in out


def test_piped_no_bar_no_colour(corpus):
    for args in (["trace", "--batch", "ids.txt", "--db", "c.db"], ["trace", "copy.txt", "--db", "c.db"],
                 ["corpus", "add", "feed.jsonl", "--db", "c.db"]):
        proc = subprocess.run([*CLI, *args], cwd=corpus, env=_env(), capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout + proc.stderr
        assert "━" not in proc.stderr and "tracing" not in proc.stderr


def test_color_switches_and_no_color(corpus):
    args = ["trace", "copy.txt", "--db", "c.db"]
    forced = subprocess.run([*CLI, "--color", "always", *args], cwd=corpus, env=_env(), capture_output=True, text=True)
    assert "\x1b[" in forced.stdout
    child = pexpect.spawn(CLI[0], [*CLI[1:], *args], cwd=str(corpus), env=_env(NO_COLOR="1"),
                          dimensions=(40, 120), encoding="utf-8", timeout=300)
    child.expect(pexpect.EOF)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", child.before)  # no colour codes (bold may stay)


def test_closed_pipe_is_quiet(corpus):
    """``| head -1`` closes the pipe long before the 40 trace lines (far more than a pipe buffer) are out."""
    cmd = (f"set -o pipefail; {sys.executable} -c 'from redline.cli import main; main()' "
           "trace --batch ids.txt --db c.db | head -1")
    proc = subprocess.run(cmd, shell=True, cwd=corpus, env=_env(), capture_output=True, text=True,
                          executable="/bin/bash", timeout=300)
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["article"].endswith("copy.txt")
