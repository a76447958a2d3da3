"""Readers: plain text with a header, HTML via trafilatura, JSON objects and lists, JSON Lines."""
import json
from pathlib import Path

import pytest

from redline.errors import InputError
from redline.ingest import article_from_object, article_from_text, iter_jsonl, load_article, load_articles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_text_header_is_parsed_and_body_kept():
    art = load_article(FIXTURES / "articles" / "source.txt")
    assert art.id == str(FIXTURES / "articles" / "source.txt")
    assert art.title == "Millbrook Council Approves Plan to Replace Lead Water Pipes"
    assert art.byline == "By Aria Fenwick, Northgate Press"
    assert art.date == "2026-03-02"
    assert art.outlet == "Northgate Press"
    assert art.url == "https://northgate-press.example/2026/03/02/millbrook-lead-pipes"
    assert art.text.startswith("MILLBROOK (Northgate Press)")
    assert "Title:" not in art.text


def test_caller_id_wins():
    art = load_article(FIXTURES / "articles" / "source.txt", id="wire-1")
    assert art.id == "wire-1"


@pytest.mark.parametrize("header, field, value", [
    ("Headline: A headline", "title", "A headline"),
    ("Author: Ann Lee", "byline", "Ann Lee"),
    ("By: Ann Lee", "byline", "Ann Lee"),
    ("Source: Coastline News", "outlet", "Coastline News"),
    ("ID: story-9", "id", "story-9"),
])
def test_header_aliases(header, field, value):
    art, = article_from_text(f"{header}\n\nThe body of the story is here.", "f.txt", "text")
    assert getattr(art, field) == value
    assert art.text == "The body of the story is here."


@pytest.mark.parametrize("text", [
    "Note: this first line is not a known header.\n\nThe body.",
    "Title: looks like a header but no blank line follows\nThe body.",
    "The first paragraph mentions Date: 2026 in passing.\n\nThe second.",
])
def test_text_without_a_real_header_is_all_body(text):
    art, = article_from_text(text, "f.txt", "text")
    assert art.text == text and art.title is None


def test_header_without_body_is_an_error():
    with pytest.raises(InputError, match="no body"):
        article_from_text("Title: Only a title\nDate: 2026-01-01\n\n   \n", "f.txt", "text")


def test_html_article_text_and_metadata():
    art = load_article(FIXTURES / "html" / "article.html")
    assert art.title == "Harbour Ferry Service Suspended After Engine Fault"
    assert art.byline == "Mina Okafor"
    assert art.date == "2026-05-14"
    assert art.outlet == "Eastbay Courier"
    assert art.url == "https://eastbay-courier.example/news/harbour-ferry-suspended"
    assert art.text.startswith("The harbour ferry between Eastbay and Kells Island")
    assert "water taxi" in art.text
    for boilerplate in ("Privacy policy", "Sport", "Home"):
        assert boilerplate not in art.text
    assert art.html and "<article>" in art.html


def test_html_is_detected_without_a_suffix(tmp_path):
    path = tmp_path / "page"
    path.write_bytes((FIXTURES / "html" / "article.html").read_bytes())
    assert load_article(path).outlet == "Eastbay Courier"


def test_html_entities_become_text_not_markup():
    art = load_article(FIXTURES / "html" / "markup_in_text.html")
    assert "<script>alert(1)</script>" in art.text


def test_html_without_article_text_is_an_error():
    with pytest.raises(InputError, match="no article text"):
        load_article(FIXTURES / "html" / "empty_page.html")


def test_json_object():
    art = load_article(FIXTURES / "json" / "article.json")
    assert (art.id, art.title, art.byline, art.date, art.outlet) == (
        "eastbay-001", "Harbour Ferry Service Suspended", "Mina Okafor", "2026-05-14", "Eastbay Courier")
    assert art.url.endswith("harbour-ferry-suspended")
    assert art.text.count("\n\n") == 1


def test_json_list_and_jsonl_hold_several_articles():
    assert [a.id for a in load_articles(FIXTURES / "json" / "list.json")] == ["a1", "a2"]
    arts = load_articles(FIXTURES / "json" / "articles.jsonl")
    assert [a.id for a in arts] == ["l1", "l2"]
    assert arts[1].outlet == "Eastbay Courier"
    with pytest.raises(InputError, match="holds 2 articles"):
        load_article(FIXTURES / "json" / "list.json")


def test_json_without_id_takes_the_path(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"text": "Body text of an invented story.", "date": 20260101}))
    art = load_article(path)
    assert art.id == str(path) and art.date == "20260101"


def test_json_with_html_instead_of_text_goes_through_trafilatura():
    html = (FIXTURES / "html" / "article.html").read_text()
    art = article_from_object({"id": "h1", "html": html, "outlet": "Given Outlet"}, "obj")
    assert art.id == "h1" and art.text.startswith("The harbour ferry")
    assert art.outlet == "Given Outlet"  # the caller's fields win over extracted ones


@pytest.mark.parametrize("content, problem", [
    ('{"title": "x", "text": ', "malformed JSON"),
    ('{"title": "no text"}', 'no "text"'),
    ('{"text": "   "}', 'no "text"'),
    ("[]", "empty"),
    ("[1, 2]", "not an object"),
    ('"just a string"', "not an object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_bad_json(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=problem) as err:
        load_articles(path)
    assert str(path) in str(err.value)


def test_json_sniffed_without_suffix(tmp_path):
    path = tmp_path / "article"
    path.write_text('{"id": "s1", "text": "Sniffed JSON body."}')
    assert load_article(path).id == "s1"
    lines = tmp_path / "lines"
    lines.write_text('{"id": "j1", "text": "The first story."}\n{"id": "j2", "text": "The second story."}\n')
    assert [a.id for a in load_articles(lines)] == ["j1", "j2"]


@pytest.mark.parametrize("name, body", [
    ("update", "[Updated] The council met again on Friday. It agreed nothing."),
    ("note.txt", "{Editor's note: corrected on Friday.} The council met again. It agreed nothing."),
    ("note.txt", '{"looks": "like json"} but the .txt suffix says text.'),
])
def test_text_that_starts_like_json_is_still_text(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body)
    assert load_article(path).text == body


def test_iter_jsonl_reports_bad_lines_and_goes_on():
    text = '{"id": "ok1", "text": "Fine."}\nnot json\n\n{"id": "ok2"}\n{"id": "ok3", "text": "Also fine."}'
    items = list(iter_jsonl(text, "feed.jsonl"))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[1].source == "feed.jsonl:2" and items[2].source == "feed.jsonl:4"


def test_jsonl_file_with_a_bad_line_is_an_error(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "ok1", "text": "Fine."}\n{oops\n')
    with pytest.raises(InputError, match=r"feed.jsonl:2: malformed JSON"):
        load_articles(path)


def test_closed_stdin_is_an_input_error(monkeypatch):
    import sys

    from redline.ingest import read_text
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="standard input is closed"):
        read_text("-")
