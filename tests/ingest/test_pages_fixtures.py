"""The page fixtures (tests/fixtures/pages/) agree with their gold files; the set is as large as issue 12 asks."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
KINDS = {"nav", "section", "kicker", "byline", "dateline_stamp", "photo_credit", "caption", "image_alt", "share",
         "font_control", "social_follow", "contact", "newsletter", "donation", "related", "comment_count", "cookie",
         "ad_label", "author_bio", "license_footer", "copyright", "headline", "other"}
FIELDS = {"site_kind", "title", "bylines", "outlet", "date", "dateline", "body_first", "body_last", "chrome", "terms"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")
VERDICTS = {"breach", "partial", "compliant", "undetermined"}
POLICIES = {"auto"} | {p.stem for p in (Path(__file__).resolve().parents[2] / "src" / "redline" / "license" / "policies").glob("*.toml")}


def pages(fmt: str) -> list[Path]:
    ext = "txt" if fmt == "text" else "html"
    return sorted((PAGES / fmt).glob(f"*.{ext}"))


def gold_of(page: Path) -> dict:
    return json.loads(page.with_name(page.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))


def visible_lines(page: Path) -> list[str]:
    raw = page.read_text(encoding="utf-8")
    if page.suffix == ".html":
        raw = re.sub(r"<(script|style)\b.*?</\1>", "", raw, flags=re.S)
        raw = re.sub(r"</?(a|span|em|strong|b|i)\b[^>]*>", "", raw)  # inline markup stays on its line
        raw = html.unescape(re.sub(r"<[^>]+>", "\n", raw))
    return [ln.strip() for ln in raw.split("\n") if ln.strip()]


def test_set_sizes():
    kinds = {gold_of(p)["site_kind"] for fmt in ("text", "html") for p in pages(fmt)}
    assert len(pages("text")) >= 60
    assert len(pages("html")) >= 40
    assert len(kinds) >= 20
    assert len(list((PAGES / "pairs").glob("*.json"))) >= 25


@pytest.mark.parametrize("page", pages("text") + pages("html"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_matches_page(page):
    gold = gold_of(page)
    assert set(gold) >= FIELDS
    lines = visible_lines(page)
    found = set(lines)
    for item in gold["chrome"]:
        assert item["kind"] in KINDS
        if page.suffix == ".html" and item["kind"] == "image_alt":
            continue
        assert item["text"] in found, f"chrome line not a line of the page: {item['text']!r}"
    text = "\n".join(lines)
    assert gold["body_first"] in text and gold["body_last"] in text
    assert gold["date"] is None or DATE.match(gold["date"])
    assert all(isinstance(n, str) and n for n in gold["bylines"])
    assert gold["title"] in found
    if gold["terms"] is not None:
        assert gold["terms"] in found


@pytest.mark.parametrize("page", pages("text"), ids=lambda p: p.name)
def test_every_text_line_is_gold_chrome_or_body(page):
    gold = gold_of(page)
    known = {c["text"] for c in gold["chrome"]} | set(gold.get("body", []))
    stray = [ln for ln in visible_lines(page) if ln not in known]
    assert not stray, f"lines in no gold list: {stray[:3]}"


@pytest.mark.parametrize("pair", sorted((PAGES / "pairs").glob("*.json")), ids=lambda p: p.name)
def test_pair_refers_to_existing_pages(pair):
    data = json.loads(pair.read_text(encoding="utf-8"))
    assert (PAGES / data["source"]).is_file() and (PAGES / data["copy"]).is_file()
    assert data["source"] != data["copy"]
    assert data["policy"] in POLICIES
    assert data["expected_verdict"] in VERDICTS
    assert data["expected_source"] in ("source", "copy")
    assert data["decided_by"] in ("credit", "date", "both", "none")
