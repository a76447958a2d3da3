"""Where an article came from (``redline trace``): the terminal table and the HTML page of the ranked
sources and their evidence, with one full comparison report per source written beside it."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..model import Article, Comparison
from ..text.sentences import split_sentences
from . import compare
from .files import make_folder, write_file
from .page import render_page
from .safe import clean, text
from .views import SentenceView, Targets, article_card, text_view, token


def render_text(result: dict, console: Console | None = None) -> None:
    console = console or Console()
    n = len(result["sources"])
    head = f"{n} likely source(s)" if n else "no source in this corpus" + _absent(result)
    console.print(Text.assemble(("redline trace", "bold"), f" {clean(result['article'])}: {head}"))
    if n:
        console.print(_table(result["sources"], lambda s: str(s["rank"])))
    for label, rows in (("siblings (copies of the same origin, not sources)", result.get("siblings", [])),
                        ("related (not sources)", result.get("related", []))):
        if rows:
            console.print(text(label + ":"))
            console.print(_table(rows, lambda s: "·"))
            for s in rows:
                console.print(text(f"  {s['id']}: {s['reasons'][-1]}"))
    for s in result["sources"]:
        if s.get("preceded_by"):
            console.print(text(f"  {s['id']}: ranked below {s['preceded_by']}, which came out before it "
                               "(a sibling copy?)"))
    for s in result["sources"][:3]:
        for e in s["evidence"]:
            console.print(text(f"  {s['id']} · {e['label']}: “{e['derived']['text']}”", multiline=True))


def _table(rows: list[dict], mark) -> Table:
    table = Table(show_header=True, header_style="bold underline", box=None, pad_edge=False)
    # an id folds onto more lines, never cut ("corpus_…"), but keeps room for a readable name; the
    # direction and a ruled-out date wrap at their spaces; the short columns keep their width
    widest = max((len(clean(s["id"])) for s in rows), default=6)
    least = {"source": min(16, widest), "direction": 7, "date": 10}
    for col in ("#", "source", "reuse", "derivation", "direction", "conf.", "role", "date"):
        table.add_column(col, overflow="fold", no_wrap=col not in least, min_width=least.get(col),
                         justify="right" if col in ("#", "reuse", "conf.") else "left")
    for s in rows:
        late = f"({_ruled_out(s)})" if _ruled_out(s) else ""
        table.add_row(mark(s), text(s["id"]), f"{s['reuse']:.0%}", text(s["derivation"]),
                      text(s["direction"].replace("_", " ")), f"{s['confidence']:.2f}", text(s["role"]),
                      Text.assemble(clean(s["date"] or "—"), " " if late else "", (late, "red")))
    return table


def _ruled_out(s: dict) -> str:
    """Why the dates rule this candidate out as the article's source, or "" when they do not."""
    if s.get("date_consistent") is not False:
        return ""
    why = {"after": "after the article", "same": "same day: print editions"}
    return why.get(str(s.get("date_order")), "ruled out by date")


def render_html(result: dict, article: Article, sources: dict[str, Article] | None = None,
                reports: dict[str, str] | None = None) -> str:
    """The trace page. ``sources`` (id -> Article) fill the source cards; ``reports`` (id -> relative
    link) point at each source's comparison report."""
    sources, reports = sources or {}, reports or {}
    targets = Targets([(article, "a", "article")])
    views = [_source_view(s, targets, sources.get(s["id"]), reports.get(s["id"])) for s in result["sources"]]
    sentences = [SentenceView(s.start, s.end, s.paragraph, f"a{s.index}")
                 for s in split_sentences(article.text, article.id)]
    paragraphs = text_view(article, sentences, targets.marks[article.id])
    return render_page("trace.html", title=f"redline trace: {article.title or article.id}",
                       summary=_summary(result, article), sources=views, others=_others(result),
                       article={"card": article_card(article, "Article"), "paragraphs": paragraphs})


