"""Clear-cut alignment cases (lexical-only): far from any threshold, so tuning must not flip them."""
import pytest

from redline import Article, Comparer

SOURCE = Article("src", (
    "The Millbrook council voted on Monday to replace every lead water pipe in the town within six years.\n\n"
    "Engineers estimate that about 3,100 homes still draw their water through old lead pipes.\n\n"
    "Water bills will rise by about nine dollars a month for a typical household from January.\n\n"
    "A public meeting about the work schedule is planned for the evening of March 16."))


@pytest.fixture(scope="module")
def comparer():
    return Comparer(semantic=False, explain=False)


def compare(comparer, derived_text, sources=(SOURCE,)):
    return comparer.compare(sources=list(sources), derived=Article("drv", derived_text))


def test_copied_sentence_is_verbatim_with_a_full_span(comparer):
    c = compare(comparer, "Engineers estimate that about 3,100 homes still draw their water through old lead pipes.")
    m, = c.derived_sentences
    assert m.label == "verbatim" and [(r.article, r.index) for r in m.sources] == [("src", 1)]
    assert m.score > 0.9
    sp, = m.spans
    assert sp.derived.text == sp.source.text == "Engineers estimate that about 3,100 homes still draw their water through old lead pipes"


def test_lightly_edited_sentence_is_edited_with_shared_runs(comparer):
    text = "Engineers now believe that about 3,100 homes still draw their water through lead pipes."
    m, = compare(comparer, text).derived_sentences
    assert m.label == "edited" and m.sources[0].index == 1
    runs = [sp.derived.text for sp in m.spans]
    assert "that about 3,100 homes still draw their water through" in runs
    for sp in m.spans:
        assert text[sp.derived.start:sp.derived.end] == sp.derived.text
        assert SOURCE.text[sp.source.start:sp.source.end] == sp.source.text


def test_unrelated_sentence_is_added_and_every_source_sentence_dropped(comparer):
    c = compare(comparer, "A fox was seen crossing the main square early on Wednesday morning.")
    assert [m.label for m in c.derived_sentences] == ["added"]
    assert c.derived_sentences[0].sources == () and c.derived_sentences[0].spans == ()
    assert {s.status for s in c.source_sentences} == {"dropped"}
    assert c.derivation == "none" and c.reuse == 0.0


def test_order_is_not_assumed(comparer):
    sents = [s for s in SOURCE.text.split("\n\n")]
    c = compare(comparer, "\n\n".join(reversed(sents)))
    assert [m.sources[0].index for m in c.derived_sentences] == [3, 2, 1, 0]
    assert {m.label for m in c.derived_sentences} == {"verbatim"}


def test_a_merged_sentence_cites_both_sources(comparer):
    text = ("The Millbrook council voted on Monday to replace every lead water pipe in the town, "
            "and water bills will rise by about nine dollars a month for a typical household from January.")
    m, = compare(comparer, text).derived_sentences
    assert m.label != "added"
    assert {r.index for r in m.sources} == {0, 2}


def test_a_split_sentence_keeps_one_source_for_both_halves(comparer):
    text = ("The Millbrook council voted on Monday to replace every lead water pipe in the town. "
            "The replacement of every lead water pipe in the town will take six years.")
    c = compare(comparer, text)
    assert [m.sources[0].index for m in c.derived_sentences] == [0, 0]
    assert c.source_sentences[0].derived == (0, 1)
    assert [s.status for s in c.source_sentences] == ["kept", "dropped", "dropped", "dropped"]


def test_each_derived_sentence_goes_to_its_own_source(comparer):
    update = Article("update", "Mayor Ilse Carver said the state loan was the only way to pay for the pipe work.")
    text = ("Mayor Ilse Carver said the state loan was the only way to pay for the pipe work. "
            "Water bills will rise by about nine dollars a month for a typical household from January.")
    c = compare(comparer, text, sources=(SOURCE, update))
    assert [(m.sources[0].article, m.sources[0].index) for m in c.derived_sentences] == [("update", 0), ("src", 2)]
    assert [s.article for s in c.source_sentences] == ["src"] * 4 + ["update"]
    assert c.to_dict()["source"] == [{**SOURCE.metadata(), "chrome": []}, {**update.metadata(), "chrome": []}]


def test_reuse_counts_words_not_sentences(comparer):
    copied = "Engineers estimate that about 3,100 homes still draw their water through old lead pipes."
    c = compare(comparer, copied + " Nice.")
    assert [m.label for m in c.derived_sentences] == ["verbatim", "added"]
    assert c.reuse > 0.85 and c.derivation == "wholly"


def test_results_are_deterministic(comparer):
    text = "\n\n".join(reversed(SOURCE.text.split("\n\n"))) + "\n\nAn added closing line about the weather."
    first = compare(comparer, text).to_dict()
    assert all(compare(comparer, text).to_dict() == first for _ in range(3))
    assert Comparer(semantic=False, explain=False).compare(sources=[SOURCE], derived=Article("drv", text)).to_dict() == first
