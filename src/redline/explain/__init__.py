"""Explain the rewrite: findings about framing, attribution, quotes and facts."""
from __future__ import annotations

from ..model import Comparison


def explain_comparison(comparison: Comparison) -> Comparison:
    """Add findings to a comparison (filled in by the explain modules)."""
    return comparison
