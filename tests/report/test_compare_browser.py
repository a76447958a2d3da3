"""The HTML report in a real browser (Debian chromium through playwright); skipped when either is missing."""
from __future__ import annotations

import pytest

from redline.model import Article
from redline.report.compare import DERIVATION_TEXT, render_html

SCREENSHOT = "/tmp/redline-report.png"


@pytest.fixture
def open_report(browser, tmp_path):
    pages = []

    def _open(comparison, name="report.html"):
        path = tmp_path / name
        path.write_text(render_html(comparison), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.events = {"dialogs": [], "errors": [], "requests": []}
        page.on("dialog", lambda d: (page.events["dialogs"].append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: page.events["errors"].append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.events["errors"].append(m.text))
        page.on("request", lambda r: page.events["requests"].append(r.url))
        page.goto(path.as_uri())
        pages.append(page)
        return page

    yield _open
    for page in pages:
        page.close()


def classes(page, element_id: str) -> list[str]:
    return page.get_attribute(f"#{element_id}", "class").split()


def test_verdict_and_linking_in_the_examples_report(open_report, examples_comparison):
    c = examples_comparison
    page = open_report(c)
    assert page.inner_text(".verdict .level") == DERIVATION_TEXT[c.derivation]
    assert f"{round(100 * c.reuse)}%" in page.inner_text(".verdict .reuse")
    match = next(m for m in c.derived_sentences if m.sources)
    target = f"s0-{match.sources[0].index}"
    assert "active" not in classes(page, target)
    page.hover(f"#d{match.index}")
    assert "hover" in classes(page, target)
    page.click(f"#d{match.index}")
    assert {"active", "linked"} <= set(classes(page, target))
    assert "active" in classes(page, f"d{match.index}")
    page.click(f"#{target}")
    assert {"active", "linked"} <= set(classes(page, f"d{match.index}"))
    assert "linked" not in classes(page, target)
    page.keyboard.press("Escape")
    assert not page.query_selector_all(".active")
    assert page.events["errors"] == [] and page.events["dialogs"] == []
    assert all(url.startswith("file://") for url in page.events["requests"])
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_markup_in_articles_is_text_and_never_runs(open_report, hostile_comparison):
    page = open_report(hostile_comparison, "hostile.html")
    for sel in (".sent", "mark", ".finding"):
        for el in page.query_selector_all(sel)[:12]:
            el.hover()
            el.click()
    assert page.events["dialogs"] == []
    assert page.events["errors"] == []
    assert page.query_selector_all("img, svg, iframe") == []
    assert page.evaluate("document.scripts.length") == 1
    assert "<script>alert(1)</script>" in page.inner_text(".derived-column .art-title")
    assert "<img src=x onerror=alert(2)>" in page.inner_text(".derived-column .byline")
    assert "<script>alert(5)</script>" in page.inner_text(".derived-column .article-text")
    assert page.query_selector(".derived-column .url a") is None
    assert all(url.startswith("file://") for url in page.events["requests"])
    page.screenshot(path="/tmp/redline-report-hostile.png", full_page=True)


def test_clicking_a_finding_highlights_its_evidence(open_report, hostile_comparison):
    page = open_report(hostile_comparison, "findings.html")
    page.click("#f2 .explanation")
    active = page.query_selector_all("mark.active")
    assert active and all("f2" in m.get_attribute("data-findings").split() for m in active)
    assert "active" in classes(page, "f2")


def test_a_derived_sentence_opens_the_tab_of_its_second_source(open_report, comparer, hostile_articles):
    src, drv = hostile_articles
    parts = src.text.split("\n\n")
    first = Article("first", parts[0], title="Part one", outlet="Wire A")
    second = Article("second", "\n\n".join(parts[1:]), title="Part two", outlet="Wire B")
    c = comparer.compare(sources=[first, second], derived=drv)
    page = open_report(c, "multi.html")
    assert page.is_visible("#panel-s0") and not page.is_visible("#panel-s1")
    match = next(m for m in c.derived_sentences if any(r.article == "second" for r in m.sources))
    ref = next(r for r in match.sources if r.article == "second")
    page.click(f"#d{match.index}")
    assert page.is_visible("#panel-s1") and not page.is_visible("#panel-s0")
    assert "active" in classes(page, f"s1-{ref.index}")
    page.click("[data-tab=panel-s0]")
    assert page.is_visible("#panel-s0")
