"""Request safety: security headers with a Content-Security-Policy that allows no inline script,
CSRF tokens on every form, the API token on write endpoints, and a cap on request bodies."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from .errors import WebError

CSRF_COOKIE = "redline_csrf"
CSRF_FIELD = "csrf"
SIGNIN_COOKIE = "redline_signin"
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Cross-Origin-Opener-Policy": "same-origin"}


class Csrf:
    """Double-submit tokens: a random cookie, and in each form an HMAC of it under this process's key."""

    def __init__(self, key: bytes | None = None):
        self.key = key or secrets.token_bytes(32)

    def token(self, cookie: str) -> str:
        return hmac.new(self.key, cookie.encode(), hashlib.sha256).hexdigest()

    def signin_mark(self, token: str) -> str:
        """The cookie value that proves a browser was given the server's token (not the token itself)."""
        return self.token("signin:" + token)

    def signed_in(self, token: str | None, cookie: str | None) -> bool:
        return bool(token and cookie and hmac.compare_digest(self.signin_mark(token), cookie))

    def check(self, cookie: str | None, sent: str | None) -> None:
        if not cookie or not sent or not hmac.compare_digest(self.token(cookie), str(sent)):
            raise WebError(403, "this form has expired or did not come from this site; reload the page and try again")


def token_matches(expected: str | None, sent: str | None) -> bool:
    return bool(expected and sent and hmac.compare_digest(expected.encode(), sent.encode()))


def check_token(expected: str | None, headers) -> None:
    auth = headers.get("authorization", "")
    sent = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-redline-token", "")
    if not token_matches(expected, sent):
        raise WebError(401, "this endpoint writes: send the server's token as 'Authorization: Bearer TOKEN' "
                            "(REDLINE_TOKEN or token in the config file)")


class BodyLimit:
    """ASGI middleware: a request whose body is larger than ``limit`` bytes is answered 413 before
    it is read whole (by its Content-Length, or by counting as it arrives)."""

    def __init__(self, app, limit: int, respond):
        self.app, self.limit, self.respond = app, limit, respond

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await self.respond(scope, receive, send, self._message(int(length)))
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise WebError(413, self._message(None))
            return message
        return await self.app(scope, counted, send)

    def _message(self, size: int | None) -> str:
        from .inputs import mib
        have = f"{mib(size)}" if size is not None else "more than the limit"
        return f"request is too large ({have}; the limit is {mib(self.limit)} for all files and texts together)"
