"""A persistent corpus of articles: where did an article come from, which articles are the same
story, and who copied whom.

One module per step: ``files`` (the inputs of `corpus add`), ``add`` (batched writes), ``store``
(SQLite) with its ``schema`` (tables, checks, migrations), ``shingles`` (hashed word n-grams),
``index`` (inverted index scoring containment exactly, with document-frequency pruning) with its
``segments`` (the files it is saved in), ``vectors`` (sentence-embedding index for heavy
paraphrase), ``trace``, ``clusters`` (steps run by any ``redline.engines`` executor) and
``lineage``. ``Corpus`` in ``api`` ties them together.
"""
from .api import Corpus
from .settings import CorpusSettings

__all__ = ["Corpus", "CorpusSettings"]
