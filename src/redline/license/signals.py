"""What a copy shows of its source: bylines, credit lines, links, images, commercial markers.

Textual hits carry offsets into ``Article.text`` (``where='text'``) or into the raw HTML
(``where='html'``); metadata that has no place in either (a text header, trafilatura's author) is
``where='meta'`` without offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..ingest.htmlscan import Node, Page, jsonld_items, names_of, urls_of
from ..model import Article
from ..text.dates import DATELINE_TAG
from ..text.names import URL_IN_TEXT, find_all
from ..text.sentences import strip_span

BY_LINE = re.compile(r"^[ \t]*(?:by|written by|story by|words by|reporting by)[ \t]+(\S[^\n]{1,150})$", re.I | re.M)
CREDIT_LINE = re.compile(
    r"(?:originally|first)\s+(?:published|appeared|ran|posted|reported)|appeared\s+first|"
    r"republished\s+(?:here\s+)?(?:with|from|under|courtesy|by)|reprinted\s+(?:with|from|by)|"
    r"according\s+to|\breported\s+by|\bwritten\s+by|\bproduced\s+by|courtesy\s+of|\bvia\s+[A-Z]|"
    r"\b(?:source|credit)s?:|©|\bcopyright\b|\bcontributed\s+to\s+this\b|\breported\b|\bwrites\s+for\b|"
    r"\bis\s+an?\s+(?:\w+\s+)?(?:reporter|correspondent|writer|editor|journalist)\b", re.I)
AD_CLASS = re.compile(r"(?:^|[\s_-])(?:ads?|advert\w*|sponsor\w*|paywall|dfp|gpt-ad|adslot|adunit)(?:$|[\s_-])", re.I)
AD_SCRIPT = re.compile(r"googlesyndication|doubleclick|adsbygoogle|googletag|prebid|amazon-adsystem", re.I)
AD_TEXT = re.compile(r"^\s*(?:advertisement|sponsored(?: content| post)?|paid (?:post|content)|"
                     r"presented by [^\n]+|subscribe to (?:read|continue)[^\n]*|"
                     r"buy (?:this|the) (?:story|article)[^\n]*)\s*$",
                     re.I | re.M)
LOGO_WORD = re.compile(r"logo|brand|masthead|wordmark", re.I)
CREDIT_FIELDS = ("isBasedOn", "isBasedOnUrl", "sourceOrganization", "creditText", "copyrightHolder",
                 "citation", "license")


@dataclass
class Hit:
    where: str                 # text | html | meta
    kind: str                  # what kind of place it was found in
    text: str
    start: int | None = None
    end: int | None = None
    value: str = ""            # a URL, an image source, a field value

    def evidence(self, article: str) -> dict[str, Any]:
        out: dict[str, Any] = {"article": article, "in": self.where, "kind": self.kind, "text": self.text}
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        if self.value and self.value != self.text:
            out["value"] = self.value
        return out


@dataclass
class Signals:
    article: Article
    page: Page | None
    bylines: list[Hit] = field(default_factory=list)
    credit_lines: list[Hit] = field(default_factory=list)
    credit_fields: list[Hit] = field(default_factory=list)
    links: list[Hit] = field(default_factory=list)
    images: list[Hit] = field(default_factory=list)
    commerce: list[Hit] = field(default_factory=list)
    js_byline: Hit | None = None
    unresolved_images: int = 0

    @property
    def is_html(self) -> bool:
        return self.page is not None

    def find(self, name: str) -> list[Hit]:
        """Where a name occurs: the article text first, then visible page text, image text, fields."""
        text = self.article.text
        hits = [Hit("text", "text", text[s:e], s, e) for s, e in find_all(text, name)]
        if self.page is not None:
            hits += self._find_on_page(name)
        for img in self.images:
            label = img.value
            if find_all(label, name):
                hits.append(Hit(img.where, "image", img.text, img.start, img.end, label))
        for f in self.credit_fields + [b for b in self.bylines if b.where == "meta"]:
            if find_all(f.value or f.text, name):
                hits.append(f)
        return hits

    def _find_on_page(self, name: str) -> list[Hit]:
        assert self.page is not None
        visible, index = self.page.visible_text()
        html = self.page.html
        hits = []
        for s, e in find_all(visible, name):
            first = _node_at(index, s)
            last = _node_at(index, max(e - 1, s))
            hits.append(Hit("html", "page text", html[first.start:last.end], first.start, last.end, visible[s:e]))
        return hits


def _node_at(index: list[tuple[int, Node]], pos: int) -> Node:
    chosen = index[0][1]
    for start, node in index:
        if start > pos:
            break
        chosen = node
    return chosen


def copy_signals(article: Article, page: Page | None) -> Signals:
    sig = Signals(article, page)
    _text_signals(sig)
    if page is not None:
        _page_signals(sig, page)
    return sig


def _text_signals(sig: Signals) -> None:
    art = sig.article
    text = art.text
    if art.byline:
        sig.bylines.append(Hit("meta", "byline field", art.byline, value=art.byline))
    for m in BY_LINE.finditer(text):
        sig.bylines.append(Hit("text", "by-line", m.group(0).strip(), *strip_span(text, m.start(), m.end())))
    tag = DATELINE_TAG.search(text[:400])
    if tag:
        group = 1 if tag.group(1) else 2
        sig.credit_fields.append(Hit("text", "agency tag", tag.group(group), tag.start(group), tag.end(group),
                                     tag.group(group)))
    for s, e in _lines_and_sentences(text):
        if CREDIT_LINE.search(text[s:e]):
            sig.credit_lines.append(Hit("text", "credit line", text[s:e], s, e))
    for m in URL_IN_TEXT.finditer(text):
        url = m.group(0).rstrip(".,;:")
        sig.links.append(Hit("text", "url in text", url, m.start(), m.start() + len(url), url))
    for m in AD_TEXT.finditer(text):
        sig.commerce.append(Hit("text", "commercial marker", m.group(0).strip(), *strip_span(text, m.start(), m.end())))


def _lines_and_sentences(text: str) -> list[tuple[int, int]]:
    from ..text.sentences import split_sentences
    return [(s.start, s.end) for s in split_sentences(text)]


def _page_signals(sig: Signals, page: Page) -> None:
    html = page.html
    for node in page.meta("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author"):
        sig.bylines.append(_tag_hit(html, node, "meta author", node.attrs.get("content", "")))
    for node in page.meta("dc.source", "original-source", "syndication-source", "article:source", "citation"):
        sig.credit_fields.append(_tag_hit(html, node, "meta source", node.attrs.get("content", "")))
        sig.links.append(_tag_hit(html, node, "meta source", node.attrs.get("content", "")))
    for node in page.links:
        rel = node.attrs.get("rel", "").lower()
        if node.attrs.get("href") and re.search(r"canonical|original-source|license", rel):
            sig.links.append(_tag_hit(html, node, f"{rel} link", node.attrs["href"]))
    for node in page.paras:
        if BY_LINE.match(node.text):
            sig.bylines.append(Hit("html", "by-line", html[node.start:node.end], node.start, node.end, node.text))
        if CREDIT_LINE.search(node.text):
            sig.credit_lines.append(Hit("html", "credit line", html[node.start:node.end], node.start, node.end,
                                        node.text))
    for node in page.anchors:
        sig.links.append(Hit("html", "link", html[node.start:node.end], node.start, node.end, node.attrs["href"]))
    _jsonld_signals(sig, page)
    _block_signals(sig, page)
    _image_signals(sig, page)
    _commerce_signals(sig, page)


def _tag_hit(html: str, node: Node, kind: str, value: str) -> Hit:
    return Hit("html", kind, html[node.start:node.end], node.start, node.end, value)


def _jsonld_signals(sig: Signals, page: Page) -> None:
    html = page.html
    for node, item in jsonld_items(page):
        for name in names_of(item.get("author")):
            sig.bylines.append(Hit("html", "json-ld author", html[node.start:node.end], node.start, node.end, name))
        for key in CREDIT_FIELDS:
            if key not in item:
                continue
            for name in names_of(item[key]) + [_as_text(item[key])]:
                if name:
                    sig.credit_fields.append(Hit("html", f"json-ld {key}", html[node.start:node.end],
                                                 node.start, node.end, name))
            for url in urls_of(item[key]):
                sig.links.append(Hit("html", f"json-ld {key}", html[node.start:node.end], node.start, node.end, url))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _block_signals(sig: Signals, page: Page) -> None:
    html = page.html
    for node in page.blocks:
        marks = " ".join((node.attrs.get("class", ""), node.attrs.get("id", ""), node.attrs.get("rel", ""),
                          node.attrs.get("itemprop", ""))).lower()
        if re.search(r"byline|author", marks):
            if node.text:
                sig.bylines.append(Hit("html", "byline element", html[node.start:node.end], node.start,
                                       node.end, node.text))
            elif sig.js_byline is None:
                sig.js_byline = Hit("html", "empty byline element", html[node.start:node.end], node.start, node.end)
        elif re.search(r"credit|republish|reprint|licen|copyright", marks) and node.text:
            sig.credit_fields.append(Hit("html", "credit element", html[node.start:node.end], node.start,
                                         node.end, node.text))
    for script in page.scripts:
        if sig.js_byline is None and re.search(r"byline|author", script.text, re.I) and \
                re.search(r"innerHTML|textContent|insertAdjacent|document\.write|render", script.text):
            sig.js_byline = Hit("html", "script writes the byline", html[script.start:script.end][:300],
                                script.start, min(script.end, script.start + 300))


def _image_signals(sig: Signals, page: Page) -> None:
    html = page.html
    for node in page.images:
        a = node.attrs
        src = a.get("src") or a.get("data-src") or a.get("data-lazy-src") or a.get("srcset", "").split(" ")[0]
        label = " ".join(x for x in (src, a.get("alt", ""), a.get("title", ""), a.get("aria-label", ""),
                                     a.get("class", ""), a.get("id", ""), node.text) if x)
        if node.tag == "img" and not src:
            sig.unresolved_images += 1
        sig.images.append(Hit("html", "image" if node.tag == "img" else "svg", html[node.start:node.end][:400],
                              node.start, min(node.end, node.start + 400), label))


def _commerce_signals(sig: Signals, page: Page) -> None:
    html = page.html
    for node in page.blocks:
        marks = " ".join((node.attrs.get("class", ""), node.attrs.get("id", "")))
        if AD_CLASS.search(marks):
            sig.commerce.append(Hit("html", "advertising or paywall element", html[node.start:node.end][:300],
                                    node.start, min(node.end, node.start + 300)))
    for script in page.scripts:
        src = script.attrs.get("src", "") + " " + script.text[:2000]
        if AD_SCRIPT.search(src):
            sig.commerce.append(Hit("html", "advertising script", html[script.start:script.end][:300],
                                    script.start, min(script.end, script.start + 300)))
    visible, index = page.visible_text()
    for m in AD_TEXT.finditer(visible):
        node = _node_at(index, m.start())
        sig.commerce.append(Hit("html", "commercial marker", html[node.start:node.end], node.start, node.end))


def is_logo(hit: Hit, names: list[str], patterns: list[str]) -> bool:
    label = hit.value
    if any(p.lower() in label.lower() for p in patterns):
        return True
    squashed = re.sub(r"[\W_]+", "", label.lower())
    for name in names:
        key = re.sub(r"[\W_]+", "", name.lower())
        if len(key) < 3:
            continue
        named = bool(find_all(label, name)) or key in squashed
        if named and LOGO_WORD.search(label):
            return True
        alt = (hit.text and re.search(r'alt="([^"]*)"', hit.text))
        if alt and find_all(alt.group(1), name) and len(alt.group(1)) <= len(name) + 12:
            return True
    return False
