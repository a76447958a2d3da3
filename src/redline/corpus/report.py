"""HTML page for `redline trace --html`: the ranked sources and their evidence, text escaped."""
from __future__ import annotations

import jinja2

from .export import _static


def trace_html(result: dict) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_static("trace.html")).render(result=result)
