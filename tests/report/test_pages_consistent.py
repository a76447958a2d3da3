"""Reports tell the same story everywhere: licence evidence found in a page's HTML is not flagged as
missing, words are not broken mid-word, a report opened from trace or lineage says which tool chose
the source and why, and every page extends the one base template."""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LICENSE = ROOT / "tests" / "fixtures" / "license"
EX = ROOT / "examples"
CLI = [sys.executable, "-c", "from redline.cli import main; main()"]


def redline(*args, cwd):
    proc = subprocess.run([*CLI, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})
    assert proc.returncode == 0, proc.stderr
    return proc


def test_licence_page_trusts_html_evidence(tmp_path):
    redline("license", LICENSE / "sources" / "clinic.html", LICENSE / "copies" / "clinic-ok.html",
            "--html", tmp_path / "l.html", cwd=tmp_path)
    page = (tmp_path / "l.html").read_text(encoding="utf-8")
    assert "compliant" in page and "not found at the given offsets" not in page
    assert ", page html</span>" in page  # says where it was seen instead


def test_no_style_breaks_words_mid_word():
    css = resources.files("redline.report").joinpath("static", "report.css").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    breaking = [sel.strip() for sel, body in rules if "anywhere" in body or "break-all" in body]
    # only ids, addresses and code may break anywhere; the licence table's values ("Expected") may not
    assert all(any(k in sel for k in (".url", ".art-id", "code")) for sel in breaking), breaking


def test_trace_and_lineage_reports_say_who_chose_the_source(tmp_path):
    db = tmp_path / "c.db"
    redline("corpus", "add", EX, ROOT / "tests" / "fixtures" / "articles", "--db", db, cwd=tmp_path)
    redline("trace", EX / "rewrite.txt", "--db", db, "--html", tmp_path / "t.html", cwd=tmp_path)
    source = (tmp_path / "t_sources" / "source-1.html").read_text(encoding="utf-8")
    assert "named by the user" not in source
    assert "<strong>redline trace</strong> chose" in source and "likely source 1 (primary)" in source
    assert 'href="../t.html#src1"' in source and "is dated 2026-06-20, before" in source
    redline("clusters", "--db", db, cwd=tmp_path)
    redline("lineage", EX / "wire.txt", "--db", db, "--html", tmp_path / "g.html", cwd=tmp_path)
    edges = sorted((tmp_path / "g_edges").glob("*.html"))
    assert edges
    for edge in edges:
        page = edge.read_text(encoding="utf-8")
        assert "named by the user" not in page and "<strong>redline lineage</strong> chose" in page


def test_every_page_extends_the_base_template():
    folder = resources.files("redline.report").joinpath("templates")
    pages = [p for p in folder.iterdir() if p.name.endswith(".html") and p.name not in ("base.html", "macros.html")]
    assert {p.name for p in pages} >= {"compare.html", "framing.html", "license.html", "lineage.html", "trace.html"}
    for page in pages:
        assert page.read_text(encoding="utf-8").lstrip().startswith('{% extends "base.html" %}'), page.name
