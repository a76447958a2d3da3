"""Which of two articles is the source? Signals, each with a weight and a plain reason."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from ..model import Article, Direction, Evidence, Reason
from ..text.dates import parse_date
from ..text.names import partial_names
from ..text.ngrams import ngrams
from ..text.normalise import normalise, words
from ..text.quotes import quoted_passages

# a news agency's own marks: a dateline credit or byline that only the agency's copy carries
_AGENCY = (r"\((?:AP|Reuters|AFP|PA|UPI|dpa|Bloomberg)\)|\bThe Associated Press\b.{0,40}\b(?:contributed|reported)"
           r"|\bPA News\b")
AGENCY_MARKS = re.compile(_AGENCY, re.IGNORECASE)
# ... or licence text (a notice that most outlets print on their own pages too)
WIRE_MARKS = re.compile(
    _AGENCY + r"|\bCopyright\b|©|\bAll rights reserved\b|\bmay not be (?:published|reproduced|rewritten|broadcast)"
    r"|\brepublish(?:ed)? (?:this|our) (?:story|article)|\bcreative ?commons\b",
    re.IGNORECASE)
CREDIT_VERBS = (r"according to|(?:produced|written) by|as (?:first )?reported by|reported by"
                r"|first (?:appeared|published) (?:on|in|at|by)"
                r"|originally (?:appeared|published) (?:on|in|at|by)|told|via|courtesy of|republished from")
WIRE_BOILERPLATE = re.compile(_AGENCY + r"|\bmay not be (?:published|reproduced|rewritten|broadcast)", re.IGNORECASE)
REPUBLISHED = re.compile(r"(?:originally|first) (?:published|appeared)"
                         r"|republished (?:here )?(?:from|with|under|courtesy|by)"
                         r"|reprinted (?:with|from|by)", re.IGNORECASE)
LICENSED = re.compile(r"\bfor use by (?:licensed )?subscribers\b"
                      r"|\bmay not be (?:published|reproduced|rewritten|broadcast)",
                      re.IGNORECASE)


def infer_direction(a: Article, b: Article) -> Direction:
    """Signals that point at the source; positive totals favour ``a``."""
    reasons = [r for r in (_dates(a, b), _credit(a, b), _credit(b, a, flip=True), _wire(a, b),
                           _quotes(a, b), _containment(a, b)) if r is not None]
    total = _total(reasons, a.id)
    confidence = 0.5 + 0.5 * math.tanh(1.5 * abs(total))
    source = a.id if total >= 0 else b.id
    if not reasons:
        reasons = [Reason("order", a.id, 0.0, "no signal found; the first article is taken as the source")]
    return Direction(source, confidence, tuple(reasons), True)


PROVENANCE = ("credit", "date")


def _total(reasons: list[Reason], a_id: str) -> float:
    """The signed weight of the signals, positive for ``a``. A credit or a date says outright which
    came first; the textual signals (wire marks, fuller quotes, containment) only suggest it, and a
    copy that adds or cuts material can turn them around. So where the credits and dates all point
    the same way, a textual signal against them counts half; where they conflict, all count fully."""
    def signed(r: Reason) -> float:
        return r.weight if r.favours == a_id else -r.weight if r.favours else 0.0
    told = [signed(r) for r in reasons if r.signal in PROVENANCE and r.favours]
    hinted = [signed(r) for r in reasons if r.signal not in PROVENANCE]
    if told and (all(t > 0 for t in told) or all(t < 0 for t in told)):
        way = 1.0 if told[0] > 0 else -1.0
        hinted = [h if h * way >= 0 else h / 2 for h in hinted]
    return sum(told) + sum(hinted)


def _dates(a: Article, b: Article) -> Reason | None:
    da, db = parse_date(a.date), parse_date(b.date)
    if not da or not db or da == db:
        return None
    if da.date() == db.date() and not (_has_time(a.date) and _has_time(b.date)):
        return None  # the same day, one without a time: the order is not shown
    first, later = (a, b) if da < db else (b, a)
    return Reason("date", first.id, 0.6, f"{first.id} is dated {first.date}, before {later.id} ({later.date})")


def _has_time(value: str | None) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}", value or ""))


def _names(art: Article) -> list[str]:
    names = []
    if art.outlet:
        names.append(art.outlet)
        short = re.sub(r"^(?:the)\s+", "", art.outlet, flags=re.I)
        if short != art.outlet:
            names.append(short)
    if art.byline:
        names.extend(n.strip() for n in re.split(r",| and ", re.sub(r"^by\s+", "", art.byline, flags=re.I))
                     if len(n.strip()) > 3)
    return names


def _credit_pattern(name: str) -> re.Pattern:
    n = re.escape(name)
    return re.compile(rf"(?:{CREDIT_VERBS})\s+(?:the\s+)?{n}\b|\b{n}\s+(?:reported|said|first reported|contributed)"
                      rf"|\({n}\)", re.IGNORECASE)


def _credit(a: Article, b: Article, flip: bool = False) -> Reason | None:
    """``b`` credits ``a`` by name ("according to A", "A reported", "A contributed", "(A)") -> ``a``
    is the source. A shortened outlet name ("The X" for "The X News Foundation") is partial credit."""
    own = {n.casefold() for n in _names(b)}
    for name in _names(a):
        if name.casefold() in own:
            continue
        m = _credit_pattern(name).search(b.text)
        if m and _shared(m, a):
            continue  # both texts credit the name the same way ("(CNW)" in both datelines): a third party
        if m:
            return Reason("credit", a.id, 1.0, f'{b.id} credits {a.id}: "{m.group(0)}"',
                          (_evidence(b, m), *_named_in(a, name)))
        m = _credit_pattern(name).search(b.title or "")
        if m:
            return Reason("credit", a.id, 1.0, f'{b.id} credits {a.id} in its title: "{m.group(0)}"')
    for name in partial_names(a.outlet or "")[:12]:
        if name.casefold() in own:
            continue
        m = _credit_pattern(name).search(b.text)
        if m and _shared(m, a):
            continue
        if m:
            return Reason("credit", a.id, 0.6, f'{b.id} credits {a.id} in part ("{m.group(0)}" for {a.outlet})',
                          (_evidence(b, m), *_named_in(a, name)))
    return None


def _shared(m: re.Match, art: Article) -> bool:
    """The credit phrase is printed, word for word, in the credited article too."""
    return m.group(0).casefold() in art.text.casefold()


def _evidence(art: Article, m: re.Match) -> Evidence:
    return Evidence(art.id, None, m.start(), m.end(), m.group(0))


def _named_in(art: Article, name: str) -> tuple[Evidence, ...]:
    """Where the article's text shows the name credited (its footer, dateline or own sentences)."""
    m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", art.text, re.IGNORECASE)
    return (_evidence(art, m),) if m else ()


