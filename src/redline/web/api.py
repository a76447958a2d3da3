"""The JSON API under /api/: the same JSON as the CLI's ``--format json``; writes need the token."""
from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from . import actions, jobs, render
from .errors import WebError
from .inputs import from_object
from .pages import _params, desk_filters, ingest_inputs, service_of
from .search import Query
from .security import check_token

router = APIRouter(prefix="/api")


def raw_json(text: str, status: int = 200, headers: dict | None = None) -> Response:
    return Response(text, status_code=status, media_type="application/json", headers=headers)


class CompareRequest(BaseModel):
    """Two articles (``a`` and ``b``, direction inferred) or ``sources`` and ``derived``. Each article is
    an object as the CLI's JSON input takes it (``{"id", "text", "title", ...}``) or an http(s) URL."""
    a: Any | None = None
    b: Any | None = None
    sources: list[Any] | None = Field(default=None)
    derived: Any | None = None


def write_access(request: Request) -> None:
    check_token(request.app.state.service.config.token, request.headers)


@router.post("/compare", summary="Compare two articles (the JSON of `redline compare --format json`)")
async def api_compare(request: Request, body: CompareRequest):
    write_access(request)
    service = service_of(request)
    limit, private = service.config.max_input_bytes, service.config.allow_private
    infer = not (body.sources or body.derived is not None)
    if not infer:
        if not body.sources or body.derived is None:
            raise WebError(400, 'give both "sources" (a list) and "derived", or "a" and "b"')
        named = [(s, f"source {k + 1}") for k, s in enumerate(body.sources)] + [(body.derived, "derived")]
    else:
        if body.a is None or body.b is None:
            raise WebError(400, 'give "a" and "b" (two articles), or "sources" and "derived"')
        named = [(body.a, "a"), (body.b, "b")]
    arts = await service.compare_thread(lambda: [from_object(obj, name, limit, private) for obj, name in named])
    rid, text = await actions.compare_and_store(service, arts[:-1], arts[-1], infer=infer)
    link = f"/r/{rid}"
    # the compact JSON with "link" added as its last key, without parsing and encoding it again
    answer = text[:text.rindex("}")] + ',"link":' + json.dumps(link) + "}"
    return raw_json(answer, 201, {"Location": link})


@router.get("/results/{rid}", summary="A stored comparison")
async def api_result(request: Request, rid: str):
    return raw_json(render.pretty_json(actions.stored(service_of(request), rid).json))


@router.get("/trace", summary="Likely sources of a stored article (`redline trace ID --format json`)")
async def api_trace(request: Request, id: str, top: int = 5):
    if not 1 <= top <= 50:
        raise WebError(400, "top must be from 1 to 50")
    return await actions.trace_data(service_of(request), id, top)


@router.get("/articles", summary="Search the corpus: words, outlet, date range")
async def api_search(request: Request, q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
                     page: int = 1):
    return await actions.run_search(service_of(request), Query(q, outlet, date_from, date_to, max(1, page)))


@router.get("/article", summary="One stored article, its metadata and text")
async def api_article(request: Request, id: str):
    service = service_of(request)
    if service.reader().lookup(id) is None:
        raise WebError(404, f"no article {id!r} in this corpus")
    art = service.article(id)
    return {**art.metadata(), "text": art.text}


@router.get("/stories", summary="Stories of two or more articles (`redline clusters --format json`)")
async def api_stories(request: Request):
    return {"clusters": await actions.story_list(service_of(request))}


@router.get("/stories/{cluster}", summary="A story's lineage graph (`redline lineage ID --format json`)")
async def api_story(request: Request, cluster: str):
    graph, _ = await actions.story_data(service_of(request), cluster)
    return raw_json(render.lineage_json(graph))


@router.get("/desk", summary="Copies of our outlets' stories with their licence verdicts")
async def api_desk(request: Request):
    return await actions.desk_data(service_of(request), desk_filters(**_params(request)))


class Outlets(BaseModel):
    outlets: list[str]


@router.put("/desk/outlets", summary="Set our outlets (needs the token)")
async def api_set_outlets(request: Request, body: Outlets):
    write_access(request)
    names = [o.strip() for o in body.outlets if o.strip()][:50]
    service_of(request).set_outlets(names)
    return {"outlets": names}


@router.post("/ingest", status_code=202,
             summary="Add files (multipart 'files') or URLs ('urls', one a line); needs the token")
async def api_ingest(request: Request):
    write_access(request)
    service = service_of(request)
    limit = service.config.max_input_bytes
    form = await request.form(max_files=64, max_fields=64, max_part_size=limit)
    uploads, urls = await ingest_inputs(form)
    job = jobs.start(service, uploads, urls)
    return JSONResponse({"job": job, "status": f"/api/jobs/{job}"}, status_code=202,
                        headers={"Location": f"/api/jobs/{job}"})


@router.get("/jobs/{job}", summary="An ingest job's progress")
async def api_job(request: Request, job: str):
    found = service_of(request).state.job(job)
    if found is None:
        raise WebError(404, f"no ingest job {job!r}")
    return found
