"""Republication terms stated by the source itself: a terms paragraph, a "republish this story"
box, or a Creative Commons licence link, badge or name. Each requirement keeps the sentence or
element that stated it as evidence."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..ingest.htmlscan import Page, jsonld_items, urls_of
from ..model import Article
from .policy import Element, Policy, load_policy

# "reproduce"/"syndicate" alone are left out: news prose uses them ("reproductive", "crime syndicate").
TRIGGER = re.compile(r"\b(?:republish\w*|republication|reprint\w*|"
                     r"syndicat\w+\s+(?:this|our)\s+(?:story|stories|article)|"
                     r"creative\s+commons|free\s+to\s+(?:share|use|run)|licen[cs]ed?\s+under|licen[cs]ed\s+subscribers?|"
                     r"subscribers?\s+(?:only|must|may))\b", re.I)
CC_URL = re.compile(r"creativecommons\.org/licenses/((?:by)(?:-(?:nc|nd|sa)){0,3})/", re.I)
CC_NAME = re.compile(r"\bCC[\s-]+(BY(?:[\s-]+(?:NC|ND|SA)){0,3})\b|"
                     r"creative\s+commons\s+"
                     r"(attribution(?:[\s-]+(?:non-?commercial|no-?derivatives?|no-?derivs|share-?alike)){0,3})",
                     re.I)
REQUIRES = {
    "logo": re.compile(r"\blogo\b", re.I),
    "byline": re.compile(r"\bbylines?\b|\bauthor'?s?\b|\breporter'?s?\b(?!\s+affiliation)|\bwriter'?s\s+name",
                         re.I),
    "affiliation": re.compile(r"\baffiliation\b|\bidentif\w+ (?:the reporter|them) as\b", re.I),
    "link": re.compile(r"\blink\w*\b|\burl\b|\bcanonical\b|\bhyperlink", re.I),
    "credit": re.compile(r"\bcredit\w*\b|\battribut\w+|"
                         r"\bname (?:us|our (?:organi[sz]ation|newsroom|outlet))|"
                         r"\bsource line\b|\bdateline\b|\bagency tag\b", re.I),
}
EDITS_NONE = re.compile(r"(?:\bnot|\bnever|\bno|n['’]t)\s+(?:be\s+)?"
                        r"(?:edit\w*|alter\w*|chang\w*|modif\w*)|"
                        r"\bwithout\s+(?:any\s+)?(?:changes|edits|editing|alteration|modification)|\bunedited\b|"
                        r"\bin\s+(?:its|their)\s+entirety\b|\bas\s+published\b|"
                        r"\bno\s+(?:changes|edits|derivatives)", re.I)
EDITS_STYLE = re.compile(r"\b(?:style|length|trim\w*|shorten\w*|cut\s+for\s+length|"
                         r"minor\s+edits?|light\s+edit\w*)\b", re.I)
EDITS_ANY = re.compile(r"\b(?:may|can|free\s+to)\s+(?:be\s+)?(?:edit|adapt|change|modify|remix)\w*", re.I)
NONCOMMERCIAL = re.compile(r"non-?commercial|not\s+(?:for|be\s+used\s+for)\s+commercial|"
                           r"may\s+not\s+(?:be\s+)?(?:sell|sold)|"
                           r"\bno\s+commercial\b|(?:\bnot|\bnever|n['’]t)\s+(?:be\s+)?(?:sell|sold|resold)", re.I)
HEADLINE_KEEP = re.compile(r"(?:\bnot|\bnever|n['’]t)\s+(?:be\s+)?(?:change|alter|edit|rewrite)\w*\s+"
                           r"(?:the\s+|our\s+)?headlines?|"
                           r"keep\s+(?:the\s+|our\s+)?(?:original\s+)?headline", re.I)
HEADLINE_FREE = re.compile(r"(?:may|can|free to)\s+(?:write|change|use)\s+(?:your|a|their)\s+own\s+headline|"
                           r"headlines?\s+may\s+be\s+changed", re.I)
NOTICE = re.compile(r"(?:following|this)\s+(?:notice|note|line|credit|text|sentence)\s*[:,]?\s*"
                    r"[\"“']([^\"”']{8,300})[\"”']", re.I)


def detect_terms(article: Article, page: Page | None) -> Policy | None:
    """A policy built from the source's own terms, or None when the source states none."""
    evidence: list[dict[str, Any]] = []
    cc = _creative_commons(article, page, evidence)
    statements = _statements(article, page)
    if cc is None and not statements:
        return None
    policy = cc or Policy(name="source-terms", title="Terms stated in the source", edits="any")
    elements = dict(policy.elements)
    fields: dict[str, Any] = {}
    for where, text, start, end in statements:
        found = _read_statement(text, elements, fields)
        if found:
            evidence.append({"article": article.id, "in": where, "start": start, "end": end,
                             "text": text, "states": found})
    if cc is None and not evidence:
        return None
    edits = fields.get("edits", policy.edits)
    return replace(policy, origin="source-terms", elements=elements, evidence=tuple(evidence),
                   edits=edits, commercial=fields.get("commercial", policy.commercial),
                   headline=fields.get("headline", policy.headline if cc or "edits" not in fields else edits != "none"))


