"""Corpus search: words (SQLite FTS5 over the text and over headlines and bylines), outlet and a
date range. The words a user types are quoted one by one, so FTS5 query syntax in them is text."""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from ..corpus.store import CorpusError

PAGE = 20
MAX_WORDS = 12
COUNT_CAP = 10_000  # without words, past this many articles the count says "10,000+"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Query:
    words: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1

    def terms(self) -> list[str]:
        return _WORD.findall(self.words)[:MAX_WORDS]

    def fts(self) -> str:
        return " ".join(f'"{t}"' for t in self.terms())

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
    with store.guard("searching"):
        if fts:
            scores = _scores(store, fts, where, args)
            total = len(scores)  # exact: every match was scored
            top = heapq.nsmallest(offset + PAGE, scores.items(), key=lambda kv: (kv[1], kv[0]))[offset:]
            rows = _rows(store, [doc for doc, _ in top])
        else:
            rows = store.db.execute(f"SELECT {COLS} FROM articles a WHERE {where} "
                                    "ORDER BY a.date DESC, a.doc LIMIT ? OFFSET ?", (*args, PAGE, offset)).fetchall()
            total = store.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM articles a WHERE {where} LIMIT ?)",
                                     (*args, COUNT_CAP + 1)).fetchone()[0]
        texts = _texts(store, [r[0] for r in rows])
    results = [_result(row, texts.get(row[0], ""), q) for row in rows]
    capped = not fts and total > COUNT_CAP
    return {"query": q.as_dict(), "total": COUNT_CAP if capped else total, "capped": capped,
            "page": max(1, q.page), "per_page": PAGE, "results": results}


COLS = "a.doc, a.id, a.title, a.byline, a.outlet, a.date, a.url"


def _scores(store, fts: str, where: str, args: list) -> dict[int, float]:
    """Every matching document's BM25 (lower is better; a headline match counts double), in one pass
    per FTS5 table: the ranking needs every match's score anyway, and the count comes with it."""
    if not store.has_words:
        raise CorpusError(f"{store.name}: this SQLite has no full-text search (FTS5); search is unavailable")
    tables = [("words", 1)] + ([("titles", 2)] if getattr(store, "has_titles", False) else [])
    best: dict[int, float] = {}
    for table, weight in tables:
        join = "" if where == "1" else f" JOIN articles a ON a.doc = {table}.rowid"
        for doc, score in store.db.execute(f"SELECT {table}.rowid, {weight} * bm25({table}) FROM {table}{join} "
                                           f"WHERE {table} MATCH ? AND {where}", (fts, *args)):
            if doc not in best or score < best[doc]:
                best[doc] = score
    return best


def _rows(store, docs: list[int]) -> list[tuple]:
    if not docs:
        return []
    found = {r[0]: r for r in store.db.execute(f"SELECT {COLS} FROM articles a WHERE a.doc IN "
                                               f"({','.join('?' * len(docs))})", docs)}
    return [found[d] for d in docs if d in found]


def _texts(store, docs: list[int]) -> dict[int, str]:
    if not docs:
        return {}
    return dict(store.db.execute(f"SELECT doc, substr(text, 1, {SNIPPET_SCAN}) FROM articles WHERE doc IN "
                                 f"({','.join('?' * len(docs))})", docs))


SNIPPET_SCAN = 20_000  # characters of a text searched for the passage shown
SNIPPET_CHARS = 240


def _result(row, text: str, q: Query) -> dict:
    _, ident, title, byline, outlet, date, url = row[:7]
    return {"id": ident, "title": title, "byline": byline, "outlet": outlet, "date": date, "url": url,
            "snippet": snippet(text, q.terms())}


def snippet(text: str, terms: list[str]) -> list[dict]:
    """The passage around the first query word as pieces ``{"text", "hit"}``; the page marks the
    hits without any markup coming from the text."""
    text = " ".join(text.split())
    found = _term_pattern(terms).search(text) if terms else None
    start = 0 if found is None else max(0, found.start() - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    window = text[start:start + SNIPPET_CHARS]
    pieces, pos = [], 0
    for m in (_term_pattern(terms).finditer(window) if terms else ()):
        if m.start() > pos:
            pieces.append({"text": window[pos:m.start()], "hit": False})
        pieces.append({"text": m.group(0), "hit": True})
        pos = m.end()
    tail = window[pos:] + ("…" if start + SNIPPET_CHARS < len(text) else "")
    if tail:
        pieces.append({"text": tail, "hit": False})
    return ([{"text": "…", "hit": False}] if start else []) + pieces


def _term_pattern(terms: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)


def outlets(store, limit: int = 200) -> list[str]:
    with store.guard("listing outlets"):
        return [r[0] for r in store.db.execute(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, outlet "
            "LIMIT ?", (limit,))]
