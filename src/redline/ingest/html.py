"""HTML pages: main text and metadata through trafilatura."""
from __future__ import annotations

from ..errors import InputError
from ..model import Article


def parse_html(html: str, id: str, url: str | None = None) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(id, f"could not parse HTML ({type(exc).__name__})") from None
    data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(id, "no article text could be extracted from the HTML")
    return Article(id=id, text=text, title=data.get("title") or None,
                   byline=data.get("author") or None, date=data.get("date") or None,
                   outlet=data.get("sitename") or None, url=data.get("url") or url or None,
                   html=html)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in text[:20000].lower() and "</" in text[:20000])
