"""redline: where did a news article come from, what was changed, and was it republished on its terms?"""
from ._version import __version__ as __version__
from .align.settings import Settings
from .corpus import Corpus
from .errors import InputError, RedlineError
from .ingest import load_article
from .model import Article, Comparison, Finding, Match, Sentence, Span
from .pipeline import Comparer, compare

__all__ = [
    "Article",
    "Comparer",
    "Comparison",
    "Corpus",
    "Finding",
    "InputError",
    "Match",
    "RedlineError",
    "Sentence",
    "Settings",
    "Span",
    "compare",
    "load_article",
]
