"""Paragraph and sentence splitting: boundaries, abbreviations, quotes, layouts, offsets."""
import textwrap

import pytest

from redline.text import split_paragraphs, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text, "a")]


def assert_offsets(text):
    sents = split_sentences(text, "doc")
    for i, s in enumerate(sents):
        assert text[s.start:s.end] == s.text
        assert s.index == i and s.article == "doc"
        assert s.text == s.text.strip() and s.text
    starts = [s.start for s in sents]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))
    return sents


@pytest.mark.parametrize("text, expected", [
    ("Mr. Hale met Dr. Ortiz at 9 a.m. on Monday. They talked for an hour.",
     ["Mr. Hale met Dr. Ortiz at 9 a.m. on Monday.", "They talked for an hour."]),
    ("The U.S. Army agreed. The U.K. did not.", ["The U.S. Army agreed.", "The U.K. did not."]),
    ("J. R. Tolland wrote the report. It was long.", ["J. R. Tolland wrote the report.", "It was long."]),
    ("Sen. Wade and Gov. Pike spoke. Both left early.", ["Sen. Wade and Gov. Pike spoke.", "Both left early."]),
    ("No. 10 replied on Friday. Fig. 3 shows the rise.", ["No. 10 replied on Friday.", "Fig. 3 shows the rise."]),
    ("He said no. The vote failed.", ["He said no.", "The vote failed."]),
    ("The loan was $3.5 million. Rates rose 2.5 per cent.", ["The loan was $3.5 million.", "Rates rose 2.5 per cent."]),
    ("Is it safe? Nobody knows! Tests continue.", ["Is it safe?", "Nobody knows!", "Tests continue."]),
    ("The vote was 5-4... Critics called it rushed.", ["The vote was 5-4...", "Critics called it rushed."]),
])
def test_abbreviations_numbers_and_punctuation(text, expected):
    assert texts(text) == expected
    assert_offsets(text)


@pytest.mark.parametrize("text, expected", [
    ('He said: "We will rebuild." Then he left.', ['He said: "We will rebuild."', "Then he left."]),
    ('"We will rebuild," he said. "Nobody doubts it."', ['"We will rebuild," he said.', '"Nobody doubts it."']),
    ("“Stop,” she said. “Now.”", ["“Stop,” she said.", "“Now.”"]),
    ("He asked, “Why?” and walked out.", ["He asked, “Why?” and walked out."]),
    ("(The figures were revised.) Officials apologised.", ["(The figures were revised.)", "Officials apologised."]),
])
def test_quotes_and_brackets_stay_with_their_sentence(text, expected):
    assert texts(text) == expected
    assert_offsets(text)


def test_a_lower_case_continuation_is_not_a_boundary():
    assert texts("The firm, known as Acme Co. in town, grew. It hired.") == [
        "The firm, known as Acme Co. in town, grew.", "It hired."]


def test_blank_lines_separate_paragraphs():
    text = "First paragraph here. It has two sentences.\n\n\nSecond paragraph.\n   \nThird one."
    sents = assert_offsets(text)
    assert [s.paragraph for s in sents] == [0, 0, 1, 2]
    assert [text[a:b] for a, b in split_paragraphs(text)] == [
        "First paragraph here. It has two sentences.", "Second paragraph.", "Third one."]


def test_one_paragraph_per_line():
    text = "The storm hit the coast on Monday.\nPower was cut to 4,000 homes.\n“We are coping,” a resident said.\n"
    sents = assert_offsets(text)
    assert [s.paragraph for s in sents] == [0, 1, 2]
    assert len(split_paragraphs(text)) == 3


def test_hard_wrapped_lines_stay_one_paragraph_and_sentences_cross_lines():
    prose = ("The harbour authority said on Tuesday that the new breakwater would be finished by "
             "October, two years later than first planned. Engineers blamed the delay on storms "
             "that damaged the concrete blocks twice. The cost has risen to 31 million pounds, "
             "according to figures published by the Harbour Board.")
    text = textwrap.fill(prose, 60) + "\n\nA second paragraph follows here."
    sents = assert_offsets(text)
    assert [s.paragraph for s in sents] == [0, 0, 0, 1]
    assert " ".join(sents[0].text.split()) == ("The harbour authority said on Tuesday that the new breakwater "
                                                "would be finished by October, two years later than first planned.")
    assert " ".join(sents[2].text.split()).startswith("The cost has risen to 31 million pounds")


def test_wrapped_line_before_a_capitalised_name_does_not_split():
    prose = ("Councillors met on Thursday evening to discuss the budget with the finance director "
             "Petra Lindqvist, who warned that reserves would run out within three years unless "
             "spending was cut.")
    text = textwrap.fill(prose, 45)
    assert any(line[:1].isupper() for line in text.split("\n")[1:])  # the case under test
    assert len(assert_offsets(text)) == 1


def test_a_headline_line_without_a_full_stop_is_its_own_sentence():
    text = ("Storm Hits Coast Towns\nThe storm arrived on Monday night and flooded more than two hundred "
            "homes along the coast. Officials said the clean-up would take weeks.")
    assert texts(text)[0] == "Storm Hits Coast Towns"
    assert len(assert_offsets(text)) == 3


def test_offsets_survive_odd_whitespace_and_unicode():
    text = "  \tÉlodie Brun, 34, said: «C’est fini.»  Le maire a répondu.\r\n\r\n\u00a0Zoë — then — left!  "
    sents = assert_offsets(text)
    assert len(sents) >= 3


def test_empty_and_punctuation_only_texts_have_no_sentences():
    assert split_sentences("", "a") == []
    assert split_sentences("   \n\n  ", "a") == []
    assert split_sentences("... !!! ---", "a") == []


def test_sentence_indexes_run_across_paragraphs():
    text = "One. Two.\n\nThree. Four."
    assert [s.index for s in split_sentences(text)] == [0, 1, 2, 3]
    assert [s.text for s in split_sentences(text)] == ["One.", "Two.", "Three.", "Four."]


def test_a_text_without_sentence_ends_is_cut_into_bounded_pieces(monkeypatch):
    from redline import limits
    monkeypatch.setattr(limits, "MAX_SENTENCE_CHARS", 50)
    text = " ".join(f"word{n}" for n in range(60)) + " " + "x" * 120 + " end. A short one."
    sents = split_sentences(text, "a")
    assert all(len(s.text) <= 50 and s.text == text[s.start:s.end] for s in sents)
    assert "".join(s.text for s in sents).replace(" ", "") == text.replace(" ", "")
    assert [s.index for s in sents] == list(range(len(sents)))


_PIECES = ["The", "mayor", "said", "Mr.", "U.S.", "No.", "4", "it", "ended", ".", "!", "?", "...", '"', "”", "’",
           ")", "\n", "\n\n", " ", "- ", "(", "A", "é", "etc."]


@pytest.mark.parametrize("seed", range(300))
def test_paragraphs_without_a_line_break_are_cut_as_the_full_end_pattern_cuts_them(seed, monkeypatch):
    """_sentence_spans searches a paragraph with no line break for punctuation ends only."""
    import random

    from redline.text import sentences
    rng = random.Random(seed)
    text = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))
    fast = split_sentences(text, "a")
    monkeypatch.setattr(sentences, "_PUNCT_ONLY", sentences._END)
    assert split_sentences(text, "a") == fast
