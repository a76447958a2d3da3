"""Article metadata read from the text itself (headline, byline, outlet, date, dateline), each with
its evidence span and a confidence, and reconciled with what a header or the HTML says.

Candidates for a field come from several places; agreeing candidates add up, and the value with
the most support wins, so neither the page's markup nor the text is taken blindly.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..text import chrome as ch
from ..text.dates import DATELINE, RELEASE_DATELINE, iso_date

if TYPE_CHECKING:
    from ..model import Article

FIELDS = ("title", "byline", "outlet", "date", "dateline")
# how far each origin is trusted on its own
TRUST = {"header": 1.0, "json": 1.0, "json_ld": 0.85, "html_meta": 0.8, "trafilatura": 0.55}

ROLE_TAIL = re.compile(rf"\s*(?:,|\||—|–|-|/)?\s*{ch.ROLE}\s*$", re.I)
SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
OUTLET = r"(?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of|and|&|for|on|[A-Z][\w&'’.-]*)){0,6}"
COPYRIGHT = re.compile(rf"^(?:(?:©|\(c\)|copyright)\s*)+(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?(?:by\s+)?({OUTLET})",
                       re.I)
# "Published by Clarion Digital Ltd © 2019 The Daily Clarion": the name after the mark and the year
COPYRIGHT_INSIDE = re.compile(rf"\s(?:©|\(c\))\s*\d{{4}}\s*,?\s*({OUTLET})")
LOGO = re.compile(r"^((?:[Tt]he\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:of|and|&|for|on|[A-Z0-9][\w&'’.-]*)){0,6}?)"
                  r"\s+(?:logo|wordmark|masthead)$")
PIPE = re.compile(rf"^(?:(?i:by|posted by)\s+)?({ch.NAME})\s*(?:\||—|–|/)\s*({OUTLET})\s*(?:$|\||·|—|–)")
BIO = re.compile(rf"^({ch.NAME})\s+(?:is|was|has been|covers|writes|reports)\b.*?\b(?:for|at|with)\s+({OUTLET})")
REACH = re.compile(rf"^({ch.NAME})\s+(?:can|may)\s+be\s+(?:reached|contacted|emailed)\b.*?[\w.+-]+@([\w-]+)\.")
FOLLOW = re.compile(rf"^follow\s+({ch.NAME})\s+on\b", re.I)
@dataclass
class Candidate:
    field: str
    value: str
    confidence: float
    origin: str
    start: int | None = None
    end: int | None = None


def text_candidates(text: str, chrome: list[dict[str, Any]]) -> list[Candidate]:
    """Every piece of metadata the text itself shows."""
    out: list[Candidate] = []
    for c in chrome:
        out += _from_chrome(c)
    out += _dateline(text, chrome)
    out += _emails(text, chrome)
    out += _masthead(text, chrome)
    return out


def _masthead(text: str, chrome: list[dict[str, Any]]) -> list[Candidate]:
    """The page's first line, a name above the headline that the page names again (in its footer,
    terms or newsletter prompt): the outlet's masthead."""
    top = next((c for c in chrome if c["start"] == len(text) - len(text.lstrip())), None)
    if not top or top["kind"] not in ("kicker", "other", "section") or not MASTHEAD.match(top["text"]):
        return []
    name = top["text"].strip()
    if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text[top["end"]:]) is None:
        return []
    return [Candidate("outlet", name, 0.4, "text", top["start"], top["end"])]


MASTHEAD = re.compile(r"^(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of|and|&|[A-Z0-9][\w&'’.-]*)){0,5}$")


