"""The HTML scan behind the copy checks: tolerant of broken markup, offsets that slice back."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.ingest.htmlscan import jsonld_items, names_of, scan, urls_of
from redline.license.signals import copy_signals
from redline.model import Article

PAGE = """<html><head><meta name="author" content="Ana Ruiz">
<link rel="canonical" href="https://a.example/x">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "author": [{"name": "Ana Ruiz"}, "Bo Li"]}]}</script>
<script type="application/ld+json">{not json</script>
</head><body><div class="byline">By <a href="/ana">Ana &amp; Bo</a></div>
<p>Council <b>voted</b> &amp; left.</p><img data-src="/logo.png" alt="Gazette logo"><svg><title>Mark</title></svg>
<div class="ad-slot"></div></body></html>"""


def test_scan_finds_everything_with_offsets():
    page = scan(PAGE)
    for node in page.metas + page.links + page.anchors + page.images + page.blocks + page.texts:
        assert 0 <= node.start < node.end <= len(PAGE)
    assert [t.text for t in page.texts] == ["By", "Ana & Bo", "Council", "voted", "& left."]
    for t in page.texts:
        assert PAGE[t.start:t.end].replace("&amp;", "&") == t.text
    assert page.anchors[0].attrs["href"] == "/ana" and page.anchors[0].text == "Ana & Bo"
    assert [n.tag for n in page.images] == ["img", "svg"] and page.images[1].text == "Mark"
    items = jsonld_items(page)
    assert [names_of(i.get("author")) for _, i in items if "author" in i] == [["Ana Ruiz", "Bo Li"]]
    assert PAGE[page.blocks[0].start:page.blocks[0].end].startswith('<div class="byline">')


def test_signals_from_page():
    art = Article(id="c.html", text="Council voted & left.", html=PAGE)
    sig = copy_signals(art, scan(PAGE))
    kinds = {h.kind for h in sig.bylines}
    assert {"meta author", "json-ld author", "byline element", "by-line"} <= kinds
    assert any(h.value == "https://a.example/x" for h in sig.links)
    assert sig.unresolved_images == 0 and any(h.kind == "advertising or paywall element" for h in sig.commerce)
    for hit in sig.bylines + sig.links + sig.images + sig.commerce:
        if hit.where == "html":
            assert PAGE[hit.start:hit.end] == hit.text


def test_helpers_accept_any_shape():
    assert names_of([{"name": "A"}, "B", 3, {"x": 1}]) == ["A", "B"]
    assert urls_of({"url": "u", "@id": "v"}) == ["u", "v"] and urls_of(None) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdiv&;pmgt\n")), max_size=300))
def test_scan_never_fails_and_offsets_stay_inside(html):
    page = scan(html)
    for node in page.metas + page.anchors + page.images + page.blocks + page.texts + page.paras:
        assert 0 <= node.start <= node.end <= len(html)
