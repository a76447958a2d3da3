"""The pages through FastAPI's TestClient: forms (with CSRF), clear errors with the right status,
escaping, security headers and the server's start-up checks."""
from __future__ import annotations

import json
import re

import pytest
from webhelpers import EXAMPLES, XSS, csrf_of, hostile_articles, make_app


def _compare(client, data=None, files=None, csrf=True):
    fields = {"direction": "infer", **(data or {})}
    if csrf:
        fields["csrf"] = csrf_of(client)
    return client.post("/compare", data=fields, files=files or {"file_a": ("", b""), "file_b": ("", b"")},
                       follow_redirects=False)


def _alert(page: str) -> str:
    found = re.search(r'<p class="error-box" role="alert"[^>]*>(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def test_paste_and_compare_redirects_to_a_permanent_report(client):
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    r = _compare(client, {"text_a": wire, "text_b": copy})
    assert r.status_code == 303 and r.headers["location"].startswith("/r/")
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert 'class="verdict' in page.text and "Permanent link" in page.text
    # the report's own scripts are allowed by hash, nothing else
    csp = page.headers["content-security-policy"]
    assert "sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_same_report_as_the_cli_html(client):
    from redline.ingest import article_from_text
    from redline.pipeline import Comparer
    from redline.report.compare import render_html as render_comparison
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    r = _compare(client, {"text_a": wire, "text_b": copy})
    served = client.get(r.headers["location"]).text
    a, = article_from_text(wire, "pasted A")
    b, = article_from_text(copy, "pasted B")
    expected = render_comparison(Comparer(semantic=False).compare(a, b))
    assert re.sub(r'<nav class="web-nav".*?</nav>', "", served, flags=re.S) == expected


def test_upload_two_files(client):
    files = {"file_a": ("wire.txt", (EXAMPLES / "wire.txt").read_bytes(), "text/plain"),
             "file_b": ("copy.html", b"<html><head><title>Copy</title></head><body><article><p>"
                        + (EXAMPLES / "rewrite.txt").read_bytes().split(b"\n\n", 1)[1].replace(b"\n\n", b"</p><p>")
                        + b"</p></article></body></html>", "text/html")}
    r = _compare(client, files=files)
    assert r.status_code == 303, _alert(r.text)


def test_empty_paste_is_400_with_a_message(client):
    r = _compare(client, {"text_a": "   ", "text_b": "Some text."})
    assert r.status_code == 400
    assert "article A: nothing to compare" in _alert(r.text)


def test_two_inputs_for_one_side_is_400(client):
    r = _compare(client, {"text_a": "A text here.", "url_a": "https://example.com/x", "text_b": "B"})
    assert r.status_code == 400 and "not paste and URL" in _alert(r.text)


def test_fifty_megabyte_upload_is_413(client):
    from redline import limits
    big = b"word " * (limits.MAX_INPUT_BYTES // 5 + 1)
    r = _compare(client, {"text_b": "Some text to compare with."},
                 files={"file_a": ("big.txt", big, "text/plain"), "file_b": ("", b"")})
    assert r.status_code == 413
    assert "big.txt is too large" in _alert(r.text) and "50.0 MiB" in _alert(r.text)


def test_binary_file_is_415(client):
    blob = bytes(range(256)) * 64
    r = _compare(client, {"text_b": "Some text to compare with."},
                 files={"file_a": ("photo.jpg", blob, "image/jpeg"), "file_b": ("", b"")})
    assert r.status_code == 415 and "photo.jpg: looks like a binary file" in _alert(r.text)


def test_unreachable_url_is_502(client):
    r = _compare(client, {"url_a": "http://unreachable.invalid/a", "text_b": "Some text to compare with."})
    assert r.status_code == 502 and "cannot be reached" in _alert(r.text)


def test_form_without_csrf_token_is_403(client):
    r = _compare(client, {"text_a": "One text.", "text_b": "Another."}, csrf=False)
    assert r.status_code == 403 and "reload the page" in _alert(r.text)
    r = _compare(client, {"text_a": "One text.", "text_b": "Another.", "csrf": "0" * 64}, csrf=False)
    assert r.status_code == 403


def test_unknown_article_page_is_404(client):
    r = client.get("/article", params={"id": "no-such-id"})
    assert r.status_code == 404 and "no-such-id" in _alert(r.text)
    assert client.get("/story", params={"id": "story-0"}).status_code == 404
    assert client.get("/r/unknown-result").status_code == 404
    assert client.get("/static/../../etc/passwd").status_code == 404
    assert client.get("/static/cytoscape.min.js").status_code == 404


def test_pages_carry_the_policy_and_headers(client):
    for url in ("/", "/compare", "/search?q=ferry", "/stories", "/desk", "/ingest",
                "/article?id=metro-digest-911-calls"):
        r = client.get(url)
        assert r.status_code == 200, url
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in r.text  # no inline script anywhere


def test_article_page_shows_sources_copies_findings_licence_and_metadata(client):
    page = client.get("/article", params={"id": "metro-digest-911-calls"}).text
    assert "lakeshore-2026-06-20-911-calls" in page and "primary" in page
    assert 'id="licence-status"' in page and "Findings against its source" in page
    wire = client.get("/article", params={"id": "lakeshore-2026-06-20-911-calls"}).text
    assert 'id="copies"' in wire and "patriot-ledger-911-calls" in wire


def test_desk_filters_and_csv_export(client):
    page = client.get("/desk", params={"verdict": "breach"}).text
    assert page.count('class="desk-row"') == 2
    assert 'href="/desk.csv?verdict=breach"' in page
    csv = client.get("/desk.csv", params={"verdict": "breach"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().split("\n")
    assert lines[0].startswith("verdict,copy,") and len(lines) == 3
    assert all(line.startswith("breach,") for line in lines[1:])


def test_desk_outlets_form(client):
    csrf = csrf_of(client)
    r = client.post("/desk/outlets", data={"csrf": csrf, "outlets": "Bayside Courier\n"}, follow_redirects=False)
    assert r.status_code == 303
    assert "Our outlets: Bayside Courier" in client.get("/desk").text


def test_injection_in_every_field_is_escaped(tmp_path):
    from fastapi.testclient import TestClient

    from redline.corpus import Corpus
    db = tmp_path / "x.db"
    with Corpus(db, semantic=False) as corpus:
        corpus.add(hostile_articles())
    with TestClient(make_app(db, tmp_path, outlets=("Wire " + XSS,))) as c:
        ident = hostile_articles()[1].id
        stories = c.get("/api/stories").json()["clusters"]
        first = hostile_articles()[0].id
        urls = ["/", "/search?q=ferry", f"/article?id={_q(ident)}", "/desk", "/stories",
                f"/pair?source={_q(first)}&derived={_q(ident)}"]
        urls += [f"/story?id={s['cluster']}" for s in stories]
        assert c.get("/desk.csv").headers["content-type"].startswith("text/csv")  # data, never a page
        for url in urls:
            r = c.get(url)
            assert r.status_code == 200, url
            assert "<script>window" not in r.text and "<img src=x" not in r.text, url
            assert 'href="javascript:' not in r.text, url
        assert stories, "the two hostile articles tell one story"


def _q(value: str) -> str:
    from urllib.parse import quote
    return quote(value, safe="")


def test_non_loopback_bind_needs_a_token(monkeypatch):
    from redline.errors import InputError
    from redline.web.config import check_bind
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", "secret")
    with pytest.raises(InputError, match="needs a token"):
        check_bind("0.0.0.0", None)


def test_serve_refuses_a_public_bind_without_token(tmp_path, monkeypatch):
    import subprocess
    import sys
    env = {k: v for k, v in __import__("os").environ.items() if k != "REDLINE_TOKEN"}
    r = subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "serve", "--db",
                        str(tmp_path / "c.db"), "--host", "0.0.0.0"], capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "needs a token" in r.stderr and "Traceback" not in r.stderr


def test_serve_on_a_taken_port_is_one_line(example_db):
    import os
    import socket
    import subprocess
    import sys
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        r = subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "serve", "--db",
                            str(example_db), "--port", str(port), "--workers", "0"], capture_output=True, text=True,
                           timeout=60, env={**os.environ, "REDLINE_TOKEN": "x"})
    assert r.returncode == 2 and r.stderr.strip() == f"redline: error: 127.0.0.1:{port}: cannot listen (Address already in use)"


def test_an_article_past_the_length_limit_is_413_on_the_form(client):
    from redline import limits
    r = _compare(client, {"text_a": "word " * (limits.MAX_ARTICLE_CHARS // 5 + 1), "text_b": "Some text to compare."})
    assert r.status_code == 413 and "the limit is 2,000,000 characters" in _alert(r.text)
    assert 'id="text_b"' in r.text and "Some text to compare." in r.text  # the form comes back as sent


def test_article_page_lists_siblings_and_related_apart_from_the_sources(client):
    """The page showed the sources only, under a note that siblings were among them (they are not
    since the origin decision): the other papers' copies of the same wire story were not shown."""
    page = client.get("/article", params={"id": "patriot-ledger-911-calls"}).text
    others = page.split('id="others"', 1)[1].split("</table>", 1)[0]
    assert "bayside-courier-911-calls" in others and "sibling" in others
    assert "lakeshore-2026-06-20-911-calls" in others  # the origin they share
    assert "Siblings are copies of the same source that came out earlier" not in page
    wire = client.get("/article", params={"id": "lakeshore-2026-06-20-911-calls"}).text
    assert 'id="no-source"' in wire and "related" in wire.split('id="others"', 1)[1]


def _story(n: int) -> dict:
    """An origin with a time, its copies dated by day only (they sort first), copies of copies."""
    nodes = [{"id": "wire", "outlet": "Wire", "date": "2026-03-03T09:00:00Z", "root": True, "depth": 0,
              "order": n - 1, "parent": None}]
    edges = []
    for i in range(1, n):
        parent = nodes[0] if i < n // 2 else nodes[i // 2]
        nodes.append({"id": f"c{i}", "outlet": f"Paper number {i}", "date": "2026-03-03", "root": False,
                      "depth": parent["depth"] + 1, "order": i - 1, "parent": parent["id"]})
        edges.append({"id": f"e{i}", "source": parent["id"], "target": f"c{i}", "reuse": 0.8})
    return {"cluster": "story-x", "nodes": nodes, "edges": edges}


@pytest.mark.parametrize("size", [50, 500])
def test_story_drawing_keeps_labels_apart_and_the_origin_first(size):
    """The story page spread the articles along one 800-pixel line by publication order (1.6 px apart
    at 500), so their labels lay on top of each other; and a day-only date put copies before the origin."""
    from redline.web.stories import layout
    drawing = layout(_story(size))
    nodes = drawing["nodes"]
    assert nodes[0]["id"] == "wire" and nodes[0]["y"] < min(n["y"] for n in nodes[1:])
    at = {n["id"]: n for n in nodes}
    assert all(at[n["parent"]]["y"] < n["y"] for n in nodes if n["parent"])
    label_width = 8 * max(len(n["label"]) for n in nodes)
    for a, b in zip(nodes, nodes[1:]):
        assert abs(a["y"] - b["y"]) >= 20 or abs(a["x"] - b["x"]) >= label_width
    assert all(0 <= n["x"] < drawing["width"] and 0 <= n["y"] < drawing["height"] for n in nodes)


def test_story_page_of_articles_without_title_date_or_outlet(tmp_path):
    """An article added from JSON Lines with only id and text has no title, date or outlet in the
    graph's nodes: the story page answered 500 (UndefinedError)."""
    from fastapi.testclient import TestClient

    from redline.corpus import Corpus
    body = (EXAMPLES / "wire.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "bare-wire", "text": body}) + "\n"
                    + json.dumps({"id": "bare-copy", "text": body + "\n\nOne more line of the copy's own."}) + "\n")
    db = tmp_path / "bare.db"
    with Corpus(db, semantic=False) as corpus:
        corpus.add([feed])
        story = corpus.clusters(min_size=2)[0]["cluster"]
    with TestClient(make_app(db, tmp_path)) as client:
        r = client.get("/story", params={"id": story})
        assert client.get("/article", params={"id": "bare-copy"}).status_code == 200
    assert r.status_code == 200 and "bare-wire" in r.text and "bare-copy" in r.text
