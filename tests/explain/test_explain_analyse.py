"""Per-sentence framing analysis (lexical mode: no model needed)."""
from __future__ import annotations

from redline.explain import analyse_many, analyse_one, analyse_text


def test_loaded_opinion_scores_and_offsets():
    text = ("Police said the crowd left at 9 p.m.\n\n"
            "It is clear that these rioting thugs and their radical allies want chaos!")
    a, b = analyse_text(text)
    for r in (a, b):
        assert text[r.start:r.end] == r.text
        for sp in (*r.loaded, *r.opinion, *r.hedges, *r.attributions):
            assert text[sp.start:sp.end] == sp.text
        assert 0 <= r.bias_score <= 1 and 0 <= r.subjectivity <= 1
    assert not a.biased and not a.subjective and a.loaded == ()
    assert b.biased and b.subjective
    assert {"rioting thugs", "radical", "chaos"} <= {sp.text for sp in b.loaded}
    assert [h.text for h in b.opinion][:1] == ["It is clear that"]
    assert [x.text for x in a.attributions] == ["Police said"]


def test_hedges_and_month_may():
    r = analyse_one("The suspect allegedly fled in May and may have left the country.")
    assert [h.text for h in r.hedges] == ["allegedly", "may"]


def test_words_inside_quotations_are_the_speakers():
    r = analyse_one('"They are thugs and liars," the mayor said.')
    assert r.loaded == () and r.quotes[0].speaker == "the mayor"


def test_scare_quotes_and_labels():
    r = analyse_one("The so-called 'experts' met the Democrat mayor.")
    texts = {sp.text: sp.kind for sp in r.loaded}
    assert texts.get("so-called 'experts'") == "loaded" and texts.get("Democrat mayor") == "label"


def test_weasel_attribution():
    r = analyse_one("Critics say the plan will fail.")
    assert [(x.text, x.kind) for x in r.attributions] == [("Critics say", "weasel")]


def test_batch_offsets_are_into_each_sentence_and_json_shape():
    out = analyse_many(["A massive mob gathered.", "The board met on Monday."])
    assert out[0].loaded[0].text == out[0].text[out[0].loaded[0].start:out[0].loaded[0].end]
    d = out[0].to_dict()
    for key in ("biased", "bias_score", "subjective", "subjectivity", "loaded", "hedges", "attributions", "quotes"):
        assert key in d
    assert {"start", "end", "text"} <= set(d["loaded"][0])
