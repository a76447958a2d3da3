"""``redline compare``: align a rewritten article to its source(s)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import typer

from ..errors import InputError, RedlineError
from . import ui
from .common import (
    ALLOW_OUTSIDE_HELP,
    ALLOW_PRIVATE_HELP,
    INPUT_HELP,
    URLS_HELP,
    Format,
    batch_path,
    emit,
    gather,
    internal_error,
    jsonl_out,
    stdin_once,
    use_fetch_policy,
    write_output,
)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_cmd)


def compare_cmd(
    ctx: typer.Context,
    articles: list[str] | None = typer.Argument(None, metavar="ARTICLE",
        help=f"Two articles (direction inferred), or the derived one with --source. Each {INPUT_HELP}."),
    source: list[str] | None = typer.Option(None, "--source", "-s", help="A source article (repeat for several)."),
    urls: Path | None = typer.Option(None, "--urls", metavar="FILE", help=URLS_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    html: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    batch: Path | None = typer.Option(None, "--batch",
        help='JSONL of {"id", "sources": [...], "derived": ...}; JSONL results out. '
             'A failed line gets an "error" and the rest go on; exit status 1 if any failed.'),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
    policy: str | None = typer.Option(None, "--policy",
        help="Check republication terms: auto (the source's own terms), a built-in policy name, or a TOML file."),
    semantic: bool = typer.Option(True, "--semantic/--no-semantic", envvar="REDLINE_SEMANTIC", show_envvar=False,
        help="Use sentence embeddings when installed (REDLINE_SEMANTIC=0 makes --no-semantic the default)."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    allow_outside: bool = typer.Option(False, "--allow-paths-outside", help=ALLOW_OUTSIDE_HELP),
) -> None:
    """Align a rewritten news article to its source: verbatim, edited, paraphrased, added, dropped.

    \b
    Examples:
      redline compare examples/wire.txt examples/rewrite.txt
      redline compare --source wire.txt copy.html --format json
      cat copy.html | redline compare wire.txt - --html report.html
    """
    from ..pipeline import Comparer

    use_fetch_policy(ctx, allow_private)
    comparer = Comparer(semantic=None if semantic else False)
    if batch is not None or fmt == Format.json:
        _note_once(comparer.notes)  # the text report prints its notes itself
    policy_obj = _load_policy(policy) if policy else None
    if batch is not None:
        if articles or source or html or urls:
            raise InputError("compare", "--batch takes no article arguments and no --html")
        _run_batch(comparer, batch, output, policy_obj, allow_outside)
        return
    stdin_once("compare", [*(articles or []), *(source or [])])
    with ui.working("comparing"):
        comparison = _compare_one(comparer, articles, source, urls, policy_obj)
    if html is not None:
        from ..report.compare import render_html
        write_output(html, render_html(comparison), "the report to")
    _emit(comparison, fmt, output)


def _compare_one(comparer, articles, source, urls, policy):
    """The comparison the arguments ask for: two articles, or --source S and one derived."""
    derived = gather(articles, urls)
    if source:
        if len(derived) != 1:
            named = [*(articles or []), *([str(urls)] if urls else [])]
            if len(named) == 1 and derived:
                raise InputError(named[0], f"holds {len(derived)} articles; "
                                           "with --source give exactly one derived article")
            raise InputError("compare", f"with --source give exactly one derived article (got {len(derived)})")
        return comparer.compare(sources=gather(source), derived=derived[0], policy=policy)
    if len(derived) != 2:
        raise InputError("compare", f"give two articles, or --source S DERIVED (got {len(derived)})")
    return comparer.compare(*derived, policy=policy)


def _note_once(notes) -> None:
    for note in notes:
        ui.note(note)


def _load_policy(policy: str):
    from ..license import load_policy
    return load_policy(policy)


def _emit(comparison, fmt: Format, output: Path | None) -> None:
    from ..report.compare import render_text
    from ..report.json import dumps
    emit(fmt, output, lambda: dumps(comparison), lambda console: render_text(comparison, console))


def _run_batch(comparer, batch: Path, output: Path | None, policy, allow_outside: bool = False) -> None:
    from ..ingest import read_text

    lines = read_text(batch).split("\n")
    jobs = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    _freeze_loaded_objects()
    _cached_file.cache_clear()
    with jsonl_out(output) as out, ui.progress() as progress:
        task = progress.add_task("comparing", total=len(jobs))
        for k in range(0, len(jobs), PREFETCH):
            for result in batch_chunk(comparer, jobs[k:k + PREFETCH], batch, policy, allow_outside):
                out.write(result)
                progress.advance(task)
    _cached_file.cache_clear()


PREFETCH = 8  # batch lines whose sentences are embedded in one call (larger batches, same vectors)


def batch_chunk(comparer, chunk: list[tuple[int, str]], batch: Path, policy, allow_outside: bool = False):
    """Results of some numbered batch lines, their sentences embedded together first."""
    try:
        comparer.prefetch(_batch_pairs(chunk, batch, allow_outside))
    except Exception:  # noqa: BLE001 - a speed-up only: each line below reports its own failure
        pass
    for n, line in chunk:
        yield _batch_line(comparer, line, f"{batch}:{n}", batch, policy, allow_outside)


def _batch_pairs(chunk, batch: Path, allow_outside: bool = False) -> list:
    """(sources, derived) Articles of the lines that parse and load; the others are left for
    ``_batch_line`` to report."""
    from ..ingest.jsonl import loads
    from ..model import Article
    pairs = []
    for n, line in chunk:
        try:
            job = loads(line, f"{batch}:{n}", locate=False)
            sources, derived = _job_inputs(job, f"{batch}:{n}", batch, allow_outside)
        except (ValueError, RecursionError, AttributeError, KeyError, TypeError, RedlineError):
            continue
        if all(isinstance(x, Article) for x in (*sources, derived)):
            pairs.append((sources, derived))
    return pairs


def _freeze_loaded_objects() -> None:
    """Move the objects alive now (the model, the lexicons, imported modules) out of the cyclic
    garbage collector's view: a long batch then no longer rescans them in every full collection."""
    import gc
    gc.freeze()


