"""``create_app(config)``: the FastAPI application behind ``redline serve``."""
from __future__ import annotations

import logging
import secrets
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser

from ..errors import InputError, RedlineError
from . import render, workers
from .config import WebConfig
from .errors import WebError
from .security import APP_CSP, CSRF_COOKIE, HEADERS, BodyLimit, Csrf
from .service import Service

FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and the other fields around two full-size inputs


def create_app(config: WebConfig, compare_workers: int | None = None) -> FastAPI:
    service = Service(config, compare_workers)

    @asynccontextmanager
    async def lifespan(_app):
        from starlette.concurrency import run_in_threadpool
        await run_in_threadpool(service.warm)
        workers.fewer_collections()  # this process compares too when the app has no worker processes
        yield
        service.close()

    app = FastAPI(title="redline", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="News-article provenance: compare, trace, stories, the licensing desk. "
                              "Write endpoints need the server's token (Authorization: Bearer TOKEN).")
    app.state.service = service
    app.state.csrf = Csrf()
    from . import api, pages
    app.include_router(api.router)
    app.include_router(pages.router)
    _handlers(app)
    if config.hosts:
        app.add_middleware(HostCheck, hosts=set(config.hosts))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=2 * config.max_input_bytes + FORM_OVERHEAD, respond=_too_large)
    return app


def _version() -> str:
    from .._version import __version__
    return __version__


class SecurityHeaders:
    """Security headers on every response, and the CSRF cookie the forms are signed with. Plain
    ASGI, not ``@app.middleware("http")``: that wraps every response in a stream and a task, which
    costs each compare more than this does."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cookie = cookie_parser(Headers(scope=scope).get("cookie", "")).get(CSRF_COOKIE)
        scope.setdefault("state", {})["csrf_cookie"] = cookie or secrets.token_urlsafe(24)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", APP_CSP)
                for k, v in HEADERS.items():
                    headers.setdefault(k, v)
                if not cookie:
                    made = Response()
                    made.set_cookie(CSRF_COOKIE, scope["state"]["csrf_cookie"], httponly=True, samesite="strict")
                    headers.append("set-cookie", made.headers["set-cookie"])
            await send(message)
        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Only the Host names given are answered (421 otherwise): a page that rebinds its own domain to
    this server's address cannot drive it."""

    def __init__(self, app, hosts: set[str]):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = Headers(scope=scope).get("host", "").lower()
            name = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
            if name not in self.hosts:
                names = ", ".join(sorted(self.hosts))
                message = f"this server answers only {names} (another name in the address bar is a rebinding attempt)"
                response = error_response(Request(scope), 421, message)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError):
        from .errors import from_input
        err = from_input(exc)
        status = 404 if "no such" in exc.problem else err.status
        return error_response(request, status, str(exc))

    @app.exception_handler(RedlineError)
    async def redline_error(request: Request, exc: RedlineError):
        return error_response(request, 503 if "locked" in str(exc) else 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        return error_response(request, 422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        text = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, text)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        logging.getLogger("redline.web").error("internal error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, f"internal error ({type(exc).__name__}); the server logged it")


def error_response(request: Request, status: int, message: str):
    message = " ".join(str(message).split())
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    csrf = request.app.state.csrf.token(getattr(request.state, "csrf_cookie", "") or "-")
    from .pages import NAV
    html = render.page("error.html", nav=NAV, csrf=csrf, path=request.url.path, status=status, message=message)
    return HTMLResponse(html, status_code=status)


async def _too_large(scope, receive, send, message: str):
    """The 413 answer of the body limit, in the form the caller reads (JSON under /api/)."""
    from starlette.responses import HTMLResponse as Html
    from starlette.responses import JSONResponse as Json
    response: Json | Html
    headers = {"Content-Security-Policy": APP_CSP, **HEADERS, "Connection": "close"}
    if scope.get("path", "").startswith("/api/"):
        response = Json({"error": message, "status": 413}, status_code=413, headers=headers)
    else:
        response = Html(render.page("error.html", nav=(), csrf="", path="", status=413, message=message),
                        status_code=413, headers=headers)
    await response(scope, receive, send)
