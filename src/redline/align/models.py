"""The aligner's two fitted models, read from their data files in ``redline/models``:

- ``derivation.json``: the derivation level (wholly / partially / none) from document features
  (read by name), a sequential logistic model (derived or not, then wholly or partially) with its
  class priors;
- ``reused_words.json``: whether a derived word is reused (Verbatim or Rewrite) from the per-word
  features ``words.word_features`` computes, a logistic model. The file must list exactly the
  columns below, in order, or it is refused.

Both are refit and rewritten by ``python bench/meter.py --fit``; each file records its dataset,
protocol, figure and command (docs/models.md). No fitted number lives in code."""
from __future__ import annotations

from functools import lru_cache

from .. import models

# The columns of ``words.word_features``, in the order it computes them.
WORD_FEATURES = ("cover1", "cover2", "cover3", "cover5", "window3_2", "window2_2", "window3_5",
                 "window2_5", "sentence_cover1", "sentence_cover2", "sentence_cover3", "lexical", "score",
                 "log_sentence_words", "verbatim", "edited", "paraphrase", "stopword", "quoted",
                 "in_closest_source", "stem_window3", "stem_window10", "local_match3", "local_match6",
                 "document_cover1", "document_cover2", "document_cover3", "document_cover5",
                 "log_document_words")


def derivation() -> dict:
    return models.load("derivation")


@lru_cache(maxsize=1)
def reused_words() -> dict:
    data = models.load("reused_words")
    if tuple(data["features"]) != WORD_FEATURES:
        raise models.ModelFileError("reused_words: the file's features are not the columns word_features "
                                    "computes; refit it with python bench/meter.py --fit")
    return data
