"""Opinion without opinion words in added sentences (issue 15): cue families, the learned rhetoric
model shipped as a data file, the named-speaker guard and the finding's evidence."""
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline import Article, Comparer, models
from redline.explain import analyse_one, rhetoric
from redline.explain.rhetoric import DERIVED_FEATURES, FAMILIES, LEXICON_FEATURES, NEUTRAL_FAMILIES, assess, cues

SOURCE = ("The county council met on Tuesday to discuss the library service.\n\n"
          "Officers presented a report on visitor numbers and the cost of the seven branches.")
lexical = Comparer(semantic=False, explain=True)


def _opinion_findings(added: str):
    c = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", SOURCE + "\n\n" + added))
    return [f for f in c.findings if f.kind == "opinion_added" and f.derived[0].start >= len(SOURCE)]


def test_cue_families_find_their_spans_outside_quotes():
    text = 'Apparently the contract went to a friend, and "who will pay?" nobody asked.'
    found = cues(text)
    assert ("insinuation", "Apparently") in {(c.kind, c.text) for c in found}
    assert all(text[c.start:c.end] == c.text and c.text == c.text.strip() for c in found)
    assert not any(c.kind == "question" for c in found)   # the question mark is inside the quote
    assert any(c.kind == "question" for c in cues("Who, exactly, will pay for the roof?"))
    assert any(c.kind == "wire_furniture" for c in cues("LONDON (Reuters) -"))
    assert any(c.kind == "imperative_opening" for c in cues("Sign the petition before Friday."))


def test_shipped_models_say_how_they_were_made():
    for mode in ("lexical", "semantic"):
        data = models.load(f"opinion_rhetoric_{mode}")
        assert data["features"][:len(FAMILIES)] == list(FAMILIES)
        assert set(data["features"]) >= {*NEUTRAL_FAMILIES, *LEXICON_FEATURES, *DERIVED_FEATURES}
        assert len(data["dataset"]["sha256"]) == 64 and 0 < data["threshold"] < 1
        assert "grouped" in data["protocol"] and data["figure"]["cv"]["recall_per_kind"]
        raw = json.loads((resources.files("redline.models") / f"opinion_rhetoric_{mode}.json").read_text())
        assert raw["command"].startswith("python bench/opinion_added.py") and "--fit" in raw["command"].split()
    assert len(models.load("opinion_rhetoric_semantic")["embedding_head"]["coef"]) == 384


def test_shipped_models_record_the_wire_halves_and_their_cap():
    for mode in ("lexical", "semantic"):
        wire = models.load(f"opinion_rhetoric_{mode}")["wire"]
        assert len(wire["sha256"]) == 64 and "sha256(" in wire["halves"] and wire["weight"] > 0
        assert set(wire["stories"]) == {"fit", "report"} and min(wire["stories"].values()) > 50
        assert 0 < wire["cap"] <= 0.07
        assert models.load(f"opinion_rhetoric_{mode}")["figure"]["cv"]["wire_fit_half_flagged"] <= wire["cap"]


@pytest.mark.parametrize("sentence", [
    "The jury was told the boy suffered a fractured skull and spent a month in intensive care.",
    "The sentencing hearing will resume on Thursday once the probation report is ready.",
    "The tribunal said the employer should have consulted the staff before the move.",
    "Prosecutors alleged that the pair had stolen more than £30,000 from the pension fund.",
])
def test_wire_style_reports_are_not_opinion(sentence):
    for vector in (None, _embed(sentence)):
        assert not assess(analyse_one(sentence, learned=False), vector).flagged


def _embed(sentence: str):
    from redline.embed import default_embedder
    return default_embedder().encode([sentence])[0]


def test_model_separates_moves_from_plain_additions():
    opinion = ["Naturally, the library budget was cut before the councillors' expenses.",
               "The contractor apparently knew about the leak for months.",
               "Many readers feel the branches have been left to rot.",
               "Who, exactly, will pay for the roof?",
               "Councillors must think again before Thursday's vote."]
    neutral = ["The branch opened in 1967 and has 12,000 books.",
               "LONDON (Reuters) -",
               "The report is due to be published next month."]
    assert all(assess(analyse_one(t, learned=False)).flagged for t in opinion)
    assert not any(assess(analyse_one(t, learned=False)).flagged for t in neutral)


def test_added_sarcasm_without_opinion_words_is_reported_with_reasons_and_offsets():
    found = _opinion_findings("Of course, the report was published the day after the vote.")
    assert found and "irony_opening" in found[0].data["rhetoric"]
    assert 0 < found[0].score <= 1 and found[0].data["rhetoric_score"] >= models.load(
        "opinion_rhetoric_lexical")["threshold"]
    assert any(e.text == "Of course" for e in found[0].derived)


@pytest.mark.parametrize("said, unsaid", [
    ("The chief librarian said the council should keep all seven branches.",
     "The council should keep all seven branches."),
    ('"This is a disgrace," said councillor Mary Evans.', "This is a disgrace."),
])
def test_named_speaker_keeps_the_move_theirs(said, unsaid):
    assert _opinion_findings(said) == []
    assert _opinion_findings(unsaid)


def test_unnamed_crowd_is_not_a_speaker():
    assert _opinion_findings("Critics of the scheme say the branches have been left to rot.")


def test_rest_of_an_earlier_quotation_is_the_speakers():
    text = SOURCE + '\n\n"We waited all night for help. It should never have happened," the father said.'
    c = lexical.compare(sources=[Article("s", SOURCE)], derived=Article("d", text))
    assert not [f for f in c.findings if f.kind == "opinion_added" and f.derived[0].start >= len(SOURCE)]
    assert not _opinion_findings('It should never have happened."')



_CUE_WORDS = st.sampled_from(["apparently", "Critics", "MANY", "will", "should", "disgrace", "so-called",
                              "Reportedly", "surely", "'reform'", '"fiasco"', "we", "must", "?", "ſ", "İ",
                              "it", "seems", "the", "council", "—", "Reporting", "by", "UPDATE", "é"])


def _reference_cues(text: str) -> list:
    """Every family's re.I pattern over the masked sentence: what the fast path must reproduce."""
    masked = rhetoric._blanked(text, rhetoric._quoted_spans(text, None)).rstrip()
    out = []
    for kind, pat in rhetoric._COMPILED.items():
        for m in pat.finditer(masked):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = start + len(m.group(0).strip())
            if end > start:
                out.append(rhetoric.Cue(start, end, text[start:end], kind))
    return sorted(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CUE_WORDS, max_size=14).map(" ".join))
def test_cues_fast_path_equals_the_ignore_case_patterns(text):
    """ASCII sentences are lowered once and matched without re.I (three times faster); the cues and
    their offsets are those of the re.I patterns."""
    assert cues(text) == _reference_cues(text)


def test_blanked_keeps_offsets_and_clips_spans():
    assert rhetoric._blanked('He said "no way" then', [(8, 16)]) == "He said          then"
    assert rhetoric._blanked("abc", [(-2, 1), (2, 9)]) == " b "
