"""Articles at an http(s) URL, read through the guarded fetcher (``fetch.py``)."""
from __future__ import annotations

import json
from dataclasses import replace

from ..model import Article
from . import decode as decoding
from .fetch import FetchPolicy, Response, current_policy, fetch
from .html import looks_like_html

KINDS = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json",
         "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "text/plain": "text"}
# The WHATWG MIME sniffing standard's HTML openings: markup is HTML whatever the header says.
_HTML_OPENINGS = ("<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table",
                  "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--", "<article", "<meta", "<main")


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def load_url(url: str, timeout: float | None = None, id: str | None = None, *,
             allow_private: bool | None = None, policy: FetchPolicy | None = None) -> list[Article]:
    """The article(s) at ``url``: HTML through trafilatura, JSON, or plain text, by content.

    ``policy`` defaults to the current one (``fetch_policy``); ``timeout`` sets its overall
    deadline and ``allow_private`` lets the URL reach loopback and private addresses."""
    policy = policy or current_policy()
    if timeout is not None:
        policy = replace(policy, deadline=timeout)
    if allow_private is not None:
        policy = replace(policy, allow_private=allow_private)
    return from_response(fetch(url, policy), url, id)


def from_response(response: Response, url: str, id: str | None = None) -> list[Article]:
    """The article(s) in a fetched body: HTML, JSON, JSON Lines or text, by content."""
    from . import article_from_text
    text = _text(response, url)
    return article_from_text(text, id or url, sniff_kind(text, response.headers.get_content_type()),
                             url=response.url)


def _text(response: Response, url: str) -> str:
    charset = response.headers.get_content_charset()
    if charset:
        try:
            return decoding.decode(response.body.decode(charset).encode("utf-8"), url)
        except (LookupError, UnicodeDecodeError):
            pass
    return decoding.decode(response.body, url)


def sniff_kind(text: str, content_type: str) -> str:
    """'html', 'json', 'jsonl' or 'text': markup and JSON are recognised whatever the header says."""
    if _looks_like_markup(text):
        return "html"
    declared = KINDS.get(content_type, "text")
    if declared == "html":
        return declared
    return _json_kind(text) or declared


def _looks_like_markup(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    for opening in _HTML_OPENINGS:
        if head.startswith(opening) and head[len(opening):len(opening) + 1] in (" ", ">", "\t", "\n", "/"):
            return True
    return looks_like_html(text)


def _json_kind(text: str) -> str | None:
    """'json' or 'jsonl' when the text parses as such, else None."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        json.loads(stripped)
    except RecursionError:
        return "json"  # the JSON reader reports the depth
    except ValueError:
        first = stripped.split("\n", 1)[0]
        try:
            return "jsonl" if stripped.startswith("{") and isinstance(json.loads(first), dict) else None
        except (ValueError, RecursionError):
            return None
    return "json"
