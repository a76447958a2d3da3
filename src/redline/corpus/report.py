"""HTML page for `redline trace --html`: the ranked sources and their evidence on the shared report
shell (``redline.report``), with one full comparison report per source written beside it."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..text.sentences import split_sentences


def trace_html(result: dict, article: Article, sources: dict[str, Article] | None = None,
               reports: dict[str, str] | None = None) -> str:
    """The trace page. ``sources`` (id -> Article) fill the source cards; ``reports`` (id -> relative
    link) point at each source's comparison report."""
    from ..report.html import SentenceView, Targets, article_card, render_page, text_view
    sources, reports = sources or {}, reports or {}
    targets = Targets([(article, "a", "article")])
    views = [_source_view(s, targets, sources.get(s["id"]), reports.get(s["id"]), article_card)
             for s in result["sources"]]
    sentences = [SentenceView(s.start, s.end, s.paragraph, f"a{s.index}") for s in split_sentences(article.text, article.id)]
    paragraphs = text_view(article, sentences, targets.marks[article.id])
    return render_page("trace.html", search_path=(_templates(),), title=f"redline trace: {article.title or article.id}",
                       summary=_summary(result, article), sources=views,
                       article={"card": article_card(article, "Article"), "paragraphs": paragraphs})


def write_trace_html(corpus, article: Article, result: dict, path: Path) -> list[Path]:
    """Write the trace page of ``article`` and, in ``<name>_sources/`` beside it, one comparison
    report per source (with findings), linked from the page."""
    from ..report.html import render_comparison
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(str(path), f"cannot write: no folder {path.parent}")
    folder = path.with_name(path.stem + "_sources")
    sources, reports, written = {}, {}, []
    comparer = corpus.comparer(explain=True)
    for s in result["sources"]:
        src = corpus.get(s["id"])
        sources[s["id"]] = src
        if not written:
            _mkdir(folder)
        target = folder / f"source-{s['rank']}.html"
        _write(target, render_comparison(comparer.compare(sources=[src], derived=article)))
        written.append(target)
        reports[s["id"]] = f"./{folder.name}/{target.name}"
    _write(path, trace_html(result, article, sources, reports))
    return [path, *written]


def _source_view(s: dict, targets, src: Article | None, report: str | None, article_card) -> dict:
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
            "reuse": s["reuse"], "derivation": s["derivation"], "dt": _token(s["derivation"]),
            "direction": s["direction"].replace("_", " "), "direction_confidence": s["direction_confidence"],
            "confidence": s["confidence"], "role": s["role"], "date": s.get("date"),
            "late": s.get("date_consistent") is False, "preceded_by": s.get("preceded_by"),
            "reasons": s.get("reasons", []), "evidence": evidence, "report": report}


def _summary(result: dict, article: Article) -> dict:
    n = len(result["sources"])
    name = article.outlet or article.title or article.id
    if not n:
        return {"level": "none", "headline": "No source found", "statement": f"Nothing in the corpus shares text with {name}.",
                "detail": f"{result['candidates']} candidate(s) checked."}
    top = result["sources"][0]
    return {"level": _token(top["derivation"]), "headline": f"{n} likely source{'s' if n != 1 else ''}",
            "statement": f"{name} most likely comes from {top.get('outlet') or top.get('title') or top['id']} "
                         f"({round(100 * top['reuse'])}% of it traced, {top['derivation']} derived).",
            "detail": f"{result['candidates']} candidate(s) were retrieved; the listed ones were verified with the full comparison."}


def _token(value) -> str:
    return "".join(ch for ch in str(value).lower() if ch.isalnum() or ch == "-")[:24] or "other"


def _templates() -> str:
    return str(resources.files("redline.corpus").joinpath("static"))


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot create ({exc.strerror})") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write ({exc.strerror})") from None
