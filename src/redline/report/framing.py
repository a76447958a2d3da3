"""The framing analysis of one article (``redline framing``): terminal text and an HTML page."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ..explain.framing import FramingResult
from ..text.sentences import split_paragraphs
from .page import render_page
from .safe import clean, text
from .views import Mark, SentenceView, article_card, text_view


def render_text(result: FramingResult, console) -> None:
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


def _score(value: float, flag: bool) -> Text:
    return Text(f"{value:.2f}", style="bold red" if flag else "")


def render_html(result: FramingResult) -> str:
    """The page behind ``redline framing --html``."""
    marks, views = [], []
    for a in result.sentences:
        cls = "sent lab-edited" if a.biased or a.subjective else "sent"
        title = f"bias {a.bias_score:.2f}, subjectivity {a.subjectivity:.2f}"
        views.append(SentenceView(a.start, a.end, _paragraph(result.article.text, a.start), f"d{a.index}", cls,
                                  title, (), {"n": str(a.index + 1)}))
        marks += [Mark(sp.start, sp.end, "ev sev-high", None, f"{sp.kind}: {', '.join(sp.terms)}") for sp in a.loaded]
        marks += [Mark(h.start, h.end, "ev sev-low", None, "hedge") for h in a.hedges]
        marks += [Mark(x.start, x.end, "ev sev-medium", None, f"attribution ({x.kind})") for x in a.attributions]
    rows = [{"n": a.index + 1, "id": f"d{a.index}", "text": a.text, "bias": a.bias_score, "biased": a.biased,
             "subjectivity": a.subjectivity, "subjective": a.subjective,
             "loaded": [f"{sp.text} ({sp.kind})" for sp in a.loaded],
             "hedges": [h.text for h in a.hedges], "attributions": [x.text for x in a.attributions]}
            for a in result.sentences]
    return render_page("framing.html", title=f"redline framing: {result.article.title or result.article.id}",
                       card=article_card(result.article, "Article"), summary=result.summary(),
                       paragraphs=text_view(result.article, views, marks), rows=rows, notes=list(result.notes),
                       quotes=[{"speaker": q.speaker or "unattributed", "text": q.text}
                               for q in result.quotes if q.kind == "quote"])


def _paragraph(text: str, pos: int) -> int:
    for k, (s, e) in enumerate(split_paragraphs(text)):
        if s <= pos < e:
            return k
    return 0
