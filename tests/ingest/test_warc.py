"""WARC reader: one Article per HTML response record; malformed archives are one-line errors."""
import gzip
import io
from pathlib import Path

import pytest

pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from redline.errors import InputError  # noqa: E402
from redline.ingest import iter_warc, load_article, load_articles  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE_HTML = (FIXTURES / "html" / "article.html").read_bytes()
SECOND_HTML = """<html><head><title>Library Opens Late on Thursdays</title>
<meta name="author" content="Rui Santos"><meta property="og:site_name" content="Kells Island Post"></head>
<body><article><h1>Library Opens Late on Thursdays</h1>
<p>The Kells Island library will stay open until nine o'clock on Thursday evenings from next month, the island council said.</p>
<p>Librarians said the change followed a survey in which most residents asked for later opening hours.</p>
</article></body></html>""".encode("cp1252")


def write_warc(path, records, gz=True):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "redline tests"}))
        for uri, ctype, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


RECORDS = [
    ("https://eastbay-courier.example/news/harbour-ferry-suspended", "text/html; charset=utf-8", ARTICLE_HTML),
    ("https://eastbay-courier.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("https://kells-post.example/library", "text/html; charset=windows-1252", SECOND_HTML),
    ("https://kells-post.example/app", "text/html", b"<html><body><script>go()</script></body></html>"),
]


@pytest.mark.parametrize("name, gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_one_article_per_html_response(tmp_path, name, gz):
    path = write_warc(tmp_path / name, RECORDS, gz)
    arts = load_articles(path)
    assert [a.id for a in arts] == ["https://eastbay-courier.example/news/harbour-ferry-suspended",
                                    "https://kells-post.example/library"]
    ferry, library = arts
    assert ferry.title == "Harbour Ferry Service Suspended After Engine Fault"
    assert ferry.outlet == "Eastbay Courier" and ferry.byline == "Mina Okafor"
    assert ferry.text.startswith("The harbour ferry")
    assert library.byline == "Rui Santos"
    assert "nine o'clock" in library.text
    assert library.url == "https://kells-post.example/library"
    assert library.meta.get("warc_date")


def test_iter_warc_collects_records_without_text(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", RECORDS)
    errors = []
    ids = [a.id for a in iter_warc(path, errors)]
    assert len(ids) == 2
    assert [e.source for e in errors] == ["https://eastbay-courier.example/logo.png",
                                          "https://kells-post.example/app"]
    assert "not an article (image/png response)" in str(errors[0])


def test_single_record_warc_as_one_article(tmp_path):
    path = write_warc(tmp_path / "one.warc.gz", RECORDS[:1])
    assert load_article(path).outlet == "Eastbay Courier"


def test_warc_without_html_is_an_error(tmp_path):
    path = write_warc(tmp_path / "images.warc.gz", RECORDS[1:2])
    with pytest.raises(InputError, match="no article records in the WARC file"):
        load_articles(path)


@pytest.mark.parametrize("content", [
    b"this is not a web archive at all\n" * 20,
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>truncated",
])
def test_malformed_warc_is_a_one_line_error(tmp_path, content):
    path = tmp_path / "broken.warc"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_articles(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_truncated_gzip_warc_is_an_error(tmp_path):
    # Every cut point, not one: where a cut lands depends on the record's WARC-Date, and a cut
    # inside the body used to pass silently as a short page.
    good = write_warc(tmp_path / "good.warc.gz", RECORDS[:1]).read_bytes()
    path = tmp_path / "cut.warc.gz"
    for cut in range(10, len(good) - 1, 23):
        path.write_bytes(good[:cut])
        with pytest.raises(InputError, match="cut.warc.gz"):
            load_articles(path)


def test_gzip_of_garbage_is_an_error(tmp_path):
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"\x00\x01garbage" * 50))
    with pytest.raises(InputError, match="junk.warc.gz"):
        load_articles(path)


def test_missing_warc(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_articles(tmp_path / "gone.warc.gz")
