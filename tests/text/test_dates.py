"""Dates as article fields give them, dates as pages print them, and datelines."""
from datetime import datetime

from redline.text.dates import DATELINE, DATELINE_PREFIX, DATELINE_TAG, RELEASE_DATELINE, iso_date, parse_date


def test_parse_date_reads_iso_and_printed_forms():
    assert parse_date("2024-03-05") == datetime(2024, 3, 5)
    assert parse_date(" 2024-03-05T14:30:00Z ") == datetime(2024, 3, 5, 14, 30)
    assert parse_date("2024-03-05T14:30:00+02:00") == datetime(2024, 3, 5, 14, 30)
    assert parse_date("March 5, 2024") == parse_date("5 March 2024") == datetime(2024, 3, 5)
    assert parse_date("05/03/2024") == datetime(2024, 3, 5)


def test_parse_date_is_none_for_nothing_or_nonsense():
    assert parse_date(None) is None and parse_date("") is None and parse_date("last Tuesday") is None


def test_iso_date_reads_a_printed_date_line_with_its_time():
    assert iso_date("Published March 5, 2024 at 2:15 p.m. EST") == "2024-03-05T14:15"
    assert iso_date("Updated: Tue, 5th March 2024") == "2024-03-05"
    assert iso_date("2 hours ago") is None and iso_date("2024-02-30") is None


def test_datelines():
    m = DATELINE.match("PORTLAND, Maine (Lakeshore Wire) — The ferry left late.")
    assert m.group(1) == "PORTLAND" and m.group(2) == "Lakeshore Wire"
    m = RELEASE_DATELINE.match("FORT CARROW, Ohio, May 4, 2023 /NewsCable/ -- Acme said")
    assert m.groups() == ("FORT CARROW", "May 4, 2023", "NewsCable")
    assert DATELINE_PREFIX.sub("", "CEDAR FALLS (MPA) — The council met.") == "The council met."
    assert DATELINE_TAG.search("(AP) — Rain fell.").group(2) == "AP"
    assert DATELINE_TAG.search("The mayor (AP) — said") is None


def test_parse_date_reads_feed_and_page_forms():
    # RSS gives RFC 2822; pages print ordinals and dotted days: all were undated before
    assert parse_date("Tue, 03 Mar 2026 09:00:00 GMT") == datetime(2026, 3, 3, 9, 0)
    assert parse_date("March 3rd, 2026") == datetime(2026, 3, 3)
    assert parse_date("03.03.2026") == datetime(2026, 3, 3)
    assert parse_date("3 March 2026, 9:40 am") == datetime(2026, 3, 3, 9, 40)
    assert parse_date("Mon, 99 Foo") is None and parse_date("2 hours ago") is None
