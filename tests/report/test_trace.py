"""`redline trace --html`: the shared report shell, a full comparison report per source, text escaped."""
import json
from pathlib import Path

from redline.model import Article
from redline.report.trace import render_html

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def paragraphs() -> list[str]:
    """The example wire story's body paragraphs (after its header lines)."""
    body = (EXAMPLES / "wire.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    return [p for p in body.split("\n\n") if p.strip()]


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_files(tmp_path):
    wire_text = paragraphs()
    wire = {"id": "wire-1", "title": "Ferry <b>vote</b>", "outlet": "Harbour Wire", "date": "2026-03-01",
            "url": "javascript:alert(1)", "text": "\n\n".join(wire_text)}
    copy = {"id": "copy", "title": HOSTILE, "outlet": "Dunmore <i>Times</i>", "date": "2026-03-02",
            "text": "\n\n".join([*wire_text[:2], f"A reader wrote {HOSTILE} in reply.", *wire_text[4:7]])}
    path = tmp_path / "arts.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (wire, copy)) + "\n")
    return path


def test_trace_html_uses_the_report_shell_and_links_each_source_report(run, tmp_path):
    db = tmp_path / "c.db"
    run("corpus", "add", hostile_files(tmp_path), "--db", db)
    code, out, err = run("trace", "copy", "--db", db, "--html", tmp_path / "t.html", "-f", "json")
    assert code == 0 and json.loads(out)["sources"][0]["id"] == "wire-1"
    page = (tmp_path / "t.html").read_text()
    report = tmp_path / "t_sources" / "source-1.html"
    assert 'href="./t_sources/source-1.html"' in page and report.exists()
    assert "Content-Security-Policy" in page and 'class="brand"' in page and "Trace report" in page
    assert "Comparison report" in report.read_text()
    # the evidence passage is marked in the article text and linked from the source's section
    assert 'mark class="ev sev-low"' in page and 'data-links="a0"' in page


def test_trace_html_escapes_article_text(run, tmp_path):
    db = tmp_path / "c.db"
    run("corpus", "add", hostile_files(tmp_path), "--db", db)
    run("trace", "copy", "--db", db, "--html", tmp_path / "t.html")
    for page in (tmp_path / "t.html", tmp_path / "t_sources" / "source-1.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>vote" not in html
        assert "&lt;script&gt;alert(" in html and 'href="javascript:' not in html
    assert "Dunmore &lt;i&gt;Times&lt;/i&gt;" in (tmp_path / "t.html").read_text()


def test_trace_html_without_sources():
    article = Article("alone", "Nothing else in the corpus is like this <odd> article at all.")
    html = render_html({"article": "alone", "candidates": 0, "sources": []}, article)
    assert "No source in this corpus" in html and "&lt;odd&gt;" in html


def test_trace_html_to_an_unwritable_path_is_a_one_line_error(run, tmp_path):
    db = tmp_path / "c.db"
    run("corpus", "add", hostile_files(tmp_path), "--db", db)
    code, out, err = run("trace", "copy", "--db", db, "--html", tmp_path / "no" / "dir" / "t.html")
    assert code == 2 and err.startswith("redline: error:") and len(err.strip().splitlines()) == 1


def _row(ident: str, role: str, direction: str, date: str, consistent) -> dict:
    return {"id": ident, "rank": 1, "reuse": 0.92, "derivation": "wholly", "direction": direction,
            "confidence": 0.5, "role": role, "date": date, "date_order": "after", "date_consistent": consistent,
            "reasons": ["not a source: the dates rule it out"], "evidence": []}


def test_trace_table_keeps_ids_and_directions_readable_in_80_columns():
    """In an 80-column terminal the related table folded ids and words into 4-letter strips
    ("blog" / "-cop" / "y2", "arti" / "cle") to make room for "(after the article)"."""
    from rich.console import Console

    from redline.report.trace import render_text
    result = {"article": "paper-0", "candidates": 4, "verdict": "source found",
              "sources": [_row("ap-bridge-v1", "primary", "article_to_source", "2026-03-03T09:00:00Z", True)],
              "siblings": [],
              "related": [_row("blog-copy2", "related", "article_to_source", "2026-03-05", False)]}
    console = Console(width=80, record=True, color_system=None)
    render_text(result, console)
    out = console.export_text()
    lines = out.splitlines()
    assert any("ap-bridge-v1" in ln for ln in lines) and any("blog-copy2" in ln for ln in lines)
    words = {w for ln in lines for w in ln.split()}
    assert {"article", "source"} <= words and not {"arti", "cle", "sour"} & words


def test_trace_html_lists_siblings_and_related_with_why_they_are_no_source():
    """The page showed only the sources: a sibling copy (another paper's copy of the same wire) and
    the related texts were left out, so a reader could not see that they had been weighed."""
    article = Article("paper-0", "The council voted to close the bridge on Tuesday after engineers found cracks.")
    row = {"reuse": 0.9, "derivation": "wholly", "direction": "source_to_article", "direction_confidence": 0.5,
           "confidence": 0.5, "date_consistent": None, "evidence": []}
    result = {"article": "paper-0", "candidates": 3, "verdict": "no source in this corpus", "sources": [],
              "siblings": [{**row, "id": "paper-1", "outlet": HOSTILE, "role": "sibling", "origin": "ap-1",
                            "date": "2026-03-03", "reasons": ["a copy of the same origin (ap-1), not the source"]}],
              "related": [{**row, "id": "blog-2", "role": "related", "date": "2026-03-05", "date_consistent": False,
                           "date_order": "after",
                           "reasons": ["not a source: the dates rule it out"]}]}
    html = render_html(result, article)
    others = html.split('id="others"', 1)[1].split("</table>", 1)[0]
    assert "paper-1" in others and "of ap-1" in others and "a copy of the same origin (ap-1), not the source" in others
    assert "blog-2" in others and "the dates rule it out" in others and "after the article" in others
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in others


def test_trace_html_says_why_the_dates_rule_a_source_out():
    """A source ruled out by --print-editions (same day) was badged "after the article"."""
    article = Article("paper-0", "The council voted to close the bridge on Tuesday after engineers found cracks.")
    src = {"id": "paper-1", "rank": 1, "reuse": 0.9, "derivation": "wholly", "direction": "source_to_article",
           "direction_confidence": 0.5, "confidence": 0.2, "role": "primary", "date": "2026-03-03",
           "date_order": "same", "date_consistent": False, "reasons": [], "evidence": []}
    html = render_html({"article": "paper-0", "candidates": 1, "sources": [src]}, article)
    assert "same day: print editions" in html and "after the article" not in html


def test_bidi_overrides_in_ids_and_names_are_written_out_on_the_page():
    """An unclosed right-to-left override in an outlet name reversed the rest of its line on the page
    (the terminal already wrote it out as \\u202e)."""
    article = Article("copy\u202e-1", "The council voted to close the bridge on Tuesday after engineers found cracks.",
                      outlet="Times\u202e sserP detaicossA", title="Bridge\u2066 closes")
    html = render_html({"article": "copy\u202e-1", "candidates": 0, "sources": []}, article)
    assert "\u202e" not in html and "\u2066" not in html
    assert "Times\\u202e sserP detaicossA" in html and "Bridge\\u2066 closes" in html


def test_a_source_outlet_no_article_carries_is_refused(run, tmp_path):
    """A misspelt --source-outlet answered "no source in this corpus" with exit 0."""
    db = tmp_path / "c.db"
    run("corpus", "add", hostile_files(tmp_path), "--db", db)
    code, out, err = run("trace", "copy", "--db", db, "--source-outlet", "Harbour Wyre")
    assert code == 2 and out == "" and "--source-outlet Harbour Wyre: no article in" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run("trace", "copy", "--db", db, "--source-outlet", "harbour wire", "-f", "json")
    assert code == 0 and json.loads(out)["sources"][0]["id"] == "wire-1"
