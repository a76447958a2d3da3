"""Comparisons for the report tests: the examples pair (lexical only, fast) and hand-made hostile ones."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from redline.model import Article, Evidence, Finding, replace
from redline.pipeline import Comparer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

HOSTILE_TITLE = "<script>alert(1)</script> Council \"votes\" & 'cuts' budget"
HOSTILE_BYLINE = "<img src=x onerror=alert(2)>"
HOSTILE_OUTLET = "\"><svg onload=alert(3)>"
HOSTILE_URL = "javascript:alert(4)"

SOURCE_TEXT = (
    "The city council voted on Tuesday to cut the parks budget by 12 percent. "
    "Council member Ana Ruiz said the cut was painful but necessary. "
    "The vote was 7 to 2.\n\n"
    "Residents packed the meeting to protest the plan. "
    "<script>alert(5)</script> was written on one protester's sign, organisers said. "
    "The parks department did not respond to a request for comment.\n\n"
    "The budget takes effect in July."
)
DERIVED_TEXT = (
    "This is an outrageous attack on our parks. <img src=x onerror=alert(6)>\n\n"
    "The city council voted on Tuesday to cut the parks budget by 12 percent. "
    "The vote was 7 to 2.\n\n"
    "Residents packed the meeting to protest the plan. "
    "<script>alert(5)</script> was written on one protester's sign, organisers said. "
    "Council member Ana Ruiz claimed the cut was needed.\n\n"
    "The budget takes effect in July."
)


@pytest.fixture(scope="session")
def comparer() -> Comparer:
    return Comparer(semantic=False)


@pytest.fixture(scope="session")
def examples_comparison(comparer):
    return comparer.compare(EXAMPLES / "wire.txt", EXAMPLES / "rewrite.txt")


def _span(article: Article, needle: str, sentence: int | None = None) -> Evidence:
    start = article.text.index(needle)
    return Evidence(article.id, sentence, start, start + len(needle), needle)


@pytest.fixture(scope="session")
def hostile_articles() -> tuple[Article, Article]:
    src = Article("src<1>", SOURCE_TEXT, title="Council cuts parks budget", byline="By Jo Park",
                  date="2026-03-01", outlet="Civic Wire", url="https://civic.example/parks")
    drv = Article("drv\"&'", DERIVED_TEXT, title=HOSTILE_TITLE, byline=HOSTILE_BYLINE,
                  date="2026-03-02", outlet=HOSTILE_OUTLET, url=HOSTILE_URL)
    return src, drv


@pytest.fixture(scope="session")
def hostile_comparison(comparer, hostile_articles):
    src, drv = hostile_articles
    c = comparer.compare(sources=[src], derived=drv)
    findings = (
        Finding("quote_altered", "medium", "Words changed in <b>Ruiz</b>'s statement",
                derived=(_span(drv, "claimed the cut was needed"),),
                source=(_span(src, "said the cut was painful but necessary"),), score=0.8,
                data={"speaker": "Ana Ruiz <i>"}),
        Finding("opinion_added", "high", "An added sentence gives the writer's judgement.",
                derived=(_span(drv, "This is an outrageous attack on our parks.", 0),), score=0.9),
        Finding("reply_dropped", "low", "The other side's reply was dropped.",
                source=(_span(src, "did not respond to a request for comment"),
                        Evidence(src.id, None, 0, 5, "wrong text")), score=0.6),
    )
    lic = {"policy": {"name": "cc-by-nd", "origin": "source footer", "commercial": False,
                      "evidence": {"article": src.id, "start": 0, "end": 8, "text": SOURCE_TEXT[:8]}},
           "requirements": [{"name": "byline", "status": "unmet", "evidence": "no byline <found>",
                             "expected": ["Jo Park", "J. Park"]},
                            {"name": "credit", "status": "partial",
                             "evidence": [{"text": "Civic", "kind": "credit"}]},
                            {"name": "link", "status": "met", "evidence": None},
                            {"name": "edits", "status": "unknown", "evidence": []}],
           "verdict": "breach", "summary": "The copy <em>changes</em> an ND story."}
    return replace(c, findings=findings, license=lic)


CHROMIUM = os.environ.get("REDLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian chromium through playwright; the test is skipped when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium not found at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def run(monkeypatch, capsys):
    """``run(*args)`` runs the redline CLI in-process: (exit code, stdout, stderr)."""
    def _run(*args):
        from redline.cli import main
        monkeypatch.setattr("sys.argv", ["redline", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run
