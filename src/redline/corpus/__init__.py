"""A persistent corpus of articles: where did an article come from, which articles are the same
story, and who copied whom.

One module per step: ``store`` (SQLite), ``shingles`` (hashed word n-grams), ``index`` (inverted
index scoring containment exactly, with document-frequency pruning), ``minhash`` (seeded numpy
MinHash and LSH banding), ``vectors`` (sentence-embedding index for heavy paraphrase), ``trace``,
``clusters`` and ``lineage``. ``Corpus`` in ``api`` ties them together.
"""
from .api import Corpus
from .settings import CorpusSettings

__all__ = ["Corpus", "CorpusSettings"]