def write_html(path: Path, article: Article, result: dict,
               compared: Iterable[tuple[Article, Comparison]]) -> list[Path]:
    """Write the trace page of ``article`` and, in ``<name>_sources/`` beside it, one comparison
    report per source, linked from the page. ``compared`` yields (source article, its comparison
    with ``article``) in the order of ``result["sources"]``; it is read only once the page's folder
    is known to exist."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(str(path), f"cannot write: no folder {path.parent}")
    folder = path.with_name(path.stem + "_sources")
    sources: dict[str, Article] = {}
    reports: dict[str, str] = {}
    written: list[Path] = []
    for s, (src, comparison) in zip(result["sources"], compared):
        sources[s["id"]] = src
        if not written:
            make_folder(folder)
        target = folder / f"source-{s['rank']}.html"
        write_file(target, compare.render_html(comparison, _chosen(s, path)))
        written.append(target)
        reports[s["id"]] = f"./{folder.name}/{target.name}"
    write_file(path, render_html(result, article, sources, reports))
    return [path, *written]


def _chosen(s: dict, page: Path) -> dict:
    """Why trace put this source where it is, for the top of its comparison report."""
    return {"by": "redline trace", "what": f"likely source {s['rank']} ({s['role']}) in the corpus",
            "confidence": s["confidence"], "reasons": s.get("reasons") or [],
            "back": f"../{page.name}#src{s['rank']}", "page": "trace page"}


def _source_view(s: dict, targets: Targets, src: Article | None, report: str | None) -> dict:
    card = article_card(src or Article(s["id"], "", title=s.get("title"), outlet=s.get("outlet"),
                                       date=s.get("date"), url=s.get("url")), f"Source {s['rank']}")
    evidence = []
    for k, e in enumerate(s["evidence"]):
        item = targets.locate(dict(e["derived"]), "ev sev-low", f"s{s['rank']}e{k}",
                              f"{e['label']} from {s['id']}")
        item.update(label=e["label"], score=e["score"], source_text=e["source"]["text"],
                    source_where=f"{card['name']}, sentence {e['source']['sentence'] + 1}")
        evidence.append(item)
    return {"rank": s["rank"], "anchor": f"src{s['rank']}", "name": card["name"], "card": card,
            "reuse": s["reuse"], "derivation": s["derivation"], "dt": token(s["derivation"]),
            "direction": s["direction"].replace("_", " "), "direction_confidence": s["direction_confidence"],
            "confidence": s["confidence"], "role": s["role"], "date": s.get("date"),
            "late": _ruled_out(s), "preceded_by": s.get("preceded_by"),
            "reasons": s.get("reasons", []), "evidence": evidence, "report": report}


def _others(result: dict) -> list[dict]:
    """The siblings (copies of the same origin) and related candidates, each with why it is no source."""
    return [{"id": s["id"], "name": s.get("outlet") or s.get("title") or s["id"], "role": s["role"],
             "origin": s.get("origin"), "reuse": s["reuse"], "derivation": s["derivation"], "date": s.get("date"),
             "late": _ruled_out(s), "why": (s.get("reasons") or [""])[-1]}
            for s in result.get("siblings", []) + result.get("related", [])]


def _absent(result: dict) -> str:
    """The origin a credit names that is not in the corpus, as a clause."""
    origin = result.get("absent_origin")
    return f" (its origin, {clean(origin)}, is not in it)" if origin else ""


def _summary(result: dict, article: Article) -> dict:
    n = len(result["sources"])
    name = article.outlet or article.title or article.id
    if not n:
        near = [s["id"] for s in result.get("related", []) + result.get("siblings", [])][:3]
        return {"level": "none", "headline": "No source in this corpus",
                "statement": f"No text in the corpus is one {name} was taken from{_absent(result)}"
                             + (f"; nearest: {', '.join(near)} (related, not sources)." if near else "."),
                "detail": f"{result['candidates']} candidate(s) checked."}
    top = result["sources"][0]
    return {"level": token(top["derivation"]), "headline": f"{n} likely source{'s' if n != 1 else ''}",
            "statement": f"{name} most likely comes from {top.get('outlet') or top.get('title') or top['id']} "
                         f"({round(100 * top['reuse'])}% of it traced, {top['derivation']} derived).",
            "detail": f"{result['candidates']} candidate(s) were retrieved; "
                      "the listed ones were verified with the full comparison."}
