"""The licensing desk: every copy of our outlets' stories found in the corpus, with its licence
verdict, how much it reused, what it changed and when it was first seen.

A copy is an article of another outlet whose lineage (``redline lineage``) leads back to one of
ours; it is compared with that article of ours directly and checked against the desk's policy
(by default the terms our article states itself). The desk's four verdicts refine the licence
check's three: a breach where only some requirement is partly met is ``partial``.
"""
from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass

from . import stories

VERDICTS = ("breach", "partial", "compliant", "undetermined")
COLUMNS = ("verdict", "copy", "copy_outlet", "copy_title", "copy_date", "first_seen", "source", "source_outlet",
           "story", "reuse", "derivation", "changed")
SORTS = ("first_seen", "copy_date", "reuse", "verdict", "copy_outlet", "story")


@dataclass(frozen=True)
class Filters:
    verdict: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    story: str = ""
    sort: str = "first_seen"
    order: str = "desc"

    def keep(self, row: dict) -> bool:
        date = row["copy_date"] or ""
        return ((not self.verdict or row["verdict"] == self.verdict)
                and (not self.outlet or (row["copy_outlet"] or "").casefold() == self.outlet.casefold())
                and (not self.date_from or date >= self.date_from)
                and (not self.date_to or bool(date and date <= self.date_to + "~"))
                and (not self.story or row["story"] == self.story))

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "outlet": self.outlet, "from": self.date_from, "to": self.date_to,
                "story": self.story, "sort": self.sort, "order": self.order}


def desk_verdict(lic: dict | None) -> str:
    if not lic or not lic.get("policy"):
        return "undetermined"
    statuses = {r["status"] for r in lic.get("requirements") or []}
    if "unmet" in statuses:
        return "breach"
    if "partial" in statuses:
        return "partial"
    return "undetermined" if "unknown" in statuses else "compliant"


def all_rows(service, corpus, outlets: list[str], policy: str) -> list[dict]:
    ours = {o.casefold() for o in outlets if o.strip()}
    if not ours:
        return []
    key = ("desk", tuple(sorted(ours)), policy)
    return service.cached(key, lambda: _rows(service, corpus, ours, policy))


def _rows(service, corpus, ours: set[str], policy: str) -> list[dict]:
    rows = []
    for group in stories.stories(service, corpus):
        graph, _ = stories.lineage(service, corpus, group["cluster"])
        nodes = {n["id"]: n for n in graph["nodes"]}
        parent = {e["target"]: e["source"] for e in graph["edges"]}
        for node in graph["nodes"]:
            if _ours(node, ours):
                continue
            origin = _our_ancestor(node["id"], parent, nodes, ours)
            if origin is not None:
                rows.append(_row(service, corpus, group["cluster"], nodes[origin], node, policy))
    seen = _first_seen(corpus, [r["copy"] for r in rows])
    for r in rows:
        r["first_seen"] = seen.get(r["copy"])
    return rows


def _ours(node: dict, ours: set[str]) -> bool:
    return (node.get("outlet") or "").casefold() in ours


def _our_ancestor(ident: str, parent: dict, nodes: dict, ours: set[str]) -> str | None:
    seen = {ident}
    while ident in parent:
        ident = parent[ident]
        if ident in seen:
            return None
        seen.add(ident)
        if _ours(nodes[ident], ours):
            return ident
    return None


def _row(service, corpus, story: str, source: dict, copy: dict, policy: str) -> dict:
    c = stories.pair(service, corpus, source["id"], copy["id"], policy)
    return {"verdict": desk_verdict(c.license), "copy": copy["id"], "copy_outlet": copy.get("outlet"),
            "copy_title": copy.get("title"), "copy_date": copy.get("date"), "first_seen": None,
            "source": source["id"], "source_outlet": source.get("outlet"), "story": story,
            "reuse": round(c.reuse, 4), "derivation": c.derivation, "changed": changed(c),
            "licence": (c.license or {}).get("summary")}


def changed(c) -> str:
    """What the copy did to our text, in a few words."""
    counts = c.counts()
    parts = [f"{counts[k]} {k}" for k in ("edited", "paraphrase", "added", "dropped") if counts.get(k)]
    kinds = sorted({f.kind.replace("_", " ") for f in c.findings})
    text = ", ".join(parts) or "copied unchanged"
    return text + (f"; findings: {', '.join(kinds[:4])}" if kinds else "")


def _first_seen(corpus, ids: list[str]) -> dict[str, str]:
    """When each copy entered the corpus (the time it was stored or last changed)."""
    out = {}
    db = corpus.store.db
    for ident in ids:
        row = db.execute("SELECT added_at FROM articles WHERE id = ?", (ident,)).fetchone()
        if row:
            out[ident] = time.strftime("%Y-%m-%d %H:%M", time.gmtime(row[0]))
    return out


def table(rows: list[dict], f: Filters) -> list[dict]:
    kept = [r for r in rows if f.keep(r)]
    sort = f.sort if f.sort in SORTS else "first_seen"
    rank = {v: k for k, v in enumerate(VERDICTS)}
    def key(r):
        if sort == "verdict":
            return rank[r["verdict"]]
        return (r[sort] is not None, r[sort] if r[sort] is not None else 0)
    kept.sort(key=lambda r: r["copy"])
    kept.sort(key=key, reverse=f.order == "desc")
    return kept


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in COLUMNS])
    return out.getvalue()


def _cell(value) -> str:
    """A spreadsheet must not run a cell that an article made look like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def counts(rows: list[dict]) -> dict[str, int]:
    return {v: sum(r["verdict"] == v for r in rows) for v in VERDICTS}
