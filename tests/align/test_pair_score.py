import numpy as np

from redline.align.features import featurise
from redline.align.lexical import lexical_scores
from redline.align.matcher import pair_parts, pair_score
from redline.align.settings import Settings
from redline.model import Sentence


def parts(derived: str, source: str):
    d = [featurise(Sentence("d", 0, 0, len(derived), derived))]
    s = [featurise(Sentence("s", 0, 0, len(source), source))]
    lex = lexical_scores(d, s)
    pair, penalty = pair_parts(lex, d, s)
    return lex, float(pair[0, 0]), float(penalty[0, 0])


def test_the_same_sentence_has_no_penalty_and_its_full_lexical_score():
    text = "The council approved 12 new homes on the old depot site on Monday."
    lex, pair, penalty = parts(text, text)
    assert penalty == 0.0 and np.isclose(pair, lex["lexical"][0, 0])


def test_different_numbers_and_a_lopsided_length_cost_score():
    source = "The council approved 12 new homes on the old depot site on Monday."
    _, _, same = parts("Councillors backed 12 homes at the depot on Monday.", source)
    _, _, clash = parts("Councillors backed 40 homes at the depot on Monday.", source)
    assert clash > same
    _, _, longer = parts(source + " Residents had objected for two years, saying the roads "
                                          "could not cope with more traffic at school times.", source)
    assert longer > same


def test_a_one_sided_containment_counts_less_in_the_blend_than_in_the_lexical_score():
    source = "The council approved new homes on the old depot site on Monday."
    lex, pair, _ = parts("The council approved new homes.", source)
    assert pair < lex["lexical"][0, 0]


def test_blend_uses_pair_and_penalty_only_where_a_cosine_exists():
    st = Settings()
    lex = np.array([0.2, 0.4], dtype=np.float32)
    cos = np.array([np.nan, 0.9], dtype=np.float32)
    out = pair_score(lex, cos, st, np.array([0.1, 0.3]), np.array([0.05, 0.05]))
    w = st.semantic_weight
    assert out[0] == np.float32(0.2)
    assert np.isclose(out[1], w * 0.9 + (1 - w) * 0.3 - 0.05)
