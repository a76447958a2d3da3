"""The HTML pages: compare, search, article, stories, desk and ingest."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from ..errors import RedlineError
from . import actions, desk, jobs, render
from .errors import WebError, from_input
from .inputs import Side, read_side
from .search import Query
from .security import SIGNIN_COOKIE, token_matches

router = APIRouter(include_in_schema=False)
NAV = (("Compare", "/compare"), ("Search", "/search"), ("Stories", "/stories"), ("Desk", "/desk"),
       ("Ingest", "/ingest"))


def service_of(request: Request):
    return request.app.state.service


async def show(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """The page rendered on a worker thread (a long article or table is CPU work the event loop must not do)."""
    from starlette.concurrency import run_in_threadpool
    csrf = request.app.state.csrf.token(request.state.csrf_cookie)
    html = await run_in_threadpool(render.page, template, nav=NAV, csrf=csrf, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def report_response(report: str, links: list[tuple[str, str]], note: str = "") -> HTMLResponse:
    html = render.with_nav(report, [("redline", "/"), *NAV, *links], note)
    return HTMLResponse(html, headers={"Content-Security-Policy": render.report_csp(report)})


async def form_of(request: Request):
    """The posted form, its CSRF token checked; fields past the app's input limit are refused."""
    limit = service_of(request).config.max_input_bytes
    try:
        form = await request.form(max_files=64, max_fields=64, max_part_size=limit)
    except WebError:
        raise
    except Exception as exc:  # starlette's multipart errors: a malformed or oversized form
        raise WebError(413 if "size" in str(exc).lower() else 400, f"the form could not be read ({exc})") from None
    request.app.state.csrf.check(request.cookies.get("redline_csrf"), form.get("csrf"))
    return form


def check_signed_in(request: Request) -> None:
    """On a public bind the forms that write or fetch need the server's token, as the API does."""
    config = service_of(request).config
    if config.forms_need_token and not request.app.state.csrf.signed_in(config.token,
                                                                         request.cookies.get(SIGNIN_COOKIE)):
        raise WebError(401, "this server is shared: sign in with its token first (at /signin)")


@router.get("/signin", response_class=HTMLResponse)
async def signin_page(request: Request):
    return await show(request, "signin.html", error=None)


@router.post("/signin")
async def signin_post(request: Request):
    form = await form_of(request)
    config = service_of(request).config
    if not token_matches(config.token, text_field(form, "token").strip()):
        return await show(request, "signin.html", status=401, error="that is not this server's token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SIGNIN_COOKIE, request.app.state.csrf.signin_mark(config.token or ""), httponly=True,
                        samesite="strict")
    return response


def text_field(form, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def upload_field(form, name: str) -> tuple[str, bytes]:
    value = form.get(name)
    if value is None or isinstance(value, str):
        return "", b""
    return value.filename or "", await value.read()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request):
    service = service_of(request)
    total, recent = await actions.latest(service)
    return await show(request, "home.html", total=total, recent=recent, jobs=service.state.jobs(5),
                      db=service.config.db.name)


@router.get("/compare", response_class=HTMLResponse)
async def compare_form(request: Request):
    return await show(request, "compare.html", error=None, values={})


@router.post("/compare")
async def compare_post(request: Request):
    service = service_of(request)
    check_signed_in(request)
    form = await form_of(request)
    values = {k: text_field(form, k) for k in ("text_a", "text_b", "url_a", "url_b", "direction")}
    try:
        sides = []
        for name in ("a", "b"):
            filename, data = await upload_field(form, f"file_{name}")
            sides.append(Side(name.upper(), values[f"text_{name}"], data, filename, values[f"url_{name}"]))
        limit, private = service.config.max_input_bytes, service.config.allow_private
        a, b = [await service.compare_thread(read_side, s, limit, private) for s in sides]
        infer = values["direction"] != "a"
        rid, _ = await actions.compare_and_store(service, [a], b, infer)
    except RedlineError as exc:  # the reader's or the comparer's refusal, shown above the form kept as sent
        err = exc if isinstance(exc, WebError) else from_input(exc)
        return await show(request, "compare.html", status=err.status, error=err.message, values=values)
    return RedirectResponse(f"/r/{rid}", status_code=303)


@router.get("/r/{rid}", response_class=HTMLResponse)
async def result_page(request: Request, rid: str):
    service = service_of(request)
    result = actions.stored(service, rid)
    html, note = await actions.report_page(service, result)
    return report_response(html, [("Permanent link", f"/r/{result.id}"), ("JSON", f"/api/results/{result.id}")], note)


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
                      page: int = 1):
    service = service_of(request)
    query = Query(q, outlet, date_from, date_to, max(1, page))
    found = await actions.run_search(service, query) if not query.empty() else None
    return await show(request, "search.html", query=query, found=found, outlets=await actions.outlet_names(service))


