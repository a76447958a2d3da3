"""Corpus search: words (SQLite FTS5 over the text and over headlines and bylines), outlet and a
date range. The words a user types are quoted one by one, so FTS5 query syntax in them is text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.store import CorpusError

PAGE = 20
MAX_WORDS = 12
COUNT_CAP = 10_000  # past this many matches the count says "10,000+"
_WORD = re.compile(r"\w+", re.UNICODE)
_HIT_START, _HIT_END = "\x02", "\x03"


@dataclass(frozen=True)
class Query:
    words: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1

    def fts(self) -> str:
        terms = _WORD.findall(self.words)[:MAX_WORDS]
        return " ".join(f'"{t}"' for t in terms)

    def empty(self) -> bool:
        return not (self.fts() or self.outlet.strip() or self.date_from or self.date_to)

    def as_dict(self) -> dict:
        return {"q": self.words, "outlet": self.outlet, "from": self.date_from, "to": self.date_to,
                "page": self.page}


def _filters(q: Query) -> tuple[str, list]:
    where, args = [], []
    if q.outlet.strip():
        where.append("a.outlet = ? COLLATE NOCASE")
        args.append(q.outlet.strip())
    if q.date_from:
        where.append("a.date >= ?")
        args.append(q.date_from)
    if q.date_to:
        where.append("a.date <= ?")
        args.append(q.date_to + "~")  # a date with a time still falls on its day
    return (" AND ".join(where) or "1"), args


def search(store, q: Query) -> dict:
    """``{"query", "total", "capped", "results": [{"id", "title", ...}]}``, best match first (or newest)."""
    fts = q.fts()
    where, args = _filters(q)
    offset = (max(1, q.page) - 1) * PAGE
    cols = "a.doc, a.id, a.title, a.byline, a.outlet, a.date, a.url"
    with store.guard("searching"):
        if fts:
            hits = _hits_sql(store)
            rows = store.db.execute(
                f"WITH hits(doc, score) AS ({hits}) SELECT {cols}, MIN(h.score) AS s FROM hits h "
                f"JOIN articles a ON a.doc = h.doc WHERE {where} GROUP BY a.doc ORDER BY s, a.doc LIMIT ? OFFSET ?",
                (*_hit_args(store, fts), *args, PAGE, offset)).fetchall()
            total = store.db.execute(
                f"SELECT COUNT(*) FROM (WITH hits(doc, score) AS ({hits}) SELECT DISTINCT h.doc FROM hits h "
                f"JOIN articles a ON a.doc = h.doc WHERE {where} LIMIT ?)",
                (*_hit_args(store, fts), *args, COUNT_CAP + 1)).fetchone()[0]
        else:
            rows = store.db.execute(f"SELECT {cols}, 0 FROM articles a WHERE {where} "
                                    "ORDER BY a.date DESC, a.doc LIMIT ? OFFSET ?", (*args, PAGE, offset)).fetchall()
            total = store.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM articles a WHERE {where} LIMIT ?)",
                                     (*args, COUNT_CAP + 1)).fetchone()[0]
        results = [_result(store, row, fts) for row in rows]
    return {"query": q.as_dict(), "total": min(total, COUNT_CAP), "capped": total > COUNT_CAP,
            "page": max(1, q.page), "per_page": PAGE, "results": results}


def _hits_sql(store) -> str:
    if not store.has_words:
        raise CorpusError(f"{store.name}: this SQLite has no full-text search (FTS5); search is unavailable")
    parts = ["SELECT rowid, bm25(words) FROM words WHERE words MATCH ?"]
    if getattr(store, "has_titles", False):
        parts.append("SELECT rowid, 2 * bm25(titles) FROM titles WHERE titles MATCH ?")
    return " UNION ALL ".join(parts)


def _hit_args(store, fts: str) -> tuple:
    return (fts, fts) if getattr(store, "has_titles", False) else (fts,)


def _result(store, row, fts: str) -> dict:
    doc, ident, title, byline, outlet, date, url = row[:7]
    out = {"id": ident, "title": title, "byline": byline, "outlet": outlet, "date": date, "url": url}
    out["snippet"] = _snippet(store, doc, fts) if fts else _opening(store, doc)
    return out


def _snippet(store, doc: int, fts: str) -> list[dict]:
    """The best passage as pieces ``{"text", "hit"}``: the page marks hits without trusting any markup."""
    row = store.db.execute("SELECT snippet(words, 0, ?, ?, '…', 24) FROM words WHERE words MATCH ? AND rowid = ?",
                           (_HIT_START, _HIT_END, fts, doc)).fetchone()
    if not row or not row[0]:
        return _opening(store, doc)
    pieces = []
    for k, part in enumerate(re.split(f"[{_HIT_START}{_HIT_END}]", row[0])):
        if part:
            pieces.append({"text": part, "hit": k % 2 == 1})
    return pieces


def _opening(store, doc: int) -> list[dict]:
    row = store.db.execute("SELECT substr(text, 1, 240) FROM articles WHERE doc = ?", (doc,)).fetchone()
    text = (row[0] if row else "").replace("\n", " ")
    return [{"text": text + ("…" if len(text) == 240 else ""), "hit": False}]


def outlets(store, limit: int = 200) -> list[str]:
    with store.guard("listing outlets"):
        return [r[0] for r in store.db.execute(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, outlet "
            "LIMIT ?", (limit,))]
