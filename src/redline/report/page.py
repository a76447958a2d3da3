"""The page shell every redline HTML page shares: one Jinja environment, ``base.html`` and its
Content-Security-Policy.

Templates live in ``redline/report/templates/``, CSS and JS in ``redline/report/static/``.

* ``base.html`` is the page shell. Extend it, pass ``title=`` and fill ``{% block main %}``;
  optional blocks are ``title`` (the ``<title>`` text), ``heading`` (the page header) and ``head``
  (extra ``<head>`` markup). Undefined variables are errors (StrictUndefined). The shell inlines
  every file named in ``styles`` and ``scripts`` and sets a Content-Security-Policy that allows
  exactly those scripts (by their sha256, computed here from the text inlined) and nothing from
  the network.
* ``macros.html`` holds the reusable pieces (``{% import "macros.html" as ui %}``); their inputs
  are built by ``redline.report.views``. docs/html.md has a worked example.
* Render with ``render_page("my_page.html", scripts=("report.js",), **context)``. ``report.js``
  gives linking for free: any element with ``data-links="id1 id2"`` highlights and scrolls to
  those ids on hover/click, and any element with ``data-show-finding="f3"`` highlights the
  ``mark`` elements whose ``data-findings`` contain ``f3``.

Article text is untrusted: autoescape is always on, text reaches the page only through ``{{ }}``
and ids built by the views; never mark article text ``|safe``.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from .._version import __version__
from .views import humanise

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible_bidi(value: Any) -> Any:
    """A value printed into a page with its bidi embeddings, overrides and isolates written out
    (``\\u202e``), as on the terminal: an unclosed override in an id or outlet name would reverse the
    text after it up to the end of the paragraph, so a page could show another name than it holds."""
    if isinstance(value, str) and not isinstance(value, Markup) and _BIDI.search(value):
        return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment of every redline page (autoescape on)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("redline.report", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=visible_bidi)
    env.filters["percent"] = lambda x: f"{round(100 * float(x))}%"
    env.filters["humanise"] = humanise
    return env


@lru_cache(maxsize=32)
def asset(name: str) -> str:
    """The text of a file in ``redline/report/static``."""
    return resources.files("redline.report").joinpath("static", name).read_text(encoding="utf-8")


def render_page(template: str | jinja2.Template, *, styles: Sequence[str] = ("report.css",),
                scripts: Sequence[str] = ("report.js",), **context: Any) -> str:
    """Render ``template`` (a name under templates/, or a template of ``environment()``; it
    extends ``base.html``) with inlined styles and scripts."""
    css = [Markup(asset(n)) for n in styles]
    js = [Markup(asset(n)) for n in scripts]
    page = environment().get_template(template)
    return page.render(inline_styles=css, inline_scripts=js, csp=content_security_policy(js),
                       version=__version__, **context)


def content_security_policy(scripts: Sequence[str]) -> str:
    """Nothing from the network; inline scripts only those given, each allowed by its hash."""
    hashes = " ".join(f"'sha256-{_sha256(s)}'" for s in scripts)
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {hashes or chr(39) + 'none' + chr(39)}; base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
