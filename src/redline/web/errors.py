"""Errors the app answers with a status code and one clear line (a page or JSON under /api/)."""
from __future__ import annotations

from ..errors import RedlineError


class WebError(RedlineError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def from_input(exc: RedlineError, fetching: bool = False) -> WebError:
    """The status a reader's or fetcher's refusal deserves: too large 413, binary 415, a URL that
    could not be fetched 502, anything else about the input 400."""
    text = str(exc)
    problem = getattr(exc, "problem", text)
    if any(w in problem for w in ("too large", "longer than", "the limit is")):
        return WebError(413, text)
    if "binary" in problem:
        return WebError(415, text)
    if fetching and problem.startswith(UPSTREAM):
        return WebError(502, text)
    return WebError(400, text)


# How the guarded fetcher words a failure of the other server (a refused or malformed URL is the
# caller's mistake: 400).
UPSTREAM = ("cannot be reached", "timed out", "connection closed", "server closed", "malformed HTTP",
            "TLS", "cannot be fetched", "HTTP error", "HTTP 3", "redirect", "more than", "response is",
            "compressed response", "unsupported Content-Encoding")
