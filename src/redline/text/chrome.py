"""Page chrome in article text: the lines a browser copy or an HTML extractor lets through that are
not the story (navigation, labels, credits, share and follow prompts, footers...).

A line is chrome only on strong evidence: a pattern that body prose does not take (a whole line
"Share", "Font Size:", "© 2019 Outlet", "Follow Ana Ruiz on Twitter @ana"), or a short label-like
line (no sentence-final punctuation) above the first or below the last paragraph of prose.
Offsets are into the text as given; chrome is marked, never cut out.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .dates import DATE, DATELINE_OPEN, RELATIVE, TIME

if TYPE_CHECKING:
    from ..model import Article

KINDS = ("nav", "section", "kicker", "byline", "dateline_stamp", "photo_credit", "caption", "image_alt",
         "share", "font_control", "social_follow", "contact", "newsletter", "donation", "related",
         "comment_count", "cookie", "ad_label", "author_bio", "license_footer", "copyright", "headline",
         "other")

_I = re.IGNORECASE
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|del|la|le|bin|al))*?\s+[A-Z][\w'’-]+"
NAMES = rf"{NAME}(?:\s*(?:,|and|&)\s*{NAME})*"
ROLE = (r"(?i:(?:senior\s+|chief\s+|special\s+|local\s+|contributing\s+|political\s+|staff\s+|deputy\s+|"
        r"associate\s+|managing\s+|news\s+|investigative\s+|freelance\s+|guest\s+)*"
        r"(?:staff\s+writer|staff\s+reporter|reporter|correspondent|writer|editor|contributor|columnist|"
        r"journalist|producer|intern|fellow|staff|photographer|\w+\s+reporter|\w+\s+correspondent|\w+\s+editor)s?)")
STAMP_WORD = r"(?:published|updated|last\s+updated|posted|modified|first\s+published|created|date)"
STAMP = re.compile(
    rf"^(?:{STAMP_WORD}\s*(?:on|at)?\s*:?\s*)?(?:(?:{TIME})\s*,?\s*(?:on\s+)?)?(?:{DATE}|{RELATIVE})"
    rf"(?:\s*(?:at|,|-|–|—|\||·)?\s*(?:{TIME}))?\.?(?:\s*(?:[|·•]\s*)?{STAMP_WORD}\s*:?\s*.{{0,60}})?$", _I)
STAMP_LEAD = re.compile(rf"^{STAMP_WORD}\b\s*(?:on|at)?\s*:?\s*\S.{{0,70}}$", _I)

# strong patterns: anywhere in the text, on a line of at most STRONG_WORDS words
STRONG_WORDS = 30
STRONG: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(p, _I)) for kind, p in [
    ("share", r"^(?:[\d,.]+k?\s+shares?|print this (?:article|story|page)|(?:click|tap) to (?:share|email|e-mail|print)\b.{0,60}?(?:\(opens in new window\))?)$|^(?:(?:share|share this(?: (?:article|story|page|post))?|share on \w+|tweet|facebook|twitter|x|email|"
              r"e-mail|print|whatsapp|linkedin|reddit|pinterest|flipboard|messenger|copy link|copy url|"
              r"link copied|save|gift (?:this )?article|comments?)\b[\s|·•,/:]*){1,12}$"),
    ("social_follow", r"^(?:follow|following|\+\s*follow|[\d,.]+k?\s+followers?)$"),
    ("font_control", r"^(?:font size|text size|resize text|a\s*a\s*a|aa|a-\s*a\+|a\+\s*a-|larger text|smaller text)\b.{0,30}$"),
    ("social_follow", r"^(?:follow\s+(?:us|me|him|her|them|\S.{0,60}?)\s+on\s+(?:twitter|x|facebook|instagram|"
                      r"threads|bluesky|mastodon|linkedin|tiktok|youtube)\b.{0,60}|follow\s+@\w+.{0,40}|@\w{2,30}|"
                      r"(?:like us on facebook|connect with us)\b.{0,60})$"),
    ("contact", r"^(?:send (?:us )?(?:your )?(?:news )?tips?\b.{0,100}|(?:have|got) a (?:news )?tip\b.{0,100}|"
                r"(?:contact|email|reach)\s+(?:the\s+)?(?:reporter|author|writer|us|\w+(?:\s\w+)?)\s+at\s+\S+@\S+.{0,40}|"
                r"(?:e-?mail|contact|tips?)\s*:\s*\S+@\S+.{0,40}|(?:media|press) (?:contact|inquiries|enquiries)\s*:.{1,120}|"
                r"[^.!?]{0,60}[?.]\s+(?:e-?mail|contact|write to|send (?:it|them)(?: to)?)\s+\S+@[\w-]+\.[\w.]+\.?|(?:write|e-?mail) (?:to )?\S.{0,40}\s+at\s+\S+@\S+|"
                rf"(?:{NAME}|[A-Z][\w'’-]+)\s+(?:can|may)\s+be\s+(?:reached|contacted|emailed)\s+(?:at|by|via)\s+.{{0,100}})$"),
    ("newsletter", r"^(?:subscribe (?:to|for) (?:keep|continue) reading.{0,100}|subscribe to keep reading.{0,100}|(?:sign up|subscribe)\b.{0,90}(?:newsletter|inbox|email|updates|briefing|digest)\b.{0,40}|"
                   r"get (?:the|our) .{0,60}(?:newsletter|in your inbox)\b.{0,40}|"
                   r"(?:our |the )?[\w ]{0,30}newsletter\s*:?.{0,40}|enter your email.{0,60}|"
                   r"view (?:this|it|the) (?:e-?mail|newsletter) in (?:your|a) (?:web )?browser.{0,20}|"
                   r"(?:was this|this) e-?mail (?:was )?forwarded.{0,80}|forwarded this e-?mail\b.{0,80}|"
                   r"unsubscribe\b.{0,60}|(?:update|manage) (?:your )?(?:e-?mail )?preferences.{0,40}|"
                   r"share [A-Z].{0,60} with a friend.{0,20}|"
                   r"thanks for reading\b[^.!?]{0,60}[.!]\s+(?:subscribe|sign up)\b.{0,120}|"
                   r"get (?:breaking )?news alerts\b.{0,100}|download (?:our|the) (?:free )?app\b.{0,60}|"
                   r"subscribe (?:to|for|now)\b[^.!?]{0,80}[.!]?|"
                   r"good (?:morning|afternoon|evening)\b.{0,40}\bwhat you need to know\b.{0,40})$"),
    ("donation", r"^(?:.{0,120}\b(?:make a (?:tax-deductible )?donation|donate (?:now|today)|chip in)\b.{0,60}|donate to\b.{0,150}|donate(?: now| today)?|support (?:our|independent|local|nonprofit) (?:journalism|reporting|newsroom)\b.{0,120}|"
                 r"(?:[^.!?]{0,80}[.!?]\s+)?(?:become|join as) a (?:member|supporter|subscriber)\b[^.!?]{0,60}[.!]?|make a (?:tax-deductible )?donation\b.{0,80}|"
                 r"(?:we|our newsroom) (?:rely|relies|depend|depends) on (?:readers|donors|support).{0,120})$"),
    ("related", r"^(?:related(?: (?:stories|articles|coverage|content|links|reading|posts))?|read more|read next|"
                r"more (?:stories|from|on|in)\b[^.!?]{0,50}|recommended(?: (?:for you|stories|reading))?|you (?:may|might) also like|"
                r"most (?:read|popular|viewed|shared)(?: (?:news|stories|articles))?|view full site|trending(?: now| stories)?|see also|also read|don't miss|"
                r"what to read next|keep reading|up next|latest (?:news|stories))\b(?:\s*[:»›>|–—-]\s*.{0,140}|\s*)$"),
    ("comment_count", r"^(?:share what you think|\d+\s+comments?|comments?\s*\(\d+\)|view (?:\d+ )?comments|leave a comment|"
                      r"join the (?:conversation|discussion)|show comments|\d+\s+responses?|be the first to comment)\b.{0,20}$"),
    ("cookie", r"^.{0,80}\b(?:we use cookies|this (?:site|website) uses cookies|by continuing to (?:use|browse)|"
               r"accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent))\b.{0,200}$"),
    ("ad_label", r"^(?:advertisement|advertising|ad|sponsored(?: content| post| by .{1,60})?|paid (?:post|content)|"
                 r"(?:story|article) continues (?:below|after) (?:this )?(?:advertisement|ad)|"
                 r"continue reading (?:the main story|below)|skip (?:this )?ad)\s*$"),
    ("license_footer", r"^(?:(?:this |the )?(?:story|article|report|content|piece)\s+(?:was\s+|is\s+|has been\s+)?)?"
                       r"(?:provided|supplied|syndicated)\s+(?:to\s+[^.]{1,40}?\s+)?by\s+(?:the\s+)?(?-i:[A-Z])[^.!?]{1,80}\.?$|"
                       r"^.{0,200}(?:for use by licensed subscribers|creative commons|\bCC[ -]BY(?:[ -](?:NC|ND|SA))*\b|republish (?:this|our) "
                       r"(?:story|article|stories|post)|(?:may|can) be (?:used|republished) by (?:licensed )?subscribers|republished (?:here |from .{1,60} )?(?:with permission|under|courtesy|from)|"
                       r"(?:originally|first) (?:published|appeared|posted|ran) (?:by|on|in|at)\b|reposted (?:from|by)\b|"
                       r"may be republished|is republished|reprinted with permission|distributed by\b).{0,300}$"),
    ("copyright", r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}\b|all rights reserved\b|"
                  r"this (?:material|article|story) may not be (?:published|reproduced|copied)).{0,200}$|"
                  r"^[^.!?]{0,80}\s(?:©|\(c\))\s*\d{4}\b[^.!?]{0,100}\.?$|"
                  r"^copyright\b.{0,120}\ball rights reserved\b.{0,100}$"),
    ("photo_credit", r"^(?:\(?\s*(?:photo|photos|photograph|image|picture|pic|video|illustration|graphic|credit|"
                     r"file photo)(?:\s+(?:by|credit|courtesy(?: of)?))?\s*[:/]\s*.{1,80}\)?|"
                     r"\(?\s*(?:photo|photograph|image|picture)s?\s+(?:by|courtesy(?: of)?)\s+.{1,80}\)?|"
                     r"[A-Z][\w&.]*(?:\s[A-Z][\w&.]*){0,3}\s*/\s*(?:[A-Z][\w'’.-]+\s?){1,4}|"
                     r"(?:getty images|shutterstock|istock(?:photo)?|ap photo|reuters|afp(?: via getty images)?)"
                     r"(?:\s*/\s*.{1,40})?)$"),
    ("caption", r"^.{10,300}[.!?\"”]?\s*[(\[]\s*(?:photo|photograph|image|picture|credit|file photo|video)"
                r"(?:\s+(?:by|courtesy(?: of)?))?\s*[:/]?\s*.{1,80}[)\]]$|"
                r"^.{10,300}\s(?:photo|image|picture)\s*(?:by|credit|courtesy(?: of)?)\s*:?\s*[A-Z].{1,60}$"),
    ("image_alt", r"^(?:(?:the\s+)?(?:[A-Z0-9][\w&'’.-]*\s){0,6}(?:logo|wordmark|masthead)|"
                  r"(?:image|picture|photo|icon) of .{1,80}|(?:placeholder|loading) image)$"),
    ("other", r"^(?:skip to (?:main )?content|listen to (?:this )?(?:article|story)(?:\s*[\d:]+\s*(?:min(?:utes?)?)?)?|"
              r"\d+\s*min(?:ute)?s?\s+read|reading time\s*:.{0,30}|(?:tags|topics|filed under|categories)\s*:.{0,200}|"
              r"loading(?:\.\.\.|…)?|close|menu|search|sign in|log in|subscribe|subscribe now|"
              r"(?:click|tap) (?:here )?to (?:enlarge|expand|play|view).{0,60}|toggle .{0,40}|back to top|"
              r"report an error|corrections? policy|ethics policy|privacy policy|terms of (?:use|service)|"
              r"(?:h/t|hat tip)\b.{0,60}|our (?:standards|ethics|policies|principles)\b.{0,60}|news provided by\b.{0,60}|"
              r"(?-i:SOURCE)\s+[A-Z].{0,60}|read (?:this|the) (?:story|article) in [A-Z]\w+|"
              r"this (?:article|story) (?:appears|appeared) in the .{1,40}(?:issue|edition)\.?)$"),
    ("dateline_stamp", rf"^(?:{TIME})$"),
    ("byline", r"^(?:from )?staff(?: and wire)? reports?(?:\s*(?:,|\||—|–)\s*.{1,60})?$"),
    ("other", r"^(?:#\s*#\s*#|-\s*30\s*-)$"),
    ("dateline_stamp", r"^\d+\s*min(?:ute)?s?\s+read\s*[·•|,-]\s*.{4,40}$"),
    ("comment_count", r"^\d{1,6}$"),
]]

STRONG_BY_KIND = dict(STRONG)
# Words (lower case) that the slowest patterns cannot match without: on an ASCII line, where the
# patterns' case-insensitive match is str.lower(), a substring test rules out most lines before a
# pattern's backtracking ".{0,200}" runs. Other lines take the patterns alone.
NEEDS = {
    "license_footer": ("creative commons", "cc by", "cc-by", "publish", "subscribers", "appeared", "reprinted",
                       "distributed by", "provided", "supplied", "syndicated", "posted", "ran "),
    "cookie": ("cookies", "cookie ", "by continuing to"),
    "caption": ("photo", "image", "picture", "credit", "video"),
    "donation": ("donat", "chip in", "support ", "become a ", "join as a ", "rel", "depend"),
    "contact": ("@", "send ", "tip", ":", "reached", "contacted", "emailed"),
}


def _may_match(kind: str, low: str | None) -> bool:
    """False when the lower-cased ASCII line ``low`` lacks every word the kind's pattern needs."""
    needs = NEEDS.get(kind)
    return needs is None or low is None or any(w in low for w in needs)



