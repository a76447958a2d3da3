"""The guarded fetcher against hostile servers it starts itself on 127.0.0.1 (no outside network):
deadlines, size and decompression caps, redirects, the target policy, malformed URLs, sniffing."""
import http.server
import re
import socket
import threading
import time
import tracemalloc
import zlib
from importlib.metadata import version
from pathlib import Path

import pytest

from redline.errors import InputError
from redline.ingest import fetch as fetching
from redline.ingest import load_article
from redline.ingest.fetch import FetchPolicy, fetch, parse_target, refusal, system_resolver

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = (FIXTURES / "html" / "article.html").read_bytes()
MIB = 1024 * 1024


def gzipped_zeros(n_mib: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MIB)
    return b"".join(z.compress(block) for _ in range(n_mib)) + z.flush()


BOMB = gzipped_zeros(64)  # about 64 KB that expand to 64 MiB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        route, _, arg = self.path.lstrip("/").partition("/")
        getattr(self, f"route_{route.replace('-', '_')}", self.route_missing)(arg)

    def reply(self, body: bytes, ctype: str | None = "text/html; charset=utf-8", status=200, **headers):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_missing(self, arg):
        self.reply(b"no", status=404)

    def route_page(self, arg):
        self.reply(ARTICLE)

    def route_typed(self, arg):  # the article's HTML under another content type, or none
        self.reply(ARTICLE, {"none": None, "plain": "text/plain", "octet": "application/octet-stream"}[arg])

    def route_json_as_text(self, arg):
        self.reply(b'{"id": "j-1", "title": "From JSON", "text": "A JSON article body, served as plain text."}',
                   "text/plain")

    def route_echo(self, arg):
        self.reply(f"Host={self.headers['Host']}\nUA={self.headers['User-Agent']}\n".encode(), "text/plain")

    def route_drip_body(self, arg):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.drip()

    def route_drip_headers(self, arg):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        self.drip()

    def drip(self):
        for _ in range(300):  # a byte every 0.05 s: never idle long enough for a read timeout
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(0.05)

    def route_huge_declared(self, arg):
        self.send_response(200)
        self.send_header("Content-Length", str(1024 * MIB))
        self.end_headers()
        self.stream(1024 * MIB)

    def route_huge(self, arg):  # 1 GB with no length: the client must stop reading, not the server
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.stream(1024 * MIB)

    def stream(self, total):
        block = b"x" * (64 * 1024)
        for _ in range(total // len(block)):
            self.wfile.write(block)

    def route_bomb(self, arg):
        self.reply(BOMB, "text/html", Content_Encoding="gzip")

    def route_gzip(self, arg):
        self.reply(zlib.compress(ARTICLE, wbits=zlib.MAX_WBITS | 16), Content_Encoding="gzip")

    def route_deflate(self, arg):
        self.reply(zlib.compress(ARTICLE), Content_Encoding="deflate")

    def route_chain(self, arg):  # /chain/N redirects N times before the page
        n = int(arg)
        self.reply(b"", status=302, Location=f"/chain/{n - 1}") if n else self.route_page(arg)

    def route_loop(self, arg):
        self.reply(b"", status=301, Location="/loop/" + ("b" if arg == "a" else "a"))

    def route_to(self, arg):
        target = {"ftp": "ftp://127.0.0.1/x", "file": "file:///etc/hostname",
                  "loopback": f"http://127.0.0.2:{self.server.server_address[1]}/page",
                  "v6": "http://[::1]/page", "page": "/page"}[arg]
        self.reply(b"", status=307, Location=target)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that give up (deadlines, caps) break the server's pipe: expected


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOOPBACK = FetchPolicy(allow_private=True, deadline=5)


def refused(url, match, policy=LOOPBACK):
    with pytest.raises(InputError, match=match) as err:
        fetch(url, policy)
    assert "\n" not in str(err.value)
    return err.value


# --- deadlines -------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ["drip-body", "drip-headers"])
def test_a_dripping_server_is_cut_at_the_deadline(server, route):
    start = time.monotonic()
    refused(f"{server}/{route}", r"timed out \(no complete response within 1 s\)",
            FetchPolicy(allow_private=True, deadline=1, read_timeout=0.5))
    assert time.monotonic() - start < 1.6


def test_a_slow_lookup_is_cut_at_the_deadline():
    start = time.monotonic()
    refused("http://news.test/", "timed out", FetchPolicy(deadline=0.5, resolver=lambda h, p: time.sleep(3)))
    assert time.monotonic() - start < 1.0


# --- sizes and decompression -----------------------------------------------------------------------

def test_a_declared_1gb_body_is_refused_before_reading(server):
    start = time.monotonic()
    refused(f"{server}/huge-declared", r"larger than \d+ bytes \(1073741824 declared\)")
    assert time.monotonic() - start < 1


def test_an_undeclared_1gb_body_stops_at_the_cap_in_bounded_memory(server):
    tracemalloc.start()
    try:
        refused(f"{server}/huge", f"larger than {MIB} bytes", FetchPolicy(allow_private=True, max_bytes=MIB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB


def test_a_gzip_bomb_fails_fast_at_the_cap(server):
    tracemalloc.start()
    try:
        refused(f"{server}/bomb", r"expands past 4194304 bytes \(a decompression bomb\?\)",
                FetchPolicy(allow_private=True, max_bytes=4 * MIB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 * MIB


def test_a_gzip_bomb_under_the_size_cap_fails_on_its_ratio(server):
    refused(f"{server}/bomb", r"expands more than \d+:1")


@pytest.mark.parametrize("route", ["gzip", "deflate"])
def test_compressed_pages_are_decoded(server, route):
    assert fetch(f"{server}/{route}", LOOPBACK).body == ARTICLE


# --- redirects -------------------------------------------------------------------------------------

def test_redirects_up_to_the_cap_are_followed(server):
    response = fetch(f"{server}/chain/3", FetchPolicy(allow_private=True, max_redirects=3))
    assert response.body == ARTICLE and response.url == f"{server}/chain/0"
    refused(f"{server}/chain/4", "more than 3 redirects", FetchPolicy(allow_private=True, max_redirects=3))


def test_a_redirect_loop_is_named(server):
    refused(f"{server}/loop/a", r"redirect loop \(back to .*/loop/a\)")


@pytest.mark.parametrize("route, scheme", [("ftp", "ftp"), ("file", "file")])
def test_a_redirect_to_another_scheme_is_refused(server, route, scheme):
    refused(f"{server}/to/{route}", f"redirect to .*only http and https URLs are fetched, not {scheme}")


@pytest.fixture
def public_news_host(server, monkeypatch):
    """news.test resolves to the test server, and 127.0.0.1 (only) passes as public: the policy
    is then exercised end to end while private targets are not allowed."""
    real = refusal
    monkeypatch.setattr(fetching, "refusal", lambda a: None if a == "127.0.0.1" else real(a))
    port = server.rsplit(":", 1)[1]
    resolver = lambda host, p: ["127.0.0.1"] if host == "news.test" else system_resolver(host, p)  # noqa: E731
    return f"http://news.test:{port}", FetchPolicy(resolver=resolver, deadline=5)


def test_the_host_header_is_the_urls_though_the_checked_address_is_dialled(public_news_host):
    base, policy = public_news_host
    text = fetch(f"{base}/echo", policy).body.decode()
    assert f"Host=news.test:{base.rsplit(':', 1)[1]}" in text
    assert f"UA=redline/{version('redline')} " in text


@pytest.mark.parametrize("route, address", [("loopback", "127.0.0.2"), ("v6", "::1")])
def test_a_redirect_from_a_public_host_to_a_private_one_is_refused(public_news_host, route, address, monkeypatch):
    base, policy = public_news_host
    assert fetch(f"{base}/to/page", policy).body == ARTICLE
    err = refused(f"{base}/to/{route}", f"redirect to .*refused: {re.escape(address)} a loopback address", policy)
    assert err.source == f"{base}/to/{route}"


# --- the target policy -----------------------------------------------------------------------------

PRIVATE = {
    "http://localhost/": "loopback", "http://127.0.0.2/": "loopback", "http://127.1/": "loopback",
    "http://2130706433/": "loopback", "http://0x7f000001/": "loopback", "http://017700000001/": "loopback",
    "http://[::1]/": "loopback", "http://[::ffff:127.0.0.1]/": "loopback", "http://[::127.0.0.1]/": "loopback",
    "http://[64:ff9b::7f00:1]/": "loopback", "http://[2002:7f00:1::]/": "loopback",
    "http://10.1.2.3/": "private", "http://172.16.0.1/": "private", "http://192.168.1.1:8080/": "private",
    "http://[fc00::1]/": "private", "http://169.254.169.254/latest/meta-data/": "cloud metadata service",
    "http://[fd00:ec2::254]/": "cloud metadata service", "http://169.254.1.1/": "link-local",
    "http://[fe80::1]/": "link-local", "http://224.0.0.1/": "multicast", "http://[ff02::1]/": "multicast",
    "http://0.0.0.0/": "unspecified", "http://0/": "unspecified", "http://[::]/": "unspecified",
    "http://100.64.0.1/": "carrier-grade NAT", "http://240.0.0.1/": "private|reserved",
    "https://[::ffff:10.0.0.1]/": "private",
}


@pytest.fixture
def no_connections(monkeypatch):
    def connect(*args, **kwargs):
        raise AssertionError("a refused target was dialled")
    monkeypatch.setattr(socket, "create_connection", connect)


@pytest.mark.parametrize("url", PRIVATE)
def test_every_private_form_is_refused_before_connecting(url, no_connections):
    err = refused(url, f"refused: .* a ({PRIVATE[url]}) address \\(use --allow-private", FetchPolicy())
    assert err.source == url


def test_one_private_address_among_public_ones_is_enough_to_refuse(no_connections):
    policy = FetchPolicy(resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    refused("https://news.test/a", "news.test resolves to 10.0.0.7, a private address", policy)


def test_public_addresses_pass_the_policy():
    assert [refusal(a) for a in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8")] == [None] * 3


# --- malformed URLs and failures -------------------------------------------------------------------

@pytest.mark.parametrize("url, problem", [
    ("http://[bad", "malformed URL"), ("https://a b/", "spaces or control characters"),
    ("http://", "no host"), ("http://x.test/\n/y", "spaces or control characters"),
    ("http://" + "a" * 9000 + ".test/", "longer than 8192 characters"), ("http://x.test:99999/", "malformed URL"),
    ("http://x.test:abc/", "malformed URL"), ("ftp://x.test/", "only http and https"),
    ("http://user:pw@x.test/", "user name or password"), ("http://a..b/", "not a valid domain name"),
    ("http://" + "ü" * 70 + ".test/", "not a valid domain name"), ("http://a%00b/", "not a valid domain name"),
])
def test_malformed_urls_are_one_line_input_errors(url, problem, no_connections):
    err = refused(url, problem, FetchPolicy())
    assert len(err.source) <= 201


def test_an_international_host_is_looked_up_in_idna_form():
    asked = []

    def resolver(host, port):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    refused("http://bücher.test/a", r"cannot be reached \(host xn--bcher-kva.test not found\)",
            FetchPolicy(resolver=resolver))
    assert asked == ["xn--bcher-kva.test"]
    assert parse_target("http://bücher.test/ä?q=é").path == "/%C3%A4?q=%C3%A9"


def test_http_errors_name_the_url(server):
    err = refused(f"{server}/nothing-here", r"HTTP error 404")
    assert err.source == f"{server}/nothing-here"


def test_a_tls_failure_is_one_line():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def answer():
            conn, _ = listener.accept()
            conn.recv(4096)
            conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nnot TLS")
            conn.close()
        threading.Thread(target=answer, daemon=True).start()
        refused(f"https://127.0.0.1:{listener.getsockname()[1]}/", "TLS error")


# --- content sniffing ------------------------------------------------------------------------------

@pytest.mark.parametrize("ctype", ["none", "plain", "octet"])
def test_html_is_parsed_as_html_whatever_the_content_type(server, ctype):
    art = load_article(f"{server}/typed/{ctype}", policy=LOOPBACK)
    assert art.text.startswith("The harbour ferry") and "<" not in art.text
    assert art.byline == "Mina Okafor"


def test_json_served_as_plain_text_is_read_as_json(server):
    art = load_article(f"{server}/json-as-text", policy=LOOPBACK)
    assert art.id == "j-1" and art.title == "From JSON"
