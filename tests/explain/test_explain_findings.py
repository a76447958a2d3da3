"""Findings on the fixture pairs: each pair yields its kind, the full pair yields every kind, an
unchanged copy yields nothing, and every evidence span slices back to the text it shows."""
from __future__ import annotations

import pytest
from conftest import EXAMPLES, KINDS, compared, pair, self_copy, text_of

from redline import embed as semantic_mod
from redline.explain import explain_comparison
from redline.ingest import load_article


def kinds(c) -> list[str]:
    return [f.kind for f in c.findings]


def assert_evidence_slices(c) -> None:
    for f in c.findings:
        assert f.derived or f.source, f
        for e in (*f.derived, *f.source):
            assert e.end > e.start
            assert text_of(c, e.article)[e.start:e.end] == e.text, (f.kind, e)


@pytest.mark.parametrize("kind", KINDS)
def test_each_fixture_yields_its_kind(kind):
    c = compared(*pair(kind))
    assert kind in kinds(c), [(f.kind, f.explanation) for f in c.findings]
    assert_evidence_slices(c)
    assert c.framing["counts"][kind] >= 1 and 0 < c.framing["score"] <= 1


@pytest.mark.parametrize("kind", KINDS)
def test_fixture_yields_nothing_unrelated(kind):
    """Single-kind fixtures stay focused: at most the kind itself plus closely tied kinds."""
    tied = {"attribution_added": {"opinion_added"}, "headline_changed": {"attribution_removed"},
            "reply_dropped": set(), "quote_dropped": set()}
    c = compared(*pair(kind))
    assert set(kinds(c)) <= {kind} | tied.get(kind, set()), [(f.kind, f.explanation) for f in c.findings]


def test_full_pair_yields_every_kind():
    c = compared(*pair("full"))
    assert set(KINDS) <= set(kinds(c)), sorted(set(KINDS) - set(kinds(c)))
    assert_evidence_slices(c)


@pytest.mark.parametrize("name", [*KINDS, "full"])
def test_unchanged_copy_yields_no_findings(name):
    for article in pair(name):
        c = self_copy(article)
        assert c.findings == (), [(f.kind, f.explanation) for f in c.findings]
        assert c.framing["score"] == 0.0


def test_unchanged_examples_yield_no_findings():
    for name in ("wire.txt", "rewrite.txt"):
        c = self_copy(load_article(EXAMPLES / name))
        assert c.findings == ()


def test_specific_values():
    c = compared(*pair("fact_changed"))
    changed = {(tuple(f.data["source_values"]), tuple(f.data["derived_values"])) for f in c.findings}
    assert (("june",), ("july",)) in changed and (("two",), ("three",)) in changed
    c = compared(*pair("loaded_language"))
    f = next(f for f in c.findings if f.kind == "loaded_language")
    assert f.derived[0].text == "mob" and f.data["source_wording"] == "protesters"
    assert f.source[0].text == "protesters"
    c = compared(*pair("quote_altered"))
    f = next(f for f in c.findings if f.kind == "quote_altered")
    assert f.severity == "high" and "whatever the costs" in f.derived[0].text
    c = compared(*pair("hedge_removed"))
    f = next(f for f in c.findings if f.kind == "hedge_removed")
    assert f.source[0].text == "allegedly"


def test_headline_evidence_uses_title_offsets():
    c = compared(*pair("headline_changed"))
    f = next(f for f in c.findings if f.kind == "attribution_removed")
    src = f.source[0]
    assert src.article.endswith("#title") and src.sentence is None and src.text == "Auditors Say"
    assert c.sources[0].title[src.start:src.end] == "Auditors Say"


def test_motivating_example(example):
    c = example
    assert_evidence_slices(c)
    texts = [m.text for m in c.derived_sentences]
    opinion = {texts[f.data["sentence"]][:25] for f in c.findings
               if f.kind == "opinion_added" and f.severity != "low"}
    expected = {"This is another scathing e", "Many will find it deeply d", "The so-called 'protesters",
                "It is clear that local lea", "Residents deserve answers,", "Critics say the mayor has"}
    assert {t[:25] for t in expected} <= opinion
    loaded = {f.derived[0].text for f in c.findings if f.kind == "loaded_language"}
    for term in ("rioting thugs", "Democrat Mayor", "so-called 'protesters'", "violent mob", "Mob Rioted", "claimed"):
        assert term in loaded, (term, loaded)
    claimed = next(f for f in c.findings if f.kind == "loaded_language" and f.derived[0].text == "claimed")
    assert "said" in claimed.data["source_wording"]
    speakers = {f.data["speaker"] for f in c.findings if f.kind == "quote_dropped"}
    assert "Maria Ortega" in speakers and "attorney Paul Brennan" in speakers
    replies = [f for f in c.findings if f.kind == "reply_dropped"]
    assert any("did not immediately respond" in e.text for f in replies for e in f.source)
    assert "headline_changed" in kinds(c)
    assert any(f.kind == "attribution_removed" and f.source[0].text == "Agents Say" for f in c.findings)
    assert c.framing["score"] > 0.5 and set(c.framing["components"]) >= {"opinion", "loaded", "quotes"}


def test_findings_json_and_order(example):
    data = example.to_dict()
    assert data["findings"] and data["framing"]["counts"]["opinion_added"] >= 6
    first = data["findings"][0]
    assert first["kind"] == "headline_changed" and first["derived"][0]["article"].endswith("#title")
    assert all(f["severity"] in ("high", "medium", "low") and f["explanation"] for f in data["findings"])


def test_explain_is_deterministic():
    a, b = compared(*pair("full")), compared(*pair("full"))
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]


def test_no_model_is_loaded_for_a_lexical_comparison(monkeypatch):
    def boom():
        raise AssertionError("explain must not load the embedding model for a lexical comparison")
    monkeypatch.setattr(semantic_mod, "_load_model", boom)
    c = compared(*pair("opinion_added"))
    again = explain_comparison(c)
    assert again.findings == c.findings and not again.framing["opinion_model"]


def test_findings_never_without_evidence(monkeypatch):
    from redline.explain import evidence_ok
    from redline.explain.context import build_context
    from redline.explain.lexicon import default_lexicon
    from redline.model import Evidence, Finding
    c = compared(*pair("full"))
    ctx = build_context(c, default_lexicon())
    assert not evidence_ok(ctx, Finding("opinion_added", "low", "x"))
    bad = Evidence(c.derived.id, 0, 0, 5, "WRONG")
    assert not evidence_ok(ctx, Finding("opinion_added", "low", "x", (bad,)))
