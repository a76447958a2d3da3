"""The work behind both the pages and the JSON API, so that the two always agree."""
from __future__ import annotations

import time

from . import desk, render, stories
from .errors import WebError
from .search import Query, outlets, search


async def compare_and_store(service, sources: list, derived, infer: bool) -> tuple[str, str]:
    """Compare (direction inferred from the pair when ``infer``), store the result; its id and its
    JSON (compact). The report page is drawn when the link is first opened (``report_page``)."""
    from starlette.concurrency import run_in_threadpool

    from .stored import inputs_json
    title, data = await service.compare(sources, derived, infer)

    def save() -> str:
        service.expire_results()
        return service.state.save_result(title, data, inputs=inputs_json(sources, derived, infer))
    return await run_in_threadpool(save), data


def stored(service, rid: str):
    result = service.state.result(rid)
    if result is None:
        raise WebError(404, f"no stored comparison {rid!r} (the link is wrong or the result was deleted)")
    days = service.config.keep_days
    if time.time() - result.created > days * 86400 or not result.json:
        when = time.strftime("%Y-%m-%d", time.gmtime(min(result.created + days * 86400, time.time())))
        raise WebError(410, f"this link expired on {when}: results are kept {days:g} days; run the comparison again")
    return result


async def report_page(service, result) -> tuple[str, str]:
    """A stored result's report and, when the comparison made again from its inputs differs from
    the stored one, a note saying so. Drawn on first open, then kept."""
    from starlette.concurrency import run_in_threadpool
    if result.html or result.inputs is None:
        return result.html, ""
    html, same = await service.report(result.inputs, result.json)
    if not same:
        return html, "made again from the stored articles by this version of redline; it differs from the stored JSON"
    await run_in_threadpool(service.state.set_html, result.id, html)
    return html, ""


async def run_search(service, q: Query) -> dict:
    from starlette.concurrency import run_in_threadpool
    return await run_in_threadpool(lambda: search(service.reader(), q))


async def latest(service, count: int = 8) -> tuple[int, list[dict]]:
    """How many articles there are, and the last ones added."""
    from starlette.concurrency import run_in_threadpool

    def work():
        store = service.reader()
        with store.guard("reading"):
            docs = [r[0] for r in store.db.execute("SELECT doc FROM articles ORDER BY doc DESC LIMIT ?", (count,))]
            rows = store.meta_rows(docs)
            return store.count(), [{"id": rows[d]["id"], **rows[d]} for d in docs if d in rows]
    return await run_in_threadpool(work)


async def outlet_names(service) -> list[str]:
    from starlette.concurrency import run_in_threadpool
    return await run_in_threadpool(lambda: service.cached(("outlets",), lambda: outlets(service.reader())))


async def article_data(service, ident: str) -> dict:
    def work(corpus):
        art = corpus.get(ident)
        result = stories.trace(service, corpus, ident)
        story = stories.story_of(service, corpus, ident)
        graph = stories.lineage(service, corpus, story)[0] if story else None
        primary = _origin(graph, ident) or next((s["id"] for s in result["sources"] if s.get("role") == "primary"),
                                                 None)
        comparison = stories.pair(service, corpus, primary, ident, service.config.policy) if primary else None
        return {"article": art, "trace": result, "story": story, "view": render.article_view(art),
                "chrome": render.chrome_lines(art),
                "copies": stories.copies(graph, ident) if graph else [],
                "primary": primary, "comparison": comparison}
    _known(service, ident)
    return await service.corpus_thread(work)


def _origin(graph: dict | None, ident: str) -> str | None:
    """Where the story's lineage says the article came from (the desk and the story page agree)."""
    return next((e["source"] for e in graph["edges"] if e["target"] == ident), None) if graph else None


def _known(service, ident: str) -> None:
    if service.reader().lookup(ident) is None:
        raise WebError(404, f"no article {ident!r} in this corpus")


async def trace_data(service, ident: str, top: int = 5) -> dict:
    _known(service, ident)
    return await service.corpus_thread(lambda corpus: stories.trace(service, corpus, ident, top))


async def story_list(service) -> list[dict]:
    return await service.corpus_thread(lambda corpus: stories.stories(service, corpus))


async def story_data(service, cluster: str) -> tuple[dict, dict]:
    def work(corpus):
        known = {g["cluster"] for g in stories.stories(service, corpus)}
        if cluster not in known:
            raise WebError(404, f"no story {cluster!r} with two or more articles in this corpus")
        return stories.lineage(service, corpus, cluster)
    return await service.corpus_thread(work)


async def pair_report(service, source: str, derived: str) -> str:
    """The report page of two stored articles, drawn once per corpus generation."""
    for ident in (source, derived):
        _known(service, ident)
    policy = service.config.policy

    def work(corpus):
        return service.cached(("pair_report", source, derived, policy),
                              lambda: render.report_html(stories.pair(service, corpus, source, derived, policy)))
    return await service.corpus_thread(work)


async def desk_data(service, filters: desk.Filters) -> dict:
    ours = service.outlets()
    rows = await service.corpus_thread(lambda corpus: desk.all_rows(service, corpus, ours, service.config.policy))
    table = desk.table(rows, filters)
    return {"outlets": ours, "policy": service.config.policy, "filters": filters.as_dict(),
            "counts": desk.counts(table), "total": len(rows), "rows": table,
            "stories": sorted({r["story"] for r in rows}),
            "story_labels": {r["story"]: r["source"] for r in sorted(rows, key=lambda r: r["source"], reverse=True)},
            "copy_outlets": sorted({r["copy_outlet"] or "" for r in rows})}