@router.get("/article", response_class=HTMLResponse)
async def article_page(request: Request, id: str = ""):
    data = await actions.article_data(service_of(request), id)
    return await show(request, "article.html", **data)


@router.get("/pair", response_class=HTMLResponse)
async def pair_page(request: Request, source: str = "", derived: str = ""):
    return report_response(await actions.pair_report(service_of(request), source, derived), [])


@router.get("/stories", response_class=HTMLResponse)
async def stories_page(request: Request):
    return await show(request, "stories.html", stories=await actions.story_list(service_of(request)))


@router.get("/story", response_class=HTMLResponse)
async def story_page(request: Request, id: str = ""):
    from .stories import layout
    graph, _ = await actions.story_data(service_of(request), id)
    return await show(request, "story.html", graph=graph, drawing=layout(graph))


def desk_filters(verdict: str = "", outlet: str = "", date_from: str = "", date_to: str = "", story: str = "",
                 sort: str = "first_seen", order: str = "desc") -> desk.Filters:
    if verdict and verdict not in desk.VERDICTS:
        raise WebError(400, f"verdict must be one of {', '.join(desk.VERDICTS)}, not {verdict!r}")
    return desk.Filters(verdict, outlet, date_from, date_to, story, sort if sort in desk.SORTS else "first_seen",
                        "asc" if order == "asc" else "desc")


@router.get("/desk", response_class=HTMLResponse)
async def desk_page(request: Request):
    data = await actions.desk_data(service_of(request), desk_filters(**_params(request)))
    return await show(request, "desk.html", desk=data, verdicts=desk.VERDICTS, sorts=desk.SORTS,
                query=request.url.query)


@router.get("/desk.csv")
async def desk_csv(request: Request):
    data = await actions.desk_data(service_of(request), desk_filters(**_params(request)))
    return PlainTextResponse(desk.to_csv(data["rows"]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="redline-desk.csv"'})


@router.get("/desk.json")
async def desk_json(request: Request):
    data = await actions.desk_data(service_of(request), desk_filters(**_params(request)))
    return JSONResponse(data, headers={"Content-Disposition": 'attachment; filename="redline-desk.json"'})


def _params(request: Request) -> dict:
    keys = ("verdict", "outlet", "date_from", "date_to", "story", "sort", "order")
    return {k: request.query_params.get(k, "") for k in keys if request.query_params.get(k)}


@router.post("/desk/outlets")
async def desk_outlets(request: Request):
    check_signed_in(request)
    form = await form_of(request)
    names = [line.strip() for line in text_field(form, "outlets").splitlines() if line.strip()]
    service_of(request).set_outlets(names[:50])
    return RedirectResponse("/desk", status_code=303)


@router.get("/ingest", response_class=HTMLResponse)
async def ingest_page(request: Request):
    return await show(request, "ingest.html", jobs=service_of(request).state.jobs(10), error=None)


@router.post("/ingest")
async def ingest_post(request: Request):
    service = service_of(request)
    check_signed_in(request)
    form = await form_of(request)
    try:
        uploads, urls = await ingest_inputs(form)
    except WebError as exc:
        return await show(request, "ingest.html", status=exc.status, jobs=service.state.jobs(10), error=exc.message)
    job = jobs.start(service, uploads, urls)
    return RedirectResponse(f"/ingest/{job}", status_code=303)


async def ingest_inputs(form) -> tuple[list, list[str]]:
    from ..ingest import is_url
    uploads = []
    for value in form.getlist("files"):
        if isinstance(value, str) or not value.filename:
            continue
        uploads.append(jobs.Upload(value.filename, await value.read()))
    lines = [line.strip() for line in text_field(form, "urls").splitlines() if line.strip()]
    bad = [line for line in lines if not is_url(line)]
    if bad:
        raise WebError(400, f"not an http(s) URL: {bad[0][:200]!r} (one URL a line)")
    if len(lines) > jobs.MAX_URLS:
        raise WebError(400, f"{len(lines)} URLs; at most {jobs.MAX_URLS} at a time")
    if not uploads and not lines:
        raise WebError(400, "nothing to add: choose files (JSONL, WARC, HTML, text, JSON) or paste URLs")
    return uploads, lines


@router.get("/ingest/{job}", response_class=HTMLResponse)
async def job_page(request: Request, job: str):
    found = service_of(request).state.job(job)
    if found is None:
        raise WebError(404, f"no ingest job {job!r}")
    return await show(request, "job.html", job=found)


STATIC = {"web.css": "text/css", "web.js": "text/javascript", "report.css": "text/css", "report.js": "text/javascript"}


@router.get("/static/{name}")
async def static(name: str):
    if name not in STATIC:  # a fixed list: nothing a request names is looked up on disk
        raise WebError(404, f"no such file {name!r}")
    return Response(render.static_text(name), media_type=STATIC[name],
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/favicon.ico")
async def favicon():
    return Response(status_code=204)
