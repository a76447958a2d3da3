"""trace ranks the earlier copy an article took text from above a sibling copy of the same story."""
import numpy as np
import pytest
from conftest import WIRE, text

from redline.corpus.trace import date_order, held, precedence, precedence_order, same_story
from redline.model import Article

# two passages the sibling and the article share that the wire does not have (both heard the same hearing)
HEARD = ["Outside the hall, ferry captain Rhys Morgan told reporters the vote had been decided weeks ago.",
         "He said the crew would hand the council a petition signed by two thousand passengers on Friday."]


def story(wire_date, sibling_date, article_date="2026-03-02", wire_text=None):
    wire = Article("wire", wire_text or text(*WIRE), outlet="Harbour Wire", date=wire_date)
    sibling = Article("sibling", text(WIRE[0], WIRE[1], WIRE[2], WIRE[3], *HEARD), outlet="Daily Ferry",
                      date=sibling_date)
    article = Article("article", text(WIRE[0], WIRE[3], WIRE[5], *HEARD), outlet="Estuary Post",
                      date=article_date)
    return wire, sibling, article


def test_date_order_compares_times_only_when_both_have_one():
    assert date_order("2026-03-01T08:00", "2026-03-01") == "same"
    assert date_order("2026-03-01T08:00", "2026-03-01T09:30") == "before"
    assert date_order("2026-03-02", "2026-03-01T23:00") == "after"
    assert date_order(None, "2026-03-01") is None and date_order("2026-03-01", "not a date") is None


def test_the_wire_outranks_a_same_day_sibling_that_outscores_it(corpus):
    wire, sibling, article = story("2026-03-01", "2026-03-02")
    corpus.add([wire, sibling, article])
    sources = corpus.trace("article")["sources"]
    assert sources[1]["score"] > sources[0]["score"]  # the sibling holds more of the article ...
    # ... but the wire came first and was used directly; the sibling, which may have come out together
    # with the article, is a further source only for the passages only it holds
    assert [s["id"] for s in sources] == ["wire", "sibling"] and sources[1]["role"] == "additional"
    assert sources[0]["date_order"] == "before" and sources[1]["date_order"] == "same"
    assert any("wire lacks" in r for r in sources[1]["reasons"])


def test_a_copy_dated_before_the_article_keeps_its_place(corpus):
    # the sibling was out before the article and holds text the wire lacks: the article may have copied it
    wire, sibling, article = story("2026-03-01T08:00", "2026-03-01T12:00")
    corpus.add([wire, sibling, article])
    sources = corpus.trace("article")["sources"]
    # the sibling was out before the article and holds more of the text the article took than the wire
    # lacks; the sentence only the wire holds makes the wire a second source
    assert [s["id"] for s in sources] == ["sibling", "wire"] and sources[1]["role"] in ("additional", "alternative")


def test_wire_marks_order_undated_copies(corpus):
    wire, sibling, article = story(None, None, None, wire_text=text(*WIRE) + "\n\n(AP) Reporting by the desk.")
    corpus.add([wire, sibling, article])
    sources = corpus.trace("article")["sources"]
    # the article took two passages only the sibling holds and one only the wire holds: both are
    # sources, and the wire's marks say which text is the agency's
    assert {s["id"] for s in sources} == {"wire", "sibling"} and all(s["role"] != "sibling" for s in sources)
    assert next(s for s in sources if s["id"] == "wire")["wire"] and not next(s for s in sources if s["id"] == "sibling")["wire"]


def test_precedence_needs_text_only_the_earlier_copy_has():
    q = np.arange(100, dtype=np.uint64)
    early = {"id": "early", "date": "2026-03-01", "date_order": "before", "score": 0.4}
    late = {"id": "late", "date": "2026-03-02", "date_order": "same", "score": 0.8}
    # the article holds the early copy's text only through the late one (a copy of a copy): no reordering
    holds = held(q, [np.arange(0, 30, dtype=np.uint64), np.arange(0, 90, dtype=np.uint64)])
    beats = precedence([early, late], holds)
    assert not beats.any() and precedence_order([early, late], beats) == [1, 0]
    # 20 of the early copy's shingles reached the article without the late one: the early copy ranks first
    holds = held(q, [np.arange(0, 40, dtype=np.uint64), np.arange(20, 100, dtype=np.uint64)])
    beats = precedence([early, late], holds)
    assert beats[0, 1] and not beats[1, 0] and precedence_order([early, late], beats) == [0, 1]


