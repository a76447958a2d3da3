"""The JSON API: the same JSON as the CLI, the token on writes, and clear errors with the right status."""
from __future__ import annotations

import json
import os
import time

from webhelpers import EXAMPLES, OURS, TOKEN, example_articles

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _article(ident: str) -> dict:
    return next(a for a in example_articles() if a["id"] == ident)


def _no_volatile(data):
    """Drop the keys that differ between two runs of the same comparison (none are expected)."""
    return data


def test_compare_gives_the_cli_json_and_a_permanent_link(client):
    from redline.ingest import article_from_object
    from redline.pipeline import Comparer
    wire, copy = _article("lakeshore-2026-06-20-911-calls"), _article("metro-digest-911-calls")
    r = client.post("/api/compare", json={"a": wire, "b": copy}, headers=AUTH)
    assert r.status_code == 201, r.text
    data = r.json()
    link = data.pop("link")
    expected = Comparer(semantic=False).compare(article_from_object(wire, "a"), article_from_object(copy, "b"))
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert r.headers["location"] == link
    stored = client.get("/api/results/" + link.rsplit("/", 1)[1])
    assert stored.status_code == 200 and stored.json() == data
    page = client.get(link)
    assert page.status_code == 200 and "Comparison report" in page.text


def test_compare_with_named_sources(client):
    wire, copy = _article("lakeshore-2026-06-22-ferry"), _article("bayside-courier-ferry")
    r = client.post("/api/compare", json={"sources": [wire], "derived": copy}, headers=AUTH)
    assert r.status_code == 201
    assert r.json()["direction"]["inferred"] is False and r.json()["derived"]["id"] == copy["id"]


def test_writes_need_the_token(client):
    body = {"a": _article("lakeshore-2026-06-22-ferry"), "b": _article("bayside-courier-ferry")}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = client.post("/api/compare", json=body, headers=headers)
        assert r.status_code == 401 and "token" in r.json()["error"]
    assert client.put("/api/desk/outlets", json={"outlets": ["X"]}).status_code == 401
    assert client.post("/api/ingest", files={"files": ("a.html", b"<p>x</p>")}).status_code == 401


def test_trace_stories_and_lineage_match_the_cli(client, example_db):
    from redline.corpus import Corpus
    from redline.report.lineage import to_json
    with Corpus(example_db, semantic=False) as corpus:
        trace = corpus.trace("metro-digest-911-calls", top=5)
        clusters = corpus.clusters(min_size=2)
        graph, _ = corpus.lineage(clusters[0]["cluster"])
    assert client.get("/api/trace", params={"id": "metro-digest-911-calls"}).json() == trace
    assert client.get("/api/stories").json() == {"clusters": clusters}
    assert client.get(f"/api/stories/{clusters[0]['cluster']}").json() == json.loads(to_json(graph))


def test_search_words_outlet_and_dates(client):
    r = client.get("/api/articles", params={"q": "ferry terminal"}).json()
    ids = {x["id"] for x in r["results"]}
    assert {"lakeshore-2026-06-22-ferry", "bayside-courier-ferry", "dunmore-times-ferry"} <= ids
    assert "coast-news-lobster" not in ids
    assert any(p["hit"] for p in r["results"][0]["snippet"])
    r = client.get("/api/articles", params={"q": "ferry", "outlet": "bayside courier"}).json()
    assert [x["id"] for x in r["results"]] == ["bayside-courier-ferry"]
    r = client.get("/api/articles", params={"date_from": "2026-06-22", "date_to": "2026-06-22"}).json()
    assert {x["id"] for x in r["results"]} == {"lakeshore-2026-06-22-ferry", "dunmore-times-ferry"}
    r = client.get("/api/articles", params={"q": 'ferry" NEAR( *'})  # FTS5 syntax is only text
    assert r.status_code == 200 and r.json()["total"] == 0  # no article holds the word "near"
    assert client.get("/api/articles", params={"q": '"ferry* -'}).json()["total"] >= 3
    headline_only = client.get("/api/articles", params={"q": "Pier 9 ferry terminal close"}).json()
    assert "bayside-courier-ferry" in {x["id"] for x in headline_only["results"]}


