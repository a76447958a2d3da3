"""Alignment thresholds. Calibrated with bench/meter.py, bench/mrpc.py and bench/clough.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    verbatim_chars: float = 0.95      # char ratio at or above which a sentence is a verbatim copy
    edited: float = 0.50              # lexical score at or above which a sentence is an edited copy
    paraphrase_lexical: float = 0.30  # lexical-only floor for a paraphrase
    paraphrase_semantic: float = 0.70  # cosine at or above which a sentence paraphrases its source
    support_semantic: float = 0.55    # cosine that, with lexical support, still counts as paraphrase
    support_lexical: float = 0.20
    short_words: int = 4              # sentences this short need a near-verbatim match
    merge_cover: float = 0.20         # share of a derived sentence a second source must add
    span_min_words: int = 3           # shortest verbatim run reported inside a matched pair
    wholly: float = 0.80              # reuse share for `wholly` derived
    partially: float = 0.20           # reuse share for `partially` derived
    semantic: bool | None = None      # None: use embeddings when installed