BYLINE_LINE = re.compile(
    rf"^(?:(?i:by|written by|story by|words by|reporting by|text by|posted by|(?:fact[- ]check(?:ed)?|analysis|commentary|interview|photos?) by)\s+{NAMES}(?:\s*(?:,|\||—|–|-|/)\s*.{{1,80}}|\s+on\s+.{{1,60}})?"
    rf"|{NAMES}\s*,\s*{ROLE}(?:\s*(?:,|\||—|–|-|/)\s*.{{1,60}})?"
    rf"|{NAMES}\s+{ROLE}"
    rf"|{NAMES}\s*(?:\||—|–|/)\s*(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){{0,6}}(?:\s*(?:\||·|—|–)\s*.{{1,60}})?"
    rf"|(?i:about the (?:author|writer)))\s*$")
# a wire story's closing credits: "Reporting by A; Editing by B"
END_CREDITS = re.compile(r"^(?:[—–-]\s*)?(?:additional )?(?:reporting|writing|editing|compiled|produced) by\s+[A-Z][^;.]{1,60}"
                         r"(?:;\s*(?:additional )?(?:reporting|writing|editing|compiled|produced) by\s+[A-Z][^;.]{1,60})+\.?$", _I)
# "Ana Ruiz covers health for the Ledger" / "... writes about small towns": an author box
BIO_ACTS = re.compile(rf"^{NAME}\s+(?:covers|writes about|reports on)\s+[^.!?]{{3,150}}\.?$")
BIO_LINE = re.compile(
    rf"^(?:{NAME})\s+(?:is|was|has been|covers|writes|reports)\b.{{0,200}}"
    rf"\b(?:reporter|correspondent|writer|editor|journalist|columnist|fellow|intern|producer|covers|"
    rf"contributor|freelance|author of)\b.{{0,300}}$")