def test_desk_json_has_every_verdict(client):
    data = client.get("/api/desk").json()
    assert data["outlets"] == [OURS]
    verdicts = {r["copy"]: r["verdict"] for r in data["rows"]}
    assert verdicts == {"bayside-courier-911-calls": "undetermined", "bayside-courier-ferry": "breach",
                        "dunmore-times-ferry": "compliant", "metro-digest-911-calls": "partial",
                        "patriot-ledger-911-calls": "breach"}
    assert all(r["source_outlet"] == OURS for r in data["rows"])
    only = client.get("/api/desk", params={"verdict": "breach", "sort": "reuse", "order": "asc"}).json()["rows"]
    assert [r["verdict"] for r in only] == ["breach", "breach"]
    assert only[0]["reuse"] <= only[1]["reuse"]
    assert client.get("/api/desk", params={"verdict": "maybe"}).status_code == 400


def test_setting_our_outlets(client):
    r = client.put("/api/desk/outlets", json={"outlets": ["Bayside Courier"]}, headers=AUTH)
    assert r.json() == {"outlets": ["Bayside Courier"]}
    assert client.get("/api/desk").json()["outlets"] == ["Bayside Courier"]


def test_openapi_document_lists_the_api(client):
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/compare", "/api/trace", "/api/articles", "/api/stories", "/api/desk", "/api/ingest"):
        assert path in doc["paths"]
    assert client.get("/docs").status_code == 404  # no page that loads scripts from a CDN


# ------------------------------------------------------------------ bad input: clear message, right status

def test_empty_article_is_400(client):
    r = client.post("/api/compare", json={"a": {"id": "a", "text": "  "}, "b": _article("bayside-courier-ferry")},
                    headers=AUTH)
    assert r.status_code == 400 and "no \"text\"" in r.json()["error"]


def test_unknown_article_and_story_are_404(client):
    r = client.get("/api/trace", params={"id": "no-such-article"})
    assert r.status_code == 404 and "no-such-article" in r.json()["error"]
    assert client.get("/api/article", params={"id": "nope"}).status_code == 404
    assert client.get("/api/stories/story-nope").status_code == 404
    assert client.get("/api/results/nope").status_code == 404
    assert client.get("/api/jobs/nope").status_code == 404


def test_unreachable_url_is_502(client):
    r = client.post("/api/compare", json={"a": "http://unreachable.invalid/story", "b": _article("bayside-courier-ferry")},
                    headers=AUTH)
    assert r.status_code == 502 and "unreachable.invalid" in r.json()["error"]


def test_private_url_is_refused_with_400(client):
    r = client.post("/api/compare", json={"a": "http://127.0.0.1:9/x", "b": _article("bayside-courier-ferry")},
                    headers=AUTH)
    assert r.status_code == 400 and "refused" in r.json()["error"]


def test_expired_link_is_410(example_db, tmp_path):
    from fastapi.testclient import TestClient
    from webhelpers import make_app
    app = make_app(example_db, tmp_path, keep_days=1)
    state = app.state.service.state
    rid = state.save_result("old", "{}", "<html><body>old</body></html>")
    state._run("UPDATE results SET created = ? WHERE id = ?", (time.time() - 2 * 86400, rid))
    with TestClient(app) as c:
        r = c.get(f"/api/results/{rid}")
        assert r.status_code == 410 and "expired" in r.json()["error"]
        page = c.get(f"/r/{rid}")
        assert page.status_code == 410 and "expired" in page.text


