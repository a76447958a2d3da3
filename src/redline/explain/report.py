"""Framing analysis of one article as JSON, terminal text and an HTML page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Article
from .analyse import SentenceAnalysis, analyse_one, analyse_text
from .lexicon import Lexicon
from ..text.quotes import Quote, extract_quotes


@dataclass(frozen=True)
class FramingResult:
    article: Article
    sentences: tuple[SentenceAnalysis, ...]
    title: SentenceAnalysis | None
    quotes: tuple[Quote, ...]
    semantic: bool
    notes: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        n = len(self.sentences) or 1
        return {"sentences": len(self.sentences),
                "biased": sum(s.biased for s in self.sentences),
                "subjective": sum(s.subjective for s in self.sentences),
                "loaded_terms": sum(len(s.loaded) for s in self.sentences),
                "hedges": sum(len(s.hedges) for s in self.sentences),
                "attributions": sum(len(s.attributions) for s in self.sentences),
                "quotes": sum(1 for q in self.quotes if q.kind == "quote"),
                "mean_bias": round(sum(s.bias_score for s in self.sentences) / n, 4),
                "mean_subjectivity": round(sum(s.subjectivity for s in self.sentences) / n, 4)}

    def to_dict(self) -> dict[str, Any]:
        return {"redline": 1, "article": self.article.metadata(), "semantic": self.semantic,
                "notes": list(self.notes), "summary": self.summary(),
                "title": None if self.title is None else {**self.title.to_dict(), "offsets": "title"},
                "sentences": [s.to_dict() for s in self.sentences],
                "quotes": [q.to_dict() for q in self.quotes if q.kind == "quote"]}


def analyse_article(article: Article, lexicon: Lexicon | None = None, embedder=None,
                    notes: tuple[str, ...] = ()) -> FramingResult:
    from ..text.chrome import body_text  # page chrome is not the article's framing
    sentences = analyse_text(body_text(article), article.id, lexicon, embedder)
    title = analyse_one(article.title, lexicon, embedder) if article.title else None
    return FramingResult(article, tuple(sentences), title, tuple(extract_quotes(article.text)),
                         embedder is not None, notes)


def render_text(result: FramingResult, console) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..report.safe import clean, text

    s = result.summary()
    console.print(Text.assemble(("redline framing", "bold"), f"  {clean(result.article.id)}"))
    console.print(f"{s['sentences']} sentences · {s['biased']} biased · {s['subjective']} subjective · "
                  f"{s['loaded_terms']} loaded terms · {s['quotes']} quotes", markup=False, highlight=False)
    for note in result.notes:
        console.print(f"note: {clean(note)}", style="yellow", markup=False, emoji=False)
    table = Table(show_header=True, header_style="bold", expand=True)
    for name, kw in (("#", {"justify": "right", "width": 3}), ("bias", {"justify": "right", "width": 5}),
                     ("subj", {"justify": "right", "width": 5}), ("sentence (loaded words in bold)", {"ratio": 1})):
        table.add_column(name, **kw)
    for a in result.sentences:
        marked = text(a.text, multiline=True,
                      spans=[(sp.start - a.start, sp.end - a.start, "bold red") for sp in a.loaded]
                      + [(h.start - a.start, h.end - a.start, "italic cyan") for h in a.hedges])
        table.add_row(str(a.index), _score(a.bias_score, a.biased), _score(a.subjectivity, a.subjective), marked)
    console.print(table)
    quotes = [q for q in result.quotes if q.kind == "quote"]
    if quotes:
        console.print(f"[bold]Quotes ({len(quotes)}):[/]")
        for q in quotes:
            console.print(text(f"  {q.speaker or 'unattributed'}: “{q.text}”", multiline=True))


def _score(value: float, flag: bool):
    from rich.text import Text
    return Text(f"{value:.2f}", style="bold red" if flag else "")


def render_html(result: FramingResult) -> str:
    from importlib import resources

    from ..report.html import Mark, SentenceView, article_card, render_page, text_view

    marks, views = [], []
    for a in result.sentences:
        cls = "sent lab-edited" if a.biased or a.subjective else "sent"
        title = f"bias {a.bias_score:.2f}, subjectivity {a.subjectivity:.2f}"
        views.append(SentenceView(a.start, a.end, _paragraph(result.article.text, a.start), f"d{a.index}", cls,
                                  title, (), {"n": str(a.index + 1)}))
        marks += [Mark(sp.start, sp.end, "ev sev-high", None, f"{sp.kind}: {', '.join(sp.terms)}") for sp in a.loaded]
        marks += [Mark(h.start, h.end, "ev sev-low", None, "hedge") for h in a.hedges]
        marks += [Mark(x.start, x.end, "ev sev-medium", None, f"attribution ({x.kind})") for x in a.attributions]
    folder = str(resources.files("redline.explain") / "templates")
    rows = [{"n": a.index + 1, "id": f"d{a.index}", "text": a.text, "bias": a.bias_score, "biased": a.biased,
             "subjectivity": a.subjectivity, "subjective": a.subjective,
             "loaded": [f"{sp.text} ({sp.kind})" for sp in a.loaded],
             "hedges": [h.text for h in a.hedges], "attributions": [x.text for x in a.attributions]}
            for a in result.sentences]
    return render_page("framing.html", search_path=(folder,),
                       title=f"redline framing: {result.article.title or result.article.id}",
                       card=article_card(result.article, "Article"), summary=result.summary(),
                       paragraphs=text_view(result.article, views, marks), rows=rows, notes=list(result.notes),
                       quotes=[{"speaker": q.speaker or "unattributed", "text": q.text}
                               for q in result.quotes if q.kind == "quote"])


def _paragraph(text: str, pos: int) -> int:
    from ..text.sentences import split_paragraphs
    for k, (s, e) in enumerate(split_paragraphs(text)):
        if s <= pos < e:
            return k
    return 0
