"""Opinion without opinion words in added sentences (issue 15): rhetorical cues and the finding."""
from redline import Article, Comparer
from redline.explain.rhetoric import cues

SOURCE = ("The county council met on Tuesday to discuss the library service.\n\n"
          "Officers presented a report on visitor numbers and the cost of the seven branches.")
lexical = Comparer(semantic=False, explain=True)


def _opinion_findings(added: str):
    c = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", SOURCE + "\n\n" + added))
    return [f for f in c.findings if f.kind == "opinion_added" and f.derived[0].start >= len(SOURCE)]


def test_each_kind_has_a_cue_and_offsets_slice_back():
    examples = {
        "sarcasm": "Naturally, the library budget was cut before the councillors' expenses.",
        "insinuation": "The contractor apparently knew about the leak for months.",
        "appeal_to_many": "Many readers feel the branches have been left to rot.",
        "rhetorical_question": "Who, exactly, will pay for the roof?",
        "moral_judgement": "It is shameful that pensioners lose their reading room.",
        "loaded_summary": "In short, the service is being run into the ground.",
        "prediction_warning": "Mark my words, the branches will close within the year.",
        "call_to_action": "Councillors must think again before Thursday's vote.",
    }
    for kind, text in examples.items():
        found = cues(text)
        assert kind in {c.kind for c in found}, (kind, found)
        assert all(text[c.start:c.end] == c.text and c.text == c.text.strip() for c in found)


def test_cues_inside_quotes_and_plain_reports_do_not_count():
    assert cues('"Who will pay for this?" one resident asked.') == []
    assert cues("Officers will present the report to the committee next month.") == []
    assert cues("The branch opened in 1967 and has 12,000 books.") == []


def test_added_sarcasm_without_opinion_words_is_reported():
    found = _opinion_findings("Of course, the report was published the day after the vote.")
    assert found and found[0].data["rhetoric"] == ["sarcasm"]
    assert any(e.text == "Of course," for e in found[0].derived)


def test_named_speaker_keeps_the_move_theirs():
    assert _opinion_findings("The chief librarian said the council should keep all seven branches.") == []
    assert _opinion_findings("The council should keep all seven branches.")
