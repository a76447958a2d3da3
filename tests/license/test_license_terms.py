"""Republication terms found in the source itself, with the sentence or element as evidence."""
from __future__ import annotations

import pytest

from redline.ingest import load_article
from redline.license.facts import page_of
from redline.license.terms import detect_terms
from redline.model import Article


def terms_of(article):
    return detect_terms(article, page_of(article))


def html_article(body, text="The council met on Monday and voted on the budget."):
    html = f"<html><head><title>T</title></head><body><article><p>{text}</p></article>{body}</body></html>"
    return Article(id="src.html", text=text, html=html)


def assert_evidence_slices(article, policy):
    assert policy.evidence
    for ev in policy.evidence:
        whole = article.text if ev["in"] == "text" else article.html
        assert whole[ev["start"]:ev["end"]] == ev["text"]


def test_footer_paragraph_in_text(fixtures):
    art = load_article(fixtures / "sources" / "school.txt")
    policy = terms_of(art)
    assert policy.origin == "source-terms"
    assert policy.required() == ["byline", "logo", "affiliation"]
    assert policy.edits == "style-only"
    assert_evidence_slices(art, policy)
    assert any("requires logo" in ev["states"] for ev in policy.evidence)


def test_creative_commons_named_in_text(fixtures):
    art = load_article(fixtures / "sources" / "river.txt")
    policy = terms_of(art)
    assert policy.name.startswith("cc-by-nd") and policy.edits == "none" and policy.headline is False
    assert {"byline", "credit", "link", "notice"} <= set(policy.required())
    assert_evidence_slices(art, policy)


def test_creative_commons_badge_only(fixtures):
    art = load_article(fixtures / "sources" / "transit.html")
    policy = terms_of(art)
    assert policy.name.startswith("cc-by-nc-nd") and policy.commercial is False and policy.edits == "none"
    assert_evidence_slices(art, policy)
    assert 'rel="license"' in policy.evidence[0]["text"]


def test_badge_image_without_rel_license():
    art = html_article('<footer><img src="https://i.creativecommons.org/l/by-nc/4.0/88x31.png"></footer>')
    policy = terms_of(art)
    assert policy.name.startswith("cc-by-nc") and policy.commercial is False and policy.edits == "any"


def test_json_ld_licence():
    art = html_article('<script type="application/ld+json">{"@type": "NewsArticle", '
                       '"license": "https://creativecommons.org/licenses/by/4.0/"}</script>')
    assert terms_of(art).name.startswith("cc-by ")


@pytest.mark.parametrize("text, name", [
    ("This story is licensed under CC BY-ND 4.0.", "cc-by-nd"),
    ("Licensed under Creative Commons Attribution-NonCommercial-NoDerivatives 4.0.", "cc-by-nc-nd"),
    ("We publish under a Creative Commons license.", "cc-by"),
])
def test_licence_names_in_text(text, name):
    art = Article(id="a", text=f"The council met on Monday.\n\n{text}")
    policy = terms_of(art)
    assert policy.name.split(" ")[0] == name
    assert_evidence_slices(art, policy)


def test_republish_box_in_html(fixtures):
    art = load_article(fixtures / "sources" / "clinic.html")
    policy = terms_of(art)
    assert policy.required() == ["byline", "credit", "link", "logo"]
    assert policy.headline is False and policy.edits == "any"
    assert_evidence_slices(art, policy)


def test_wire_subscriber_terms(fixtures):
    art = load_article(fixtures / "sources" / "wire.txt")
    policy = terms_of(art)
    assert policy.required() == ["credit"] and policy.edits == "style-only"


@pytest.mark.parametrize("sentence, field, value", [
    ("You may republish this story but may not edit it.", "edits", "none"),
    ("Feel free to reprint this article, but don't alter the content.", "edits", "none"),
    ("You may republish this story; you may edit it as you wish.", "edits", "any"),
    ("Republish this story for free, but not for commercial purposes.", "commercial", False),
    ("Republish this story, but do not change the headline.", "headline", False),
    ("Republishers may write their own headline.", "headline", True),
])
def test_terms_fields(sentence, field, value):
    policy = terms_of(Article(id="a", text=f"The council met on Monday.\n\n{sentence}"))
    assert getattr(policy, field) == value


def test_notice_text_is_read():
    text = 'The council met.\n\nTo republish, add the following line: "Reprinted with permission of the Gazette."'
    policy = terms_of(Article(id="a", text=text))
    assert policy.element("notice").text == ("Reprinted with permission of the Gazette.",)


def test_no_terms(fixtures):
    assert terms_of(load_article(fixtures / "sources" / "farm.txt")) is None
    assert terms_of(html_article("<footer><p>Contact us.</p></footer>")) is None


@pytest.mark.parametrize("text", [
    "The paper refused to republish the cartoon.",
    "The study's author said reproductive health clinics face new rules, reporters were told.",
    "Police said a crime syndicate ran the scheme, the author of the report said.",
])
def test_news_prose_is_not_terms(text):
    assert terms_of(Article(id="a", text=f"The council met on Monday.\n\n{text}")) is None
