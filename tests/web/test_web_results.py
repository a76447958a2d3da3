"""Permanent links: a compare stores the comparison and its articles, not a page; the page is drawn
when the link is first opened (then kept), byte for byte the page drawn at compare time before."""
from __future__ import annotations

import json
import time

import pytest
from webhelpers import EXAMPLES, TOKEN, csrf_of, example_articles, hostile_articles, make_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE = ("<html><head><title>Ferry terminal to close</title><meta name=\"author\" content=\"Jo Reed\"></head><body>"
        "<nav>Home | News | Sport</nav><article><p>" +
        (EXAMPLES / "rewrite.txt").read_text().split("\n\n", 1)[1].replace("\n\n", "</p><p>") +
        "</p></article><footer>Copyright 2026 Dunmore Times. All rights reserved.</footer></body></html>")


def _expected_page(sources, derived, infer: bool, rid: str) -> str:
    """The page as the app drew it at compare time before: the --html report with the app's bar."""
    from redline.pipeline import Comparer
    from redline.web import render
    from redline.web.pages import NAV
    comparer = Comparer(semantic=False, explain=True)
    c = comparer.compare(sources[0], derived) if infer else comparer.compare(sources=sources, derived=derived)
    links = [("redline", "/"), *NAV, ("Permanent link", f"/r/{rid}"), ("JSON", f"/api/results/{rid}")]
    return render.with_nav(render.report_html(c), links)


