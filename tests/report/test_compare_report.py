"""The HTML comparison report without a browser: escaping, labels, links and offsets."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import EXAMPLES, HOSTILE_BYLINE, HOSTILE_OUTLET, HOSTILE_TITLE
from typer.testing import CliRunner

from redline.cli import app
from redline.model import LABELS, Article, Evidence
from redline.report.compare import render_html
from redline.report.views import Mark, SentenceView, evidence_items, safe_url, text_view

VOID = {"meta", "br", "img", "input", "hr", "link"}


class Probe(HTMLParser):
    """Collects every element with data-start/data-end, its text, classes and which article it is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.items: list[dict] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text_in: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if "data-links" in a:
            self.links.extend(a["data-links"].split())
        if tag in VOID:
            return
        where = self.stack[-1]["where"] if self.stack else None
        if "derived-column" in a.get("class", ""):
            where = "d"
        elif a.get("id", "").startswith("panel-s"):
            where = a["id"][len("panel-"):]
        if "art-title" in a.get("class", "").split():
            where = f"{where}#title"
        node = {"tag": tag, "attrs": a, "where": where, "text": []}
        if "data-start" in a:
            self.items.append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            node = self.stack.pop()
            if node["tag"] == tag:
                break

    def handle_data(self, data):
        for node in self.stack:
            node["text"].append(data)


def probe(html: str) -> Probe:
    p = Probe()
    p.feed(html)
    return p


def articles_by_place(c) -> dict[str, Article]:
    places = {"d": c.derived, **{f"s{k}": a for k, a in enumerate(c.sources)}}
    return {**places, **{f"{k}#title": Article(f"{a.id}#title", a.title or "") for k, a in places.items()}}


def check_offsets(c, html: str) -> int:
    places = articles_by_place(c)
    p = probe(html)
    for node in p.items:
        a = node["attrs"]
        text = places[node["where"]].text
        assert text[int(a["data-start"]):int(a["data-end"])] == "".join(node["text"]), a
    return len(p.items)


