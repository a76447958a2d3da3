"""The reused-word model and the quote detector it reads."""
import numpy as np

from redline import Article, Comparer
from redline.align.features import featurise_all
from redline.align.models import WORD_FEATURES, reused_words
from redline.align.settings import Settings
from redline.align.words import quoted, reused_mask, word_covers, word_features
from redline.pipeline import text_features
from redline.text import split_sentences

SOURCE = ("The harbour board agreed on Monday to dredge the eastern channel before the autumn storms. "
          "Engineers warned that silt had narrowed the entrance to a single lane. The work will cost "
          "two million pounds and take six weeks, the board said.")
NEW = ("A choir from the valley sang at the opening of the new concert hall. Tickets for the winter "
       "season sold out within an hour, and the organisers plan a second series in spring.")

lexical = Comparer(semantic=False, explain=False)


def _mask(source_text: str, derived_text: str) -> tuple[list[str], np.ndarray]:
    comp = lexical.compare(sources=[Article("s", source_text)], derived=Article("d", derived_text))
    d, s = list(text_features("d", derived_text)), list(text_features("s", source_text))
    mask = reused_mask(d, s, list(comp.derived_sentences), word_covers(d, s), quoted(d), Settings())
    return [w for f in d for w in f.words], mask


def test_model_numbers_match_the_feature_list():
    m = reused_words()
    assert len(m["mean"]) == len(m["scale"]) == len(m["coef"]) == len(WORD_FEATURES)
    assert tuple(m["features"]) == WORD_FEATURES
    assert all(s > 0 for s in m["scale"])


def test_a_copy_is_all_reused_and_new_text_is_not():
    words, mask = _mask(SOURCE, SOURCE)
    assert mask.all()
    words, mask = _mask(SOURCE, NEW)
    assert not mask.any()


def test_only_the_copied_sentence_is_reused_in_a_mixed_text():
    first = SOURCE.split(". ")[0] + "."
    words, mask = _mask(SOURCE, first + " " + NEW)
    n = len(featurise_all(split_sentences(first, "x"))[0].words)
    assert mask[:n].all()
    assert not mask[n:].any()


def test_word_features_have_one_row_per_word_and_one_column_per_name():
    comp = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", NEW + " " + SOURCE))
    d, s = list(text_features("d", NEW + " " + SOURCE)), list(text_features("s", SOURCE))
    X = word_features(d, s, list(comp.derived_sentences), word_covers(d, s), quoted(d))
    assert X.shape == (sum(f.size for f in d), len(WORD_FEATURES))
    window = X[:, WORD_FEATURES.index("window3_5")]
    first_new_sentence = d[0].size
    assert (window[:first_new_sentence] == 0).all(), "windows stay inside their sentence"


def test_single_quotes_are_quotes_and_apostrophes_are_not():
    text = ("The judge said the attack was 'wicked and evil'. The Smiths' dog didn't bark.\n\n"
            "'We are sorry,' he said.")
    feats = featurise_all(split_sentences(text, "q"))
    flags = quoted(feats)
    inside = {w for w, q in zip([w for f in feats for w in f.words], flags) if q}
    assert {"wicked", "evil", "we", "sorry"} <= inside
    assert not {"judge", "attack", "dog", "didn't", "bark", "said"} & inside


def test_an_unclosed_single_quote_stops_at_its_paragraph():
    text = "He said: 'We will appeal against the ruling.\n\nThe court rose at noon."
    feats = featurise_all(split_sentences(text, "q"))
    flags = dict(zip([w for f in feats for w in f.words], quoted(feats)))
    assert flags["appeal"] and not flags["court"]


def test_local_match_and_stems_see_a_rewritten_clause():
    source = "Police found the body of the missing boy in woods near the village."
    derived = ("The missing boy's body was found by police in woods, and a choir sang at the hall "
               "of the new theatre on the hill.")
    d, s = featurise_all(split_sentences(derived, "d")), featurise_all(split_sentences(source, "s"))
    comp = lexical.compare(sources=[Article("s", source)], derived=Article("d", derived))
    X = word_features(d, s, list(comp.derived_sentences), word_covers(d, s), quoted(d))
    col = dict(zip([w for f in d for w in f.words], X[:, WORD_FEATURES.index("local_match3")]))
    assert col["body"] == 1.0 and col["theatre"] == 0.0
    stem = dict(zip([w for f in d for w in f.words], X[:, WORD_FEATURES.index("stem_window3")]))
    assert stem["found"] > stem["hill"]
