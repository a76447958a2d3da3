"""Metadata read from the text of a page, with evidence, and reconciled with the page's markup."""
from pathlib import Path

import pytest

from redline.ingest import article_from_text
from redline.ingest.pagemeta import Candidate, reconcile
from redline.text.dates import iso_date

PASTE = (Path(__file__).resolve().parents[1] / "fixtures" / "text" / "browser_paste.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("stamp, iso", [
    ("PUBLISHED: 9:14 AM 02 Mar 2019", "2019-03-02T09:14"),
    ("Updated March 2, 2019 at 9:14 a.m. ET", "2019-03-02T09:14"),
    ("2019-03-02T09:14", "2019-03-02T09:14"),
    ("Mar. 2, 2019", "2019-03-02"),
    ("Posted Saturday, March 2nd, 2019 4:05 PM", "2019-03-02T16:05"),
    ("2 hours ago", None),
    ("Updated yesterday", None),
])
def test_news_date_stamps(stamp, iso):
    assert iso_date(stamp) == iso


def test_fields_from_a_paste_with_evidence():
    art = article_from_text(PASTE, "paste.txt")[0]
    f = art.meta["fields"]
    assert art.title == "Council Delays Vote On Harbor Dredging Plan"
    assert art.byline == "Mara Quintel"
    assert art.date == "2019-03-02T09:14"
    assert art.outlet == "The Branwick Bugle"
    assert art.meta["dateline"] == "BRANWICK"
    for field in ("title", "byline", "date", "outlet", "dateline"):
        assert f[field]["from"] == "text"
        assert art.text[f[field]["start"]:f[field]["end"]] in (f[field]["value"], "PUBLISHED: 9:14 AM 02 Mar 2019")
        assert 0 < f[field]["confidence"] <= 1


@pytest.mark.parametrize("line, names", [
    ("By Ana Ruiz and Tom Lee", "Ana Ruiz and Tom Lee"),
    ("By Ana Ruiz, Tom Lee and Kim Oyelaran, Staff Writers", "Ana Ruiz, Tom Lee and Kim Oyelaran"),
    ("Ana Ruiz, Staff Writer", "Ana Ruiz"),
    ("Ana Ruiz | The Harbor Ledger", "Ana Ruiz"),
    ("Ana Ruiz Contributor", "Ana Ruiz"),
    ("Written by Ana Ruiz", "Ana Ruiz"),
    ("Ana Ruiz — The Harbor Ledger", "Ana Ruiz"),
])
def test_byline_forms(line, names):
    text = f"{line}\n\nThe harbor board will meet on Friday to review the cost of the dredging plan, officials said.\n"
    art = article_from_text(text, "b.txt")[0]
    assert art.byline == names
    assert [c["kind"] for c in art.meta["chrome"]] == ["byline"]


def test_outlet_from_pipe_byline_logo_and_agency_tag():
    body = "\n\nThe harbor board will meet on Friday to review the cost of the dredging plan, officials said.\n"
    assert article_from_text("Ana Ruiz | The Harbor Ledger" + body, "a.txt")[0].outlet == "The Harbor Ledger"
    assert article_from_text("Harbor Ledger logo" + body, "b.txt")[0].outlet == "Harbor Ledger"
    wire = article_from_text("PORT ALDER (Gull Wire) — The harbor board will meet on Friday to review the cost.\n"
                             "It met twice last year without a decision on the plan.", "c.txt")[0]
    assert wire.outlet == "Gull Wire" and wire.meta["dateline"] == "PORT ALDER"


def test_a_header_wins_over_the_text():
    art = article_from_text("Title: Given Title\nOutlet: Given Outlet\n\n" + PASTE, "h.txt")[0]
    assert art.title == "Given Title" and art.outlet == "Given Outlet"
    assert art.meta["fields"]["outlet"]["from"] == "header"


