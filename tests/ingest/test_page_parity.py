"""URL, saved-page and readability parity (issue 12): one article given as a saved HTML page, as
the same page fetched by URL from a loopback server, and as the readability-style text of that page
(headline, byline, time stamp, the extracted body, the outlet's footer) reads as the same body
sentences, the same title/byline/outlet/date and the same licence verdict against its source."""
from __future__ import annotations

import http.server
import json
import threading
from datetime import datetime
from pathlib import Path

import pytest

from redline import load_article
from redline.ingest import article_from_text
from redline.ingest.fetch import FetchPolicy
from redline.ingest.pagemeta import _agree
from redline.pipeline import Comparer, body_features

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
HTML = sorted((PAGES / "html").glob("*.html"))
PAIRS = [p for p in sorted((PAGES / "pairs").glob("*.json"))
         if json.loads(p.read_text(encoding="utf-8"))["copy"].startswith("html/")]


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = PAGES / "html" / Path(self.path).name
        if path.suffix != ".html" or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _stamp(date: str) -> str:
    if len(date) == 10:
        return "Published " + datetime.fromisoformat(date).strftime("%B %-d, %Y")
    when = datetime.fromisoformat(date)
    return "Published " + when.strftime("%B %-d, %Y at %-I:%M ") + ("a.m." if when.hour < 12 else "p.m.")


def reader_view(saved_html: Path, name: str):
    """The page as a reader view shows it, pasted: what the page states about itself as lines above
    and below the extracted body (never the gold's own values)."""
    import trafilatura
    html = saved_html.read_text(encoding="utf-8")
    body = trafilatura.extract(html, include_comments=False, include_tables=False)
    page = load_article(str(saved_html))
    head = [page.title]
    if page.byline:
        head.append(f"By {page.byline}")
    if page.date:
        head.append(_stamp(page.date))
    year = f"{page.date[:4]} " if page.date else ""
    foot = [f"© {year}{page.outlet}"] if page.outlet else []
    text = "\n\n".join(head + [body] + foot) + "\n"
    return article_from_text(text, name)[0]


def sentences(art) -> list[str]:
    return [f.sentence.text for f in body_features(art)]


def fields_agree(a, b) -> list[str]:
    wrong = []
    for field in ("title", "byline", "outlet", "date"):
        va, vb = getattr(a, field), getattr(b, field)
        if bool(va) != bool(vb) or (va and not _agree(field, va, vb)):
            wrong.append(f"{field}: {va!r} vs {vb!r}")
    return wrong


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.stem)
def test_saved_page_and_url_read_the_same(site, path):
    saved = load_article(str(path))
    by_url = load_article(f"{site}/{path.name}", policy=FetchPolicy(allow_private=True, deadline=10))
    assert by_url.text == saved.text
    assert sentences(by_url) == sentences(saved)
    assert fields_agree(by_url, saved) == []
    assert by_url.meta["chrome"] == saved.meta["chrome"]


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.stem)
def test_saved_page_and_its_reader_view_paste_read_the_same(path):
    saved = load_article(str(path))
    paste = reader_view(path, "paste.txt")
    assert sentences(paste) == sentences(saved)
    assert fields_agree(paste, saved) == []


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.stem)
def test_the_licence_verdict_is_the_same_in_every_form(site, pair):
    spec = json.loads(pair.read_text(encoding="utf-8"))
    copy = PAGES / spec["copy"]
    if spec["expected_source"] != "source":
        pytest.skip("the copy is the original in this pair")
    comparer = Comparer(semantic=False)
    forms = {"saved": load_article(str(copy)),
             "url": load_article(f"{site}/{copy.name}", policy=FetchPolicy(allow_private=True, deadline=10)),
             "reader view": reader_view(copy, "paste.txt")}
    source = load_article(str(PAGES / spec["source"]))
    verdicts = {form: (comparer.compare(sources=[source], derived=art, policy=spec["policy"]).license or {})
                .get("verdict") for form, art in forms.items()}
    assert verdicts["saved"] == verdicts["url"] == spec["expected_verdict"], verdicts
    # the reader view drops the page's logo and credit boxes, so it may show less credit than the
    # page, never more: it may be stricter, and it is never compliant on a breaking copy
    if spec["expected_verdict"] != "compliant":
        assert verdicts["reader view"] != "compliant", verdicts