def test_too_large_body_is_413(client):
    from redline import limits
    big = b"a" * (2 * limits.MAX_INPUT_BYTES + 2 * 1024 * 1024)
    r = client.post("/api/ingest", content=big, headers={**AUTH, "Content-Type": "application/octet-stream"})
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_ingest_skips_a_malformed_line_and_keeps_the_others(client, tmp_path):
    good = [json.dumps({"id": f"new-{k}", "text": f"A fresh report number {k} about the harbour and its ships.",
                        "outlet": "Harbour Post"}) for k in range(3)]
    body = "\n".join([good[0], "{not json", good[1], good[2]]) + "\n"
    r = client.post("/api/ingest", files={"files": ("feed.jsonl", body.encode())}, headers=AUTH)
    assert r.status_code == 202
    job = _wait(client, r.json()["job"])
    assert job["status"] == "done" and job["report"]["added"] == 3 and job["report"]["skipped"] == 1
    assert job["report"]["skipped_inputs"][0].startswith("feed.jsonl:2")
    assert client.get("/api/article", params={"id": "new-2"}).json()["outlet"] == "Harbour Post"


def _wait(client, job: str, seconds: float = 60) -> dict:
    end = time.time() + seconds
    while time.time() < end:
        data = client.get(f"/api/jobs/{job}").json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.1)
    raise AssertionError(f"job {job} did not finish")


def test_ingest_warc_html_and_urls(client):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    fixtures = EXAMPLES.parent / "tests" / "fixtures"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://eastbay-courier.example/ferry", "response",
                                                  payload=io.BytesIO((fixtures / "html" / "article.html").read_bytes()),
                                                  http_headers=headers))
    files = [("files", ("crawl.warc.gz", buf.getvalue())),
             ("files", ("../../etc/page.html", (fixtures / "html" / "article.html").read_bytes()))]
    r = client.post("/api/ingest", files=files, data={"urls": "http://127.0.0.1:9/private\n"}, headers=AUTH)
    assert r.status_code == 202, r.text
    job = _wait(client, r.json()["job"])
    assert job["status"] == "done", job
    assert job["report"]["added"] + job["report"]["duplicates"] == 2 and job["report"]["skipped"] == 1
    assert "refused" in job["report"]["skipped_inputs"][0]
    assert client.get("/api/article", params={"id": "https://eastbay-courier.example/ferry"}).status_code == 200
    assert client.get("/api/article", params={"id": "page.html"}).status_code == 200  # a name, never a path


def test_ingest_without_inputs_is_400(client):
    r = client.post("/api/ingest", data={"urls": "not a url"}, headers=AUTH)
    assert r.status_code == 400 and "not an http(s) URL" in r.json()["error"]


def test_compares_in_worker_processes_give_the_same_json(example_db, tmp_path):
    from fastapi.testclient import TestClient
    from webhelpers import make_app
    body = {"sources": [_article("lakeshore-2026-06-22-ferry")], "derived": _article("bayside-courier-ferry")}
    answers = []
    for processes in (0, 1):
        (tmp_path / str(processes)).mkdir()
        with TestClient(make_app(example_db, tmp_path / str(processes), processes=processes)) as c:
            r = c.post("/api/compare", json=body, headers=AUTH)
            assert r.status_code == 201, r.text
            data = r.json()
            data.pop("link")
            answers.append(data)
            assert c.get(r.headers["location"]).status_code == 200
            if processes:  # the worker runs nicer than the server, by the config's worker_nice
                service = c.app.state.service
                worker = service._processes().submit(os.nice, 0).result()
                assert worker == min(19, os.nice(0) + service.config.worker_nice) and service.config.worker_nice == 5
    assert answers[0] == answers[1]


def test_fifty_megabyte_article_is_413(client):
    from redline import limits
    text = "word " * (limits.MAX_INPUT_BYTES // 5 + 1)
    r = client.post("/api/compare", json={"a": {"id": "huge", "text": text}, "b": _article("bayside-courier-ferry")},
                    headers=AUTH)
    assert r.status_code == 413 and r.json()["error"].startswith("huge: article is 52.4 MB of text; the limit is")


def test_a_compare_worker_loads_what_a_compare_needs_when_it_starts():
    """The first request a worker answers must not pay for lazy imports and model loading: its
    warm-up comparison has loaded the report module and the rhetoric model before any request."""
    import subprocess
    import sys
    code = ("import sys; from redline.web import workers; from redline.explain.rhetoric import rhetoric_model; "
            "before = 'redline.web.render' in sys.modules; workers.start(False); "
            "print(before, 'redline.web.render' in sys.modules, rhetoric_model.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "True", "1"]
