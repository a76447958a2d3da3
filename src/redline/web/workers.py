"""Comparisons in worker processes: each holds one ``Comparer`` (with embeddings, one model per
process), so compares use every core and never hold the web process's interpreter lock while it
answers pages."""
from __future__ import annotations

_comparer = None


def start(semantic: bool | None, nice: int = 0) -> None:
    """Process initialiser: the comparer this worker uses for all its jobs."""
    global _comparer
    from ..pipeline import Comparer
    _comparer = Comparer(semantic=semantic, explain=True)
    warm_up(_comparer)
    fewer_collections()
    lower_priority(nice)


# Two short articles that take every step of a comparison: a dateline, a quote, a paraphrase, an
# added opinion sentence.
_WARM = ("HARBOURTON (Lakeshore Wire) - The council voted on Tuesday to close the old ferry terminal, "
         "which has lost money for nine years. \"We cannot keep paying for it,\" the council leader, "
         "Agnes Varley, said. About 300 commuters use the ferry each weekday.",
         "The council has voted to shut the ferry terminal after nine years of losses. About 300 commuters "
         "use the ferry every weekday. Surely someone should have seen this coming years ago?")


def warm_up(comparer) -> None:
    """One small comparison when the worker starts, so that the lexicons, models and lazy imports
    load then (about 0.1 s) rather than in the first request each worker answers, and so that
    ``fewer_collections`` freezes them with the rest of the long-lived objects."""
    from ..model import Article
    compare([Article("warm-source", _WARM[0])], Article("warm-copy", _WARM[1]), False, comparer)


def lower_priority(nice: int) -> None:
    """Run this process ``nice`` steps nicer. Under load the server process (HTTP, pages, storing
    results) then gets the CPU as soon as it needs it, and compares wait their turn in the workers
    rather than answers in the event loop."""
    import os
    if nice > 0 and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass


def fewer_collections() -> None:
    """Collect cyclic garbage less often. A compare allocates hundreds of thousands of short-lived
    objects while the caches hold many long-lived ones, so at Python's default thresholds the
    collector rescans those again and again: about a tenth of each compare's CPU."""
    import gc
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def compare(sources: list, derived, infer: bool, comparer=None) -> tuple[str, str]:
    """(title, the CLI's JSON in its compact form) of one comparison, made with this worker's
    comparer (or ``comparer``, in the web process itself). The report page is not drawn here:
    a link is drawn when it is first opened (``report``), and most API callers never open it."""
    from . import render
    c = _compared(sources, derived, infer, comparer)
    return c.derived.title or c.derived.id, render.comparison_json(c, pretty=False)


def report(inputs: str, stored_json: str, comparer=None) -> tuple[str, bool]:
    """The --html report of a stored comparison, compared again from its stored inputs (the
    pipeline is deterministic), and whether that comparison is the stored one (same JSON; not
    when a later version of redline or another --semantic setting compares differently)."""
    from . import render
    from .stored import inputs_from_json
    c = _compared(*inputs_from_json(inputs), comparer)
    return render.report_html(c), render.comparison_json(c, pretty=False) == stored_json


def _compared(sources: list, derived, infer: bool, comparer):
    comparer = comparer or _comparer
    if comparer is None:
        raise RuntimeError("compare worker not started")
    return comparer.compare(sources[0], derived) if infer else comparer.compare(sources=sources, derived=derived)


def ready() -> bool:
    return _comparer is not None
