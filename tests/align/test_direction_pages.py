"""Direction and credit read from page text: an outlet found in one text credited in the other."""
from redline import compare
from redline.align.direction import infer_direction
from redline.ingest import article_from_text

SOURCE = """The Branwick Bugle

BRANWICK — The Branwick city council on Tuesday put off a vote on a plan to dredge the old harbor, saying it needed another month to study the cost.

Council members said the estimate of $4.2 million had doubled since the spring.

The vote is now set for April 4.

© 2019 The Branwick Bugle News Foundation
"""

COPY = """Share
Facebook
Twitter

The Branwick city council has put off a vote on a plan to dredge the old harbor, according to The Branwick Bugle News Foundation.

Council members said the estimate of $4.2 million had doubled since the spring.

Follow Tam Oduya on Twitter @tamo
Copyright 2019 Gull Point Daily
"""


def test_credit_to_the_outlet_found_in_the_other_text_decides():
    src = article_from_text(SOURCE, "bugle.txt")[0]
    copy = article_from_text(COPY, "copy.txt")[0]
    assert src.outlet == "The Branwick Bugle News Foundation" and copy.outlet == "Gull Point Daily"
    for a, b in ((src, copy), (copy, src)):
        d = infer_direction(a, b)
        assert d.source == "bugle.txt" and d.confidence >= 0.8
        credit = next(r for r in d.reasons if r.signal == "credit")
        assert any(e.article == "copy.txt" and "according to" in e.text for e in credit.evidence)


def test_a_copys_own_copyright_line_is_not_wire_text():
    copy = article_from_text(COPY, "copy.txt")[0]
    src = article_from_text(SOURCE.replace("© 2019 The Branwick Bugle News Foundation\n", ""), "bugle.txt")[0]
    d = infer_direction(copy, src)
    assert not any(r.signal == "wire" and r.favours == "copy.txt" for r in d.reasons)


def test_a_shortened_outlet_name_is_partial_credit():
    src = article_from_text(SOURCE, "bugle.txt")[0]
    copy = article_from_text(COPY.replace("The Branwick Bugle News Foundation", "The Branwick Bugle"), "copy.txt")[0]
    credit = next(r for r in infer_direction(src, copy).reasons if r.signal == "credit")
    assert credit.weight < 1.0 and "in part" in credit.detail


def test_copy_without_a_byline_breaks_a_byline_requirement():
    src = article_from_text(SOURCE, "bugle.txt")[0]
    copy = article_from_text(COPY.replace("Follow Tam Oduya on Twitter @tamo\n", ""), "copy.txt")[0]
    c = compare(source=src, derived=copy, semantic=False, policy="cc-by")
    byline = next(r for r in c.license["requirements"] if r["name"] == "byline")
    assert byline["status"] == "unmet" and "no byline" in byline["detail"]
    assert c.license["verdict"] == "breach"


# ---- wave 2 ----------------------------------------------------------------------------------------

STORY = ("The water board voted on Monday to raise rates by four percent for most homes in the valley.\n\n"
         "Board members said the increase would pay for new pipes under the old town center.\n\n"
         "The board will meet again in June to set the rates for businesses.\n")


def _art(text, name, **fields):
    from dataclasses import replace
    return replace(article_from_text(text, name)[0], **fields)


def test_the_same_day_with_a_time_on_one_side_only_does_not_order_them():
    a = _art(STORY, "a.txt", date="2019-01-03T06:00")
    b = _art(STORY, "b.txt", date="2019-01-03")
    assert not [r for r in infer_direction(a, b).reasons if r.signal == "date"]
    c = _art(STORY, "c.txt", date="2019-01-03T09:30")
    dated = [r for r in infer_direction(a, c).reasons if r.signal == "date"]
    assert dated and dated[0].favours == "a.txt"


def test_a_credit_both_texts_print_alike_is_a_third_party():
    wire = _art("ASHFORD, Ohio (CNW) — " + STORY, "wire.txt", outlet="Continental Newswire")
    portal = _art("ASHFORD, Ohio (CNW) — " + STORY, "portal.txt", outlet="CNW")
    assert not [r for r in infer_direction(wire, portal).reasons if r.signal == "credit"]


