"""Comparisons in worker processes: each holds one ``Comparer`` (with embeddings, one model per
process), so compares use every core and never hold the web process's interpreter lock while it
answers pages."""
from __future__ import annotations

_comparer = None


def start(semantic: bool | None) -> None:
    """Process initialiser: the comparer this worker uses for all its jobs."""
    global _comparer
    from ..pipeline import Comparer
    _comparer = Comparer(semantic=semantic, explain=True)


def compare(sources: list, derived, infer: bool, comparer=None) -> tuple[str, str, str]:
    """(title, the CLI's JSON, the --html report) of one comparison, made with this worker's comparer
    (or ``comparer``, in the web process itself)."""
    from . import render
    comparer = comparer or _comparer
    if comparer is None:
        raise RuntimeError("compare worker not started")
    c = comparer.compare(sources[0], derived) if infer else comparer.compare(sources=sources, derived=derived)
    return c.derived.title or c.derived.id, render.comparison_json(c), render.report_html(c)


def ready() -> bool:
    return _comparer is not None
