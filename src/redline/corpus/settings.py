"""Corpus thresholds. Calibrated with bench/corpus_meter.py and bench/corpus_scale.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CorpusSettings:
    shingle: int = 3                 # words per shingle
    max_df: int = 50                 # shingles in more documents than this are boilerplate ...
    max_df_share: float = 0.002      # ... or in more than this share of the corpus, whichever is larger
    retrieve: int = 30               # lexical candidates taken from the index per trace ...
    candidates: int = 10             # ... of which at most this many are verified
    sibling_share: float = 0.5       # trace: a copy dated the same day as the article, at most this share of whose
                                     # overlap with it an earlier source lacks, ranks below that source (a sibling);
                                     # 0 where same-day copies of copies are common (see trace.precedence)
    same_day_copies: bool = True     # False for print editions: texts dated the same day (no times) came out
                                     # together and cannot have copied each other
    origin: bool = True              # trace: decide which candidate the article was taken from (siblings apart,
                                     # "no source" when none derives); False: rank by score and precedence only
    semantic_candidates: int = 5     # extra candidates from the embedding index
    word_candidates: int = 3         # extra candidates from the word index (BM25 over the article's words) ...
    word_share: float = 0.3          # ... holding at least this share of the best candidate's word weight
    verify_share: float = 0.1        # lexical candidates below this share of the best containment are not verified
    min_containment: float = 0.0    # weighted share of the article a candidate must hold to be verified
    edge_containment: float = 0.06   # clusters: weighted containment of the smaller article in the other
    edge_min_shared: float = 6.0     # ... and share at least this much shingle weight (about ten shingles)
    edge_sure: float = 0.3           # clusters: an edge below this containment needs a verified derivation ...
    edge_sentences: int = 2          # ... (its derivation level, or this many of the smaller article's own sentences)
    edge_reuse: float = 0.20         # clusters --verify: reuse share an edge must reach
    lineage_max_nodes: int = 0       # 0: no cap; a positive number cuts lineage to that many members
    lineage_verify: int = 3          # candidate parents verified per member when no added text decides
    batch: int = 500                 # articles per transaction in `corpus add`
    busy_timeout: float = 5.0        # seconds to wait on a locked database
    semantic_sentences: int = 12     # leading sentences averaged into an article vector

    def df_limit(self, n_docs: int) -> int:
        return max(self.max_df, int(self.max_df_share * n_docs))
