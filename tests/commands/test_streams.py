"""Standard streams a careless caller gets wrong: stdin closed or named twice, stdout closed. Each is
a one-line error through the real CLI, never an internal error, and a result sent to --output is
still written when stdout is closed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIRE, REWRITE = str(ROOT / "examples" / "wire.txt"), str(ROOT / "examples" / "rewrite.txt")
CLI = [sys.executable, "-c", "from redline.cli import main; main()"]


def redline(*args, stdin=None, close_stdin=False, close_stdout=False):
    """(exit status, stdout, stderr) of the CLI run as a separate process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def closing():
        if close_stdin:
            os.close(0)
        if close_stdout:
            os.close(1)
    stdout = subprocess.DEVNULL if close_stdout else subprocess.PIPE
    proc = subprocess.run([*CLI, *map(str, args)], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env=env, timeout=120, preexec_fn=closing, text=True)
    return proc.returncode, proc.stdout or "", proc.stderr


@pytest.mark.parametrize("args", [["compare", "-", "-", "--no-semantic"],
                                  ["compare", "--source", "-", "-", "--no-semantic"],
                                  ["license", "-", "-"]])
def test_stdin_named_twice_is_refused(args):
    with open(WIRE, "rb") as fh:
        code, out, err = redline(*args, stdin=fh)
    assert code == 2 and out == ""
    assert err.strip().endswith("'-' (standard input) given more than once; it can be read for one article only")


def test_stdin_once_still_reads():
    with open(WIRE, "rb") as fh:
        code, out, err = redline("compare", "-", REWRITE, "--no-semantic", "-f", "json", stdin=fh)
    assert code == 0, err
    assert '"id": "-"' in out


def test_closed_stdin_is_a_one_line_error():
    code, _, err = redline("compare", "-", WIRE, "--no-semantic", close_stdin=True)
    assert (code, err) == (2, "redline: error: <stdin>: standard input is closed\n")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_closed_stdout_is_a_one_line_error(fmt):
    code, _, err = redline("compare", WIRE, REWRITE, "--no-semantic", "-f", fmt, close_stdout=True)
    assert (code, err) == (2, "redline: error: standard output is closed\n")


def test_closed_stdout_does_not_stop_output_to_a_file(tmp_path):
    target = tmp_path / "out.json"
    code, _, err = redline("compare", WIRE, REWRITE, "--no-semantic", "-f", "json", "-o", target,
                           close_stdout=True)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("{")