def _from_chrome(c: dict[str, Any]) -> list[Candidate]:
    kind, line, s = c["kind"], c["text"], c["start"]
    out: list[Candidate] = []

    def add(field: str, value: str | None, conf: float, m: Any = None, group: int = 0) -> None:
        value = (value or "").strip(" .,;|")
        if value:
            a, b = (s + m.start(group), s + m.end(group)) if m else (s, c["end"])
            at = c["text"].find(value, a - s)
            if field != "date" and 0 <= at < b - s:  # the span of the value itself, once trimmed
                a, b = s + at, s + at + len(value)
            out.append(Candidate(field, value, conf, "text", a, b))

    if kind == "headline":
        add("title", line, 0.8)
    elif kind == "byline":
        m = PIPE.match(line)
        if m and not re.search(ch.ROLE + r"\s*$", m.group(2), re.I):
            add("byline", m.group(1), 0.85, m, 1)
            add("outlet", m.group(2), 0.6, m, 2)
        else:
            names, span = _byline_names(line)
            add("byline", names, 0.9, span)
            if re.search(r"\d{4}", line) and iso_date(line):
                add("date", iso_date(line), 0.7)
    elif kind == "dateline_stamp":
        when = iso_date(line)
        if when:
            add("date", when, 0.85 if re.match(r"\s*(?:published|posted|first)", line, re.I) else
                0.6 if re.match(r"\s*(?:updated|last|modified)", line, re.I) else 0.75)
    elif kind == "copyright":
        m = COPYRIGHT.match(line) or COPYRIGHT_INSIDE.search(line)
        if m and not re.match(r"(?:the\s+)?(?:associated|all rights)\b", m.group(1), re.I) or \
                (m and re.match(r"the associated press", m.group(1), re.I)):
            add("outlet", _trim_outlet(m.group(1)), 0.8, m, 1)
    elif kind == "image_alt":
        m = LOGO.match(line)
        if m and m.group(1):  # the masthead: above a copyright line, which may name the owner
            add("outlet", m.group(1), 0.85, m, 1)
    elif kind == "author_bio":
        m = BIO.match(line)
        if m:
            add("byline", m.group(1), 0.5, m, 1)
            add("outlet", _trim_outlet(m.group(2)), 0.5, m, 2)
    elif kind == "contact":
        m = REACH.match(line)
        if m:
            add("byline", m.group(1), 0.5, m, 1)
    elif kind == "social_follow":
        m = FOLLOW.match(line)
        if m and not re.match(r"(?:us|me)\b", m.group(1), re.I):
            add("byline", m.group(1), 0.4, m, 1)
    return out


def _trim_outlet(name: str) -> str:
    name = re.split(r"\s+(?:All|and its|under|LLC|Inc)\b|\.\s", name)[0]
    return name.strip(" .,;")


class _Span:
    def __init__(self, start: int, end: int):
        self._s, self._e = start, end

    def start(self, _: int = 0) -> int:
        return self._s

    def end(self, _: int = 0) -> int:
        return self._e


def _byline_names(line: str) -> tuple[str, Any]:
    """"By A and B, Staff Writers" -> "A and B" with its span in the line."""
    m = re.match(r"^\s*(?:[—–-]\s*)?(?:(?:by|written by|story by|words by|reporting by|text by|posted by|"
                 r"(?:fact[- ]check(?:ed)?|analysis|commentary|interview|photos?) by)\s+)?", line, re.I)
    start = m.end() if m else 0  # every part of the pattern is optional: it always matches
    rest = line[start:]
    rest = re.split(r"\s*(?:\||—|–|/|·|;)\s*|\s+-\s+|\s+on\s+", rest)[0]
    rest = ROLE_TAIL.sub("", rest)
    parts = [p for p in SPLIT.split(rest) if p]
    people = [p for p in parts if re.match(ch.NAME + "$", p) and not ROLE_TAIL.fullmatch(" " + p)
              and not _organisation(p)]
    if not people:
        return "", None
    value = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    end = start + rest.find(people[-1]) + len(people[-1])
    return value, _Span(start, end)