NAV_SEP = re.compile(r"\s(?:\||•|·|›|»|>|/)\s")
SECTIONS = frozenset("""
news local politics world nation national business economy money markets sports sport opinion opinions
health science tech technology entertainment education crime courts environment climate weather metro
region regional state u.s. us uk europe asia africa americas culture arts life lifestyle travel food
elections election obituaries investigations investigation analysis commentary editorial editorials
letters features living community city government justice energy transportation housing breaking
media books music movies faith religion schools campus video photos podcasts world news local news
us news u.s. news national news breaking news top stories latest
""".split()) | {"world news", "local news", "us news", "u.s. news", "national news", "breaking news",
                 "top stories", "the latest", "public safety", "criminal justice", "real estate",
                 "high school sports", "state politics", "national politics", "city hall"}


def words(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A line of story text: several words, lower-case words among them, ending like a sentence."""
    n = words(line)
    if n < 6 or not re.search(r"\b[a-z]{2,}\b.*\b[a-z]{2,}\b", line):
        return False
    if n <= 25 and sum(1 for w in line.split() if w[:1].isupper() or w[:1].isdigit()) >= 0.7 * n:  # Title Case: a headline, not a sentence
        return False
    return n >= 14 or bool(re.search(r"[.!?…][\"'”’)\]]*$|[:;]$", line))


def is_label(line: str) -> bool:
    """Short, with no sentence-final punctuation: a label, not a sentence."""
    return words(line) <= 8 and not re.search(r"[.!?;,][\"'”’)]*$", line)


def strong_kind(line: str) -> str | None:
    low = line.lower() if line.isascii() else None
    n = words(line)
    if n > STRONG_WORDS:
        return "license_footer" if n <= 60 and _may_match("license_footer", low) and \
            STRONG_BY_KIND["license_footer"].match(line) else None
    for kind, pat in STRONG:
        if _may_match(kind, low) and pat.match(line):
            return kind
    if n <= 24 and END_CREDITS.match(line):
        return "byline"
    if n <= 16 and re.match(r"(?i:posted|published|written|story|reporting|text) by\b", line) and \
            BYLINE_LINE.match(line):
        return "byline"
    if STAMP.match(line) or (STAMP_LEAD.match(line) and re.search(r"\d", line) and n <= 12):
        return "dateline_stamp"
    if n <= 16 and BYLINE_LINE.match(line) and not re.search(r"[.!?][\"'”’)]*$", line.rstrip(".")
                                                                        if re.search(r"\b[A-Z]\.$", line) else line):
        return "byline"
    if (NAV_SEP.search(line) and _nav(line)) or _section_row(line):
        return "nav"
    return None


def _section_row(line: str) -> bool:
    """"Home  News  Sports  Weather" or "U.S. World Politics Health Video": a row of section names."""
    items = [p for p in re.split(r"\s{2,}|\t", line) if p]
    if len(items) >= 3 and all(0 < words(p) <= 3 and re.match(r"[^\W\d_]", p) and
                               not re.search(r"[.!?,;]$", p.rstrip(".").rstrip()) or p.upper() == p
                               for p in items) and not re.search(r"[.!?;,]$", line):
        return True
    toks = line.split()
    if len(toks) < 4 or not all(t[:1].isupper() or t == "&" for t in toks):
        return False
    known = sum(1 for t in toks if t.casefold().strip(":") in SECTIONS)
    return known >= 0.6 * len(toks) and not re.search(r"[!?;,]$", line)


def _nav(line: str) -> bool:
    items = [p.strip() for p in re.split(r"\s(?:\||•|·|›|»|>|/)\s", line)]
    return len(items) >= 3 and all(0 < words(p) <= 3 and re.match(r"[^\W\d_]", p) and
                                   not re.search(r"[.!?,;=()]", p) for p in items)


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, without its surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def classify(text: str, title: str | None = None) -> list[dict[str, Any]]:
    """Every chrome line of ``text``: ``{"kind", "start", "end", "text"}`` in text order."""
    return [dict(c) for c in _classify(text, title or "")]


@lru_cache(maxsize=512)
def _classify(text: str, title: str) -> tuple[tuple[tuple[str, Any], ...], ...]:
    spans = lines_of(text)
    lines = [text[s:e] for s, e in spans]
    kinds: list[str | None] = [strong_kind(line) for line in lines]
    alone = _alone(text, spans)
    _captions(lines, kinds)
    _standfirst(lines, kinds, alone)
    prose = [i for i, line in enumerate(lines) if kinds[i] is None and is_prose(line)]
    if prose:
        opening = next((i for i in prose if not EDITORS_NOTE.match(lines[i])), prose[0])
        _top(lines, kinds, opening, title, alone)
        _bottom(lines, kinds, prose)
        _related_lists(lines, kinds, prose)
        _release_boilerplate(lines, kinds)
        _author_boxes(lines, kinds, prose[0])
    else:
        _no_prose(lines, kinds)
    _repeats(lines, kinds)
    return tuple(tuple({"kind": k, "start": s, "end": e, "text": text[s:e]}.items())
                 for (s, e), k in zip(spans, kinds) if k)


def _top(lines: list[str], kinds: list[str | None], first: int, title: str, alone: list[bool]) -> None:
    """Above the first paragraph of prose: the headline, section labels and kickers."""
    headline = None
    for i in range(first):
        if kinds[i]:
            continue
        if title and _same(lines[i], title):  # the title repeated verbatim, set apart or not
            kinds[i] = "headline"
            headline = i
        elif not alone[i]:
            continue
        elif is_label(lines[i]) and _section(lines[i]):
            kinds[i] = "section"
    if headline is None and not title:
        cands = [i for i in range(first) if not kinds[i] and alone[i] and _title_like(lines[i]) and words(lines[i]) >= 4]
        if cands:
            headline = cands[0]
            kinds[headline] = "headline"
    if headline is not None:  # a reader view prints the headline again above the body it extracted
        for i in range(headline + 1, first):
            if not kinds[i] and _same(lines[i], lines[headline]):
                kinds[i] = "headline"
    for i in range(first):
        if not kinds[i] and alone[i] and _kicker(lines[i]) and (headline is None or i < headline
                                                                 or words(lines[i]) <= 3):
            kinds[i] = "kicker"
    for i in range(first - 1):  # a bare name set right above the time stamp or a Follow button: the byline
        if kinds[i] == "kicker" and headline is not None and i > headline and BARE_NAME.match(lines[i]) and \
                kinds[i + 1] in ("dateline_stamp", "social_follow"):
            kinds[i] = "byline"


BARE_NAME = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+$")


STANDFIRST_MAX_WORDS = 40
# a correction or editor's note set above the story is part of what the outlet published, not a dek
EDITORS_NOTE = re.compile(r"^(?:correction|clarification|editor'?’?s note|update)\s*:", re.I)


def _standfirst(lines: list[str], kinds: list[str | None], alone: list[bool]) -> None:
    """One or two sentences between the headline and the byline or time stamp are the standfirst
    (dek) that sums the story up, not its text: the story proper starts below the byline. Only when
    a headline-like line opens the page and more prose follows the byline."""
    meta = next((i for i, k in enumerate(kinds[:20]) if k in ("byline", "dateline_stamp")), None)
    if meta is None:
        return
    cands = [i for i in range(meta) if not kinds[i] and is_prose(lines[i])]
    if not cands or len(cands) > 2 or not any(not kinds[i] and _title_like(lines[i]) for i in range(cands[0])):
        return
    if sum(1 for i in range(meta + 1, len(lines)) if not kinds[i] and is_prose(lines[i])) < 3:
        return
    for i in cands:
        if alone[i] and words(lines[i]) <= STANDFIRST_MAX_WORDS and not DATELINE_OPEN.match(lines[i]) and \
                not EDITORS_NOTE.match(lines[i]):
            kinds[i] = "kicker"


def _repeats(lines: list[str], kinds: list[str | None]) -> None:
    """A line repeating a caption, standfirst or image text found elsewhere on the page is that again
    (pages print a photo's caption both beside the photo and in the gallery)."""
    seen = {lines[i]: k for i, k in enumerate(kinds) if k in ("caption", "kicker", "image_alt") and words(lines[i]) >= 3}
    for i, line in enumerate(lines):
        if not kinds[i] and line in seen:
            kinds[i] = seen[line]


def _kicker(line: str) -> bool:
    return words(line) <= 5 and is_label(line) and bool(re.match(r"[^\W\d_]", line)) and \
        not re.search(r"[()\[\]=]", line)


def _bottom(lines: list[str], kinds: list[str | None], prose: list[int]) -> None:
    """Below the last paragraph of prose: author bios, then short labels."""
    i = len(lines) - 1
    while i >= prose[0] and i > 0:
        if kinds[i]:
            i -= 1
            continue
        if (BIO_LINE.match(lines[i]) or BIO_ACTS.match(lines[i])) and words(lines[i]) <= 60:
            kinds[i] = "author_bio"
            i -= 1
            continue
        break


_RELEASE_END = re.compile(r"^\s*(?:#{3,}|-\s?30\s?-)\s*$")
_ABOUT = re.compile(r"^About [A-Z][\w&.,'’ -]{1,80}$")
_SOURCE = re.compile(r"^SOURCE\s+\S.{0,80}$")


def _author_boxes(lines: list[str], kinds: list[str | None], opening: int) -> None:
    """A bio in an author box below the story: right under its byline, or under the byline and a
    follower count, with a Follow control or count beside it, as blog platforms print "Written by
    A / N Followers / bio / Follow". A byline above the opening paragraph is the story's own, so
    only boxes after it count; a live blog's "Posted by A" over the next entry has no Follow."""
    for i in range(opening + 2, len(lines) - 1):
        if kinds[i] or not kinds[i + 1] or words(lines[i]) > 60:
            continue
        above = kinds[max(i - 2, opening + 1):i]
        boxed = above[-1:] == ["byline"] or above == ["byline", "social_follow"]
        if boxed and "social_follow" in (*above, kinds[i + 1]):
            kinds[i] = "author_bio"


def _release_boilerplate(lines: list[str], kinds: list[str | None]) -> None:
    """A press release's "About <company>" block, between its heading and the end mark ("###",
    "-30-"), and the "SOURCE <company>" line after the mark: boilerplate, not the story."""
    end = next((i for i, line in enumerate(lines) if _RELEASE_END.match(line)), None)
    if end is None:
        return
    kinds[end] = kinds[end] or "other"
    for i in range(end + 1, min(end + 3, len(lines))):
        if _SOURCE.match(lines[i].strip()):
            kinds[i] = kinds[i] or "other"
    about = next((i for i in range(end - 1, max(end - 12, -1), -1) if _ABOUT.match(lines[i].strip())
                  and words(lines[i]) <= 8), None)
    if about is not None:
        for i in range(about, end):
            if lines[i].strip():
                kinds[i] = kinds[i] or "author_bio"


def _related_lists(lines: list[str], kinds: list[str | None], prose: list[int]) -> None:
    """Headlines listed under a "Related"/"Read more" label (a label line with nothing after it)."""
    for i, kind in enumerate(kinds):
        if kind != "related" or words(lines[i]) > 4:
            continue
        j = i + 1
        while j < len(lines) and j - i <= 8 and not kinds[j] and _title_like(lines[j]):
            kinds[j] = "related"
            j += 1


def _captions(lines: list[str], kinds: list[str | None]) -> None:
    """A short line right above or below a photo credit is the photo's caption."""
    for i, kind in enumerate(kinds):
        if kind != "photo_credit" or re.match(r"(?i:video)\b", lines[i]):
            continue
        for j, most in ((i + 1, 35), (i - 1, 18)):
            if 0 <= j < len(lines) and kinds[j] is None and 3 <= words(lines[j]) <= most and \
                    not DATELINE_OPEN.match(lines[j]):
                kinds[j] = "caption"
                break


def _alone(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Whether each line stands on its own rather than continuing a hard-wrapped paragraph."""
    out = []
    for k, (s, e) in enumerate(spans):
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        prev = spans[k - 1] if k else None
        joined_next = nxt is not None and "\n\n" not in text[e:nxt[0]].replace("\r", "").replace(" ", "")
        joined_prev = prev is not None and "\n\n" not in text[prev[1]:s].replace("\r", "").replace(" ", "")
        wraps = (nxt is not None and text[nxt[0]].islower()) or (joined_prev and text[s].islower()) or \
            (joined_next and re.search(r"\b(?:the|a|an|of|to|in|and|or|where|which|that|with|for|by)$", text[s:e], re.I))
        out.append(not wraps)
    return out


def _no_prose(lines: list[str], kinds: list[str | None]) -> None:
    """No paragraph of prose: only label-like lines next to other chrome are chrome."""
    for i, line in enumerate(lines):
        if kinds[i] is None and is_label(line) and words(line) <= 4 and _section(line):
            kinds[i] = "section"


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _section(line: str) -> bool:
    return line.strip(" :›»|").casefold() in SECTIONS


def _title_like(line: str) -> bool:
    n = words(line)
    return 3 <= n <= 25 and not re.search(r"[.;,:]$", line) and line[:1].isupper() and \
        not re.search(r"@|https?://", line) and \
        not re.search(r"\b(?:the|a|an|of|to|in|and|or|where|which|that|with|for|by)$", line, re.I) and \
        not LEAD_IN.match(line)


# a newspaper's opening words in capitals ("A WOMAN was jailed..."): the first sentence, not a headline
LEAD_IN = re.compile(r"^(?:(?:A|An|The)\s+)?[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)*\s+[a-z]")


def chrome_of(article: Article) -> list[dict[str, Any]]:
    """The article's chrome lines: as found at reading time, or found now in its text."""
    meta = getattr(article, "meta", None) or {}
    if "chrome" in meta:
        return list(meta["chrome"])
    return classify(article.text, article.title)


def body_text(article: Article) -> str:
    """The article text with its chrome lines blanked (same length, same offsets, same newlines)."""
    text = article.text
    chrome = chrome_of(article)
    if not chrome:
        return text
    return mask(text, tuple((c["start"], c["end"]) for c in chrome))


@lru_cache(maxsize=512)
def mask(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    parts, pos = [], 0
    for s, e in spans:
        if s < pos or e > len(text):
            continue
        parts += [text[pos:s], re.sub(r"[^\n]", " ", text[s:e])]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
