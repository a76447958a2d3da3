"""Page chrome lines: recognised on strong evidence only, kept with offsets, never aligned."""
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies

from redline import compare
from redline.errors import InputError
from redline.ingest import article_from_text
from redline.text.chrome import KINDS, NEEDS, SECTIONS, body_text, classify

# a news page copied from a browser: navigation, share prompts, byline and footer around the story
PASTE = (Path(__file__).resolve().parents[1] / "fixtures" / "text" / "browser_paste.txt").read_text(encoding="utf-8")


def kinds(text, title=None):
    return {c["text"]: c["kind"] for c in classify(text, title)}


def test_paste_chrome_lines_get_their_kinds():
    got = kinds(PASTE)
    assert got["Skip to content"] == "other"
    assert got["Home | News | Local | Politics"] == "nav"
    assert got["Politics"] == "section"
    assert got["Council Delays Vote On Harbor Dredging Plan"] == "headline"
    assert got["By Mara Quintel, Staff Writer"] == "byline"
    assert got["PUBLISHED: 9:14 AM 02 Mar 2019"] == "dateline_stamp"
    assert got["Font Size:"] == "font_control"
    assert {got["Share"], got["Facebook"], got["Twitter"], got["Email"]} == {"share"}
    assert got["Workers clear silt from the harbor mouth on Monday. (Photo: Dov Amsel/Branwick Bugle)"] == "caption"
    assert got["Follow Mara Quintel on Twitter @maraq"] == "social_follow"
    assert got["Send tips to news@branwickbugle.example"] == "contact"
    assert got["Sign up for our morning newsletter"] == "newsletter"
    assert got["© 2019 The Branwick Bugle. All rights reserved."] == "copyright"
    assert set(got.values()) <= set(KINDS)


def test_body_sentences_are_never_chrome():
    got = kinds(PASTE)
    for line in PASTE.splitlines():
        if line.startswith(("BRANWICK", "Council members", '"We are not', "The vote is now")):
            assert line not in got


def test_offsets_are_whole_lines_of_the_text():
    for c in classify(PASTE):
        assert PASTE[c["start"]:c["end"]] == c["text"]
        assert PASTE[c["end"]:c["end"] + 1] in ("\n", "")


@pytest.mark.parametrize("line", [
    "Share this article on Facebook and Twitter, the mayor urged residents at the meeting.",
    "Copyright lawyers said the case could take years to resolve in the courts.",
    "Related charges against two other men were dropped last week, prosecutors said.",
    "Follow-up inspections found no further damage to the bridge.",
    "By the end of the week, the council had approved the plan.",
    "Food was provided by volunteers from the Harbour Street church.",
    "Extra buses were provided by Marlow Coaches during the closure, the council said.",
])
def test_body_sentences_that_look_like_chrome_words_stay_body(line):
    text = f"{line}\n\nThe council will meet again on Thursday to discuss the harbor budget and the dredging plan."
    assert line not in kinds(text)


def test_clean_newswire_has_no_chrome():
    text = ("LONDON (PA) - A man who stole a lorry load of frozen chips was jailed for two years today.\n"
            "The 34-year-old driver admitted theft at Southwark Crown Court.\n"
            "Judge Ann Carter said the offence was planned.")
    assert classify(text) == []


def test_hard_wrapped_first_line_is_not_a_headline():
    text = ("Inheritance is a basic concept of object-oriented programming where\n"
            "a class takes on the fields and methods of another class, which saves a lot of work.\n")
    assert classify(text) == []


def test_chrome_is_masked_with_the_same_offsets():
    art = article_from_text(PASTE, "paste.txt")[0]
    body = body_text(art)
    assert len(body) == len(art.text)
    assert "Font Size" not in body and "BRANWICK (Coastline Wire)" in body
    assert art.meta["chrome"] == classify(art.text)


def test_chrome_is_never_aligned():
    src = article_from_text(PASTE, "paste.txt")[0]
    copy = article_from_text(
        "Newsletter\nShare\n\nThe Branwick city council on Tuesday put off a vote on a plan to dredge the old "
        "harbor, according to The Branwick Bugle.\n\nThe vote is now set for April 4.\n\n"
        "Copyright 2019 Gull Point Daily. All rights reserved.\n", "copy.txt")[0]
    c = compare(source=src, derived=copy, semantic=False)
    chrome_d = {(x["start"], x["end"]) for x in copy.meta["chrome"]}
    chrome_s = {(x["start"], x["end"]) for x in src.meta["chrome"]}
    assert chrome_d and chrome_s
    for m in c.derived_sentences:
        assert not any(s <= m.start < e for s, e in chrome_d)
    for st in c.source_sentences:
        assert not any(s <= st.start < e for s, e in chrome_s)
    for f in c.findings:
        for ev in f.derived:
            assert not any(s <= ev.start < e for s, e in chrome_d)
    data = c.to_dict()
    assert data["derived"]["chrome"] and data["source"]["chrome"]