@pytest.mark.parametrize("weak", [0.05, 0.2])
def test_a_much_weaker_earlier_copy_does_not_jump_ahead(weak):
    q = np.arange(100, dtype=np.uint64)
    early = {"id": "early", "date": "2026-03-01", "date_order": "before", "score": weak}
    late = {"id": "late", "date": "2026-03-02", "date_order": "same", "score": 1.0}
    holds = held(q, [np.arange(0, 40, dtype=np.uint64), np.arange(20, 100, dtype=np.uint64)])
    assert not precedence([early, late], holds)[0, 1]


def test_boilerplate_shingles_are_ignored():
    q = np.arange(10, dtype=np.uint64)
    holds = held(q, [np.arange(0, 10, dtype=np.uint64)], ignore=np.arange(0, 8, dtype=np.uint64))
    assert holds.shape == (1, 2) and holds.all()


def test_sibling_share_decides_when_the_earlier_copy_explains_the_later_one():
    q = np.arange(100, dtype=np.uint64)
    early = {"id": "early", "date": "2026-03-01", "date_order": "before", "score": 0.5}
    late = {"id": "late", "date": "2026-03-02", "date_order": "same", "score": 0.8}
    # everything the article shares with the early copy is in the late one, which adds 10 shingles of its own
    holds = held(q, [np.arange(0, 30, dtype=np.uint64), np.arange(0, 40, dtype=np.uint64)])
    assert precedence([early, late], holds, explained=0.5)[0, 1]  # 10 of 40 unexplained: a sibling
    assert not precedence([early, late], holds, explained=0.0)[0, 1]  # off: the late copy may be the source


def test_an_older_unrelated_story_does_not_jump_ahead():
    q = np.arange(100, dtype=np.uint64)
    old = {"id": "old", "date": "2025-01-01", "date_order": "before", "score": 0.4}
    new = {"id": "new", "date": "2026-03-02", "date_order": "same", "score": 0.8}
    old_text = np.concatenate([np.arange(0, 10), np.arange(1000, 1400)]).astype(np.uint64)
    new_text = np.concatenate([np.arange(10, 100), np.arange(2000, 2300)]).astype(np.uint64)
    holds = held(q, [old_text, new_text])
    story = same_story([old_text, new_text])
    assert not story[0, 1] and not story[1, 0]
    assert precedence([old, new], holds)[0, 1]  # without the story check the old one would win ...
    assert not precedence([old, new], holds, story=story)[0, 1]  # ... but the two texts share nothing
    wire = np.concatenate([np.arange(0, 10), np.arange(10, 40), np.arange(1000, 1400)]).astype(np.uint64)
    assert same_story([wire, new_text])[0, 1]  # a version of the same story does


def test_a_copyright_notice_does_not_make_a_copy_a_wire_text(corpus):
    # most outlets print their own notice; only an agency's marks say a text is the wire's copy
    wire, sibling, article = story("2026-03-01", "2026-03-02")
    notice = "\n\nCopyright Daily Ferry. All rights reserved."
    sibling = Article(sibling.id, sibling.text + notice, outlet=sibling.outlet, date=sibling.date)
    corpus.add([wire, sibling, article])
    sources = corpus.trace("article")["sources"]
    assert [s["id"] for s in sources[:2]] == ["wire", "sibling"] and not sources[1]["wire"]


def test_agency_marks_make_a_wire_text(corpus):
    wire, sibling, article = story(None, None, None, wire_text=text(*WIRE) + "\n\nBy Ann Lee, PA News")
    corpus.add([wire, sibling, article])
    assert next(s for s in corpus.trace("article")["sources"] if s["id"] == "wire")["wire"]


def test_reuse_leaving_out_stock_sentences_stays_a_share():
    """A verbatim copy that adds two stock lines: leaving the stock lines out raises the copied share
    above the whole article's, and the reuse scaled by it must still be a share (at most 1)."""
    from redline.corpus.trace import Basis, Candidate, verify
    from redline.model import Article
    from redline.pipeline import Comparer
    wire = Article("wire", text(*WIRE))
    copy = Article("copy", text(*WIRE, "Subscribe to our newsletter for more.", "Follow us on social media today."))
    comparer = Comparer(semantic=False)
    plain = verify(comparer, copy, wire, Candidate(0, 1.0))
    stock = verify(comparer, copy, wire, Candidate(0, 1.0), Basis(stock=frozenset({len(WIRE), len(WIRE) + 1})))
    assert plain["copied"] < 1.0 and stock["copied"] == 1.0
    assert 0.5 < plain["reuse"] <= stock["reuse"] <= 1.0
