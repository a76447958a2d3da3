"""Hostile and broken input at the reading boundary: each case is a one-line InputError or a
clean article, never another exception, a hang or unbounded memory."""
import gzip
import io
import json
import os
import resource
import sys
import threading

import pytest

from redline.errors import InputError
from redline.ingest import article_from_object, iter_jsonl, load_article, load_articles, read_text
from redline.ingest.clean import clean_article, valid_unicode
from redline.model import Article

BODY = "The harbour ferry was suspended on Monday after an engine fault, the operator said."


def plain_warc(path, pages: int = 3):
    """A small uncompressed WARC with ``pages`` HTML responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for k in range(pages):
            html = (f"<html><head><title>Story {k}</title></head><body><article><h1>Story {k}</h1>"
                    f"<p>{BODY} Paragraph {k} adds that services resume on day {k + 2}.</p>"
                    f"<p>Passengers were told to check the timetable before travelling.</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.test/{k}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=headers))
    return path



def test_lone_surrogate_in_json_is_replaced_and_noted(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "x\ud800", "title": "T\udfff", "text": BODY + " \ud800 end."}))
    art = load_article(path)
    assert "\ud800" not in art.text and "\ufffd" in art.text
    assert art.id == "x\ufffd" and art.title == "T\ufffd"
    assert len(art.text) == len(BODY) + len(" \ud800 end.")  # one for one: offsets keep their meaning
    assert "replaced" in art.meta["input_notes"][0]
    art.text.encode("utf-8")


def test_jsonl_bad_string_line_does_not_stop_the_good_ones():
    lines = [json.dumps({"id": f"a{i}", "text": BODY}) for i in range(5)]
    lines[2] = '{"id": "bad", "text": "' + BODY + ' \\ud800"}'
    items = list(iter_jsonl("\n".join(lines), "feed.jsonl"))
    assert [a.id for a in items] == ["a0", "a1", "bad", "a3", "a4"]
    assert all(isinstance(a, Article) for a in items)


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_deep_json_is_a_clean_error(tmp_path, depth):
    line = '{"id": "deep", "text": ' + "[" * depth + "]" * depth + "}"
    items = list(iter_jsonl(line + "\n" + json.dumps({"id": "ok", "text": BODY}), "f.jsonl"))
    assert isinstance(items[0], InputError) and "nested too deeply" in str(items[0])
    assert items[1].id == "ok"
    path = tmp_path / "deep.json"
    path.write_text(line)
    with pytest.raises(InputError, match="nested too deeply"):
        load_article(path)


def test_nul_is_replaced_and_other_controls_kept_for_the_printer():
    art = clean_article(Article(id="a\x1b[31m", text="Text with \x00 a NUL and \x1b]8;;x\x07 escapes."))
    assert "\x00" not in art.text and "\x1b]8;;x\x07" in art.text and art.id == "a\x1b[31m"
    assert valid_unicode("plain\ttext\n")[1] == 0


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = {}
    thread = threading.Thread(target=lambda: result.update(err=_error_of(read_text, fifo)), daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert "not a regular file" in result["err"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_devices_are_refused():
    assert "not a regular file" in _error_of(read_text, "/dev/zero")
    assert "not a regular file" in _error_of(load_article, "/dev/zero")


def test_empty_path_is_refused():
    assert "empty path" in _error_of(read_text, "")


def test_stdin_is_read_with_a_cap(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode())))
    assert read_text("-") == BODY


@pytest.mark.parametrize("data", [b"a", b"ab cd", b"\x01\x02", b"x y z", b"  hello  "])
def test_tiny_files_are_not_articles(tmp_path, data):
    path = tmp_path / "tiny"
    path.write_bytes(data)
    with pytest.raises(InputError):
        load_article(path)


def test_json_array_without_suffix_is_json(tmp_path):
    path = tmp_path / "list"
    path.write_text('["a story", "another story", "and a third one"]')
    assert "not an object" in _error_of(load_article, path)


def test_truncated_plain_warc_is_an_error_at_every_cut(tmp_path):
    whole = plain_warc(tmp_path / "w.warc").read_bytes()
    good = load_articles(tmp_path / "w.warc")
    for cut in range(200, len(whole) - 1, max(1, len(whole) // 60)):
        path = tmp_path / "cut.warc"
        path.write_bytes(whole[:cut])
        try:
            arts = load_articles(path)
        except InputError as err:
            assert "\n" not in str(err)
            continue
        # a cut that falls between records leaves whole articles only
        assert [a.text for a in arts] == [a.text for a in good[:len(arts)]], cut


def test_gzip_bomb_warc_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        zeros = bytes(1 << 20)
        for _ in range(200):
            fh.write(zeros)
    assert path.stat().st_size < 1 << 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "decompression bomb" in _error_of(load_articles, path)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100


def test_object_with_only_markup_ids_keeps_them_literal():
    art = article_from_object({"id": "[link=https://evil.test]wire[/link]", "text": BODY}, "x")
    assert art.id == "[link=https://evil.test]wire[/link]"


def _error_of(fn, *args) -> str:
    try:
        fn(*args)
    except InputError as err:
        return str(err)
    raise AssertionError("no InputError")


def test_wrong_content_length_is_one_clean_error(tmp_path, capfd):
    whole = plain_warc(tmp_path / "w.warc").read_bytes()
    start = whole.index(b"WARC/1.0", 10)  # the second record's header block
    at = whole.index(b"Content-Length: ", start) + len(b"Content-Length: ")
    end = whole.index(b"\r\n", at)
    short = str(int(whole[at:end]) - 40).encode()
    path = tmp_path / "bad.warc"
    path.write_bytes(whole[:at] + short + whole[end:])
    assert "malformed WARC" in _error_of(load_articles, path)
    assert capfd.readouterr().err == ""  # warcio's multi-line warning is not printed


@pytest.mark.parametrize("page, why", [
    ("<html><body>" + "<div>" * 2000 + "<p>Deep inside the page sits the only paragraph of the story.</p>"
     + "</div>" * 2000 + "</body></html>", "elements nested too deep"),
    ("<html><body><article><p>" + "lorem ipsum dolor sit amet. " * 400_000 + "</p></article></body></html>",
     "a run of text too large to parse"),
], ids=["nested-2000-deep", "11-MB-paragraph"])
def test_html_past_the_parsers_limits_says_so(page, why):
    from redline.ingest.html import parse_html
    with pytest.raises(InputError) as caught:
        parse_html(page, "page.html")
    assert str(caught.value) == ("page.html: no article text could be extracted from the HTML "
                                 f"(the HTML parser stopped: {why})")