def test_all_chrome_page_is_an_input_error():
    with pytest.raises(InputError, match="no article text found"):
        article_from_text("Home | News | Sports | Weather\nShare\nFacebook\nTwitter\nAdvertisement\n", "page.txt")


def test_html_report_greys_chrome():
    from redline.report.compare import render_html
    src = article_from_text(PASTE, "paste.txt")[0]
    copy = article_from_text("Share\n\nThe Branwick city council on Tuesday put off a vote on a plan to dredge "
                             "the old harbor.\n", "copy.txt")[0]
    html = render_html(compare(source=src, derived=copy, semantic=False))
    assert 'class="chrome"' in html and "page chrome (share)" in html


# ---- wave 2: the rules a desk editor would name ------------------------------------------------

def kinds_of(text: str) -> dict[str, str]:
    return {c["text"]: c["kind"] for c in classify(text)}


STORY = ("The water board voted on Monday to raise rates by four percent for most homes in the valley.\n\n"
         "Board members said the increase would pay for new pipes under the old town center.\n\n"
         "Residents who spoke at the meeting were mostly against the plan, which takes effect in May.\n\n"
         "The board will meet again in June to set the rates for businesses.\n")


def test_standfirst_between_headline_and_byline_is_not_story_text():
    page = ("Water Rates Rise Four Percent in the Valley\n\n"
            "Most homes will pay about three dollars more a month, the board said.\n\n"
            "By Oren Valdez\n\n" + STORY)
    found = kinds_of(page)
    assert found["Most homes will pay about three dollars more a month, the board said."] == "kicker"
    assert "The water board voted on Monday to raise rates by four percent for most homes in the valley." not in found


def test_no_standfirst_without_a_byline_or_stamp_below_it():
    page = "Water Rates Rise Four Percent in the Valley\n\n" + STORY
    assert not [k for k in kinds_of(page).values() if k == "kicker"]


def test_a_dateline_opening_is_never_a_standfirst_or_a_caption():
    page = ("Water Rates Rise Four Percent in the Valley\n\nBy Oren Valdez\n\nCNW/Ida Brenner\n\n"
            "ASHFORD, Ohio — The water board voted on Monday to raise rates by four percent.\n\n" + STORY)
    assert "ASHFORD, Ohio — The water board voted on Monday to raise rates by four percent." not in kinds_of(page)


def test_a_caption_printed_twice_is_a_caption_both_times():
    caption = "Board chair Lia Moss speaks during the hearing on Monday."
    page = (f"Water Rates Rise Four Percent in the Valley\n\nBy Oren Valdez\n\n{caption}\n"
            f"CNW/Ida Brenner\n\n{caption}\n\n" + STORY)
    lines = [c for c in classify(page) if c["text"] == caption]
    assert len(lines) == 2 and {c["kind"] for c in lines} == {"caption"}


@pytest.mark.parametrize("line, kind", [
    ("View this email in your browser", "newsletter"),
    ("Forwarded this email? Subscribe here for more.", "newsletter"),
    ("Share The Valley Brief with a friend", "newsletter"),
    ("Good morning! Here's what you need to know today.", "newsletter"),
    ("Get breaking news alerts from WKRD 4 News. Download our app.", "newsletter"),
    ("Donate to The Valley Courier. Your gift keeps us independent.", "donation"),
    ("The Courier is reader-supported. Become a member.", "donation"),
    ("Reporting by Ana Ruiz; Editing by Tom Hale", "byline"),
    ("Media contact: Pia Lund, plund@valley.example, 555-0100", "contact"),
    ("Have a story idea? Email tips@valley.example.", "contact"),
    ("Pia can be reached at plund@valley.example.", "contact"),
    ("Photographs by Ilse Marr for The Valley Courier", "photo_credit"),
    ("Published by Valley Media Ltd © 2019 The Valley Courier", "copyright"),
    ("Water Board logo", "image_alt"),
    ("WKRD 4 News logo", "image_alt"),
    ("h/t reader tip", "other"),
    ("Read this story in Spanish", "other"),
    ("Follow", "social_follow"),
    ("1,204 Followers", "social_follow"),
    ("4 min read · March 2, 2019", "dateline_stamp"),
    ("Keiko Lund and Owen Pritchard — Continental Newswire", "byline"),
])
def test_page_furniture_lines(line, kind):
    assert kinds_of(STORY + "\n" + line + "\n").get(line) == kind


