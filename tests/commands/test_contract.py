"""The CLI contract: every command that reads articles reads every input kind the same way.

Each row is a command and an input kind (a file, a folder, ``-``, a plain and a gzipped WARC, a URL
on a local server, a file of URLs by suffix and by ``--urls``), and what must come of it: the article
read (its id in the JSON output), or one ``redline: error:`` line and exit status 2."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from local_site import serving

from redline.cli import main

ROOT = Path(__file__).resolve().parents[2]
WIRE, REWRITE = ROOT / "examples" / "wire.txt", ROOT / "examples" / "rewrite.txt"
HTML = ROOT / "tests" / "fixtures" / "html" / "article.html"


def run(monkeypatch, capsys, args, stdin: bytes | None = None):
    monkeypatch.setattr(sys, "argv", ["redline", *map(str, args)])
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code or 0, out.out, out.err


def warc(path: Path, body: bytes, uri: str, gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=head))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri + ".png", "response", payload=io.BytesIO(b"\x89PNG" + bytes(40)),
                                                      http_headers=img))
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A local web server holding the derived article; its address is loopback (--allow-private)."""
    folder = tmp_path_factory.mktemp("site")
    shutil.copy(REWRITE, folder / "rewrite.txt")
    warc(folder / "crawl.warc.gz", HTML.read_bytes(), "https://patriot.example/harbor-city", True)
    with serving(folder) as url:
        yield f"{url}/rewrite.txt"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, site):
    """kind -> (argument list naming one derived article, stdin bytes, the id it is read under)."""
    d = tmp_path_factory.mktemp("inputs")
    (d / "folder").mkdir()
    shutil.copy(REWRITE, d / "folder" / "rewrite.txt")
    uri = "https://patriot.example/harbor-city"
    html = HTML.read_bytes()
    (d / "list.urls").write_text(f"# the copy\n{site}\n")
    (d / "plain-list.txt").write_text(f"{site}\n")
    return {
        "file": ([REWRITE], None, str(REWRITE)),
        "folder": ([d / "folder"], None, str(d / "folder" / "rewrite.txt")),
        "stdin": (["-"], REWRITE.read_bytes(), "-"),
        "stdin-warc": (["-"], warc(d / "in.warc.gz", html, uri, True).read_bytes(), uri),
        "warc": ([warc(d / "copy.warc", html, uri, False)], None, uri),
        "warc.gz": ([warc(d / "copy.warc.gz", html, uri, True)], None, uri),
        "url": ([site, "--allow-private"], None, site),
        "url-warc": ([site.replace("rewrite.txt", "crawl.warc.gz"), "--allow-private"], None, uri),
        "url-list": ([d / "list.urls", "--allow-private"], None, site),
        "--urls": (["--urls", d / "plain-list.txt", "--allow-private"], None, site),
    }


KINDS = ["file", "folder", "stdin", "stdin-warc", "warc", "warc.gz", "url", "url-warc", "url-list", "--urls"]


def _command(name: str, given: list, tmp_path: Path) -> list:
    """The command line reading ``given`` as its (derived) article, JSON out."""
    if name == "compare":
        return ["compare", "--source", WIRE, *given, "--no-semantic", "-f", "json"]
    if name == "framing":
        return ["framing", *given, "--no-semantic", "-f", "json"]
    if name == "license":
        return ["license", WIRE, *given, "-f", "json"]
    if name == "trace":
        return ["trace", *given, "--db", tmp_path / "trace.db", "-f", "json"]
    return ["corpus", "add", *given, "--db", tmp_path / "add.db", "-f", "json"]


def _read_id(name: str, data: dict) -> str | None:
    return {"compare": lambda: data["derived"]["id"], "framing": lambda: data["article"]["id"],
            "license": lambda: data["derived"]["id"], "trace": lambda: data["article"],
            "corpus": lambda: data["added"]}[name]()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["compare", "framing", "license", "trace", "corpus"])
def test_every_command_reads_every_input_kind(monkeypatch, capsys, tmp_path, inputs, name, kind):
    given, stdin, expected_id = inputs[kind]
    if name in ("license", "trace") and kind == "--urls":
        pytest.skip(f"{name} takes one article argument; a file of URLs is given by its .urls suffix")
    if name == "trace":
        code, _, err = run(monkeypatch, capsys, ["corpus", "add", WIRE, "--db", tmp_path / "trace.db"])
        assert code == 0, err
    code, out, err = run(monkeypatch, capsys, _command(name, given, tmp_path), stdin)
    assert code == 0, err
    data = json.loads(out)
    assert data["redline"] == 1
    assert _read_id(name, data) == (1 if name == "corpus" else expected_id)
    if name == "trace" and expected_id in (str(REWRITE), "-", site, str(inputs["folder"][2])):
        assert [s["id"] for s in data["sources"]] == [str(WIRE)]


@pytest.fixture
def bad(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "images.warc").write_bytes(b"")
    warc(tmp_path / "images.warc", b"", "https://x.example/a", False)
    (tmp_path / "bad.urls").write_text("not a url\n")
    (tmp_path / "links.txt").write_text("https://example.org/a\nhttps://example.org/b\n")
    (tmp_path / "two").mkdir()
    shutil.copy(REWRITE, tmp_path / "two" / "a.txt")
    shutil.copy(WIRE, tmp_path / "two" / "b.txt")
    return {"missing": (tmp_path / "nope.txt", "no such file"),
            "empty folder": (tmp_path / "empty", "is a folder with no files in it"),
            "no article in the WARC": (tmp_path / "images.warc", "no article records in the WARC file"),
            "bad URL list": (tmp_path / "bad.urls", "is not an http(s) URL"),
            "two articles": (tmp_path / "two", "holds 2 articles"),
            "URLs as text": (tmp_path / "links.txt", "holds only URLs, one a line: give it as --urls FILE")}


@pytest.mark.parametrize("case", ["missing", "empty folder", "no article in the WARC", "bad URL list", "two articles",
                                  "URLs as text"])
@pytest.mark.parametrize("name", ["compare", "framing", "license", "trace", "corpus"])
def test_a_bad_input_is_one_line_and_status_2(monkeypatch, capsys, tmp_path, bad, name, case):
    path, why = bad[case]
    if name == "corpus" and case == "two articles":
        return  # corpus add takes any number of articles
    if name == "trace":
        run(monkeypatch, capsys, ["corpus", "add", WIRE, "--db", tmp_path / "trace.db"])
    code, out, err = run(monkeypatch, capsys, _command(name, [path], tmp_path))
    lines = err.strip().splitlines()
    assert code == 2 and (out == "" or name == "corpus"), err
    assert lines[-1].startswith("redline: error: ") and "Traceback" not in err
    if name != "corpus":
        assert len(lines) == 1 and str(path) in lines[0] and why in lines[0], err
    else:  # skipped inputs listed in the one format, then the error
        assert all(x.startswith("redline: ") for x in lines)
        assert case in ("missing", "empty folder") or any(line.startswith("redline: skipped ") and why in line for line in lines), err
