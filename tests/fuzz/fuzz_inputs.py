"""Hostile and broken inputs for the fuzz suite and bench/fuzz.py.

Every generator takes a seeded ``random.Random`` and returns a ``Case``: bytes to write to a file
with the given suffix. The same seed gives the same bytes, so a failure is replayed from its seed;
the Hypothesis strategies at the bottom draw seeds (and some plain values) and call these.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import random
from dataclasses import dataclass

WORDS = ("council ferry terminal harbour commuters estuary bridge budget repairs landmark meeting "
         "minister election report police court museum river school hospital weather storm village "
         "workers union farmers market prices water energy station airport railway library").split()
VERBS = "said voted announced rejected approved opened closed warned promised reported".split()
NAMES = "Agnes Varley|Tobias Crane|Mira Holt|Jonas Peel|Ruth Abara|Dev Castell".split("|")
PLACES = "Marlow|Dunmore|Penhallow|Fenwick|Harrow|Kestle".split("|")

ANSI = ("\x1b[31m", "\x1b[0m", "\x1b]8;;https://evil.test\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J", "\x1b]0;title\x07",
        "\x9b31m")
MARKUP = ("[/bold]", "[bold]", "[link=https://evil.test]wire[/link]", "[/]", "[red", "\\[escaped]", "[@click=quit]")
INJECTIONS = ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "{{7*7}}", "${7*7}",
              "javascript:alert(1)", "<svg/onload=alert(1)>", "'; DROP TABLE articles; --", "%s%s%n", "../../etc/passwd")
CONTROL = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0x200b, 0x202e, 0xfeff))
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
SUFFIXES = ("", ".txt", ".html", ".json", ".jsonl", ".warc", ".warc.gz", ".md", ".xml", ".bin")
DEPTHS = (10, 63, 64, 65, 100, 1000, 10_000, 100_000)


@dataclass(frozen=True)
class Case:
    fmt: str           # the generator family: bytes, tiny, text, json, jsonl, html, warc
    suffix: str        # file name suffix the bytes are written under
    data: bytes
    note: str = ""     # which mutation, for the failure listing


# --- clean material --------------------------------------------------------------------------------

def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    words.insert(rng.randint(1, 3), rng.choice(VERBS))
    return f"{rng.choice(NAMES)} of {rng.choice(PLACES)} " + " ".join(words) + rng.choice((".", ".", "?", "!"))


def body(rng: random.Random, sentences: int | None = None) -> str:
    n = sentences or rng.randint(3, 8)
    return "\n\n".join(sentence(rng) for _ in range(n))


def good_article(rng: random.Random, ident: str | None = None) -> dict:
    return {"id": ident or f"good-{rng.getrandbits(40):x}", "title": f"{rng.choice(PLACES)} {rng.choice(WORDS)} news",
            "outlet": f"{rng.choice(PLACES)} Gazette", "date": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "text": body(rng)}


def text_file(art: dict) -> str:
    return f"ID: {art['id']}\nTitle: {art['title']}\nOutlet: {art['outlet']}\nDate: {art['date']}\n\n{art['text']}\n"


def html_page(art: dict, rng: random.Random | None = None) -> str:
    paras = "".join(f"<p>{p}</p>" for p in art["text"].split("\n\n"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{art['title']}</title>"
            f"<meta name='author' content='{rng.choice(NAMES) if rng else NAMES[0]}'></head>"
            f"<body><article><h1>{art['title']}</h1>{paras}</article></body></html>")


def warc_bytes(pages: list[tuple[str, str]], gz: bool, content_type: str = "text/html; charset=utf-8") -> bytes:
    """A WARC (gzipped per record when ``gz``) with one response record per (uri, html)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{len(buf.getvalue()):012d}>",
                 "WARC-Date": "2026-03-01T12:00:00Z"}  # the same bytes for the same seed
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                      http_headers=headers, warc_headers_dict=fixed))
    return buf.getvalue()


# --- byte mutations --------------------------------------------------------------------------------

def flip_bits(rng: random.Random, data: bytes, n: int | None = None) -> bytes:
    b = bytearray(data)
    for _ in range(n or rng.randint(1, 8)):
        if b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data))] if data else data


def insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    k = rng.randrange(len(data) + 1)
    return data[:k] + piece + data[k:]