@pytest.mark.parametrize("line", [
    "Hundreds joined the chance to become a member of the new rowing club on Saturday.",
    "She said she would subscribe to the view that the board had acted too fast.",
    "The reporter can be reached only through the court, the judge said on Monday.",
    "Get out and vote, the mayor urged residents at the rally on Sunday.",
])
def test_body_sentences_that_borrow_chrome_words_stay_body(line):
    assert line not in kinds_of(STORY.replace("The board will meet", line + "\n\nThe board will meet"))


def test_author_box_that_says_what_the_author_covers():
    found = kinds_of(STORY + "\nOren Valdez covers water and power for The Valley Courier.\n")
    assert found["Oren Valdez covers water and power for The Valley Courier."] == "author_bio"


def test_headline_printed_again_above_the_body_is_the_headline():
    # a reader view puts its own headline line on top, then the extracted body opens with the <h1> again
    text = ("Harbor Pilots Win Back Night Shifts After Long Dispute\n\nBy Tomas Elwin\n\n"
            "Published May 3, 2021\n\n"
            "Harbor Pilots Win Back Night Shifts After Long Dispute\n"
            "PORT ASHBY — The port authority agreed on Friday to restore night shifts for its harbor pilots.\n"
            "The deal ends a dispute that began last winter, a union spokesman said.\n")
    kinds = [(c["kind"], c["text"]) for c in classify(text)]
    assert kinds.count(("headline", "Harbor Pilots Win Back Night Shifts After Long Dispute")) == 2
    art = article_from_text(text, "paste.txt")[0]
    assert "Harbor Pilots" not in body_text(art)


def test_headline_words_in_the_body_stay_body_text():
    text = ("Harbor Pilots Win Back Night Shifts\n\nBy Tomas Elwin\n\n"
            "PORT ASHBY — The port authority agreed on Friday to restore night shifts for its harbor pilots.\n"
            "Harbor pilots win back night shifts, the union said in a statement on Friday afternoon.\n")
    assert [c["kind"] for c in classify(text)] == ["headline", "byline"]


def test_press_release_boilerplate_between_about_heading_and_end_mark():
    text = ("SPRINGVALE, Texas, June 2, 2024 /Wireline/ -- Orchard Labs today opened a seed bank that will store "
            "40,000 varieties.\n\nThe bank cost $12 million to build, the company said.\n\n"
            "About Orchard Labs\nOrchard Labs breeds drought-tolerant crops. It is based in Austin.\n\n"
            "###\n\nSOURCE Orchard Labs\n")
    kinds = {c["text"]: c["kind"] for c in classify(text)}
    assert kinds["About Orchard Labs"] == "author_bio"
    assert kinds["Orchard Labs breeds drought-tolerant crops. It is based in Austin."] == "author_bio"
    assert kinds["###"] == "other" and kinds["SOURCE Orchard Labs"] == "other"
    assert not any(t.startswith("The bank cost") for t in kinds)


def test_about_heading_without_an_end_mark_stays_body():
    text = ("The council met on Monday to discuss the budget for the coming year.\n\n"
            "About the budget\nThe budget grows by 4 percent, mostly for roads and schools.\n")
    assert not any(c["text"].startswith("The budget grows") for c in classify(text))


def test_bio_in_an_author_box_below_the_story():
    text = ("Night buses will run every twenty minutes from March, the transit board said on Friday.\n\n"
            "The change follows a year of complaints from shift workers.\n\n"
            "Written by Ines Okoro\n310 Followers\nCity reporter. I cover buses, bikes and the streets between them.\n"
            "Follow\n")
    kinds = {c["text"]: c["kind"] for c in classify(text)}
    assert kinds["City reporter. I cover buses, bikes and the streets between them."] == "author_bio"
    assert "The change follows a year of complaints from shift workers." not in kinds


def test_opening_paragraph_under_the_byline_stays_body():
    text = ("Bridge to close for repairs\nBy Ines Okoro\nMarch 2, 2021\n"
            "The Kell Street bridge will close for six weeks of repairs from Monday, the city said.\n"
            "Advertisement\nDrivers will be sent along Mill Road while the work goes on.\n")
    kinds = {c["text"]: c["kind"] for c in classify(text)}
    assert "The Kell Street bridge will close for six weeks of repairs from Monday, the city said." not in kinds