def _batch_line(comparer, line: str, where: str, batch: Path, policy, allow_outside: bool = False) -> dict:
    from ..ingest.jsonl import loads
    try:
        job = loads(line, where, locate=False)
    except InputError as exc:
        return {"id": None, "error": str(exc)}
    if not isinstance(job, dict):
        return {"id": None, "error": f"{where}: line is not a JSON object"}
    job_id = job.get("id", where)
    if isinstance(job_id, str):
        from ..ingest.clean import clean_string
        job_id = clean_string(job_id)
    try:
        sources, derived = _job_inputs(job, where, batch, allow_outside)
        result = comparer.compare(sources=sources, derived=derived, policy=policy)
        return {"id": job_id, **result.to_dict()}
    except RedlineError as exc:
        return {"id": job_id, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - one line's failure must not cost the others
        return {"id": job_id, "error": internal_error(where, exc)}


def _job_inputs(job: dict, where: str, batch: Path, allow_outside: bool) -> tuple[list, object]:
    """The sources and the derived article (or URL) a batch line names."""
    sources = job.get("sources") or ([job["source"]] if job.get("source") else [])
    derived = job.get("derived")
    if not sources or not derived:
        raise InputError(where, 'needs "sources" (a list of paths) and "derived" (a path)')
    if isinstance(sources, (str, dict)):
        sources = [sources]
    if not isinstance(sources, list):
        raise InputError(where, '"sources" must be a list of paths')
    return ([_resolve(x, batch, f"{where} source {i}", allow_outside) for i, x in enumerate(sources)],
            _resolve(derived, batch, f"{where} derived", allow_outside))


def _resolve(path, batch: Path, name: str, allow_outside: bool):
    if not isinstance(path, str):
        if isinstance(path, dict):
            from ..ingest import article_from_object
            return article_from_object(path, name)
        raise InputError(str(path), "is not a path")
    from ..ingest import is_url
    if is_url(path):
        return path
    p = batch_path(path, batch, allow_outside, name)
    try:
        st = p.stat()
    except OSError:
        return str(p)  # let the loader name the problem
    return _cached_file(str(p), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _cached_file(path: str, mtime_ns: int, size: int):
    """A batch often names one source file on many lines (a wire story and its rewrites): read,
    decode and parse it once while it is unchanged."""
    from ..ingest import load_article
    return load_article(path)
