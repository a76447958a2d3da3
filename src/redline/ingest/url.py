"""Articles fetched over HTTP(S) with the standard library."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request
from email.message import Message

from ..errors import InputError
from ..model import Article
from . import decode as decoding

USER_AGENT = "redline/0.1 (+https://github.com/redline)"


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = 20.0) -> tuple[bytes, Message]:
    """The response body (at most ``MAX_BYTES``) and headers; InputError naming the URL on failure."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(decoding.MAX_BYTES + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP error {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot be reached ({_reason(exc.reason)})") from None
    except (socket.timeout, TimeoutError):
        raise InputError(url, f"timed out after {timeout:g} s") from None
    except (ValueError, OSError) as exc:
        raise InputError(url, f"cannot be fetched ({_reason(exc)})") from None
    if len(body) > decoding.MAX_BYTES:
        raise InputError(url, f"response is larger than {decoding.MAX_BYTES} bytes")
    return body, headers


def _reason(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return str(text).splitlines()[0]


def load_url(url: str, timeout: float = 20.0, id: str | None = None) -> list[Article]:
    """The article(s) at ``url``: HTML through trafilatura, JSON, or plain text by content type."""
    from . import article_from_text

    body, headers = fetch(url, timeout)
    charset = headers.get_content_charset()
    text = None
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    text = decoding.decode(text.encode("utf-8") if text is not None else body, url)
    ctype = headers.get_content_type()
    kind = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json",
            "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "text/plain": "text"}.get(ctype)
    return article_from_text(text, id or url, kind, url=url)
