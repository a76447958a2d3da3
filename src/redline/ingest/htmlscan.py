"""A tolerant scan of an HTML page for the things republication terms care about.

Every item keeps ``start``/``end`` offsets into the raw HTML so that ``html[start:end]`` is the
quoted markup. The standard library parser is used because it never gives up on broken markup
and reports positions; trafilatura has already extracted the main text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

_HIDDEN = {"script", "style", "noscript", "template", "head", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_BLOCKS = {"p", "li", "div", "span", "small", "figcaption", "footer", "aside", "address", "h2", "h3",
           "h4", "h5", "h6", "em", "strong", "section"}
MARKED = re.compile(r"byline|author|credit|republish|reprint|licen[cs]e|copyright|logo|"
                    r"\bads?\b|advert|sponsor|paywall|promo", re.I)


@dataclass
class Node:
    """An element or text run: its tag, attributes, text and offsets into the HTML."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    text: str = ""


@dataclass
class Page:
    html: str
    metas: list[Node] = field(default_factory=list)
    links: list[Node] = field(default_factory=list)       # <link>
    anchors: list[Node] = field(default_factory=list)     # <a href> with their text
    images: list[Node] = field(default_factory=list)      # <img>, and <svg> with a title/label
    blocks: list[Node] = field(default_factory=list)      # elements whose class/id is marked
    scripts: list[Node] = field(default_factory=list)     # script bodies (not JSON-LD)
    jsonld: list[tuple[Node, Any]] = field(default_factory=list)
    texts: list[Node] = field(default_factory=list)       # visible text runs
    paras: list[Node] = field(default_factory=list)       # short visible blocks (p, li, div, ...)
    _visible: tuple[str, list[tuple[int, Node]]] | None = field(default=None, repr=False)

    def meta(self, *keys: str) -> list[Node]:
        return [m for m in self.metas if (m.attrs.get("name") or m.attrs.get("property") or
                                          m.attrs.get("itemprop") or "").lower() in keys]

    def visible_text(self) -> tuple[str, list[tuple[int, Node]]]:
        """All visible text joined by newlines, and where each run starts in that string."""
        if self._visible is None:
            self._visible = self._join_texts()
        return self._visible

    def _join_texts(self) -> tuple[str, list[tuple[int, Node]]]:
        parts, index, pos = [], [], 0
        for node in self.texts:
            index.append((pos, node))
            parts.append(node.text)
            pos += len(node.text) + 1
        return "\n".join(parts), index


def scan(html: str) -> Page:
    parser = _Scanner(html)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser rarely fails; keep what was scanned
        pass
    parser.flush(len(html))
    return parser.page


class _Open:
    def __init__(self, tag: str, attrs: dict[str, str], start: int, marked: bool):
        self.tag, self.attrs, self.start, self.marked = tag, attrs, start, marked
        self.text: list[str] = []


class _Scanner(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.page = Page(html)
        self.html = html
        self._lines = [0]
        for m in re.finditer("\n", html):
            self._lines.append(m.end())
        self._stack: list[_Open] = []
        self._pending: tuple[int, str] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col if line - 1 < len(self._lines) else len(self.html)

    def flush(self, end: int | None = None) -> None:
        if self._pending is None:
            return
        start, data = self._pending
        self._pending = None
        end = self._offset() if end is None else end
        text = " ".join(data.split())
        if not text or self._hidden():
            return
        while end > start and self.html[end - 1].isspace():
            end -= 1
        while start < end and self.html[start].isspace():
            start += 1
        self.page.texts.append(Node("#text", {}, start, end, text))

    def _hidden(self) -> bool:
        return any(o.tag in _HIDDEN for o in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        start = self._offset()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        a = {k.lower(): (v or "") for k, v in attrs}
        node = Node(tag, a, start, end)
        if tag == "meta":
            self.page.metas.append(node)
        elif tag == "link":
            self.page.links.append(node)
        elif tag == "img":
            self.page.images.append(node)
        if tag in _VOID:
            return
        marked = bool(MARKED.search(" ".join((a.get("class", ""), a.get("id", ""),
                                              a.get("rel", ""), a.get("itemprop", "")))))
        self._stack.append(_Open(tag, a, start, marked))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1].tag == tag:
            self._close(self._stack.pop(), self._offset() + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        end_start = self._offset()
        end = self.html.find(">", end_start)
        end = len(self.html) if end < 0 else end + 1
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].tag == tag:
                while len(self._stack) > i:
                    self._close(self._stack.pop(), end)
                return

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1].tag in ("script", "style"):
            self._stack[-1].text.append(data)
            return
        for o in self._stack:
            o.text.append(data)
        if self._pending is None:
            self._pending = (self._offset(), data)
        else:
            self._pending = (self._pending[0], self._pending[1] + data)

    def _close(self, o: _Open, end: int) -> None:
        text = " ".join("".join(o.text).split())
        node = Node(o.tag, o.attrs, o.start, end, text)
        if o.tag == "script":
            self._script(node, "".join(o.text))
        elif o.tag == "a" and o.attrs.get("href"):
            self.page.anchors.append(node)
        elif o.tag == "svg":
            self.page.images.append(node)
        if o.marked and o.tag not in ("script", "style"):
            self.page.blocks.append(node)
        if o.tag in _BLOCKS and text and len(text) <= 400 and not self._hidden():
            self.page.paras.append(node)

    def _script(self, node: Node, body: str) -> None:
        if "ld+json" in node.attrs.get("type", "").lower():
            try:
                self.page.jsonld.append((node, json.loads(body)))
            except (ValueError, RecursionError):
                pass
        else:
            node.text = body
            self.page.scripts.append(node)


def jsonld_items(page: Page) -> list[tuple[Node, dict[str, Any]]]:
    """Every JSON-LD object on the page (lists and @graph flattened)."""
    out: list[tuple[Node, dict[str, Any]]] = []

    def walk(node: Node, value: Any, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(value, list):
            for v in value:
                walk(node, v, depth + 1)
        elif isinstance(value, dict):
            out.append((node, value))
            if "@graph" in value:
                walk(node, value["@graph"], depth + 1)

    for node, data in page.jsonld:
        walk(node, data)
    return out


def names_of(value: Any) -> list[str]:
    """Names in a JSON-LD person/organisation value (a string, an object or a list of them)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value for n in names_of(v)]
    return []


def urls_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [u for key in ("url", "@id") for u in urls_of(value.get(key))]
    if isinstance(value, list):
        return [u for v in value for u in urls_of(v)]
    return []
