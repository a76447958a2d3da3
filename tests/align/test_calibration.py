"""The calibrated parts of the aligner: derivation model, reused words, pair score, quotes."""
import math

import numpy as np

from redline import Article, Comparer
from redline.align.features import featurise_all
from redline.align.lexical import overlap
from redline.align.matcher import pair_score
from redline.align.models import derivation
from redline.align.settings import Settings
from redline.align.verdict import LEVELS, level_probabilities
from redline.align.words import quoted, reused_spans
from redline.pipeline import text_features
from redline.text import split_sentences

SOURCE = ("The city council voted on Tuesday to close the Elm Street library after a decade of falling "
          "visitor numbers. Councillor Mary Hart said the decision was painful but necessary. The building "
          "will be sold to a developer, and the proceeds will fund mobile book vans for outlying villages. "
          "Local residents collected four thousand signatures against the closure last spring.")
UNRELATED = ("A rare orange butterfly was photographed in a mountain meadow by a retired teacher. Experts "
             "believe the insect travelled hundreds of miles on warm southerly winds. The photograph has been "
             "shared widely among amateur naturalists, who hope to spot more of them this summer.")

lexical = Comparer(semantic=False, explain=False)


def test_model_numbers_have_consistent_shapes():
    m = derivation()
    n = len(m["features"])
    assert len(m["mean"]) == len(m["scale"]) == n
    assert sorted(m["classes"]) == sorted(LEVELS) and len(m["heads"]) == len(LEVELS) - 1
    assert all(len(h["coef"]) == n for h in m["heads"])
    assert all(s > 0 for s in m["scale"])
    assert abs(sum(m["priors"].values()) - 1) < 1e-3


def test_copy_is_wholly_and_unrelated_is_none():
    copy = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", SOURCE))
    other = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", UNRELATED))
    assert copy.derivation == "wholly"
    assert other.derivation == "none"
    assert copy.features["word_reuse"] == 1.0
    assert other.features["word_reuse"] < 0.1


def test_probabilities_sum_to_one_and_favour_more_reuse():
    copy = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", SOURCE))
    half = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", SOURCE + " " + UNRELATED))
    p_copy, p_half = level_probabilities(copy.features), level_probabilities(half.features)
    assert math.isclose(sum(p_copy.values()), 1.0, rel_tol=1e-6)
    assert p_copy["wholly"] > p_half["wholly"]
    assert half.derivation in ("partially", "wholly")


def test_threshold_mode_still_available():
    c = Comparer(Settings(derivation_model=False), semantic=False, explain=False)
    out = c.compare(sources=[Article("s", SOURCE)], derived=Article("d", UNRELATED))
    assert out.derivation == "none"
    assert out.derivation_confidence is None and out.to_dict()["derivation_probabilities"] == {}


def test_reused_spans_slice_back_and_skip_new_text():
    derived_text = SOURCE.split(". ")[0] + ". " + UNRELATED
    comp = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", derived_text))
    d = list(text_features("d", derived_text))
    s = list(text_features("s", SOURCE))
    spans = reused_spans(d, s, list(comp.derived_sentences), derived_text)
    assert spans, "the copied first sentence is reused"
    for sp in spans:
        assert derived_text[sp.start:sp.end] == sp.text
    assert all(sp.end <= len(SOURCE.split(". ")[0]) + 1 for sp in spans)


def test_pair_score_blends_only_where_a_cosine_exists():
    st = Settings()
    lex = np.array([0.2, 0.4], dtype=np.float32)
    cos = np.array([np.nan, 0.9], dtype=np.float32)
    out = pair_score(lex, cos, st)
    assert out[0] == np.float32(0.2)
    assert math.isclose(float(out[1]), st.semantic_weight * 0.9 + (1 - st.semantic_weight) * 0.4, rel_tol=1e-5)
    assert np.array_equal(pair_score(lex, None, st), lex)


def test_quoted_words_follow_quotes_across_sentences():
    text = 'He said: "We will appeal. We are sure." The judge left.'
    feats = featurise_all(split_sentences(text, "q"))
    flags = quoted(feats)
    words = [w for f in feats for w in f.words]
    inside = {w for w, q in zip(words, flags) if q}
    assert {"we", "appeal", "sure"} <= inside
    assert "judge" not in inside and "said" not in inside


def test_overlap_is_item_containment():
    d = featurise_all(split_sentences("Red apples fell today. Nothing here matches.", "d"))
    s = featurise_all(split_sentences("Red apples fell yesterday in the storm.", "s"))
    m = overlap(d, s, "content")
    expect = len(d[0].content & s[0].content) / len(d[0].content)
    assert math.isclose(float(m[0, 0]), expect, rel_tol=1e-6)
    assert float(m[1, 0]) == 0.0