def marked_ranges(html: str, cls: str, by_ref: bool = True) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Ranges of marks with class ``cls`` per (article place, finding ref), adjacent pieces merged."""
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for n in probe(html).items:
        a = n["attrs"]
        if n["tag"] != "mark" or cls not in a["class"].split():
            continue
        for ref in (a.get("data-findings", "").split() if by_ref else []) or [""]:
            ranges = out.setdefault((n["where"], ref), [])
            start, end = int(a["data-start"]), int(a["data-end"])
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
    return out


def test_examples_report_has_verdict_labels_and_legend(examples_comparison):
    c = examples_comparison
    html = render_html(c)
    level = {"wholly": "Wholly derived", "partially": "Partially derived", "none": "Not derived"}
    assert f'<div class="level">{level[c.derivation]}</div>' in html
    assert f"{round(100 * c.reuse)}%" in html
    for label in LABELS:
        assert f'class="swatch sent lab-{label}"' in html
    used = {m.label for m in c.derived_sentences}
    for label in used:
        assert f'class="sent lab-{label}"' in html
    if any(s.status == "dropped" for s in c.source_sentences):
        assert 'class="sent st-dropped"' in html
    for article in (c.derived, *c.sources):
        assert article.title in html.replace("&#39;", "'")


def test_every_sentence_is_an_element_with_correct_offsets(examples_comparison):
    c = examples_comparison
    html = render_html(c)
    assert check_offsets(c, html) > len(c.derived_sentences) + len(c.source_sentences)
    p = probe(html)
    for m in c.derived_sentences:
        assert f"d{m.index}" in p.ids
    for s in c.source_sentences:
        assert f"s0-{s.index}" in p.ids


def test_shared_spans_are_marked_at_their_offsets(examples_comparison):
    c = examples_comparison
    ranges = marked_ranges(render_html(c), "shared", by_ref=False)
    marked = {(where, start, end) for (where, _), spans in ranges.items() for start, end in spans}
    expected = {("d", sp.derived.start, sp.derived.end) for m in c.derived_sentences for sp in m.spans}
    expected |= {("s0", sp.source.start, sp.source.end) for m in c.derived_sentences for sp in m.spans}
    assert expected and expected == marked


def test_links_point_both_ways_and_to_existing_elements(examples_comparison):
    c = examples_comparison
    html = render_html(c)
    p = probe(html)
    assert p.links and set(p.links) <= p.ids
    for m in c.derived_sentences:
        refs = " ".join(f"s0-{r.index}" for r in m.sources)
        if refs:
            assert re.search(rf'id="d{m.index}"[^>]*data-links="{refs}"', html)


def test_page_is_self_contained(examples_comparison):
    html = render_html(examples_comparison)
    tags = probe(html).tags
    assert not [a for t, a in tags if t in ("script", "img", "link", "iframe") and ("src" in a or "href" in a)]
    assert sum(1 for t, _ in tags if t == "script") == 1
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html
    assert "@import" not in html and "url(" not in html


def test_markup_in_title_byline_outlet_url_and_text_is_escaped(hostile_comparison):
    html = render_html(hostile_comparison)
    tags = probe(html).tags
    assert [t for t, _ in tags].count("script") == 1
    assert not any(t in ("img", "svg", "b", "i", "em") for t, _ in tags)
    assert not any(k.startswith("on") for _, a in tags for k in a)
    assert "javascript:" not in "".join(a.get("href", "") for _, a in tags)
    for raw in (HOSTILE_TITLE, HOSTILE_BYLINE, HOSTILE_OUTLET, "<script>alert(5)</script>",
                "<img src=x onerror=alert(6)>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html
    assert HOSTILE_OUTLET.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;") in html


def test_hostile_report_offsets_still_slice_back(hostile_comparison):
    assert check_offsets(hostile_comparison, render_html(hostile_comparison)) > 10


def test_findings_are_listed_by_severity_and_their_evidence_marked(hostile_comparison):
    c = hostile_comparison
    html = render_html(c)
    kinds = re.findall(r'<strong class="kind">([^<]+)</strong>', html)
    assert kinds == ["Opinion added", "Quote altered", "Reply dropped"]
    assert "Words changed in &lt;b&gt;Ruiz&lt;/b&gt;" in html
    assert "Ana Ruiz &lt;i&gt;" in html
    marks = marked_ranges(html, "ev")
    src, drv = c.sources[0].text, c.derived.text
    for where, ref, needle, text in (("d", "f2", "claimed the cut was needed", drv),
                                     ("s0", "f2", "said the cut was painful but necessary", src),
                                     ("d", "f1", "This is an outrageous attack on our parks.", drv),
                                     ("s0", "f3", "did not respond to a request for comment", src)):
        start = text.index(needle)
        assert (start, start + len(needle)) in marks[(where, ref)]
    assert html.count("(not found at the given offsets)") == 1
    assert 'href="#d0"' in html


def test_licence_section_renders_policy_requirements_and_verdict(hostile_comparison):
    html = render_html(hostile_comparison)
    assert 'class="badge verdict-breach"' in html
    assert "The copy &lt;em&gt;changes&lt;/em&gt; an ND story." in html
    for status in ("unmet", "partial", "met", "unknown"):
        assert f'class="badge status-{status}">{status}</span>' in html
    assert "cc-by-nd" in html and "source footer" in html
    assert "no byline &lt;found&gt;" in html
    assert "<dt>Commercial</dt><dd>no</dd>" in html and "<dt>Expected</dt><dd>Jo Park, J. Park</dd>" in html
    assert not marked_ranges(html, "ev-licence")
    assert "<li><span class=\"where\">source</span><q>The city</q></li>" in html
    assert html.count("(not found at the given offsets)") == 1


def test_no_findings_and_no_licence(examples_comparison):
    html = render_html(examples_comparison)
    if not examples_comparison.findings:
        assert "No findings." in html
    assert ('id="licence"' in html) == (examples_comparison.license is not None)


def test_several_sources_get_tabs_and_distinct_ids(comparer, hostile_articles):
    src, drv = hostile_articles
    first = Article("first", src.text.split("\n\n")[0], title="Part one", outlet="Wire A")
    second = Article("second", "\n\n".join(src.text.split("\n\n")[1:]), title="Part two", outlet="Wire B")
    c = comparer.compare(sources=[first, second], derived=drv)
    html = render_html(c)
    p = probe(html)
    assert {"panel-s0", "panel-s1"} <= p.ids
    assert html.count('role="tab"') == 2
    assert any(x.startswith("s0-") for x in p.links) and any(x.startswith("s1-") for x in p.links)
    assert set(p.links) <= p.ids
    check_offsets(c, html)


def test_render_is_deterministic(hostile_comparison):
    assert render_html(hostile_comparison) == render_html(hostile_comparison)


def test_text_view_covers_text_and_clips_marks_to_sentences():
    text = "One two. Three four.\n\nFive six.\n\nTrailing words"
    art = Article("a", text)
    sents = [SentenceView(0, 8, 0, "x0"), SentenceView(9, 20, 0, "x1"), SentenceView(22, 31, 1, "x2")]
    paras = text_view(art, sents, [Mark(4, 14, "hit")])
    assert len(paras) == 3
    pieces = [p for para in paras for p in para]
    assert "".join(s["text"] for p in pieces for s in p["segments"]) == text.replace("\n\n", "")
    hits = [(s["start"], s["end"]) for p in pieces for s in p["segments"] if s["cls"] == "hit"]
    assert hits == [(4, 8), (8, 9), (9, 14)]
    assert pieces[-1]["sentence"] is False and pieces[-1]["segments"][0]["text"] == "Trailing words"


def test_marks_outside_the_text_are_ignored():
    art = Article("a", "Short text.")
    paras = text_view(art, [SentenceView(0, 11, 0, "x0")], [Mark(5, 99, "bad"), Mark(-1, 3, "bad")])
    assert all(not s["cls"] for s in paras[0][0]["segments"])


def test_safe_url_and_evidence_shapes():
    assert safe_url("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", "data:text/html,x", " JavaScript:x", None, ""):
        assert safe_url(bad) is None
    assert evidence_items(None) == [] and evidence_items([]) == []
    assert evidence_items("plain")[0]["text"] == "plain"
    items = evidence_items([{"text": "a", "start": 1}, ["b"]])
    assert [i["text"] for i in items] == ["a", "b"] and items[0]["start"] == 1


def test_cli_writes_the_html_report(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["compare", str(EXAMPLES / "wire.txt"), str(EXAMPLES / "rewrite.txt"),
                                      "--no-semantic", "--format", "json", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="d0"' in html


def test_evidence_in_a_headline_is_marked_in_the_title(hostile_comparison):
    from redline.model import Finding, replace

    c = hostile_comparison
    title = c.derived.title
    start = title.index("Council")
    ev = Evidence(c.derived.id + "#title", None, start, start + len("Council"), "Council")
    src_ev = Evidence(c.sources[0].id + "#title", None, 0, 7, c.sources[0].title[:7])
    c = replace(c, findings=(Finding("headline_changed", "high", "The headline changed.", derived=(ev,),
                                     source=(src_ev,)),))
    html = render_html(c)
    ranges = marked_ranges(html, "ev")
    assert ranges[("d#title", "f1")] == [(start, start + len("Council"))]
    assert ranges[("s0#title", "f1")] == [(0, 7)]
    assert 'href="#dtitle"' in html and 'id="dtitle"' in html and ">derived headline</a>" in html
    check_offsets(c, html)


def test_framing_summary_and_kind_counts_are_shown(hostile_comparison):
    from redline.model import replace

    framing = {"score": 0.6781, "components": {"opinion": 0.8571, "loaded_language": 1.0},
               "counts": {"opinion_added": 1, "quote_altered": 1}, "model": True, "note": "<b>x</b>"}
    html = render_html(replace(hostile_comparison, framing=framing))
    assert '<span class="big">68%</span> framing shift' in html
    assert re.search(r'meter-name">Loaded language</span>.*?width: 100.0%.*?1.00</span>', html)
    assert "<dt>Model</dt><dd>yes</dd>" in html and "<dt>Note</dt><dd>&lt;b&gt;x&lt;/b&gt;</dd>" in html
    assert "<dt>Counts</dt><dd><dl" in html
    chips = re.findall(r'class="kind-chip sev-(\w+)">([^<]+) <span class="n">(\d+)</span>', html)
    assert sorted((sev, kind.strip(), n) for sev, kind, n in chips) == [
        ("high", "Opinion added", "1"), ("low", "Reply dropped", "1"), ("medium", "Quote altered", "1")]
