"""Alignment thresholds. Calibrated with bench/meter.py, bench/mrpc.py and bench/clough.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    verbatim_chars: float = 0.95      # char ratio at or above which a sentence is a verbatim copy
    edited: float = 0.50              # lexical score at or above which a sentence is an edited copy
    paraphrase_lexical: float = 0.30  # lexical-only floor for a paraphrase
    semantic_weight: float = 0.70     # weight of the cosine in a pair's blended score (MRPC-calibrated)
    paraphrase_score: float = 0.50    # blended score for a `paraphrase` label (METER word spans, CV;
                                      # MRPC's stricter equivalence threshold is ~0.61)
    semantic_floor: float = 0.20      # below this best lexical score a sentence is not embedded
    semantic_candidates: int = 2      # source sentences embedded per unsettled derived sentence
                                      # (0.20 and 2, not 0.10 and 4: 2.6x fewer tokens, METER and
                                      # Clough unchanged within 0.005; bench/README.md, speed)
    support_lexical: float = 0.20
    short_words: int = 4              # sentences this short need a near-verbatim match
    merge_cover: float = 0.20         # share of a derived sentence a second source must add
    span_min_words: int = 3           # shortest verbatim run reported inside a matched pair
    wholly: float = 0.80              # reuse share for `wholly` derived
    partially: float = 0.20           # reuse share for `partially` derived (without the model)
    derivation_model: bool = True     # derivation level from the fitted model (align/models.py)
    reused_word: float | None = None  # word-model probability at which a derived word counts as reused
                                      # (None: the threshold fitted with the model, reused_words.json)
    semantic: bool | None = None      # None: use embeddings when installed
