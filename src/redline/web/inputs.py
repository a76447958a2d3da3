"""Articles from what a browser or an API client sends: a pasted text, an uploaded file's bytes, a
URL (fetched through the guarded fetcher) or a JSON object. Uploads are read from memory; the name
a client gives a file is only ever an article id and a hint at its kind, never a path."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..errors import RedlineError
from ..model import Article
from .errors import WebError, from_input

KIND_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".json": "json", ".txt": "text",
                 ".text": "text", ".md": "text"}


@dataclass(frozen=True)
class Side:
    """One article of a comparison as sent: at most one of its fields should be filled."""
    name: str                     # "A", "B", "source", "derived": used in messages
    text: str = ""
    upload: bytes = b""
    filename: str = ""
    url: str = ""

    def given(self) -> list[str]:
        return [k for k, v in (("paste", self.text.strip()), ("file", self.upload), ("URL", self.url.strip())) if v]


def mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def too_large(what: str, size: int, limit: int) -> WebError:
    return WebError(413, f"{what} is too large ({mib(size)}; the limit is {mib(limit)})")


def read_side(side: Side, limit: int, allow_private: bool) -> Article:
    given = side.given()
    if not given:
        raise WebError(400, f"article {side.name}: nothing to compare; paste a text, choose a file or give a URL")
    if len(given) > 1:
        raise WebError(400, f"article {side.name}: give one of paste, file or URL, not {' and '.join(given)}")
    if given[0] == "URL":
        return fetch_url(side.url.strip(), limit, allow_private)
    if given[0] == "file":
        return from_bytes(side.upload, side.filename or f"upload {side.name}", limit)
    size = len(side.text.encode("utf-8"))
    if size > limit:
        raise too_large(f"pasted text {side.name}", size, limit)
    # a browser sends a textarea's line breaks as CRLF; the header lines (Title:, Date:) need LF
    return parse(side.text.replace("\r\n", "\n").replace("\r", "\n"), f"pasted {side.name}")


def from_bytes(data: bytes, filename: str, limit: int) -> Article:
    name = _shown_name(filename)
    if len(data) > limit:
        raise too_large(f"file {name}", len(data), limit)
    from ..ingest.decode import decode
    try:
        text = decode(data, name)
    except RedlineError as exc:
        raise from_input(exc) from None
    return parse(text, name, KIND_SUFFIXES.get(PurePath(name).suffix.lower()))


def parse(text: str, ident: str, kind: str | None = None) -> Article:
    from ..ingest import article_from_text
    try:
        arts = article_from_text(text, ident, kind)
    except RedlineError as exc:
        raise from_input(exc) from None
    if len(arts) != 1:
        raise WebError(400, f"{ident}: holds {len(arts)} articles; compare takes one per side")
    return arts[0]


def fetch_url(url: str, limit: int, allow_private: bool) -> Article:
    """The one article at an http(s) URL; anything else (a path, file://) is refused, never opened."""
    from ..ingest.fetch import FetchPolicy
    from ..ingest.url import is_url, load_url
    if not is_url(url):
        raise WebError(400, f"not an http(s) URL: {url[:200]!r}")
    try:
        arts = load_url(url, policy=FetchPolicy(allow_private=allow_private, max_bytes=limit))
    except RedlineError as exc:
        raise from_input(exc, fetching=True) from None
    if len(arts) != 1:
        raise WebError(400, f"{url}: holds {len(arts)} articles; expected one")
    return arts[0]


def from_object(value, name: str, limit: int, allow_private: bool) -> Article:
    """An API article: a JSON object as the CLI's JSON input takes it, or an http(s) URL."""
    from ..ingest import article_from_object, is_url
    if isinstance(value, str):
        if is_url(value):
            return fetch_url(value, limit, allow_private)
        raise WebError(400, f"{name}: give an article object {{\"id\", \"text\", ...}} or an http(s) URL")
    if not isinstance(value, dict):
        raise WebError(400, f"{name}: give an article object {{\"id\", \"text\", ...}} or an http(s) URL")
    try:
        return article_from_object({"id": name, **value}, name)
    except RedlineError as exc:
        raise from_input(exc) from None


def _shown_name(filename: str) -> str:
    """The file's base name (a browser may send a full path), as an article id."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:200] or "upload"
