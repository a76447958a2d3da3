"""Finding names (people, outlets) and URLs in text, fully or only in part."""
from __future__ import annotations

import re
from itertools import combinations
from urllib.parse import urlsplit

from ..text.normalise import normalise

# Words that alone do not identify an outlet: a shortened name made only of these is not credit.
GENERIC = frozenset("""
the a an of and news daily weekly times post press herald journal tribune gazette wire service
media group foundation inc llc ltd co company network report review online digital magazine
public radio tv television center centre institute project local city county state national
""".split())


def words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’.][^\W_]+)*\.?", name)


def _pattern(tokens: list[str]) -> re.Pattern[str]:
    body = r"[\s\-–—]+".join(re.escape(t) for t in tokens)
    exact_case = len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) <= 4
    return re.compile(rf"(?<![\w]){body}(?![\w])", 0 if exact_case else re.I)


def find_all(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` occurs in ``text`` as whole words (an initial "The" is optional)."""
    toks = words(name)
    if toks and toks[0].lower() == "the" and len(toks) > 1:
        toks = toks[1:]
    if not toks:
        return []
    return [(m.start(), m.end()) for m in _pattern(toks).finditer(text)]


def partial_names(name: str) -> list[str]:
    """Shortened forms of an outlet's name: its words in order with some left out ("The Daily X" or
    "Daily News" of "The Daily X News Foundation"), longest first. Forms made only of generic
    words are left out, and so are single words: one word of a name is too often a place."""
    toks = words(name)
    if toks and toks[0].lower() == "the":
        toks = toks[1:]
    out = []
    for size in range(len(toks) - 1, 1, -1):
        for run in combinations(toks[:8], size):
            if any(t.lower().strip(".") not in GENERIC for t in run):
                out.append(" ".join(run))
    return list(dict.fromkeys(out))


def person_partials(name: str) -> list[str]:
    """A surname, or initials with a surname, stand for a person only in part."""
    toks = [t for t in words(name) if t.lower() not in ("by", "and")]
    if len(toks) < 2:
        return []
    last = toks[-1]
    initials = " ".join(t[0] + "." for t in toks[:-1])
    return [f"{initials} {last}", last]


def norm(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", normalise(text)))


def url_key(url: str) -> tuple[str, str]:
    """(host, path) with scheme, www., query, fragment and trailing slash left out."""
    url = url.strip().strip("<>()[]\"'.,;")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        url = "http://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "amp.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    path = re.sub(r"/(amp|index\.html?)?/?$", "", parts.path or "")
    return host, path.lower()


URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"')\]]*",
                         re.I)


def split_byline(byline: str, outlets: list[str]) -> tuple[list[str], list[str]]:
    """Author names and affiliations in a byline such as "By Dana Whitfield, Lakeshore Wire"."""
    text = re.sub(r"^\s*(?:by|written by|story by|words by)\s+", "", byline.strip(), flags=re.I)
    parts = [p.strip(" .") for p in re.split(r",|\band\b|&|\||/|\bfor\b|\bof\b|\s[-–—]\s", text)]
    people: list[str] = []
    groups: list[str] = []
    for part in parts:
        if not part:
            continue
        is_outlet = any(find_all(part, o) for o in outlets) or _looks_like_org(part)
        (groups if is_outlet else people).append(part)
    return people, groups


def _looks_like_org(part: str) -> bool:
    toks = words(part)
    generic = sum(1 for t in toks if t.lower() in GENERIC)
    return bool(toks) and (generic > 0 or len(toks) > 4 or part.isupper())