def random_bytes(rng: random.Random, n: int | None = None) -> bytes:
    n = n if n is not None else rng.choice((0, 1, 8, 64, 512, 4096))
    return rng.randbytes(n)


# --- generators ------------------------------------------------------------------------------------

def gen_bytes(rng: random.Random) -> Case:
    return Case("bytes", rng.choice(SUFFIXES), random_bytes(rng), "random bytes")


def gen_tiny(rng: random.Random) -> Case:
    n = rng.randint(1, 7)
    kind = rng.choice(("printable", "letters", "random", "json"))
    if kind == "printable":
        data = bytes(rng.randint(32, 126) for _ in range(n))
    elif kind == "letters":
        data = "".join(rng.choice("abcdefghij XYZ.") for _ in range(n)).encode()
    elif kind == "json":
        data = rng.choice((b"{}", b"[]", b"1", b"null", b'"a"', b"[{}]", b"{\"a\":1}"))[:n]
    else:
        data = rng.randbytes(n)
    return Case("tiny", rng.choice(SUFFIXES), data, f"tiny {kind}")


def hostile_string(rng: random.Random) -> str:
    """A short string made of the things that break terminals, markup and encoders."""
    pick = rng.random()
    if pick < 0.2:
        return rng.choice(ANSI) + rng.choice(WORDS) + rng.choice(ANSI)
    if pick < 0.4:
        return rng.choice(NAMES) + rng.choice(MARKUP) + rng.choice(WORDS)
    if pick < 0.5:
        return rng.choice(INJECTIONS)
    if pick < 0.65:
        return "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 6))) + rng.choice(WORDS)
    if pick < 0.8:
        return rng.choice(WORDS) + rng.choice(("\ud800", "\udfff", "\udc80", "\ud83d")) + rng.choice(WORDS)
    if pick < 0.9:
        return "".join(chr(rng.choice((rng.randint(0x80, 0x7ff), rng.randint(0x800, 0xffff), rng.randint(0x10000, 0x10ffff))))
                       for _ in range(rng.randint(1, 8)))
    return rng.choice(("", " ", "\n", "\x00", "\t\t"))


