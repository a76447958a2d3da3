"""The conventions every command shares: --version, help without type tags that fills a wide
terminal and shows an example, one error line for usage errors too, -q and -v, the files written named."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import redline

ROOT = Path(__file__).resolve().parents[2]
WIRE, REWRITE = ROOT / "examples" / "wire.txt", ROOT / "examples" / "rewrite.txt"
COMMANDS = [["compare"], ["framing"], ["license"], ["trace"], ["clusters"], ["lineage"], ["schema"], ["serve"],
            ["corpus"], ["corpus", "add"], ["corpus", "stats"], ["corpus", "remove"]]


def redline_cli(*args, columns: int = 80, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": str(columns), "REDLINE_SEMANTIC": "0"}
    return subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_version():
    proc = redline_cli("--version")
    assert proc.returncode == 0 and proc.stdout == f"redline {redline.__version__}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_no_type_tags_an_example_and_fills_a_wide_terminal(command):
    narrow, wide = redline_cli(*command, "--help"), redline_cli(*command, "--help", columns=160)
    assert narrow.returncode == wide.returncode == 0
    assert not re.search(r"<(bool|str|int|path|list\[[^\]]*\]|text\|json)>", wide.stdout), wide.stdout
    assert re.search(r"^\s+Examples?:$", wide.stdout, re.M) and "redline " + command[0] in wide.stdout
    assert max(map(len, narrow.stdout.splitlines())) <= 80
    assert len(wide.stdout.splitlines()) <= len(narrow.stdout.splitlines())


def test_help_is_not_wrapped_at_80_on_a_wide_terminal():
    wide = redline_cli("compare", "--help", columns=160).stdout
    assert max(map(len, wide.splitlines())) > 100
    assert len(wide.splitlines()) < len(redline_cli("compare", "--help").stdout.splitlines())


@pytest.mark.parametrize("args, line", [
    (["compare", "--format", "xml", "a", "b"],
     "redline: error: compare --format: 'xml' is not one of 'text', 'json' (see 'redline compare --help')"),
    (["compare", "--bogus"], "redline: error: compare: no such option: --bogus"),
    (["nope"], "redline: error: redline: no such command 'nope' (see 'redline --help')"),
    (["lineage"], "redline: error: lineage: missing argument 'CLUSTER' (see 'redline lineage --help')"),
])
def test_usage_errors_are_one_line(args, line):
    proc = redline_cli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(line), proc.stderr
    assert "╭" not in proc.stderr and "Usage:" not in proc.stderr


def test_no_arguments_shows_the_help():
    proc = redline_cli()
    assert proc.returncode == 0 and proc.stdout.startswith("Usage: redline") and "compare" in proc.stdout
    assert "Example:\n    redline compare examples/wire.txt examples/rewrite.txt" in proc.stdout


def test_written_files_are_named_and_quiet_says_nothing(tmp_path):
    proc = redline_cli("compare", WIRE, REWRITE, "--html", tmp_path / "r.html", "-o", tmp_path / "r.txt")
    assert proc.returncode == 0 and proc.stdout == ""
    assert f"redline: wrote the report to {tmp_path / 'r.html'}" in proc.stderr
    assert f"redline: wrote {tmp_path / 'r.txt'}" in proc.stderr
    quiet = redline_cli("compare", WIRE, REWRITE, "--html", tmp_path / "q.html", "-q")  # -q anywhere on the line
    assert quiet.returncode == 0 and quiet.stderr == "" and (tmp_path / "q.html").is_file()


def test_verbose_lists_every_skipped_input(tmp_path):
    junk = tmp_path / "junk"
    junk.mkdir()
    for k in range(25):
        (junk / f"j{k:02}.bin").write_bytes(bytes(range(256)) * 4)
    (junk / "ok.txt").write_bytes(WIRE.read_bytes())
    plain = redline_cli("corpus", "add", junk, "--db", tmp_path / "a.db")
    verbose = redline_cli("-v", "corpus", "add", junk, "--db", tmp_path / "b.db")
    assert plain.returncode == verbose.returncode == 0
    assert plain.stderr.count("redline: skipped ") == 20 and "... and 5 more skipped" in plain.stderr
    assert verbose.stderr.count("redline: skipped ") == 25
    assert "25 input(s) skipped, 1 article(s) read" in verbose.stderr