def _creative_commons(article: Article, page: Page | None, evidence: list) -> Policy | None:
    found = _cc_in_page(page) if page is not None else None
    if found is None:
        m = CC_NAME.search(article.text)
        if m:
            found = (_cc_code(m.group(1) or m.group(2)), "text", m.start(), m.end(), m.group(0))
    if found is None:
        m = re.search(r"creative\s+commons", article.text, re.I)
        if m:
            found = ("by", "text", m.start(), m.end(), m.group(0))
    if found is None:
        return None
    code, where, start, end, text = found
    base = load_policy(f"cc-{code}") if _known(f"cc-{code}") else load_policy("cc-by")
    evidence.append({"article": article.id, "in": where, "start": start, "end": end, "text": text,
                     "states": [f"licence: CC {code.upper()}"]})
    assert isinstance(base, Policy)
    return replace(base, name=f"cc-{code} (from source)")


def _known(name: str) -> bool:
    from .policy import builtin_names
    return name in builtin_names()


def _cc_in_page(page: Page):
    html = page.html
    candidates = [n for n in page.links + page.anchors if "license" in n.attrs.get("rel", "").lower()]
    candidates += [n for n in page.anchors + page.links if CC_URL.search(n.attrs.get("href", ""))]
    candidates += [n for n in page.images if CC_URL.search(n.attrs.get("src", "").replace("/l/", "/licenses/"))]
    for node in candidates:
        url = node.attrs.get("href") or node.attrs.get("src", "").replace("/l/", "/licenses/")
        m = CC_URL.search(url)
        if m:
            return m.group(1).lower(), "html", node.start, node.end, html[node.start:node.end]
    for node, item in jsonld_items(page):
        for url in urls_of(item.get("license")):
            m = CC_URL.search(url)
            if m:
                return m.group(1).lower(), "html", node.start, node.end, html[node.start:node.end]
    return None


def _cc_code(name: str) -> str:
    low = name.lower()
    parts = ["by"]
    if re.search(r"\bnc\b|non-?commercial", low):
        parts.append("nc")
    if re.search(r"\bnd\b|no-?deriv", low):
        parts.append("nd")
    if re.search(r"\bsa\b|share-?alike", low):
        parts.append("sa")
    return "-".join(parts)


def _statements(article: Article, page: Page | None) -> list[tuple[str, str, int, int]]:
    """Sentences that state terms (with the sentences after them in the same paragraph)."""
    from ..text.sentences import split_sentences
    out = []
    sentences = split_sentences(article.text)
    for i, s in enumerate(sentences):
        if TRIGGER.search(s.text):
            out.append(("text", s.text, s.start, s.end))
            for nxt in sentences[i + 1:i + 3]:
                if nxt.paragraph == s.paragraph and _states_something(nxt.text):
                    out.append(("text", nxt.text, nxt.start, nxt.end))
    if page is not None:
        seen = {t for _, t, _, _ in out}
        for node in page.blocks:
            marks = (node.attrs.get("class", "") + " " + node.attrs.get("id", "")).lower()
            if re.search(r"republish|reprint|licen|terms", marks) and node.text and node.text not in seen \
                    and not any(node.text in t or t in node.text for t in seen):
                out.append(("html", page.html[node.start:node.end], node.start, node.end))
                seen.add(node.text)
    return out


def _states_something(text: str) -> bool:
    return any(p.search(text) for p in REQUIRES.values()) or bool(
        EDITS_NONE.search(text) or EDITS_STYLE.search(text) or NONCOMMERCIAL.search(text))


def _read_statement(text: str, elements: dict[str, Element], fields: dict[str, Any]) -> list[str]:
    from ..ingest.htmlscan import scan
    plain = " ".join(t.text for t in scan(text).texts) if "<" in text else text
    found = []
    for name, pattern in REQUIRES.items():
        if pattern.search(plain):
            elements[name] = replace(elements.get(name) or Element(), required=True)
            found.append(f"requires {name}")
    terms = HEADLINE_KEEP.sub(" ", HEADLINE_FREE.sub(" ", plain))
    notice = NOTICE.search(plain)
    if notice:
        old = elements.get("notice") or Element()
        elements["notice"] = replace(old, required=True, text=old.text + (notice.group(1).strip(),))
        found.append("requires notice")
    if EDITS_NONE.search(terms) and not EDITS_STYLE.search(terms):
        fields["edits"] = "none"
        found.append("edits: none")
    elif EDITS_STYLE.search(terms) and (EDITS_NONE.search(terms) or re.search(r"\bonly\b", terms, re.I)):
        fields["edits"] = "style-only"
        found.append("edits: style-only")
    elif EDITS_ANY.search(terms):
        fields["edits"] = "any"
        found.append("edits: any")
    if NONCOMMERCIAL.search(plain):
        fields["commercial"] = False
        found.append("commercial: no")
    if HEADLINE_KEEP.search(plain):
        fields["headline"] = False
        found.append("headline: keep")
    elif HEADLINE_FREE.search(plain):
        fields["headline"] = True
        found.append("headline: may change")
    return found