def mutate_text(rng: random.Random, text: str) -> tuple[bytes, str]:
    """A valid article text with one of the listed mutations applied; (bytes, what was done)."""
    what = rng.choice(("bits", "truncate", "nul", "surrogate", "control", "ansi", "markup", "hugeline",
                       "bom", "mixed", "header", "none"))
    if what == "surrogate":
        return insert(rng, text.encode(), "\ud800".encode("utf-8", "surrogatepass")), what
    if what == "ansi":
        return insert(rng, text.encode(), rng.choice(ANSI).encode()), what
    if what == "markup":
        return ("Title: " + rng.choice(MARKUP) + "\nID: " + rng.choice(MARKUP) + "\n\n" + text).encode(), what
    if what == "control":
        return insert(rng, text.encode(), "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 40))).encode()), what
    if what == "hugeline":
        return (text + "\n" + rng.choice(WORDS) * rng.choice((10_000, 50_000))).encode(), what
    if what == "bom":
        return rng.choice(BOMS) + text.encode(rng.choice(("utf-8", "utf-16-le", "latin-1")), "replace"), what
    if what == "mixed":
        half = len(text) // 2
        enc = rng.choice(("cp1252", "utf-16", "shift_jis", "koi8-r"))
        return text[:half].encode() + ("café é " + text[half:]).encode(enc, "replace"), what
    if what == "header":
        return ("Title: x\nDate: \nBy: " + hostile_string(rng) + "\n\n").encode("utf-8", "surrogatepass"), what
    data = text.encode()
    if what == "bits":
        return flip_bits(rng, data), what
    if what == "truncate":
        return truncate(rng, data), what
    if what == "nul":
        return insert(rng, data, b"\x00" * rng.randint(1, 4)), what
    return data, what


def gen_text(rng: random.Random) -> Case:
    data, what = mutate_text(rng, text_file(good_article(rng)))
    return Case("text", rng.choice(("", ".txt", ".txt", ".md")), data, f"text {what}")


def deep(depth: int, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def bad_json_value(rng: random.Random) -> tuple[str, str]:
    """A JSON document (one line) that is broken or hostile in one way; (text, what)."""
    art = good_article(rng)
    what = rng.choice(("wrongtype", "surrogate", "markup", "deep", "hugenum", "nan", "dupkeys", "array",
                       "scalar", "malformed", "truncated", "emptytext", "html", "bigdigits"))
    if what == "wrongtype":
        field = rng.choice(("text", "id", "title", "date", "outlet", "url", "html", "byline"))
        art[field] = rng.choice((None, 1, 1.5, True, [], {}, ["a"], {"a": 1}, -1e308, ""))
    elif what == "surrogate":
        field = rng.choice(("text", "id", "title", "outlet"))
        k = rng.randrange(len(str(art[field])) + 1)
        return json.dumps(art).replace(json.dumps(art[field])[1:-1],
                                       json.dumps(art[field])[1:k + 1] + rng.choice(("\\ud800", "\\udfff", "\\udc00x")) +
                                       json.dumps(art[field])[k + 1:-1], 1), f"surrogate in {field}"
    elif what == "markup":
        art[rng.choice(("id", "title", "outlet", "byline"))] = hostile_string(rng)
        return json.dumps(art, ensure_ascii=rng.random() < 0.5).replace("\n", "\\n"), what
    elif what == "deep":
        depth = rng.choice(DEPTHS)
        text = json.dumps(art)
        return text[:-1] + f', "extra": {deep(depth, rng)}}}', f"deep {depth}"
    elif what == "hugenum":
        art[rng.choice(("date", "id", "extra"))] = 10 ** rng.choice((20, 400, 1000))
    elif what == "bigdigits":
        return json.dumps(art)[:-1] + ', "n": ' + "9" * rng.choice((4000, 4301, 10_000)) + "}", what
    elif what == "nan":
        art[rng.choice(("date", "id", "title", "text"))] = rng.choice((float("nan"), float("inf"), float("-inf")))
    elif what == "dupkeys":
        return json.dumps(art)[:-1] + ', "text": ' + json.dumps(rng.choice(("", None, 5, "x"))) + "}", what
    elif what == "array":
        return json.dumps([art, good_article(rng)]), what
    elif what == "scalar":
        return json.dumps(rng.choice((1, "text", None, True, [], [1, 2], 1e400))), what
    elif what == "malformed":
        return json.dumps(art).replace(rng.choice(('":', '",', '{"')), rng.choice(("", "'", ":::")), 1), what
    elif what == "truncated":
        text = json.dumps(art)
        return text[:rng.randrange(1, len(text))], what
    elif what == "emptytext":
        art["text"] = rng.choice(("", "   ", "\n\n", "a"))
    elif what == "html":
        art.pop("text")
        art["html"] = bad_html(rng)[0]
    return json.dumps(art), what


def gen_json(rng: random.Random) -> Case:
    text, what = bad_json_value(rng)
    data = text.encode("utf-8", "surrogatepass")
    return Case("json", rng.choice((".json", ".json", "")), data, f"json {what}")


def good_jsonl_lines(rng: random.Random, k: int, prefix: str = "good") -> list[dict]:
    return [good_article(rng, f"{prefix}-{i}") for i in range(k)]


def gen_jsonl(rng: random.Random) -> Case:
    """K good lines with one bad line among them (and sometimes a blank or non-object line)."""
    goods = good_jsonl_lines(rng, rng.randint(1, 6))
    lines = [json.dumps(a) for a in goods]
    bad, what = bad_json_value(rng)
    lines.insert(rng.randint(0, len(lines)), bad.replace("\n", " "))
    return Case("jsonl", rng.choice((".jsonl", ".jsonl", ".ndjson", "")), "\n".join(lines).encode("utf-8", "surrogatepass"),
                f"jsonl {what}")


def bad_html(rng: random.Random) -> tuple[str, str]:
    art = good_article(rng)
    page = html_page(art, rng)
    what = rng.choice(("unclosed", "hugeattr", "scriptonly", "nobody", "injection", "truncated", "nested",
                       "entities", "markup", "comment", "valid"))
    if what == "unclosed":
        page = page.replace("</p>", "").replace("</article>", "").replace("</body></html>", "<div><span><b>")
    elif what == "hugeattr":
        page = page.replace("<article>", f"<article data-x=\"{'x' * rng.choice((10_000, 200_000))}\">")
    elif what == "scriptonly":
        page = f"<html><head><script>{'var a=1;' * 50}</script><style>p{{color:red}}</style></head><body><script>x()</script></body></html>"
    elif what == "nobody":
        page = f"<html><head><title>{art['title']}</title></head></html>"
    elif what == "injection":
        page = page.replace("<h1>", "<h1>" + rng.choice(INJECTIONS)).replace("<p>", "<p>" + rng.choice(INJECTIONS), 1)
    elif what == "truncated":
        page = page[:rng.randrange(len(page))]
    elif what == "nested":
        d = rng.choice((100, 1000, 5000))
        page = page.replace("<article>", "<div>" * d + "<article>")
    elif what == "entities":
        page = page.replace("<p>", "<p>&#0;&#xD800;&#x110000;&amp;&bogus;&#1114111;", 1)
    elif what == "markup":
        page = page.replace(art["title"], hostile_string(rng))
    elif what == "comment":
        page = page.replace("<article>", "<!--", 1)
    return page, what


def gen_html(rng: random.Random) -> Case:
    page, what = bad_html(rng)
    data = page.encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        data = flip_bits(rng, data)
        what += "+bits"
    return Case("html", rng.choice((".html", ".html", ".htm", "")), data, f"html {what}")


def gen_warc(rng: random.Random) -> Case:
    gz = rng.random() < 0.5
    pages = [(f"https://example.test/{i}", html_page(good_article(rng), rng)) for i in range(rng.randint(1, 3))]
    ctype = rng.choice(("text/html; charset=utf-8", "text/html", "text/html; charset=bogus", "text/plain",
                        "text/html; charset=utf-16"))
    data = warc_bytes(pages, gz, ctype)
    what = rng.choice(("truncate", "bits", "garbage", "concat", "valid", "headers"))
    if what == "truncate":
        data = truncate(rng, data)
    elif what == "bits":
        data = flip_bits(rng, data, rng.randint(1, 30))
    elif what == "garbage":
        data = data + rng.choice((rng.randbytes(rng.randint(1, 500)), b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00garbage"))
    elif what == "concat":
        data = data + warc_bytes(pages, not gz)
    elif what == "headers":
        data = data.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    return Case("warc", ".warc.gz" if gz else rng.choice((".warc", ".warc", ".arc")), data,
                f"warc {'gz ' if gz else ''}{what} {ctype}")


def warc_bomb(zeros: int = 200 * 1024 * 1024, html: bool = True) -> bytes:
    """A .warc.gz whose one response record decompresses to ``zeros`` bytes of zeros (or spaces in
    an HTML page), a few hundred KB on disk."""
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.test/\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    fill = b" " if html else b"\x00"
    prefix, suffix = (b"<html><body><p>", b"</p></body></html>") if html else (b"", b"")
    length = len(http) + len(prefix) + zeros + len(suffix)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(head + f"Content-Length: {length}\r\n\r\n".encode() + http + prefix)
        chunk = fill * (1 << 20)
        for _ in range(zeros >> 20):
            gz.write(chunk)
        gz.write(fill * (zeros & ((1 << 20) - 1)) + suffix + b"\r\n\r\n")
    return out.getvalue()


GENERATORS = {"bytes": gen_bytes, "tiny": gen_tiny, "text": gen_text, "json": gen_json, "jsonl": gen_jsonl,
              "html": gen_html, "warc": gen_warc}


def hostile_batch_line(rng: random.Random) -> str:
    """One bad line for a batch file: valid UTF-8 text (so the file itself reads) that is no good job."""
    text, _ = bad_json_value(rng)
    if rng.random() < 0.3:
        text = rng.choice((hostile_string(rng), "not json at all", "[]", "null", '{"sources": 5}',
                           '{"sources": ["/dev/null"], "derived": "."}', '{"sources": [[]], "derived": {}}'))
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\n", " ").replace("\x00", "\\u0000")


# --- Hypothesis ------------------------------------------------------------------------------------

def strategy(fmt: str | None = None):
    """Cases from the seeded generators (one family, or any), shrinking toward seed 0."""
    from hypothesis import strategies as st
    names = [fmt] if fmt else sorted(GENERATORS)
    return st.tuples(st.sampled_from(names), st.integers(0, 2**32 - 1)).map(
        lambda t: GENERATORS[t[0]](random.Random(t[1])))


def raw_bytes_strategy():
    from hypothesis import strategies as st
    return st.builds(lambda data, suffix: Case("bytes", suffix, data, "hypothesis bytes"),
                     st.binary(max_size=2048), st.sampled_from(SUFFIXES))