def test_a_credit_in_other_words_than_the_source_uses_still_counts():
    source = _art("ASHFORD (Valley Wire) — " + STORY, "src.txt", outlet="Valley Wire")
    copy = _art(STORY.replace("valley.", "valley, as reported by Valley Wire."), "copy.txt", outlet="The Daily Post")
    credit = [r for r in infer_direction(source, copy).reasons if r.signal == "credit"]
    assert credit and credit[0].favours == "src.txt"


def test_an_agency_distribution_notice_weighs_more_than_a_copyright_line():
    notice = "This material may not be published, broadcast, rewritten or redistributed."
    agency = _art(STORY + "\n" + notice + "\n", "agency.txt")
    plain = _art(STORY + "\nCopyright 2019 Valley Wire\n", "plain.txt")
    other = _art(STORY, "other.txt")
    w1 = [r for r in infer_direction(agency, other).reasons if r.signal == "wire"][0]
    w2 = [r for r in infer_direction(plain, other).reasons if r.signal == "wire"]
    assert w1.favours == "agency.txt" and (not w2 or w2[0].weight < w1.weight)


# ---- how credit, dates and textual signals combine --------------------------------------------

def _article(name, text, **fields):
    from redline.model import Article
    return Article(id=name, text=text, **fields)


SHORT = ("The council put off a vote on the harbor plan on Tuesday.\n\n"
         "Members said the estimate of $4.2 million had doubled since the spring.\n")
LONG = SHORT + ("The vote is now set for April 4, the clerk said.\n\n"
                "Residents near the harbor have asked for the dredging for a decade.\n\n"
                "A second hearing will be held at the library on March 30.\n")


def test_an_earlier_date_outweighs_containment_that_points_the_other_way():
    # the later copy adds three paragraphs, so containment alone would name it the source
    src = _article("src", SHORT, date="2019-03-02T09:14")
    copy = _article("copy", LONG, date="2019-03-02T15:40")
    for a, b in ((src, copy), (copy, src)):
        d = infer_direction(a, b)
        signals = {r.signal: r.favours for r in d.reasons}
        assert signals == {"date": "src", "containment": "copy"}
        assert d.source == "src" and d.confidence >= 0.75


def test_credit_and_date_agreeing_are_confident_despite_textual_signals_against():
    src = _article("src", SHORT, date="2019-03-02", outlet="The Harbor Ledger")
    copy = _article("copy", LONG.replace("on Tuesday.", "on Tuesday, according to The Harbor Ledger."),
                    date="2019-03-03", outlet="Gull Point Daily")
    d = infer_direction(copy, src)
    assert {r.signal for r in d.reasons} >= {"credit", "date", "containment"}
    assert d.source == "src" and d.confidence >= 0.9


def test_credit_against_date_is_not_confident():
    # the "copy" credits the other text yet is dated first: the evidence conflicts
    src = _article("src", SHORT, date="2019-03-05", outlet="The Harbor Ledger")
    copy = _article("copy", SHORT.replace("on Tuesday.", "on Tuesday, according to The Harbor Ledger."),
                    date="2019-03-01", outlet="Gull Point Daily")
    d = infer_direction(src, copy)
    assert {r.signal for r in d.reasons} >= {"credit", "date"}
    assert d.confidence < 0.8


def test_conflicting_credit_and_date_let_textual_signals_count_in_full():
    from redline.align.direction import _total
    from redline.model import Reason
    both = [Reason("credit", "a", 1.0, ""), Reason("date", "b", 0.6, ""), Reason("containment", "b", 0.4, "")]
    assert _total(both, "a") == 1.0 - 0.6 - 0.4
    agree = [Reason("credit", "a", 1.0, ""), Reason("date", "a", 0.6, ""), Reason("containment", "b", 0.4, "")]
    assert _total(agree, "a") == 1.0 + 0.6 - 0.2


def test_produced_by_is_a_credit():
    src = _article("src", SHORT, outlet="Signal Street")
    copy = _article("copy", SHORT + "\nThis story was produced by Signal Street.\n", outlet="ANB News")
    d = infer_direction(copy, src)
    credit = next(r for r in d.reasons if r.signal == "credit")
    assert credit.favours == "src" and "produced by Signal Street" in credit.detail