def _organisation(part: str) -> bool:
    """"ANB News", "Upper Valley Public Radio": a newsroom named beside its reporter, not a person."""
    from ..text.names import GENERIC
    toks = part.split()
    return any(t.lower() in GENERIC or _generic_compound(t.lower()) for t in toks) or \
        (not part.isupper() and any(t.isupper() and len(t) > 1 for t in toks))


def _generic_compound(token: str) -> bool:
    """"Newswire", "Presswire": two newsroom words run together, never a person's name."""
    from ..text.names import GENERIC
    return any(token.startswith(a) and token[len(a):] in GENERIC for a in GENERIC
               if len(a) >= 3 and len(token) > len(a) + 2)


def _dateline(text: str, chrome: list[dict[str, Any]]) -> list[Candidate]:
    """"PORTLAND, Maine (Lakeshore Wire) —" opening the first paragraph of prose."""
    taken = {c["start"] for c in chrome}
    seen = 0
    for s, e in ch.lines_of(text)[:40]:
        if s in taken:
            continue
        line = text[s:e]
        if not ch.is_prose(line):
            continue
        release = _release_dateline(line, s)
        if release:
            return release
        m = DATELINE.match(line)
        seen += 1
        if not m or len(m.group(1).replace(".", "")) < 3 or m.group(1) in ("AP", "UPDATE", "BREAKING"):
            if seen >= 3:
                return []
            continue
        out = [Candidate("dateline", m.group(1).strip(), 0.85, "text", s + m.start(1), s + m.end(1))]
        if m.group(2):
            out.append(Candidate("outlet", m.group(2).strip(), 0.45, "text", s + m.start(2), s + m.end(2)))
        return out
    return []


def _release_dateline(line: str, start: int) -> list[Candidate]:
    """Place, date and distributing wire of a press release's dateline."""
    m = RELEASE_DATELINE.match(line)
    if not m:
        return []
    out = [Candidate("dateline", m.group(1).strip(), 0.85, "text", start + m.start(1), start + m.end(1)),
           Candidate("outlet", m.group(3).strip(), 0.5, "text", start + m.start(3), start + m.end(3))]
    day = iso_date(m.group(2))
    if day:
        out.append(Candidate("date", day, 0.7, "text", start + m.start(2), start + m.end(2)))
    return out