def _wire_text(art: Article) -> str:
    """The text in which wire or licence marks count: an outlet's own copyright line and a footer
    saying the story was republished from elsewhere are left out (every site prints the first;
    the second marks a copy, not a source)."""
    from ..text.chrome import chrome_of, mask
    drop = tuple((c["start"], c["end"]) for c in chrome_of(art)
                 if (c["kind"] == "copyright" and not WIRE_BOILERPLATE.search(c["text"]))
                 or (c["kind"] == "license_footer" and REPUBLISHED.search(c["text"])))
    return mask(art.text, drop) if drop else art.text


def _wire(a: Article, b: Article) -> Reason | None:
    ta, tb = _wire_text(a), _wire_text(b)
    ma, mb = WIRE_MARKS.search(ta), WIRE_MARKS.search(tb)
    if bool(ma) == bool(mb):
        return None
    src, m = (a, ma) if ma else (b, mb)
    assert m is not None
    agency = WIRE_BOILERPLATE.search(_wire_text(src)) or LICENSED.search(src.text)
    if agency:  # a distribution notice only an agency prints on its own copy
        m = agency
    return Reason("wire", src.id, 0.5 if agency else 0.3, f'{src.id} carries wire or licence text ("{m.group(0)}")',
                  (_evidence(src, m),))


def _quotes(a: Article, b: Article) -> Reason | None:
    qa, qb = _quote_keys(a.text), _quote_keys(b.text)
    a_fuller, b_fuller = _fuller(qb, qa), _fuller(qa, qb)
    if a_fuller == b_fuller:
        return None
    src = a if a_fuller > b_fuller else b
    return Reason("quotes", src.id, 0.4,
                  f"{src.id} holds the fuller version of {max(a_fuller, b_fuller)} shared quote(s)")


@lru_cache(maxsize=1024)
def _quote_keys(text: str) -> list[str]:
    """The text's quoted passages (12 words or more) as normalised words (cached: an article is
    weighed against each of its candidates, and they against each other)."""
    return [" ".join(words(q)) for q in quoted_passages(normalise(text), 12)]


def _fuller(short: list[str], long: list[str]) -> int:
    """How many pairs (x of ``short``, y of ``long``) have x inside y, y longer by over 3
    characters. One search per distinct x through all of ``long`` joined, jumping to the next y
    after a hit: no Python loop over pairs (long articles hold thousands of quotes)."""
    joined = "\0".join(long)
    starts = list(accumulate((len(y) + 1 for y in long[:-1]), initial=0))
    total = 0
    for x, n in Counter(short).items():
        if not x:
            continue
        hits, pos = 0, joined.find(x)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            hits += len(long[k]) > len(x) + 3
            pos = joined.find(x, starts[k] + len(long[k]) + 1)
        total += n * hits
    return total


@lru_cache(maxsize=256)
def _grams(text: str) -> frozenset:
    return frozenset(ngrams(words(text), 3))


def _containment(a: Article, b: Article) -> Reason | None:
    ga, gb = _grams(a.text), _grams(b.text)
    if not ga or not gb:
        return None
    shared = len(ga & gb)
    in_b, in_a = shared / len(ga), shared / len(gb)  # share of a found in b, of b found in a
    diff = in_a - in_b
    if abs(diff) < 0.05:
        return None
    src = a if diff > 0 else b
    other = b if src is a else a
    return Reason("containment", src.id, min(0.4, abs(diff)),
                  f"{max(in_a, in_b):.0%} of {other.id}'s word 3-grams are in {src.id}, "
                  f"but only {min(in_a, in_b):.0%} the other way")
