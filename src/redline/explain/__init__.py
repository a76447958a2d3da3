"""Explain the rewrite: findings about framing, attribution, quotes and facts, and a framing summary.

``explain_comparison`` runs on every comparison. It uses the lexicons and rules only, plus the
opinion model on added sentences when the comparison already used sentence embeddings (the model
is loaded then, and those sentences' vectors are cached), so it never loads the model itself.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Comparison, Finding
from .analyse import SentenceAnalysis, analyse_many, analyse_one, analyse_sentences, analyse_text
from .claims import fact_changes, headline_changes, quote_changes
from .context import TITLE_SUFFIX, build_context
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .summary import KINDS, framing_summary
from .wording import attribution_changes, hedge_changes, loaded_language, opinion_added, reply_dropped

RULES = (headline_changes, opinion_added, loaded_language, attribution_changes, hedge_changes,
         quote_changes, reply_dropped, fact_changes)
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def explain_comparison(comparison: Comparison, lexicon: Lexicon | None = None,
                       embedder=None) -> Comparison:
    """The comparison with ``findings`` and a ``framing`` summary added."""
    lexicon = lexicon or default_lexicon()
    if embedder is None and comparison.semantic:
        embedder = _loaded_default_embedder()
    ctx = build_context(comparison, lexicon, embedder)
    findings = [f for rule in RULES for f in rule(ctx)]
    findings = sorted((f for f in findings if evidence_ok(ctx, f)), key=_order)
    return replace(comparison, findings=tuple(findings), framing=framing_summary(ctx, findings))


def _loaded_default_embedder():
    """The shared embedder when its model is already in memory (never loads it here)."""
    from ..embed import loaded_embedder
    return loaded_embedder()


def evidence_ok(ctx, finding: Finding) -> bool:
    """Every finding has evidence, and every span slices back to the text it shows."""
    spans = finding.derived + finding.source
    return bool(spans) and all(ctx.text_of(e.article)[e.start:e.end] == e.text and e.end > e.start
                               for e in spans)


def _order(f: Finding):
    first = (f.derived or f.source)[0]
    on_title = first.article.endswith(TITLE_SUFFIX)
    return (not on_title, f.derived == (), first.sentence if first.sentence is not None else -1,
            first.start, KINDS.index(f.kind), SEVERITY_ORDER[f.severity])


__all__ = ["explain_comparison", "analyse_text", "analyse_one", "analyse_many", "analyse_sentences",
           "SentenceAnalysis", "Lexicon", "load_lexicon", "default_lexicon", "TITLE_SUFFIX", "KINDS",
           "SEVERITY_ORDER"]