def test_reconcile_adds_up_agreeing_evidence():
    fields = reconcile([Candidate("outlet", "harborledger", 0.55, "trafilatura"),
                        Candidate("outlet", "The Harbor Ledger", 0.8, "text", 10, 27),
                        Candidate("outlet", "Harbor Ledger", 0.8, "html_meta")])
    assert fields["outlet"]["value"] in ("The Harbor Ledger", "Harbor Ledger")
    assert fields["outlet"]["confidence"] > 0.9
    dates = reconcile([Candidate("date", "2019-03-02", 0.55, "trafilatura"),
                       Candidate("date", "2019-03-02T09:14", 0.85, "text", 0, 30)])
    assert dates["date"]["value"] == "2019-03-02T09:14"


HTML = """<!doctype html><html><head><title>Council Delays Vote | The Branwick Bugle</title>
<meta property="og:site_name" content="The Branwick Bugle">
<meta name="author" content="Mara Quintel">
<meta property="article:published_time" content="2019-03-02T14:14:00Z">
</head><body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Council Delays Vote On Harbor Dredging Plan</h1>
<p>By Mara Quintel, Staff Writer</p>
<p>PUBLISHED: 9:14 AM 02 Mar 2019</p>
<p>BRANWICK (Coastline Wire) — The Branwick city council on Tuesday put off a vote on a plan to dredge the old harbor, saying it needed another month to study the cost.</p>
<p>Council members said the estimate of $4.2 million had doubled since the spring, and several asked the harbor board to explain why.</p>
<p>"We are not going to sign a blank check," said council member Ellis Vantreight, who chairs the finance committee.</p>
<p>The vote is now set for April 4.</p>
<p>Follow Mara Quintel on Twitter @maraq</p>
</article><footer><p>© 2019 The Branwick Bugle. All rights reserved.</p></footer></body></html>"""


def test_saved_page_and_paste_agree():
    from redline.pipeline import body_features
    page = article_from_text(HTML, "page.html")[0]
    paste = article_from_text(PASTE, "paste.txt")[0]
    assert page.byline == paste.byline == "Mara Quintel"
    assert page.date == paste.date == "2019-03-02T09:14"
    assert page.meta["dateline"] == paste.meta["dateline"]
    assert "Bugle" in page.outlet and "Bugle" in paste.outlet
    ps = [f.sentence.text for f in body_features(page)]
    qs = [f.sentence.text for f in body_features(paste)]
    assert set(ps) <= set(qs)
    assert ps[0].startswith("BRANWICK") and ps[-1] == "The vote is now set for April 4."


# ---- wave 2: outlet evidence ---------------------------------------------------------------------

BODY = ("The water board voted on Monday to raise rates by four percent for most homes in the valley.\n\n"
        "Board members said the increase would pay for new pipes under the old town center.\n\n"
        "The board will meet again in June to set the rates for businesses.\n")


def test_the_masthead_names_the_outlet_not_the_company_that_owns_it():
    art = article_from_text("WKRD 4 News logo\n\nWater Rates Rise in the Valley\n\n" + BODY +
                            "\nCopyright 2019 Ridgeline Media Group. All rights reserved.\n", "p.txt")[0]
    assert art.outlet == "WKRD 4 News"


def test_the_fullest_of_agreeing_outlet_names_is_kept():
    art = article_from_text("The Valley Courier logo\n\nWater Rates Rise in the Valley\n\n" + BODY +
                            "\n© 2019 The Valley Courier News Foundation. Some rights reserved.\n", "p.txt")[0]
    assert art.outlet == "The Valley Courier News Foundation"


def test_outlet_after_a_copyright_mark_inside_a_footer_line():
    art = article_from_text("Water Rates Rise in the Valley\n\n" + BODY +
                            "\nPublished by Valley Media Ltd © 2019 The Valley Courier\n", "p.txt")[0]
    assert art.outlet == "The Valley Courier"


