"""Regressions found by a hostile review of the web app: local files, bombs, CSV formulas."""
from __future__ import annotations

import json
import re

from webhelpers import csrf_of

SECRET = "server-only secret words that must never be shown"


def _alert(page: str) -> str:
    found = re.search(r'<p class="error-box" role="alert"[^>]*>(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


def _secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}. {SECRET}. {SECRET}.\n", encoding="utf-8")
    return path


def test_compare_form_url_field_never_opens_a_server_file(client, tmp_path):
    path = _secret_file(tmp_path)
    for url in (str(path), f"file://{path}", "gopher://127.0.0.1:25/"):
        fields = {"csrf": csrf_of(client), "direction": "infer", "url_a": url, "text_b": f"{SECRET} again."}
        r = client.post("/compare", data=fields, files={"file_a": ("", b""), "file_b": ("", b"")},
                        follow_redirects=False)
        assert r.status_code == 400, url
        assert "not an http(s) URL" in _alert(r.text)


def test_api_compare_string_article_never_opens_a_server_file(client, tmp_path):
    from webhelpers import TOKEN
    path = _secret_file(tmp_path)
    r = client.post("/api/compare", json={"a": str(path), "b": {"text": f"{SECRET} again."}},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and SECRET not in r.text


def test_loopback_bind_refuses_a_rebound_host_name(example_db, tmp_path):
    from fastapi.testclient import TestClient
    from webhelpers import make_app

    from redline.web.config import loopback_hosts
    app = make_app(example_db, tmp_path, hosts=loopback_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/compare").status_code == 200
        assert c.get("/compare", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/compare", headers={"host": "[::1]:8000"}).status_code == 200
        r = c.get("/compare", headers={"host": "attacker.example:8000"})
        assert r.status_code == 421 and "rebinding" in _alert(r.text)
        assert r.headers["x-frame-options"] == "DENY" and "script-src 'self'" in r.headers["content-security-policy"]
        assert c.get("/api/stories", headers={"host": "attacker.example"}).status_code == 421
    assert loopback_hosts("0.0.0.0") == ()


def test_pasted_text_with_browser_line_breaks_keeps_its_header(client):
    from webhelpers import EXAMPLES
    wire = (EXAMPLES / "wire.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    copy = (EXAMPLES / "rewrite.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    fields = {"csrf": csrf_of(client), "direction": "infer", "text_a": wire, "text_b": copy}
    r = client.post("/compare", data=fields, files={"file_a": ("", b""), "file_b": ("", b"")},
                    follow_redirects=False)
    assert r.status_code == 303
    data = client.get("/api/results/" + r.headers["location"].rsplit("/", 1)[1]).json()
    text = json.dumps(data)
    assert "Title: " not in text and "Police Did Not Answer 911 Calls" in text


def test_public_bind_forms_need_a_sign_in_with_the_token(example_db, tmp_path):
    from fastapi.testclient import TestClient
    from webhelpers import EXAMPLES, TOKEN, make_app
    wire, copy = (EXAMPLES / "wire.txt").read_text(), (EXAMPLES / "rewrite.txt").read_text()
    with TestClient(make_app(example_db, tmp_path, forms_need_token=True)) as c:
        def post(path, **fields):
            return c.post(path, data={"csrf": csrf_of(c), **fields}, follow_redirects=False)
        for path, fields in (("/compare", {"text_a": wire, "text_b": copy}), ("/desk/outlets", {"outlets": "Evil"}),
                             ("/ingest", {"urls": "http://example.com/a"})):
            r = post(path, **fields)
            assert r.status_code == 401 and "/signin" in _alert(r.text), path
        assert c.get("/api/desk").json()["outlets"] == ["Lakeshore Wire"]
        r = post("/signin", token="wrong")
        assert r.status_code == 401 and "not this server" in _alert(r.text)
        assert "redline_signin" not in r.headers.get("set-cookie", "")
        r = post("/signin", token=TOKEN)
        assert r.status_code == 303 and TOKEN not in r.headers["set-cookie"]
        assert post("/desk/outlets", outlets="Ours").status_code == 303
        assert c.get("/api/desk").json()["outlets"] == ["Ours"]
        assert post("/compare", text_a=wire, text_b=copy).status_code == 303


def test_serve_turns_on_sign_in_for_a_public_bind(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda a, **kw: seen.update(config=a.state.service.config))
    monkeypatch.setattr("redline.commands.serve._check_port", lambda host, port: None)
    monkeypatch.setenv("REDLINE_TOKEN", "t0k3n-for-the-test")
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--workers", "0"]).exit_code == 0
    assert seen["config"].forms_need_token and seen["config"].hosts == ()
    assert CliRunner().invoke(app, ["serve", "--db", db, "--workers", "0"]).exit_code == 0
    assert not seen["config"].forms_need_token and "127.0.0.1" in seen["config"].hosts


def test_a_body_refused_by_its_length_carries_every_security_header(client):
    for path in ("/compare", "/api/compare"):
        r = client.post(path, content=b"x", headers={"Content-Length": str(500 * 1024 * 1024)})
        assert r.status_code == 413, path
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_desk_story_filter_names_each_story_by_our_article(client):
    page = client.get("/desk").text
    options = re.findall(r'<option value="(story-[^"]+)"[^>]*>([^<]+)</option>', page)
    assert options and all(label.startswith("lakeshore-") and ident in label for ident, label in options)


def test_config_file_hosts_add_to_the_loopback_names(tmp_path):
    from redline.web.config import load_config, loopback_hosts
    path = tmp_path / "web.toml"
    path.write_text('[web]\nhosts = ["News.Example.org"]\n', encoding="utf-8")
    cfg = load_config(tmp_path / "c.db", path, hosts=loopback_hosts("127.0.0.1"))
    assert "news.example.org" in cfg.hosts and "127.0.0.1" in cfg.hosts and "localhost" in cfg.hosts
    assert load_config(tmp_path / "c.db", path).hosts == ("news.example.org",)