def _form(client, **fields):
    data = {"direction": "infer", "csrf": csrf_of(client), **{k: v for k, v in fields.items() if k.startswith("text")}}
    files = {"file_a": ("", b""), "file_b": ("", b"")}
    files.update({k: v for k, v in fields.items() if k.startswith("file")})
    r = client.post("/compare", data=data, files=files, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"].rsplit("/", 1)[1]


def _cases(client):
    """(result id, sources, derived, infer) for pastes, an HTML upload, JSON objects and hostile fields."""
    from redline.web.inputs import Side, from_object, read_side
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    limit = 50 * 1024 * 1024
    yield (_form(client, text_a=wire, text_b=copy),
           [read_side(Side("A", text=wire), limit, False)], read_side(Side("B", text=copy), limit, False), True)
    page = ("copy.html", PAGE.encode(), "text/html")
    yield (_form(client, text_a=wire, file_b=page),
           [read_side(Side("A", text=wire), limit, False)],
           read_side(Side("B", upload=PAGE.encode(), filename="copy.html"), limit, False), True)
    arts = {a["id"]: a for a in example_articles()}
    objs = [arts["lakeshore-2026-06-22-ferry"], arts["lakeshore-2026-06-20-911-calls"]], arts["bayside-courier-ferry"]
    r = client.post("/api/compare", json={"sources": objs[0], "derived": objs[1]}, headers=AUTH)
    assert r.status_code == 201, r.text
    yield (r.json()["link"].rsplit("/", 1)[1], [from_object(o, f"source {k + 1}", limit, False)
                                                for k, o in enumerate(objs[0])],
           from_object(objs[1], "derived", limit, False), False)
    hostile = [{**{k: v for k, v in vars(a).items() if k in ("id", "text", "title", "byline", "outlet", "url", "date")}}
               for a in hostile_articles()]
    r = client.post("/api/compare", json={"a": hostile[0], "b": hostile[1]}, headers=AUTH)
    assert r.status_code == 201, r.text
    yield (r.json()["link"].rsplit("/", 1)[1], [from_object(hostile[0], "a", limit, False)],
           from_object(hostile[1], "b", limit, False), True)


def test_page_drawn_on_first_open_is_the_page_drawn_at_compare_time(client):
    state = client.app.state.service.state
    for rid, sources, derived, infer in _cases(client):
        assert state.result(rid).html == "" and state.result(rid).inputs  # nothing drawn by the compare
        expected = _expected_page(sources, derived, infer, rid)
        first = client.get(f"/r/{rid}")
        assert first.status_code == 200 and first.text == expected
        assert state.result(rid).html  # kept: the second open draws nothing
        assert client.get(f"/r/{rid}").text == expected


def test_compare_answers_and_stores_the_cli_json(client):
    from redline.ingest import article_from_object
    from redline.pipeline import Comparer
    from redline.report.json import dumps
    arts = {a["id"]: a for a in example_articles()}
    wire, copy = arts["lakeshore-2026-06-20-911-calls"], arts["metro-digest-911-calls"]
    r = client.post("/api/compare", json={"a": wire, "b": copy}, headers=AUTH)
    expected = Comparer(semantic=False).compare(article_from_object(wire, "a"), article_from_object(copy, "b"))
    link = r.headers["location"]
    # the bytes the app answered before: the JSON parsed and encoded again with "link" added
    answered = json.dumps({**json.loads(dumps(expected)), "link": link}, ensure_ascii=False, separators=(",", ":"))
    assert r.content == answered.encode("utf-8")
    assert client.get("/api/results/" + link.rsplit("/", 1)[1]).text == dumps(expected)


def test_link_works_after_a_restart(example_db, tmp_path):
    from fastapi.testclient import TestClient
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    with TestClient(make_app(example_db, tmp_path)) as c:
        rid = _form(c, text_a=wire, text_b=copy)
        data = c.get(f"/api/results/{rid}").text
    with TestClient(make_app(example_db, tmp_path)) as c:  # same state file, never opened before
        from redline.web.inputs import Side, read_side
        sides = [read_side(Side(n, text=t), 1 << 20, False) for n, t in (("A", wire), ("B", copy))]
        page = c.get(f"/r/{rid}")
        assert page.status_code == 200 and page.text == _expected_page(sides[:1], sides[1], True, rid)
        assert c.get(f"/api/results/{rid}").text == data


def test_expired_results_are_forgotten_at_start_and_their_links_say_410(example_db, tmp_path):
    from fastapi.testclient import TestClient
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    with TestClient(make_app(example_db, tmp_path, keep_days=1)) as c:
        old, fresh = _form(c, text_a=wire, text_b=copy), _form(c, text_a=copy, text_b=wire)
        c.app.state.service.state._run("UPDATE results SET created = ? WHERE id = ?", (time.time() - 2 * 86400, old))
    app = make_app(example_db, tmp_path, keep_days=1)
    state = app.state.service.state
    assert state.result(old).json == "" and state.result(old).inputs is None  # forgotten at start
    assert state.result(fresh).inputs
    with TestClient(app) as c:
        for path in (f"/r/{old}", f"/api/results/{old}"):
            r = c.get(path)
            assert r.status_code == 410 and "expired" in r.text
        assert c.get(f"/r/{fresh}").status_code == 200


def test_a_comparison_that_no_longer_matches_its_json_is_shown_with_a_note(client):
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    rid = _form(client, text_a=wire, text_b=copy)
    state = client.app.state.service.state
    data = json.loads(state.result(rid).json)
    data["reuse"] = 0.0  # as if an older version of redline had stored it
    state._run("UPDATE results SET json = ? WHERE id = ?", (json.dumps(data), rid))
    page = client.get(f"/r/{rid}")
    assert page.status_code == 200 and "differs from the stored JSON" in page.text
    assert state.result(rid).html == ""  # not kept: the note stays until the stored JSON agrees


@pytest.mark.parametrize("html", ["<html><body>an older server drew this</body></html>"])
def test_results_of_an_older_state_file_are_served_as_stored(example_db, tmp_path, html):
    import sqlite3
    con = sqlite3.connect(tmp_path / "state.sqlite")
    con.execute("CREATE TABLE results(id TEXT PRIMARY KEY, created REAL NOT NULL, title TEXT, json TEXT NOT NULL, "
                "html TEXT NOT NULL)")
    con.execute("INSERT INTO results VALUES ('old1', ?, 't', '{\"a\": 1}', ?)", (time.time(), html))
    con.commit()
    con.close()
    from fastapi.testclient import TestClient
    with TestClient(make_app(example_db, tmp_path)) as c:
        page = c.get("/r/old1")
        assert page.status_code == 200 and "an older server drew this" in page.text
        assert c.get("/api/results/old1").json() == {"a": 1}


def test_a_pair_page_is_drawn_once_per_corpus_generation(client, monkeypatch):
    from redline.web import render
    drawn = []
    real = render.report_html
    monkeypatch.setattr(render, "report_html", lambda c: drawn.append(c.derived.id) or real(c))
    path = "/pair?source=lakeshore-2026-06-22-ferry&derived=bayside-courier-ferry"
    first, again = client.get(path), client.get(path)
    assert first.status_code == 200 and again.text == first.text and drawn == ["bayside-courier-ferry"]
    assert client.get("/pair?source=lakeshore-2026-06-22-ferry&derived=nope").status_code == 404