def test_a_copyright_line_in_another_language_gives_the_name_only():
    art = article_from_text("Water Rates Rise in the Valley\n\n" + BODY +
                            "\n© 2019 La Voz del Valle. Todos los derechos reservados.\n", "p.txt")[0]
    assert art.outlet == "La Voz del Valle"


def test_saved_page_logo_alt_and_footer_give_the_outlet(tmp_path):
    from redline import load_article
    page = tmp_path / "p.html"
    paras = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page.write_text("<html><head><title>Water Rates Rise</title></head><body>"
                    '<div class="header"><img src="/logo.png" alt="Valley Wire logo"></div>'
                    f"<article><h1>Water Rates Rise in the Valley</h1>{paras}{paras}</article>"
                    '<div class="footer"><p>© 2019 Valley Wire. All Rights Reserved.</p></div></body></html>',
                    encoding="utf-8")
    assert load_article(str(page)).outlet == "Valley Wire"


# ---- wave 3: markup dates and agency bylines -----------------------------------------------------

def _page(tmp_path, head: str, top: str) -> str:
    page = tmp_path / "p.html"
    paras = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page.write_text(f"<html><head><title>Water Rates Rise</title>{head}</head><body><article>"
                    f"<h1>Water Rates Rise in the Valley</h1>{top}{paras}{paras}</article></body></html>",
                    encoding="utf-8")
    return str(page)


@pytest.mark.parametrize("stamp, date", [
    ("2019-02-09T01:04:00-05:00", "2019-02-09T01:04"),   # a local offset: the time as readers saw it
    ("2019-02-09T06:04:00Z", "2019-02-09"),              # UTC: machine time, the day only
    ("2019-02-09T06:04:00+00:00", "2019-02-09"),
    ("2019-02-09T06:04:00", "2019-02-09"),               # no offset: unknown zone, the day only
])
def test_markup_publish_time_is_kept_only_with_a_local_offset(tmp_path, stamp, date):
    from redline import load_article
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert load_article(_page(tmp_path, head, "")).date == date


def test_a_printed_stamp_beats_a_markup_time_of_the_same_day(tmp_path):
    from redline import load_article
    head = '<meta property="article:published_time" content="2019-02-09T01:04:00-05:00">'
    top = "<p>Published 9:30 a.m. Feb. 9, 2019</p>"
    assert load_article(_page(tmp_path, head, top)).date == "2019-02-09T09:30"


def test_a_page_that_only_says_days_ago_has_no_date(tmp_path):
    from redline import load_article
    top = '<time datetime="2019-03-13T15:56:00-05:00">3 days ago</time>'
    page = _page(tmp_path, '<link rel="canonical" href="https://x.example/2019/03/13/water">', top)
    assert load_article(page).date is None


def test_a_relative_stamp_does_not_hide_a_declared_date(tmp_path):
    from redline import load_article
    head = '<meta property="article:published_time" content="2019-03-13T15:56:00Z">'
    top = '<time datetime="2019-03-13T15:56:00Z">3 days ago</time>'
    assert load_article(_page(tmp_path, head, top)).date == "2019-03-13"


@pytest.mark.parametrize("byline, person", [
    ("Continental Newswire", None), ("Harbor Presswire", None), ("Dana Newsome", "Dana Newsome")])
def test_a_wire_named_as_byline_is_not_a_person(tmp_path, byline, person):
    from redline import load_article
    head = f'<meta name="author" content="{byline}">'
    assert load_article(_page(tmp_path, head, "")).byline == person


def test_press_release_dateline_gives_place_date_and_distributor():
    from redline.ingest.pagemeta import text_candidates
    text = "SPRINGVALE, Texas, June 2, 2024 /Wireline/ -- Orchard Labs today opened a seed bank, the company said.\n"
    got = {(c.field, c.value) for c in text_candidates(text, [])}
    assert {("dateline", "SPRINGVALE"), ("date", "2024-06-02"), ("outlet", "Wireline")} <= got
