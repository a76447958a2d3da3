"""Every call the web app makes into redline's rendering, in one place (the report package is being
reorganised; adapting to it is an edit here only).

Reports are the very pages ``--html`` writes (same templates, same renderer); the app adds a
navigation bar to them. The app's own pages use the report package's Jinja environment, with the
app's templates first on its search path, so they share its macros, filters and autoescaping.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..model import Article, Comparison

_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_BODY = "<body>"


def report_html(comparison: Comparison) -> str:
    """The comparison report exactly as ``redline compare --html`` writes it."""
    from ..report.compare import render_html
    return render_html(comparison)


def with_nav(report: str, links: list[tuple[str, str]], note: str = "") -> str:
    """The report with the app's navigation bar at the top of its body (links are the app's own)
    and, when given, a note in it."""
    items = "".join(f'<a href="{escape(href)}">{escape(text)}</a>' for text, href in links)
    if note:
        items += f'<strong style="color:#fc6">{escape(note)}</strong>'
    bar = Markup('<nav class="web-nav" aria-label="redline web"><style>.web-nav{font:14px system-ui,sans-serif;'
                 'background:#222;padding:6px 16px}.web-nav a{color:#fff;margin-right:18px}</style>'
                 f'{items}</nav>')
    head, sep, rest = report.partition(_BODY)
    return head + sep + str(bar) + rest if sep else report


def report_csp(report: str) -> str:
    """The policy a report declares for itself (its own scripts by hash, nothing else), sent as the
    response header too, with framing and form posts closed."""
    found = _META_CSP.search(report)
    declared = found.group(1).replace("&#39;", "'") if found else "default-src 'none'"
    return declared + "; frame-ancestors 'none'"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report package's environment (its filters, autoescaping, strict undefined) with the app's
    templates found first."""
    from ..report.page import environment as report_environment
    base = report_environment()
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("redline.web", "templates")]
    if base.loader is not None:
        loaders.append(base.loader)
    return base.overlay(loader=jinja2.ChoiceLoader(loaders))


def page(template: str, **context: Any) -> str:
    """One of the app's pages; its templates can ``{% import "macros.html" as ui %}``."""
    from .._version import __version__
    return environment().get_template(template).render(version=__version__, **context)


def static_text(name: str) -> str:
    """A stylesheet or script the app serves: its own, the report's, or the vendored graph library."""
    from ..report.page import asset
    if name in ("report.css", "report.js"):
        return asset(name)
    return resources.files("redline.web").joinpath("static", name).read_text(encoding="utf-8")


def article_view(article: Article, role: str = "Article") -> dict[str, Any]:
    """The article's card and its text (page chrome greyed), for ``ui.article_card`` and ``ui.article_text``."""
    from ..report.compare import chrome_marks
    from ..report.views import SentenceView, article_card, text_view
    from ..text.sentences import split_sentences
    sentences = [SentenceView(s.start, s.end, s.paragraph, f"a{s.index}")
                 for s in split_sentences(article.text, article.id)]
    return {"card": article_card(article, role), "paragraphs": text_view(article, sentences, chrome_marks(article))}


def chrome_lines(article: Article) -> list[dict[str, Any]]:
    from ..text.chrome import chrome_of
    return [{"kind": c["kind"], "text": article.text[c["start"]:c["end"]]} for c in chrome_of(article)]


def lineage_json(graph: dict) -> str:
    from ..report.lineage import to_json
    return to_json(graph)


def comparison_json(comparison: Comparison, pretty: bool = True) -> str:
    from ..report.json import dumps
    return dumps(comparison, pretty=pretty)


def pretty_json(text: str) -> str:
    """Stored (compact) JSON as ``redline compare --format json`` prints it: the same keys in the
    same order and the same numbers (a float's repr reads back to itself), indented."""
    import json

    from ..report.json import dumps
    return dumps(json.loads(text))
