"""Numerals with their offsets, plain numeral values, and words that hold digits."""
from redline.text.numbers import NUMBER_WORDS, number_values, numerals, numeric_words


def test_numerals_keep_their_units_and_offsets():
    text = "At 3 p.m. on day 2, 1,200 people (12%) came."
    assert numerals(text) == [("3 p.m", 3, 8), ("2", 17, 18), ("1,200", 20, 25), ("12%", 34, 37)]
    for value, start, end in numerals(text):
        assert text[start:end].lower() == value


def test_number_values_drop_thousands_separators():
    assert number_values("1,200 and 1200 and 3.5, 10:30") == {"1200", "3.5", "10:30"}


def test_numeric_words_and_number_words():
    assert numeric_words(["the", "10", "b2b", "ten"]) == {"10", "b2b"}
    assert "ten" in NUMBER_WORDS and "tent" not in NUMBER_WORDS