def _fixture_lines() -> set[str]:
    lines = {"Share", "12 shares", "Follow us on Twitter", "SOURCE Acme Corp", "3 min read · Jan 5", "###",
             "Print this article", "Staff reports", "Font size", "By Ana Ruiz", "42", "- 30 -",
             "We use cookies to improve your experience.", "Donate now", "Photo by Ana Ruiz / Getty Images",
             "Contact the reporter at ana@example.org", "This story was originally published by the Ledger.",
             "CREATIVE COMMONS licence", "We rely on readers like you."}
    for path in Path(__file__).parents[1].joinpath("fixtures").rglob("*"):
        if path.is_file() and path.suffix in (".txt", ".html", ".jsonl", ".json"):
            lines.update(x.strip() for x in path.read_text(encoding="utf-8", errors="replace").splitlines())
    return {x for x in lines if x}


def test_the_word_gates_never_rule_out_a_line_a_strong_pattern_matches(monkeypatch):
    """strong_kind with its word gates finds the kind it finds with none, over every line of the
    test fixtures (pages, credits, footers) and some chrome lines, long ones included."""
    from redline.text import chrome
    lines = sorted(_fixture_lines())
    lines += [f"{x} " * 10 + "This story was first published by the Ledger." for x in ("word", "Word")]
    gated = [chrome.strong_kind(x) for x in lines]
    monkeypatch.setattr(chrome, "NEEDS", {})
    assert [chrome.strong_kind(x) for x in lines] == gated
    assert sum(k is not None for k in gated) >= 15 and "license_footer" in gated


@pytest.mark.parametrize("kind", sorted(NEEDS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=strategies.data())
def test_every_ascii_line_a_gated_pattern_matches_passes_its_gate(kind, data):
    """Lines drawn from the pattern itself (ASCII, where the gate applies): the gate lets each through."""
    from redline.text.chrome import STRONG_BY_KIND, _may_match
    line = data.draw(strategies.from_regex(STRONG_BY_KIND[kind], alphabet=strategies.characters(max_codepoint=127)))
    if STRONG_BY_KIND[kind].match(line):
        assert _may_match(kind, line.lower()), line


def _is_prose_reference(line):
    n = len(line.split())
    if n < 6 or not re.search(r"\b[a-z]{2,}\b.*\b[a-z]{2,}\b", line):
        return False
    caps = sum(1 for w in line.split() if w[:1].isupper() or w[:1].isdigit())
    if n <= 25 and caps >= 0.7 * n:
        return False
    return n >= 14 or bool(re.search(r"[.!?…][\"'”’)\]]*$|[:;]$", line))


def _section_row_reference(line):
    items = [p for p in re.split(r"\s{2,}|\t", line) if p]
    if len(items) >= 3 and all(0 < len(p.split()) <= 3 and re.match(r"[^\W\d_]", p) and
                               not re.search(r"[.!?,;]$", p.rstrip(".").rstrip()) or p.upper() == p
                               for p in items) and not re.search(r"[.!?;,]$", line):
        return True
    toks = line.split()
    known = sum(1 for t in toks if t.casefold().strip(":") in SECTIONS)
    return len(toks) >= 4 and known >= 0.6 * len(toks) and all(t[:1].isupper() or t == "&" for t in toks) \
        and not re.search(r"[!?;,]$", line)


_LINE_WORDS = strategies.sampled_from(["News", "Sports", "World", "the", "council", "Met", "said", "&", "U.S.",
                                       "Politics:", "42", "Home", "on", "Monday.", "?", ",", "Video", "a", " ", "\t"])


@settings(max_examples=300, deadline=None)
@given(strategies.lists(_LINE_WORDS, max_size=30).map(" ".join))
def test_prose_and_section_rows_are_decided_as_before(line):
    """is_prose counts capitals and _section_row section words only when the answer needs them."""
    from redline.text.chrome import _section_row, is_prose
    assert is_prose(line) == _is_prose_reference(line)
    assert _section_row(line) == _section_row_reference(line)


def test_prose_and_section_rows_of_the_fixture_lines_are_decided_as_before():
    from redline.text.chrome import _section_row, is_prose
    lines = sorted(_fixture_lines())
    assert [is_prose(x) for x in lines] == [_is_prose_reference(x) for x in lines]
    assert [_section_row(x) for x in lines] == [_section_row_reference(x) for x in lines]
    assert sum(map(is_prose, lines)) > 50 and sum(map(_section_row, lines)) >= 1


@pytest.mark.parametrize("line", ["This story was provided by The Associated Press.", "Provided by Reuters",
                                  "Content supplied by PA Media.", "This article was syndicated by Harbour Wire."])
def test_a_credit_line_naming_the_text_s_supplier_is_chrome(line):
    # a copy's footer, not its story: two papers carrying the same credit line share no story text by it
    text = f"The council will meet again on Thursday to discuss the harbor budget.\n\n{line}"
    assert kinds(text)[line] == "license_footer"
