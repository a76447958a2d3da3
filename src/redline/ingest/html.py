"""HTML pages: main text and metadata through trafilatura."""
from __future__ import annotations

from typing import Any

from ..errors import InputError, RedlineError
from ..model import Article
from .pagemeta import page_candidates, read_meta


def parse_html(html: str, id: str, url: str | None = None) -> Article:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml without lxml_html_clean
        raise RedlineError(f"reading HTML needs trafilatura, which failed to import ({exc})".splitlines()[0]) from None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(id, f"could not parse HTML ({type(exc).__name__})") from None
    data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
    text = _without_headline((data.get("text") or "").strip(), data.get("title"))
    if not text:
        limit = _parser_limit(html)
        raise InputError(id, "no article text could be extracted from the HTML"
                             + (f" (the HTML parser stopped: {limit})" if limit else ""))
    art = Article(id=id, text=text, url=data.get("url") or url or None, html=html)
    return read_meta(art, page_candidates(html, data))


def _parser_limit(html: str) -> str | None:
    """Which of libxml2's limits cut the page short (nesting depth, one huge run of text), if any:
    the page then parses as empty, and the user should hear why rather than "no text"."""
    import lxml.etree
    parser = lxml.etree.HTMLParser(recover=True)
    try:
        lxml.etree.fromstring(html.encode("utf-8", "replace"), parser)
    except (lxml.etree.LxmlError, ValueError):
        pass
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            return ("elements nested too deep" if "depth" in error.message.lower()
                    else "a run of text too large to parse")
    return None


def _without_headline(text: str, title: str | None) -> str:
    """trafilatura repeats the <h1> as the first line; the title is metadata, not body text."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in text[:20000].lower() and "</" in text[:20000])
