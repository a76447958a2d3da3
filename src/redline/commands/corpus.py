"""``redline corpus add|stats|remove``, ``redline trace``, ``redline clusters``, ``redline lineage``."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path

import typer

from ..errors import InputError, RedlineError
from ..report.safe import clean, json_text, xml_text
from ..schemas import stamped
from . import ui
from .common import (
    ALLOW_OUTSIDE_HELP,
    ALLOW_PRIVATE_HELP,
    INPUT_HELP,
    URLS_HELP,
    Format,
    batch_path,
    gather,
    internal_error,
    jsonl_out,
    use_fetch_policy,
    write_output,
)

DB_HELP = "The corpus database (SQLite, one file)."
corpus_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                         help="Build and inspect a corpus of articles.\n\n\b\nExamples:\n"
                              "  redline corpus add articles/ feed.jsonl --db corpus.db\n"
                              "  redline corpus stats --db corpus.db")


class Engine(str, Enum):
    local = "local"
    spark = "spark"


class Export(str, Enum):
    json = "json"
    graphml = "graphml"


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
    app.command("trace")(trace_cmd)
    app.command("clusters")(clusters_cmd)
    app.command("lineage")(lineage_cmd)


def _open(db: Path, semantic: bool | None = False, create: bool = False):
    from ..corpus import Corpus
    return Corpus(db, semantic=semantic, create=create)


def _out(text: str, output: Path | None) -> None:
    text = xml_text(text) if text.startswith("<?xml") else json_text(text)
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)


def _json(data: dict, output: Path | None = None) -> None:
    _out(json.dumps(stamped(data), indent=2, ensure_ascii=False), output)


@corpus_app.command("add")
def add_cmd(
    ctx: typer.Context,
    paths: list[str] | None = typer.Argument(None, metavar="INPUT", help=f"What to add: each {INPUT_HELP}."),
    urls: Path | None = typer.Option(None, "--urls", metavar="FILE", help=URLS_HELP),
    db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP),
    semantic: bool = typer.Option(False, "--semantic/--no-semantic",
        help="Also store article embeddings for paraphrase retrieval."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
) -> None:
    """Add articles; re-adding changes nothing, changed text under the same id is re-indexed.

    An input that is not an article is skipped and listed on stderr; the exit status is 2 when
    inputs were given but not one article could be read from them.

    \b
    Examples:
      redline corpus add articles/ feed.jsonl crawl.warc.gz --db corpus.db
      redline corpus add --urls reading-list.urls --db corpus.db
    """
    from ..corpus.files import input_files
    from ..ingest.inputs import url_list
    use_fetch_policy(ctx, allow_private)
    if urls is not None and not urls.is_file():
        raise InputError(str(urls), "no such file (--urls names a file of URLs, one a line)")
    inputs = [*(paths or []), *(url_list(str(urls)) if urls else [])]
    if not inputs:
        raise InputError("corpus add", "give files, folders, URLs, - or --urls FILE")
    input_files(inputs)  # refuse a bad path before the database is created
    corpus = _open(db, semantic=bool(semantic), create=True)
    corpus.store.check_writable()
    total = len(corpus.files(inputs))
    with ui.progress() as bar:
        task = bar.add_task("adding", total=total)
        report = corpus.add(inputs, progress=lambda n, seen: bar.update(
            task, completed=n, description=f"adding · {seen} articles"))
    data = {**report.to_dict(), "articles": len(corpus)}
    if fmt == Format.json:
        _json(data)
    else:
        print(f"{clean(db)}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.duplicates} duplicate texts, {len(report.skipped)} skipped; {data['articles']} articles "
              f"({report.seconds:.1f} s)")
    ui.skipped(report.skipped, report.seen)
    if report.seen == 0:
        why = (f"not one of the {len(report.skipped)} input(s) could be read as an article" if report.skipped
               else f"no files in {', '.join(map(str, inputs))}")
        raise InputError(str(db), f"nothing added: {why}")


@corpus_app.command("stats")
def stats_cmd(db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP),
              fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format.")) -> None:
    """Counts: articles, aliases, shingles, vectors, outlets, date range.

    \b
    Example:
      redline corpus stats --db corpus.db --format json
    """
    data = _open(db).stats()
    if fmt == Format.json:
        _json(data)
        return
    print(f"{clean(data['path'])}: {data['articles']} articles, {data['aliases']} duplicate ids, "
          f"{data['shingles']} shingles, {data['vectors']} vectors, {data['bytes'] / 1e6:.1f} MB")
    if data["dates"][0]:
        print(f"dates: {clean(data['dates'][0])} .. {clean(data['dates'][1])}")
    if data.get("index"):
        ix = data["index"]
        print(f"index: base of {ix['base_articles']} articles + {ix['delta_changed']} changed since; "
              + ("up to date" if ix["current"] else "refreshed on the next query"))
    for outlet, n in data["outlets"].items():
        print(f"  {n:>8}  {clean(outlet)}")


@corpus_app.command("remove")
def remove_cmd(ids: list[str] = typer.Argument(..., metavar="ID", help="Article ids."),
               db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP)) -> None:
    """Remove articles by id.

    \b
    Example:
      redline corpus remove wire-2026-06-20 --db corpus.db
    """
    corpus = _open(db)
    missing = [i for i in ids if not corpus.remove(i)]
    print(f"{clean(db)}: removed {len(ids) - len(missing)} article(s)")
    if missing:
        raise InputError(", ".join(missing), f"no such article in {db}")


def trace_cmd(
    ctx: typer.Context,
    article: str | None = typer.Argument(None, metavar="ARTICLE",
        help=f"A corpus id, or {INPUT_HELP} holding one article."),
    db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP),
    top: int = typer.Option(5, "--top", "-k", min=1, help="How many sources to list."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    html: Path | None = typer.Option(None, "--html",
        help="Write an HTML page of the sources here (with a full comparison report per source beside it)."),
    batch: Path | None = typer.Option(None, "--batch", help="A file of ids, paths or URLs, one a line; JSONL out."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
    source_outlet: list[str] | None = typer.Option(None, "--source-outlet",
        help="Only consider sources from this outlet (repeat)."),
    semantic: bool = typer.Option(False, "--semantic/--no-semantic",
        help="Use sentence embeddings (retrieval and verification)."),
    print_editions: bool = typer.Option(False, "--print-editions",
        help="Texts dated the same day (no times) came out together, as print editions do, and cannot have copied "
             "each other."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    allow_outside: bool = typer.Option(False, "--allow-paths-outside", help=ALLOW_OUTSIDE_HELP),
) -> None:
    """Where did this article come from? Ranked likely sources with evidence.

    \b
    Examples:
      redline trace copy.html --db corpus.db
      redline trace https://example.org/story --db corpus.db --html sources.html
      redline trace --batch ids.txt --db corpus.db -o traces.jsonl
    """
    use_fetch_policy(ctx, allow_private)
    corpus = _open(db, semantic=None if semantic else False)
    if print_editions:
        corpus.settings = replace(corpus.settings, same_day_copies=False)
    _known_outlets(corpus, source_outlet or [], db)
    if batch is not None:
        if article:
            raise InputError("trace", "--batch takes no article argument")
        _trace_batch(corpus, batch, top, output, source_outlet, allow_outside)
        return
    if not article:
        raise InputError("trace", "give an article id or file, or --batch FILE")
    with ui.working("tracing"):
        art, _ = corpus.resolve(_trace_input(corpus, article))
        result = corpus.trace(art, top=top, source_outlets=source_outlet)
        if html is not None:
            from ..report.trace import write_html
            write_html(html, art, result, _compared_sources(corpus, art, result))
    if html is not None:
        ui.wrote(html, "the sources page to")
    if fmt == Format.json:
        _json(result, output)
    else:
        from ..report.trace import render_text
        render_text(result, ui.console())


def _known_outlets(corpus, names: list[str], db: Path) -> None:
    """Refuse a --source-outlet that no stored article carries: a misspelt name would otherwise
    answer "no source in this corpus"."""
    if not names:
        return
    stored = {(o or "").lower() for (o,) in corpus.store.db.execute("SELECT DISTINCT outlet FROM articles")}
    for name in names:
        if name.lower() not in stored:
            raise InputError(f"--source-outlet {name}", f"no article in {db} is from this outlet "
                             "(the name is matched whole, in any case; `redline corpus stats` lists the outlets)")


def _trace_input(corpus, article: str):
    """A corpus id as is; anything else read through the one input layer (``-``, URL, file)."""
    if corpus.store.lookup(article) is not None:
        return article
    arts = gather([article])
    if len(arts) != 1:
        raise InputError(article, f"holds {len(arts)} articles; trace reads one (use --batch for many)")
    return arts[0]


def _compared_sources(corpus, article, result: dict):
    """Each listed source and its full comparison (with findings) with ``article``, one at a time."""
    comparer = corpus.comparer(explain=True)
    for s in result["sources"]:
        src = corpus.get(s["id"])
        yield src, comparer.compare(sources=[src], derived=article)


def _trace_batch(corpus, batch: Path, top: int, output: Path | None, outlets, allow_outside: bool = False) -> None:
    from ..ingest import read_text
    lines = [(n, ln.strip()) for n, ln in enumerate(read_text(batch).split("\n"), 1) if ln.strip()]
    with jsonl_out(output) as out, ui.progress() as bar:
        task = bar.add_task("tracing", total=len(lines))
        for n, line in lines:
            try:
                target = _trace_target(corpus, line, batch, allow_outside, f"{batch}:{n}")
                out.write(corpus.trace(target, top=top, source_outlets=outlets))
            except RedlineError as exc:
                out.write({"article": line, "error": str(exc)})
            except Exception as exc:  # noqa: BLE001 - one line's failure must not cost the others
                out.write({"article": line, "error": internal_error(line, exc)})
            bar.advance(task)


def _trace_target(corpus, line: str, batch: Path, allow_outside: bool, where: str) -> str:
    """A batch line as ``corpus.trace`` takes it: an id or a URL as is, a path under the batch's folder."""
    from ..ingest import is_url
    if is_url(line) or corpus.store.lookup(line) is not None:
        return line
    return str(batch_path(line, batch, allow_outside, where))


