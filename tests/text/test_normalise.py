"""Normalisation and word tokens with offsets."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.text import STOPWORDS, content_words, normalise, tokens, words


def test_normalise_folds_case_quotes_dashes_and_compatibility_forms():
    assert normalise("“Hello” – it’s ‘fine’") == "\"hello\" - it's 'fine'"
    assert normalise("ﬁnal\u00a0ROUND") == "final round"
    assert normalise("«Oui» — dit-il") == '"oui" - dit-il'


def test_tokens_keep_offsets_into_the_original_text():
    text = "  The Mayor’s office, at 10 Main St., said NO!"
    toks = tokens(text)
    assert [t.norm for t in toks] == ["the", "mayor", "office", "at", "10", "main", "st", "said", "no"]
    for t in toks:
        assert normalise(text[t.start:t.end]).replace("'s", "") == t.norm


def test_tokens_with_an_offset_point_into_the_enclosing_text():
    whole = "First sentence. Second sentence here."
    start = whole.index("Second")
    for t in tokens(whole[start:], start):
        assert whole[t.start:t.end].lower() == t.norm


def test_possessive_s_is_dropped_but_contractions_survive():
    assert [t.norm for t in tokens("The council's plan isn't new")] == ["the", "council", "plan", "isn't", "new"]


def test_unicode_letters_and_digits_are_words_punctuation_and_underscores_are_not():
    assert [t.norm for t in tokens("Zoë paid €40 (for_2) — naïve?")] == ["zoë", "paid", "40", "for", "2", "naïve"]


def test_content_words_drop_stopwords():
    words = [t.norm for t in tokens("The council and the mayor were not at the meeting")]
    assert content_words(words) == ["council", "mayor", "meeting"]
    assert {"the", "and", "not"} <= STOPWORDS
    assert "council" not in STOPWORDS


# Text with the characters that make tokenising differ: ASCII, accents (composed and combining),
# curly and grave quotes, apostrophes, ligatures and full-width forms, digits, dashes, line breaks.
_ALPHABET = st.sampled_from(list("abcXYZ019 .,;:!?'\"-\n") + list("éÉß\u0301‘’‚‛`“”«»–—ﬁＡｂ２\u00a0İſ£"))
_TEXTS = st.text(_ALPHABET, max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_corpus_shingles_and_the_comparison_split_a_text_into_the_same_words(text):
    """trace finds candidates by shingles and verifies them by comparison: both must see the
    same words, or a candidate's shared shingles need not be words the comparison aligns."""
    from redline.align.features import featurise_all
    from redline.corpus.shingles import shingle_hashes, text_shingles
    from redline.text.sentences import split_sentences
    compared = [w for f in featurise_all(split_sentences(text, "a")) for w in f.words]
    assert words(text) == [t.norm for t in tokens(text)] == compared
    assert np.array_equal(text_shingles(text), shingle_hashes(compared))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 5000))
def test_sentence_tokens_from_the_cache_are_the_tokens_at_their_offset(text, offset):
    """featurise takes a sentence's tokens from the cache the explain rules fill, shifted to its offset."""
    from redline.text.normalise import sentence_tokens
    assert list(sentence_tokens(text, offset)) == tokens(text, offset)
    assert all(type(t) is type(u) for t, u in zip(sentence_tokens(text, offset), tokens(text, offset)))


def _words_reference(text):
    """words() before its fast paths: the table fold, then the possessive check on every word."""
    from redline.text.normalise import _JOINS, _QUOTES, _WORD
    folded = text.translate(_QUOTES)
    if folded.isascii() and not any(c in text for c in _JOINS):
        found = _WORD.findall(folded.lower())
    else:
        found = [w.translate(_QUOTES).lower() for w in _WORD.findall(text)]
    return [w[:-2] if w.endswith("'s") else w for w in found]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("abS's`‘’ \n-") + ["Σ", "ς", "İ", "\u0301", "—", "«", "\u00a0"]), max_size=60))
def test_folding_and_words_give_what_the_table_and_the_plain_loop_gave(text):
    from redline.text.normalise import _QUOTES, fold_quotes
    assert fold_quotes(text) == text.translate(_QUOTES)
    assert words(text) == _words_reference(text)
    assert normalise(text) == __import__("unicodedata").normalize("NFKC", text).translate(_QUOTES).lower()
