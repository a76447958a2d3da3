"""Quote extraction: straight and curly marks, quotes across sentences and paragraphs, speakers."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.text import quotes as quote_module
from redline.text.quotes import extract_quotes


def quotes(text):
    out = extract_quotes(text)
    for q in out:
        assert text[q.start:q.end] == q.text
        if q.speaker is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker
    return [(q.kind, q.text, q.speaker) for q in out]


def test_straight_quote_speaker_after():
    assert quotes('"We will rebuild the pier," Mayor Ann Lee said.') == [
        ("quote", "We will rebuild the pier,", "Mayor Ann Lee")]


def test_curly_quote_inverted_speaker_with_title():
    text = "“Our members were never consulted,” said Maria Ortega, president of the union."
    assert quotes(text) == [("quote", "Our members were never consulted,", "Maria Ortega")]


def test_speaker_with_abbreviation():
    text = "“The data are clear,” said Dr. Jane Roe, a professor."
    assert quotes(text)[0][2] == "Dr. Jane Roe"


def test_the_letter_states():
    text = '"The company failed to act on repeated warnings," the letter states.'
    assert quotes(text) == [("quote", "The company failed to act on repeated warnings,", "the letter")]


def test_speaker_before_with_colon():
    text = 'The chief said: "Nobody will be charged tonight."'
    assert quotes(text) == [("quote", "Nobody will be charged tonight.", "The chief")]


def test_quote_spanning_sentences_is_one_quote():
    text = 'Smith said: “This is the first part. And this is the second.” Then she left.'
    assert quotes(text) == [("quote", "This is the first part. And this is the second.", "Smith")]


def test_continued_quote_takes_speaker():
    text = "“We will not stop,” the letter states. “Never.”"
    assert [q[2] for q in quotes(text)] == ["the letter", "the letter"]


def test_quote_open_at_paragraph_end_continues():
    text = "“It carries on here without a closing mark\n\n“and ends here,” said Jo Bell."
    got = quotes(text)
    assert got[0][0] == "quote" and got[0][2] == "Jo Bell" and got[1][2] == "Jo Bell"


def test_scare_quotes_and_titles_are_not_quotations():
    text = "He called it a ‘witch hunt’ and said \"Orange Is the New Black\" was the 'peaceful' one."
    kinds = {q[1]: q[0] for q in quotes(text)}
    assert kinds == {"witch hunt": "scare", "Orange Is the New Black": "title", "peaceful": "scare"}


def test_apostrophes_are_not_quotes():
    assert quotes("The agents' union and the city's lawyers didn't agree.") == []


def test_no_speaker_across_paragraphs():
    text = "“We will win.”\n\n“Another quote with no speaker here.”"
    assert all(q[2] is None for q in quotes(text))


_HEAD_WORDS = st.sampled_from(["Smith", "the", "mayor", "said", "Said", "SAYS", "told", "reporters", "on",
                               "Tuesday", ":", ",", "said,", "warned:", "sayings", "ſaid", "é", "J.", "O'Neil",
                               "-", "and", "added", "it", "in", "a", "statement", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_HEAD_WORDS, max_size=16).map(" ".join), st.sampled_from(["", " ", ": ", ", "]))
def test_verb_check_never_skips_a_head_the_speaker_pattern_matches(head, end):
    """The quick check before the slow speaker-before-quote pattern only skips heads it cannot match."""
    head += end
    if quote_module._verb_re()[2].search(head):
        assert quote_module._verb_near_end(head)


def _double_spans_reference(text, start, end):
    """The character loop _double_spans replaced (every character of the paragraph tested)."""
    spans, open_at = [], None
    for i in range(start, end):
        ch = text[i]
        if ch not in '"' + quote_module.DOUBLE_OPEN + quote_module.DOUBLE_CLOSE:
            continue
        if open_at is None:
            if ch in quote_module.DOUBLE_CLOSE:
                continue
            open_at = i
        elif ch in quote_module.DOUBLE_OPEN:
            spans.append((open_at, i, False))
            open_at = i
        else:
            spans.append((open_at, i, True))
            open_at = None
    if open_at is not None and end - open_at > 2:
        spans.append((open_at, end, False))
    return spans


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "“”„«»\'‘’\n.'), max_size=40), st.data())
def test_double_spans_finds_the_marks_the_character_loop_found(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert quote_module._double_spans(text, start, end) == _double_spans_reference(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["He", "said", "'no", "way'", "‘maybe’", "it's", '"We', 'won,"', "Smith", "said.",
                                 "\n\n", "“Yes”", "Jones’", "x"]), max_size=30).map(" ".join))
def test_paragraphs_without_single_marks_skip_the_single_quote_search(text):
    import unittest.mock
    fast = extract_quotes(text)
    with unittest.mock.patch.object(quote_module, "_has_single", lambda *a: True):
        assert extract_quotes(text) == fast


_SEPARATORS = st.sampled_from([" ", "", "  ", "\n", "\u00a0", "\t", ", ", '"'])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(_HEAD_WORDS, _SEPARATORS), max_size=24), st.sampled_from(["", " ", ": ", ", ", "\n"]))
def test_speaker_before_finds_the_match_a_search_of_every_position_finds(parts, end):
    """speaker_before tries the pattern only at the starts of word runs among the head's last tokens."""
    before = quote_module._verb_re()[2]
    head = "".join(w + sep for w, sep in parts) + end
    want, got = before.search(head), quote_module.speaker_before(before, head)
    assert (got and (got.span(), got.span("who"))) == (want and (want.span(), want.span("who"))), head


def test_speaker_before_on_long_heads():
    before = quote_module._verb_re()[2]
    heads = ["In a statement released on Tuesday evening after the hearing the Chief Constable of the "
             "county force Mr John O'Neil-Smith Jr. said, ",
             "x " * 40 + "the mayor told reporters on Tuesday:", "(Smith) said", "Smith said the", "said"]
    for head in heads:
        want, got = before.search(head), quote_module.speaker_before(before, head)
        assert (got and got.span("who")) == (want and want.span("who"))
    assert quote_module.speaker_before(before, heads[0]).group("who") == "county force Mr John O'Neil-Smith Jr."