def clusters_cmd(
    db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    verify: bool = typer.Option(False, "--verify", help="Re-check every edge with the full comparison."),
    min_size: int = typer.Option(2, "--min-size", help="List stories with at least this many articles."),
    workers: int = typer.Option(1, "--workers", help="Processes for the all-pairs search (local engine)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="Who runs the work: this machine, or Apache Spark."),
    spark_master: str = typer.Option("local[2]", "--spark-master", help="Spark master URL (spark engine)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
) -> None:
    """Group the corpus into stories (deterministic ids, the same on every engine).

    \b
    Examples:
      redline clusters --db corpus.db
      redline clusters --db corpus.db --engine spark --format json
    """
    corpus = _open(db)
    corpus.workers = workers
    with ui.working("grouping the corpus into stories"):
        groups = corpus.clusters(verify=verify, min_size=min_size, engine=engine.value, spark_master=spark_master)
    if fmt == Format.json:
        _json({"clusters": groups}, output)
        return
    from ..report.lineage import clusters_text
    clusters_text(groups, min_size, ui.console())


def lineage_cmd(
    cluster: str = typer.Argument(..., metavar="CLUSTER",
        help="A cluster id from `redline clusters`, or an article id in it."),
    db: Path = typer.Option(Path("corpus.db"), "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    export: Export | None = typer.Option(None, "--export", help="Print the graph as json or graphml."),
    html: Path | None = typer.Option(None, "--html",
        help="Write the drawn graph here (with a report per edge beside it)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the result here instead of stdout."),
) -> None:
    """Who copied whom within one story: a directed graph with evidence on each edge.

    \b
    Examples:
      redline lineage story-3f2a9c --db corpus.db
      redline lineage story-3f2a9c --db corpus.db --html story.html
    """
    from ..report.lineage import render_text, to_graphml, to_json, write_html
    corpus = _open(db)
    with ui.working("drawing the story's lineage"):
        graph, comparisons = corpus.lineage(cluster)
        if html is not None:
            write_html(graph, html, comparisons)
    if html is not None:
        ui.wrote(html, "the graph to")
    if export == Export.graphml:
        _out(to_graphml(graph), output)
    elif export == Export.json or fmt == Format.json:
        _json(json.loads(to_json(graph)), output)
    else:
        render_text(graph)
