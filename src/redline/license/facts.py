"""What the source says about itself: its authors, outlet names, URLs and agency tag."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest.htmlscan import Page, jsonld_items, names_of, scan, urls_of
from ..model import Article
from ..text.dates import DATELINE_TAG
from ..text.names import split_byline, url_key

NOT_PEOPLE = frozenset("staff writer writers reporter reporters correspondent editor editors "
                       "desk board team editorial wire news".split())


@dataclass
class SourceFacts:
    authors: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tag: str | None = None


def page_of(article: Article) -> Page | None:
    return scan(article.html) if article.html else None


def source_facts(article: Article, page: Page | None = None) -> SourceFacts:
    facts = SourceFacts()
    if article.outlet:
        facts.outlets.append(article.outlet)
    m = DATELINE_TAG.search(article.text[:400])
    if m:
        facts.tag = (m.group(1) or m.group(2)).strip()
        facts.outlets.append(facts.tag)
    if article.url:
        facts.urls.append(article.url)
    if page is not None:
        _from_page(page, facts)
    bylines = [article.byline] if article.byline else []
    if page is not None:
        bylines += [n.attrs.get("content", "") for n in page.meta("author", "article:author")]
    for line in bylines:
        people, groups = split_byline(line, facts.outlets)
        facts.authors += [p for p in people if not _not_person(p)]
        facts.affiliations += groups
    facts.authors = _unique(facts.authors)
    facts.outlets = _unique(facts.outlets + facts.affiliations)
    facts.affiliations = _unique(facts.affiliations or facts.outlets)
    facts.urls = _unique(facts.urls, key=url_key)
    return facts


def _from_page(page: Page, facts: SourceFacts) -> None:
    for node in page.meta("og:site_name", "application-name", "publisher"):
        facts.outlets.append(node.attrs.get("content", ""))
    for node in page.links:
        if "canonical" in node.attrs.get("rel", "").lower() and node.attrs.get("href"):
            facts.urls.append(node.attrs["href"])
    for node in page.meta("og:url"):
        facts.urls.append(node.attrs.get("content", ""))
    for _, item in jsonld_items(page):
        if not _is_article(item):
            continue
        facts.authors += [n for n in names_of(item.get("author")) if not _not_person(n)]
        facts.outlets += names_of(item.get("publisher"))
        facts.urls += urls_of(item.get("url")) + urls_of(item.get("mainEntityOfPage"))


def _is_article(item: dict) -> bool:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and ("Article" in k or k in ("Report", "BlogPosting")) for k in kinds)


def _not_person(name: str) -> bool:
    toks = re.findall(r"[a-z]+", name.lower())
    return not toks or all(t in NOT_PEOPLE for t in toks)


def _unique(items, key=lambda s: s.strip().lower()):
    seen, out = set(), []
    for item in items:
        if not item or not item.strip():
            continue
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item.strip())
    return out

