"""Docs that run: every fenced ``bash``/``sh``/``console`` and ``python`` block of README.md and
docs/*.md is executed, in order, in a scratch folder holding the files the docs name (the examples,
an articles folder, a JSON Lines feed, a copy, a policy file, ...). A block that cannot run here
carries ``<!-- docs-test: skip REASON -->`` on the line before its fence; such blocks are reported
as skipped with their reason, and counted: a new one must be added to SKIPPED on purpose.

Embeddings are off (``REDLINE_SEMANTIC=0``): loading the model costs half a minute a command."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUNNABLE = {"bash": "bash", "sh": "bash", "console": "bash", "python": "python"}
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\s+(.+?)\s*-->")
# (file, reason): the blocks the docs say cannot run here; changing the set is deliberate
SKIPPED = {
    ("README.md", "installs packages from the network and runs this test suite; CI runs both lines"),
    ("corpus.md", "needs Apache Spark and Java 17"),
    ("web.md", "starts a server that runs until stopped; tests/web starts it the same way"),
}
FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(path: Path) -> list[tuple[int, str, str, str | None]]:
    """(line, language, code, skip reason) of every fenced block of a runnable language."""
    out, lines = [], path.read_text(encoding="utf-8").splitlines()
    k = 0
    while k < len(lines):
        m = FENCE.match(lines[k])
        if not m:
            k += 1
            continue
        end = next(j for j in range(k + 1, len(lines)) if lines[j].startswith("```"))
        lang = m.group(1)
        skip = SKIP.search(lines[k - 1]) if k else None
        if lang in RUNNABLE:
            out.append((k + 1, lang, "\n".join(lines[k + 1:end]), skip.group(1) if skip else None))
        k = end + 1
    return out


ALL = [(path, *b) for path in DOCS for b in blocks(path)]


def test_the_skipped_blocks_are_the_known_ones():
    found = {(p.name, reason) for p, _, _, _, reason in ALL if reason}
    assert found == SKIPPED
    assert len([b for b in ALL if not b[4]]) >= 12  # the docs' blocks do run


def test_no_internal_issue_numbers_in_user_docs():
    for path in DOCS:
        assert not re.search(r"\bissues? \d+\b", path.read_text(encoding="utf-8"), re.I), path


def _sandbox(folder: Path) -> Path:
    """The files the docs name, as a reader following them would have them."""
    fx = ROOT / "tests" / "fixtures"
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(fx / "articles", folder / "articles")
    shutil.copy(fx / "json" / "articles.jsonl", folder / "feed.jsonl")
    lic = fx / "license"
    for name, src in (("story.html", "sources/clinic.html"), ("copy.html", "copies/clinic-ok.html"),
                      ("story.txt", "sources/river.txt"), ("copy.txt", "copies/river-verbatim.txt"),
                      ("ours.toml", "policies/valley.toml")):
        shutil.copy(lic / src, folder / name)
    (folder / "pairs.jsonl").write_text(
        json.dumps({"id": "job-1", "sources": ["examples/wire.txt"], "derived": "examples/rewrite.txt"}) + "\n")
    (folder / "sentences.jsonl").write_text(
        '{"id": "s1", "text": "Critics say the reckless plan is a disaster."}\n'
        '{"id": "s2", "text": "The council met on Tuesday."}\n')
    (folder / "mine.tsv").write_text("loaded\tboondoggle\t0.8\twasteful project\n")
    (folder / "ids.txt").write_text("articles/derived.txt\n")
    (folder / "reading-list.urls").write_text("# one URL a line\n")
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "redline"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "from redline.cli import main; main()" "$@"\n')
    shim.chmod(0o755)
    return folder


@pytest.fixture(scope="module")
def sandboxes(tmp_path_factory):
    made: dict[str, Path] = {}

    def get(path: Path) -> Path:
        if path.name not in made:
            made[path.name] = _sandbox(tmp_path_factory.mktemp(path.stem))
        return made[path.name]
    return get


def _script(lang: str, code: str) -> str:
    if lang == "console":  # "$ command" lines are the commands; the rest is their output
        code = "\n".join(line[2:] for line in code.splitlines() if line.startswith("$ "))
    return code


@pytest.mark.parametrize("path, line, lang, code, skip", ALL,
                         ids=[f"{p.name}:{line}" for p, line, *_ in ALL])
def test_block_runs(sandboxes, path, line, lang, code, skip):
    if skip:
        pytest.skip(f"{path.name}:{line}: {skip}")
    folder = sandboxes(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REDLINE_SEMANTIC": "0", "NO_COLOR": "1",
           "PATH": f"{folder / '.bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    cmd = ["bash", "-e", "-o", "pipefail", "-c"] if RUNNABLE[lang] == "bash" else [sys.executable, "-c"]
    proc = subprocess.run([*cmd, _script(lang, code)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, f"{path.name}:{line} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
