"""Dates and datelines as news text prints them."""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
TIME = r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|AM|PM)(?:\s+[A-Z]{2,4}\b)?|\d{1,2}:\d{2}(?:\s+[A-Z]{2,4}\b)?"
DATE = (rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?"
        rf"(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})")
RELATIVE = r"(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month)s?\s+ago|just now|yesterday|today"

DATELINE = re.compile(
    r"^((?:[A-Z][A-Z.'’-]+)(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:,\s*(?:[A-Z][\w.]+(?:\s[A-Z][\w.]+)?|"
    rf"{MONTH}\s+\d{{1,2}}))*\s*(?:\(([^()\n]{{2,40}})\))?\s*(?:[-–—]{{1,2}}|:)\s")

# A press-release wire's dateline: "FORT CARROW, Ohio, May 4, 2023 /NewsCable/ --".
RELEASE_DATELINE = re.compile(
    r"^([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}),\s*(?:[A-Z][\w.]+(?:\s[A-Z][\w.]+)?,\s*)?"
    rf"({MONTH}\.?\s+\d{{1,2}},\s+\d{{4}})\s*/([^/\n]{{2,40}})/\s*(?:--|[-–—])\s")
# A wire dateline with or without its agency tag: "CEDAR FALLS (MPA) — ", "CEDAR FALLS — ", "(MPA) — ".
DATELINE_PREFIX = re.compile(r"^\s*[A-Z][A-Z .'’-]{1,60}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?(?:\s*\([^()\n]{2,40}\))?"
                             r"\s*[-–—]\s*|^\s*\([^()\n]{2,40}\)\s*[-–—]\s*")
# "HARBOR CITY (Lakeshore Wire) —", "PORT ALDER, Maine (NNS) —" or "(AP) —": the agency tag that
# opens a wire story.
DATELINE_TAG = re.compile(r"^[A-Z][A-Z .'’-]{1,60}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?\s*\(([^()\n]{2,40})\)\s*[-–—]|"
                          r"^\(([^()\n]{2,40})\)\s*[-–—]", re.M)
# a story's opening dateline ("MILLBROOK, Ohio —", "LONDON (Reuters) -"): the body, never a standfirst
DATELINE_OPEN = re.compile(r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,[^—–-]{1,30})?\s*(?:\([^)]{1,30}\))?\s*[—–-]")


@lru_cache(maxsize=65536)
def parse_date(value: str | None) -> datetime | None:
    """A datetime (naive) from an article's date field: ISO forms and a few printed ones."""
    if not value:
        return None
    value = value.strip()
    try:  # first: where an ISO form below matches, this gives the same; a failed strptime is slow
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y", "%B %d, %Y", "%d %B %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return _rfc2822(value) or _printed(value)


def _rfc2822(value: str) -> datetime | None:
    """An RSS feed's date ("Tue, 03 Mar 2026 09:00:00 GMT")."""
    from email.utils import parsedate_to_datetime
    try:
        return parsedate_to_datetime(value).replace(tzinfo=None)
    except (TypeError, ValueError, IndexError):
        return None


def _printed(value: str) -> datetime | None:
    """A date as pages print it ("March 3rd, 2026", "3 March 2026, 9:40 am")."""
    iso = iso_date(value)
    return datetime.fromisoformat(iso) if iso else None


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_DATE = re.compile(DATE, re.I)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d{2})\b", re.I)


def iso_date(value: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` where a time is printed) from a date
    line as news sites print it; None for relative stamps ("2 hours ago") and unreadable ones."""
    if not value:
        return None
    m = _ISO.search(value)
    if m:
        y, mo, d, hh, mm = m.groups()
        return _iso(int(y), int(mo), int(d), int(hh) if hh else None, int(mm) if mm else None)
    dm = _DATE.search(value)
    if not dm:
        return None
    day = _day(dm.group(0))
    if day is None:
        return None
    rest = value[:dm.start()] + " " + value[dm.end():]
    tm = _TIME.search(rest)
    if not tm:
        return _iso(day.year, day.month, day.day)
    if tm.group(1):
        hour, minute = int(tm.group(1)) % 12 + (12 if tm.group(3).lower() == "p" else 0), int(tm.group(2) or 0)
    else:
        hour, minute = int(tm.group(4)), int(tm.group(5))
    return _iso(day.year, day.month, day.day, hour, minute)


def _day(text: str) -> datetime | None:
    from dateutil import parser
    text = re.sub(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text).replace(".", " ")
    try:
        day: datetime = parser.parse(text, dayfirst=bool(re.match(r"\d{1,2}/", text)) and False,
                                     default=datetime(1900, 1, 1))
        return day
    except (ValueError, OverflowError):
        return None


def _iso(y: int, mo: int, d: int, hh: int | None = None, mm: int | None = None) -> str | None:
    try:
        day = datetime(y, mo, d, hh or 0, mm or 0)
    except ValueError:
        return None
    return day.strftime("%Y-%m-%dT%H:%M" if hh is not None else "%Y-%m-%d")