def _emails(text: str, chrome: list[dict[str, Any]]) -> list[Candidate]:
    """An e-mail domain in a chrome line: weak outlet evidence (it can only confirm a name)."""
    out = []
    for c in chrome:
        for m in re.finditer(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", c["text"]):
            out.append(Candidate("email_domain", m.group(1).lower(), 0.2, "text",
                                 c["start"] + m.start(1), c["start"] + m.end(1)))
    return out


# ---- reconciliation --------------------------------------------------------------------------

def reconcile(candidates: Iterable[Candidate]) -> dict[str, dict[str, Any]]:
    """The best-supported value of each field. Candidates that agree add up (a date agrees with a
    more precise one of the same day, a name with a longer form of itself); the most precise form of
    the winning value is kept. A header always wins: the user said so."""
    cands = list(candidates)
    domains = [c.value for c in cands if c.field == "email_domain"]
    out: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        group = [c for c in cands if c.field == field and c.value]
        if not group:
            continue
        headers = [c for c in group if c.origin in ("header", "json")]
        if headers:
            best, support = headers[0], 1.0
        else:
            best, support = _best(group, field, domains)
        out[field] = {"value": best.value, "start": best.start, "end": best.end,
                      "confidence": round(min(0.99, support), 3), "from": best.origin}
    return out


def _best(group: list[Candidate], field: str, domains: list[str]) -> tuple[Candidate, float]:
    scored = []
    for c in group:
        agree = [o for o in group if _agree(field, c.value, o.value)]
        support = 1.0
        for o in {(o.origin, o.value): o for o in agree}.values():
            support *= 1.0 - o.confidence
        support = 1.0 - support
        if field == "outlet" and any(_squash(c.value).endswith(d.split(".")[0]) or
                                     d.split(".")[0] in _squash(c.value) for d in domains):
            support = 1.0 - (1.0 - support) * 0.8
        precise = max(agree, key=lambda o: (_precision(field, o), o.confidence))
        scored.append((support, _precision(field, precise), precise))
    support, _, best = max(scored, key=lambda t: (t[0], t[1]))
    return best, support


def _precision(field: str, c: Candidate) -> int:
    """Among agreeing values the fullest wins: the date with its time, the outlet's whole name."""
    return len(c.value) if field in ("date", "outlet") else 0


def _squash(s: str) -> str:
    return re.sub(r"[\W_]+|^the", "", s.lower())


def _agree(field: str, a: str, b: str) -> bool:
    if field == "date":
        return a[:10] == b[:10] and (len(a) == 10 or len(b) == 10 or a == b)
    if field == "byline":
        na, nb = _people(a), _people(b)
        return bool(na) and (na <= nb or nb <= na)
    if field == "outlet":
        sa, sb = _squash(a), _squash(b)
        return bool(sa) and (sa == sb or (min(len(sa), len(sb)) >= 4 and (sa in sb or sb in sa)))
    return _squash(a) == _squash(b)


def _people(byline: str) -> frozenset[str]:
    text = re.sub(r"^\s*by\s+", "", byline, flags=re.I)
    return frozenset(_squash(p) for p in SPLIT.split(text) if p.strip())


def read_meta(article: Article, candidates: Iterable[Candidate] = ()) -> Article:
    """The article with its chrome lines and reconciled metadata in ``meta`` and its fields filled.
    An article whose every line is chrome is an InputError."""
    from dataclasses import replace

    from ..errors import InputError
    cands = list(candidates)
    title = next((c.value for c in cands if c.field == "title"), None) or article.title
    chrome = ch.classify(article.text, title)
    if chrome and not ch.mask(article.text, tuple((c["start"], c["end"]) for c in chrome)).strip():
        from .clean import long_enough
        long_enough(article)  # a stray byte or two words: say so, not "page chrome"
        kinds = ", ".join(dict.fromkeys(c["kind"] for c in chrome))
        raise InputError(article.id, f"no article text found (all {len(chrome)} lines are page chrome: {kinds})")
    fields = reconcile(cands + text_candidates(article.text, chrome))
    meta = {**dict(article.meta), "chrome": chrome, "fields": fields}
    if "dateline" in fields:
        meta["dateline"] = fields["dateline"]["value"]
    values = {f: fields[f]["value"] for f in ("title", "byline", "outlet", "date") if f in fields}
    return replace(article, meta=meta, **values)


def header_candidates(article: Article, origin: str = "header") -> list[Candidate]:
    return [Candidate(f, getattr(article, f), TRUST[origin], origin)
            for f in ("title", "byline", "outlet", "date") if getattr(article, f)]


def page_candidates(html: str, extracted: dict[str, Any]) -> list[Candidate]:
    """What trafilatura, the page's meta tags and its JSON-LD say about the article."""
    from .htmlscan import jsonld_items, names_of, scan
    out = [Candidate(f, extracted.get(k) or "", TRUST["trafilatura"], "trafilatura")
           for f, k in (("title", "title"), ("byline", "author"), ("outlet", "sitename"))]
    out.append(Candidate("date", (iso_date(extracted.get("date")) or "")[:10], TRUST["trafilatura"], "trafilatura"))
    page = scan(html)
    for field, keys in (("title", ("og:title", "twitter:title")), ("outlet", ("og:site_name", "application-name")),
                        ("byline", ("author", "article:author", "byl", "parsely-author")),
                        ("date", ("article:published_time", "pubdate", "publishdate", "date", "dc.date"))):
        for node in page.meta(*keys):
            value = node.attrs.get("content", "")
            if field == "date":
                value = _markup_date(value)
            elif field == "byline" and re.match(r"https?://", value):
                continue
            out.append(Candidate(field, value.strip(), TRUST["html_meta"], "html_meta"))
    for _, item in jsonld_items(page):
        kind = item.get("@type", "")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and ("Article" in k or k in ("Report", "BlogPosting")) for k in kinds):
            continue
        people = names_of(item.get("author"))
        values = {"title": item.get("headline") if isinstance(item.get("headline"), str) else "",
                  "byline": " and ".join(people),
                  "outlet": (names_of(item.get("publisher")) or [""])[0],
                  "date": (iso_date(item.get("datePublished") if isinstance(item.get("datePublished"), str)
                                      else "") or "")[:10]}
        out += [Candidate(f, (v or "").strip(), TRUST["json_ld"], "json_ld") for f, v in values.items()]
    stamps = _visible_stamps(page)
    if _only_relative_stamps(page, out + stamps):
        out = [c for c in out if not (c.field == "date" and c.origin == "trafilatura")]
    out += stamps + _page_outlets(page)
    return [_tidy(c) for c in out
            if c.value and not (c.field == "outlet" and re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", c.value))]


def _markup_date(value: str) -> str:
    """A markup date with its time only where the time carries a local UTC offset
    ("2019-02-09T01:04:00-05:00" is 01:04 as the site's readers saw it); a time in UTC ("Z",
    "+00:00") or with no offset is machine time, so only its day is kept."""
    when = iso_date(value) or ""
    local = re.search(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})$", value.strip())
    if len(when) > 10 and local and local.group(2) + local.group(3) != "0000":
        return when
    return when[:10]


def _only_relative_stamps(page: Any, cands: list[Candidate]) -> bool:
    """The page prints its time only as "3 days ago" and declares no date of its own: a date that
    trafilatura guessed (from a URL or a machine attribute) is not one the page shows."""
    if any(c.field == "date" and c.value and c.origin != "trafilatura" for c in cands):
        return False
    lines = [ln.strip() for ln in page.visible_text()[0].splitlines()[:400]]
    stamps = [ln for ln in lines if ln and len(ln) < 120 and ch.strong_kind(ln) == "dateline_stamp"]
    return bool(stamps) and not any(iso_date(ln) for ln in stamps)


def _tidy(c: Candidate) -> Candidate:
    """A markup byline as a list of people ("Joanna Mbeki; Reporter" -> "Joanna Mbeki")."""
    if c.field != "byline":
        return c
    names, _ = _byline_names(c.value.replace(";", ","))
    return Candidate(c.field, names, c.confidence, c.origin)


def _visible_stamps(page: Any) -> list[Candidate]:
    """A published/updated stamp printed on the page but left out of the extracted text: its time."""
    out = []
    for line in page.visible_text()[0].splitlines()[:400]:
        line = line.strip()
        if line and len(line) < 120 and ch.strong_kind(line) == "dateline_stamp":
            when = iso_date(line)
            if when and len(when) > 10:
                conf = 0.6 if re.match(r"\s*(?:updated|last|modified)", line, re.I) else 0.75
                out.append(Candidate("date", when, conf, "html_meta"))
    return out


def _page_outlets(page: Any) -> list[Candidate]:
    """The outlet as the page shows it outside the article text: its logo's alt text and the
    copyright line of its footer."""
    out = []
    for node in page.images:
        m = LOGO.match((node.attrs.get("alt") or "").strip())
        if m and m.group(1):
            out.append(Candidate("outlet", m.group(1), 0.7, "html_meta"))
    for line in page.visible_text()[0].splitlines()[-200:]:
        line = line.strip()
        if line and len(line) < 200 and ch.strong_kind(line) == "copyright":
            out += [Candidate("outlet", c.value, 0.6, "html_meta") for c in _from_chrome(
                {"kind": "copyright", "text": line, "start": 0, "end": len(line)})]
    return out
