"""Shared helpers for the explain tests: fixture pairs compared lexical-only (no model needed)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from redline import compare
from redline.ingest import load_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "explain"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KINDS = ("opinion_added", "loaded_language", "attribution_removed", "attribution_added", "hedge_removed",
         "hedge_added", "quote_dropped", "quote_altered", "quote_added", "reply_dropped", "fact_changed",
         "headline_changed")


def pair(name: str):
    return load_article(FIXTURES / f"{name}.source.txt"), load_article(FIXTURES / f"{name}.rewrite.txt")


def compared(source, derived):
    return compare(source=source, derived=derived, semantic=False)


def self_copy(article):
    return compared(article, replace(article, id=article.id + "#copy"))


@pytest.fixture(scope="session")
def example():
    return compared(load_article(EXAMPLES / "wire.txt"), load_article(EXAMPLES / "rewrite.txt"))


def text_of(comparison, article_id: str) -> str:
    arts = {a.id: a for a in (*comparison.sources, comparison.derived)}
    if article_id.endswith("#title"):
        return arts[article_id[:-len("#title")]].title
    return arts[article_id].text
