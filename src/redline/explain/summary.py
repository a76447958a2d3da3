"""The framing summary: counts by kind and a 0..1 framing-shift score with its components."""
from __future__ import annotations

from ..model import Finding

KINDS = ("headline_changed", "opinion_added", "loaded_language", "attribution_removed",
         "attribution_added", "hedge_removed", "hedge_added", "quote_dropped", "quote_altered",
         "quote_added", "reply_dropped", "fact_changed")
# How much each component moves the score; they sum to 1 (see docs/framing.md).
WEIGHTS = {"opinion": 0.25, "loaded": 0.20, "attribution": 0.15, "quotes": 0.15, "replies": 0.10,
           "facts": 0.10, "headline": 0.05}
SEVERITY = {"high": 1.0, "medium": 0.6, "low": 0.3}


def framing_summary(ctx, findings: list[Finding]) -> dict:
    counts = {k: 0 for k in KINDS}
    for f in findings:
        counts[f.kind] += 1
    n_derived = max(1, len(ctx.derived))
    by = lambda *kinds: [f for f in findings if f.kind in kinds]  # noqa: E731
    opinion_sents = {f.data.get("sentence") for f in by("opinion_added") if f.severity != "low"}
    src_attr = sum(1 for s in ctx.source.values() for a in s.attributions if a.kind != "weasel")
    src_quotes = sum(1 for qs in ctx.source_quotes.values() for q in qs if q.kind == "quote")
    components = {
        "opinion": min(1.0, 2.0 * len(opinion_sents) / n_derived),
        "loaded": min(1.0, _weight(by("loaded_language")) / max(3.0, 0.25 * n_derived)),
        "attribution": min(1.0, _weight(by("attribution_removed", "attribution_added", "hedge_removed",
                                           "hedge_added")) / max(2.0, src_attr)),
        "quotes": min(1.0, _weight(by("quote_dropped", "quote_altered", "quote_added")) / max(2.0, src_quotes)),
        "replies": min(1.0, float(len(by("reply_dropped")))),
        "facts": min(1.0, _weight(by("fact_changed")) / 2.0),
        "headline": max([SEVERITY[f.severity] for f in by("headline_changed")], default=0.0),
    }
    score = sum(WEIGHTS[k] * v for k, v in components.items())
    return {"score": round(score, 4), "components": {k: round(v, 4) for k, v in components.items()},
            "weights": dict(WEIGHTS), "counts": counts, "findings": len(findings),
            "severity": {s: sum(1 for f in findings if f.severity == s) for s in ("high", "medium", "low")},
            "opinion_model": any("model" in a.features for a in ctx.derived)}


def _weight(findings: list[Finding]) -> float:
    return sum(SEVERITY[f.severity] for f in findings)
