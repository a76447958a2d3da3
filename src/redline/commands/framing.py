"""``redline framing``: per-sentence framing analysis of one article, or of a batch of sentences."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import InputError
from . import ui
from .common import (
    ALLOW_PRIVATE_HELP,
    INPUT_HELP,
    URLS_HELP,
    Format,
    emit,
    gather,
    internal_error,
    jsonl_out,
    use_fetch_policy,
    write_output,
)

BATCH_CHUNK = 256  # sentences embedded per model call in --batch


def register(app: typer.Typer) -> None:
    app.command("framing")(framing_cmd)


def framing_cmd(
    ctx: typer.Context,
    article: str | None = typer.Argument(None, metavar="ARTICLE", help=f"The article to analyse: {INPUT_HELP}."),
    urls: Path | None = typer.Option(None, "--urls", metavar="FILE", help=URLS_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    html: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML page here."),
    batch: Path | None = typer.Option(None, "--batch", help='JSONL of {"id", "text"} sentences; JSONL results out.'),
    lexicon: list[Path] | None = typer.Option(None, "--lexicon",
        help="Extra lexicon file (docs/lexicons.md); repeatable."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
    semantic: bool = typer.Option(True, "--semantic/--no-semantic", envvar="REDLINE_SEMANTIC", show_envvar=False,
        help="Use the sentence-embedding opinion model when installed "
             "(REDLINE_SEMANTIC=0 makes --no-semantic the default)."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
) -> None:
    """Loaded language, opinion, hedges, attributions and quotes, sentence by sentence.

    \b
    Examples:
      redline framing examples/rewrite.txt
      redline framing --batch sentences.jsonl -o framing.jsonl
    """
    use_fetch_policy(ctx, allow_private)
    from ..explain import load_lexicon

    lex = load_lexicon([str(p) for p in lexicon or ()])
    embedder, notes = _embedder(semantic)
    if batch is not None:
        if article or urls:
            raise InputError("framing", "--batch takes no article argument")
        _run_batch(batch, output, lex, embedder)
        return
    if not article and not urls:
        raise InputError("framing", "give an article, or --batch sentences.jsonl")
    from ..explain.framing import analyse_article
    from ..report.framing import render_html, render_text

    arts = gather([article] if article else [], urls)
    if len(arts) != 1:
        raise InputError(article or str(urls), f"holds {len(arts)} articles; framing reads one")
    with ui.working("analysing"):
        result = analyse_article(arts[0], lex, embedder, notes)
    if html is not None:
        write_output(html, render_html(result), "the page to")
    emit(fmt, output, lambda: json.dumps(result.to_dict(), ensure_ascii=False, indent=2),
         lambda console: render_text(result, console))


def _embedder(semantic: bool):
    if not semantic:
        return None, ()
    from ..embed import default_embedder
    emb = default_embedder()
    return (emb, ()) if emb.available else (None, (emb.error or "semantic scoring is off",))


def parse_batch(text: str, name: str) -> list[tuple[str, str | None, str | None]]:
    """(id, text, error) per non-empty line of a sentences JSONL file."""
    from ..ingest.clean import clean_string
    from ..ingest.jsonl import json_lines

    out: list[tuple[str, str | None, str | None]] = []
    for where, item in json_lines(text, name):
        if isinstance(item, InputError):
            out.append((where, None, str(item)))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            out.append((where, None, f'{where}: needs an object with a non-empty "text"'))
            continue
        job_id = item.get("id", where)
        out.append((clean_string(job_id) if isinstance(job_id, str) else job_id, clean_string(item["text"]), None))
    return out


def _run_batch(batch: Path, output: Path | None, lex, embedder) -> None:
    from ..ingest import read_text

    jobs = parse_batch(read_text(batch), str(batch))
    with jsonl_out(output) as out, ui.progress() as bar:
        task = bar.add_task("analysing", total=len(jobs))
        for k in range(0, len(jobs), BATCH_CHUNK):
            for row in _chunk_rows(jobs[k:k + BATCH_CHUNK], lex, embedder):
                out.write(row)
                bar.advance(task)


def _chunk_rows(chunk, lex, embedder):
    """Result rows of one chunk, analysed together; if that fails, line by line, so one bad
    sentence costs only its own line."""
    from ..explain import analyse_many

    good = [text for _, text, err in chunk if err is None]
    try:
        results = iter(analyse_many(good, lex, embedder))
    except Exception:  # noqa: BLE001 - retried one by one below
        results = None
    for job_id, text, err in chunk:
        if err:
            yield {"id": job_id, "error": err}
            continue
        try:
            result = next(results) if results is not None else analyse_many([text], lex, embedder)[0]
            yield {"id": job_id, **result.to_dict()}
        except Exception as exc:  # noqa: BLE001 - one line's failure must not cost the others
            yield {"id": job_id, "error": internal_error(str(job_id), exc)}
