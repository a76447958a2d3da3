"""Word n-grams as tuples and as 64-bit keys."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from redline.text.ngrams import gram_keys, member, ngrams, word_ids


def test_ngrams_of_a_short_text_are_empty():
    assert ngrams(["a", "b", "c"], 2) == {("a", "b"), ("b", "c")}
    assert ngrams(["a"], 2) == set()


def test_gram_keys_are_equal_exactly_for_equal_ngrams():
    vocab: dict[str, int] = {}
    a = word_ids("the cat sat on the cat sat".split(), vocab)
    keys = gram_keys(a, 3)
    assert len(keys) == 5 and keys[0] == keys[4] and len(set(keys.tolist())) == 4
    assert len(gram_keys(a[:2], 3)) == 0


def test_member_marks_keys_present_in_a_sorted_list():
    have = np.array([3, 7, 9], dtype=np.uint64)
    assert member(np.array([7, 8, 9, 1], dtype=np.uint64), have).tolist() == [1, 0, 1, 0]
    assert member(np.array([7], dtype=np.uint64), have[:0]).tolist() == [0]


@given(st.lists(st.sampled_from(["a", "b", "c", "the"]), max_size=12), st.integers(min_value=0, max_value=5))
def test_ngrams_equal_the_plain_slices(words, n):
    assert ngrams(words, n) == {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    assert ngrams(tuple(words), n) == ngrams(words, n)
