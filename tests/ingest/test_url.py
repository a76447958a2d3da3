"""URL reader against a local HTTP server on 127.0.0.1 (no outside network)."""
import http.server
import socket
import threading
from pathlib import Path

import pytest

from redline.errors import InputError
from redline.ingest import FetchPolicy, fetch_policy, is_url, load_article, load_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

PAGES = {
    "/ferry": ("text/html; charset=utf-8", (FIXTURES / "html" / "article.html").read_bytes()),
    "/latin": ("text/plain; charset=iso-8859-1",
               "Title: Café Reopens\n\nThe café in Zürich reopened on Monday.".encode("latin-1")),
    "/json": ("application/json", b'{"id": "j-1", "title": "From JSON", "text": "A JSON article body."}'),
    "/empty": ("text/html", b"<html><body><script>app()</script></body></html>"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            threading.Event().wait(2)
        if self.path not in PAGES:
            self.send_error(404, "Not Found")
            return
        ctype, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the timeout test's client hangs up before /slow answers: a broken pipe is expected


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def loopback_allowed():
    """These tests fetch from their own server on 127.0.0.1, which needs the opt-in."""
    with fetch_policy(allow_private=True):
        yield


def test_loopback_refused_without_the_opt_in(server):
    with fetch_policy(allow_private=False), pytest.raises(InputError, match="refused: 127.0.0.1 a loopback"):
        load_article(f"{server}/ferry")
    assert load_article(f"{server}/ferry", policy=FetchPolicy(allow_private=True)).byline == "Mina Okafor"


def test_is_url():
    assert is_url("https://example.org/a") and is_url("HTTP://x")
    assert not is_url("example.org/a") and not is_url("file:///etc/passwd") and not is_url(None)


def test_html_page(server):
    art = load_article(f"{server}/ferry")
    assert art.id == f"{server}/ferry"
    assert art.outlet == "Eastbay Courier" and art.byline == "Mina Okafor"
    assert art.url == "https://eastbay-courier.example/news/harbour-ferry-suspended"  # the canonical URL
    assert art.text.startswith("The harbour ferry")


def test_declared_charset_and_plain_text_header(server):
    art = load_article(f"{server}/latin")
    assert art.title == "Café Reopens" and "Zürich" in art.text
    assert art.url == f"{server}/latin"


def test_json_by_content_type(server):
    arts = load_url(f"{server}/json")
    assert [a.id for a in arts] == ["j-1"]


def test_caller_id(server):
    assert load_article(f"{server}/json", id="mine").id == "mine"


@pytest.mark.parametrize("path, problem", [("/missing", "HTTP error 404"), ("/empty", "no article text")])
def test_http_errors_name_the_url(server, path, problem):
    with pytest.raises(InputError, match=problem) as err:
        load_article(f"{server}{path}")
    assert err.value.source == f"{server}{path}"


def test_unreachable_url_is_one_line():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the socket is closed
    url = f"http://127.0.0.1:{port}/story"
    with pytest.raises(InputError, match="cannot be reached") as err:
        load_article(url, timeout=2)
    assert url in str(err.value) and "\n" not in str(err.value)


def test_timeout(server):
    with pytest.raises(InputError, match="timed out"):
        load_article(f"{server}/slow", timeout=0.3)


def test_response_over_the_size_limit(server):
    with pytest.raises(InputError, match="larger than 100 bytes"):
        load_article(f"{server}/ferry", policy=FetchPolicy(allow_private=True, max_bytes=100))
