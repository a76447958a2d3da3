"""Web archives: one Article per response record (HTML, text or JSON), its id the WARC-Target-URI."""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError, RedlineError
from ..limits import MAX_COMPRESSION_RATIO, expands_too_much
from ..model import Article
from . import decode as decoding

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = HTML_TYPES + ("text/plain", "application/json", "application/x-ndjson", "application/jsonl")


class RecordSkipped(InputError):
    """A response record that holds no article (an image, a stylesheet, a page without text):
    passed over, the archive's other records still read."""


def iter_warc(path: str | os.PathLike[str], errors: list[InputError] | None = None,
              name: str | None = None) -> Iterator[Article]:
    """Articles from the response records in a (possibly gzipped) WARC file, ``name`` naming it.

    A record that holds no article text is skipped and, when ``errors`` is given, its
    RecordSkipped is appended there; a file that is not a readable WARC raises InputError.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise RedlineError("reading WARC files needs the warcio package (pip install warcio)") from None

    name = name or str(path)
    try:
        if not _gzip_complete(path, name):
            raise InputError(name, "malformed WARC (the gzip stream ends early: a truncated file)")
        with open(path, "rb") as fh:
            records = _quiet(ArchiveIterator)(fh, arc2warc=True)
            pending = None  # a record is only whole once the next one starts where it should
            for record in records:
                _check_boundary(records, name)
                if pending is not None:
                    yield pending
                pending = _record_article(record, name, errors)
                _check_complete(record, name)
            _check_boundary(records, name)
            if records.offset < os.fstat(fh.fileno()).st_size and fh.read(2) != b"\x1f\x8b":
                _check_tail(fh, records.offset, name)
            if pending is not None:
                yield pending
    except ArchiveLoadFailed as exc:
        detail = "not a WARC file" if "Unknown archive format" in str(exc) else _first_line(exc)
        raise InputError(name, f"malformed WARC ({detail})") from None
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except RedlineError:
        raise
    except Exception as exc:
        # gzip, zlib and warcio's header parser raise many kinds (even AttributeError) on corrupt files
        raise InputError(name, f"malformed WARC (a record could not be parsed: {type(exc).__name__})") from None


def _gzip_complete(path: str | os.PathLike[str], name: str) -> bool:
    """False when a gzipped file stops inside a member. warcio then yields a short last record
    without complaint, so a cut-off download would pass for a good archive. Output is discarded
    in bounded pieces, so a huge archive costs time, not memory; a member that expands more than
    ``MAX_COMPRESSION_RATIO`` times (a decompression bomb) is refused before warcio reads it,
    since warcio would read its first line whole into memory."""
    import zlib

    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return True
        fh.seek(0)
        d, packed, unpacked, started = zlib.decompressobj(31), 0, 0, False
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            buf = chunk
            while buf:
                started = True
                unpacked += len(d.decompress(buf, 1 << 20))
                packed += len(buf) - len(d.unconsumed_tail) - len(d.unused_data)
                if expands_too_much(packed, unpacked):
                    raise InputError(name, f"malformed WARC (a gzip member expands more than {MAX_COMPRESSION_RATIO} "
                                           "times: a decompression bomb; REDLINE_MAX_COMPRESSION_RATIO)")
                if d.eof:
                    buf, d, packed, unpacked, started = d.unused_data, zlib.decompressobj(31), 0, 0, False
                else:
                    buf = d.unconsumed_tail
        return not started


def _quiet(iterator_class: type) -> type:
    """warcio writes a multi-line warning to stderr when a record is not followed by the blank
    lines its Content-Length promises; redline reports that itself, as one line."""
    return type("QuietArchiveIterator", (iterator_class,), {"INC_RECORD": ""})


def _check_boundary(records: Any, name: str) -> None:
    if records.err_count:
        raise InputError(name, "malformed WARC (a record does not end where its Content-Length says)")


def _check_tail(fh: IO[bytes], offset: int, name: str) -> None:
    """warcio stops without a word at a record whose header block was cut off: whatever follows
    the last whole record must be blank."""
    fh.seek(offset)
    if fh.read(1 << 16).strip():
        raise InputError(name, "malformed WARC (the file ends inside a record's headers: a truncated file)")


def _check_complete(record: Any, name: str) -> None:
    """A plain (not gzipped) WARC cut short ends inside a record's declared Content-Length;
    warcio yields the short record silently, so read what is left and check."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit() or int(declared) != record.length:
        raise InputError(name, "malformed WARC (a record has no valid Content-Length: a truncated or damaged file)")
    raw = record.raw_stream
    for _ in iter(lambda: raw.read(1 << 16), b""):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise InputError(name, "malformed WARC (a record ends before its Content-Length: a truncated file)")


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _record_article(record: Any, name: str, errors: list[InputError] | None) -> Article | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or f"{name}#{headers.get_header('WARC-Record-ID')}"
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    try:
        if ctype and ctype not in TEXT_TYPES:
            raise InputError(uri, f"not an article ({ctype} response)")
        body = record.content_stream().read(decoding.MAX_BYTES + 1)
        return _parse(body, record, uri, ctype)
    except InputError as err:
        if errors is not None:
            errors.append(RecordSkipped(err.source, err.problem))
        return None


def _parse(body: bytes, record: Any, uri: str, ctype: str) -> Article:
    from dataclasses import replace

    from .html import parse_html

    text = _decode_body(body, record.http_headers.get_header("Content-Type") or "", uri)
    art = parse_html(text, uri, url=uri) if ctype in HTML_TYPES else _one(text, uri, ctype)
    date = record.rec_headers.get_header("WARC-Date")
    meta = {"warc_date": date} if date else {}
    return replace(art, url=art.url or uri, meta={**dict(art.meta), **meta})


def _one(text: str, uri: str, ctype: str) -> Article:
    from . import article_from_text
    from .url import sniff_kind
    arts = article_from_text(text, uri, sniff_kind(text, ctype), url=uri)
    if len(arts) != 1:
        raise InputError(uri, f"holds {len(arts)} articles; a WARC record is read as one")
    return arts[0]


def _decode_body(body: bytes, content_type: str, uri: str) -> str:
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    if charset:
        try:
            body = body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass
    return decoding.decode(body, uri)
