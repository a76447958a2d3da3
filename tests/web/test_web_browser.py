"""End to end in a real browser: Debian's chromium driven by Playwright against `redline serve`
started here on a free loopback port. These tests fail, never skip, when the browser is missing."""
from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path

import pytest
from webhelpers import EXAMPLES, OURS, XSS, hostile_articles

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from web_server import running_server  # noqa: E402  (one way to start the server, shared with the benches)

CHROMIUM = os.environ.get("REDLINE_CHROMIUM") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(example_db):
    with running_server(example_db, "--outlet", OURS) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.events = {"dialogs": [], "errors": [], "requests": []}
    pg.on("dialog", lambda d: (pg.events["dialogs"].append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.events["errors"].append(str(e)))
    pg.on("console", lambda m: m.type == "error" and pg.events["errors"].append(m.text))
    pg.on("request", lambda r: pg.events["requests"].append(r.url))
    yield pg
    context.close()


def _quiet(page, base: str) -> None:
    assert page.events["errors"] == [] and page.events["dialogs"] == []
    assert all(u.startswith(base) or u.startswith("data:") for u in page.events["requests"]), page.events["requests"]


def _paste_and_compare(page, base: str, a: str, b: str) -> None:
    page.goto(base + "/compare")
    page.fill("#text_a", a)
    page.fill("#text_b", b)
    page.click("#compare-submit")
    page.wait_for_url(f"{base}/r/**")


def test_paste_and_compare_then_open_a_finding(page, server):
    _paste_and_compare(page, server, (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text())
    assert page.inner_text(".verdict .level") in ("Wholly derived", "Partially derived")
    link = page.url
    page.goto(link)  # the permanent link opens the same report
    assert page.inner_text(".verdict .level") in ("Wholly derived", "Partially derived")
    finding = page.eval_on_selector_all(
        ".finding", "els => els.map(e => e.id).filter(id => document.querySelector("
                    "`mark[data-findings~='${id}']`))")[0]
    marks = f"mark[data-findings~='{finding}']"
    assert page.eval_on_selector_all(marks, "els => els.filter(m => m.classList.contains('active')).length") == 0
    page.click(f"#{finding} .explanation")
    active = page.eval_on_selector_all(marks, "els => els.filter(m => m.classList.contains('active')).length")
    assert active == len(page.query_selector_all(marks)) >= 1
    assert "active" in page.get_attribute(f"#{finding}", "class")
    _quiet(page, server)


def test_keyboard_navigation_of_the_report(page, server):
    _paste_and_compare(page, server, (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text())
    sentence = _tab_to(page, "el => el.matches('span.sent[data-links]')")
    linked = page.evaluate("() => document.activeElement.getAttribute('data-links').split(' ')[0]")
    page.keyboard.press("Enter")
    assert "active" in page.get_attribute(f"#{linked}", "class")
    page.keyboard.press("Escape")
    assert page.query_selector_all(".active") == []
    finding = _tab_to(page, "el => el.matches('li.finding')")
    page.keyboard.press("Enter")
    assert "active" in page.get_attribute(f"#{finding}", "class")
    assert sentence and finding
    _quiet(page, server)


def _tab_to(page, test: str, limit: int = 600) -> str:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            return page.evaluate("() => document.activeElement.id")
    raise AssertionError("keyboard focus never reached the element")


def test_desk_filters_and_csv_export(page, server):
    page.goto(server + "/desk")
    assert len(page.query_selector_all("tr.desk-row")) == 5
    page.select_option("#desk-filters select[name=verdict]", "breach")
    page.click("#desk-filters button[type=submit]")
    page.wait_for_url("**verdict=breach**")
    rows = page.query_selector_all("tr.desk-row")
    assert len(rows) == 2 and {r.get_attribute("data-verdict") for r in rows} == {"breach"}
    with page.expect_download() as download:
        page.click("#export-csv")
    lines = Path(download.value.path()).read_text(encoding="utf-8").strip().split("\n")
    assert lines[0].startswith("verdict,copy") and len(lines) == 3
    assert {line.split(",")[0] for line in lines[1:]} == {"breach"}
    _quiet(page, server)


def test_story_page_draws_the_lineage_graph(page, server):
    stories = json.loads(urllib.request.urlopen(server + "/api/stories").read())["clusters"]
    biggest = stories[0]["cluster"]
    graph = json.loads(urllib.request.urlopen(f"{server}/api/stories/{biggest}").read())
    page.goto(server + "/stories")
    page.click(f"text={biggest}")
    page.wait_for_selector("#lineage-graph")
    assert len(page.query_selector_all("#lineage-graph .node")) == len(graph["nodes"]) == 4
    assert len(page.query_selector_all("#lineage-graph path.edge")) == len(graph["edges"]) == 3
    box = page.query_selector("#lineage-graph circle").bounding_box()
    assert box and box["width"] > 0  # drawn, not just present
    page.click("#lineage-graph a.edge-link >> nth=0 >> text.edge-label")
    page.wait_for_url("**/pair?**")
    assert page.inner_text(".verdict .level")
    _quiet(page, server)


def test_ingest_with_progress_to_completion(page, server, tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [json.dumps({"id": f"feed-{k}", "outlet": "Feed Post", "date": "2026-07-01",
                        "text": f"Report {k}: the harbour board met on Monday to discuss berth number {k} and its fees."})
            for k in range(40)]
    rows.insert(5, "{this line is broken")
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(server + "/ingest")
    page.set_input_files("#files", str(feed))
    page.click("#ingest-submit")
    page.wait_for_url(f"{server}/ingest/**")
    page.wait_for_selector("#job[data-status=done]", timeout=60000)
    assert page.get_attribute("#job-progress", "value") == "100"
    assert "40 added" in page.inner_text("#job-message")
    assert "feed.jsonl:6" in page.inner_text("#job-skipped")
    page.reload()  # the job survives a reload
    assert page.get_attribute("#job", "data-status") == "done" and "40 added" in page.inner_text("#job-message")
    page.goto(server + "/search?q=berth")
    assert "40 articles found" in page.inner_text("#result-count")
    _quiet(page, server)


def test_no_injected_script_runs_and_no_markup_reaches_the_dom(browser, tmp_path):
    from redline.corpus import Corpus
    db = tmp_path / "hostile.db"
    with Corpus(db, semantic=False) as corpus:
        corpus.add(hostile_articles())
    arts = hostile_articles()
    with running_server(db, "--outlet", arts[0].outlet) as base:
        context = browser.new_context()
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        from urllib.parse import quote
        story = json.loads(urllib.request.urlopen(base + "/api/stories").read())["clusters"][0]["cluster"]
        urls = ["/", "/search?q=ferry", f"/article?id={quote(arts[1].id, safe='')}",
                f"/article?id={quote(arts[0].id, safe='')}", "/desk", "/stories", f"/story?id={story}",
                f"/pair?source={quote(arts[0].id, safe='')}&derived={quote(arts[1].id, safe='')}"]
        for url in urls:
            page.goto(base + url)
            _no_injection(page, url)
        assert XSS in page.inner_text("body")  # shown, as text
        page.goto(base + "/compare")
        page.fill("#text_a", f"Title: {XSS}\nOutlet: {XSS}\n\n{arts[0].text}")
        page.fill("#text_b", arts[1].text)
        page.click("#compare-submit")
        page.wait_for_url(f"{base}/r/**")
        _no_injection(page, "compare report")
        assert dialogs == []
        context.close()


def _no_injection(page, where: str) -> None:
    assert page.evaluate("() => window.__xss") is None, where
    assert page.query_selector_all("img") == [], where
    assert page.query_selector_all("[onerror], [onload]") == [], where
    scripts = page.eval_on_selector_all("script", "els => els.map(s => s.textContent + (s.src || ''))")
    assert not any("__xss" in s for s in scripts), where
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert not any(h.lower().startswith("javascript:") for h in hrefs), where
