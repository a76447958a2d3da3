"""The web app's own SQLite file beside the corpus: stored comparison results (permanent links),
ingest jobs and settings changed in the browser. The corpus itself is never written here."""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import RedlineError

_DDL = (
    "CREATE TABLE IF NOT EXISTS results(id TEXT PRIMARY KEY, created REAL NOT NULL, title TEXT, "
    "json TEXT NOT NULL, html TEXT NOT NULL, inputs TEXT)",
    "CREATE TABLE IF NOT EXISTS jobs(id TEXT PRIMARY KEY, created REAL NOT NULL, status TEXT NOT NULL, "
    "done INTEGER NOT NULL, total INTEGER NOT NULL, seen INTEGER NOT NULL, message TEXT, report TEXT)",
    "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class StateError(RedlineError):
    pass


@dataclass(frozen=True)
class Result:
    id: str
    created: float
    title: str
    json: str
    html: str              # "" until the page is first opened (then drawn from ``inputs`` and kept)
    inputs: str | None     # the articles as compared (``stored.inputs_json``); None in older files


class State:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
            self.db.execute("PRAGMA journal_mode = WAL")
            # a commit is a write to the WAL, not a disk flush: a power cut may lose the last results
            # stored, never corrupt the file (and every compare stores one)
            self.db.execute("PRAGMA synchronous = NORMAL")
            for stmt in _DDL:
                self.db.execute(stmt)
            if "inputs" not in {row[1] for row in self.db.execute("PRAGMA table_info(results)")}:
                self.db.execute("ALTER TABLE results ADD COLUMN inputs TEXT")  # a file of an older server
            self.db.execute("CREATE INDEX IF NOT EXISTS results_created ON results(created)")
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot open the web app's state file ({exc})") from None
        self.lock = threading.Lock()
        self._abandon_jobs()

    def _run(self, sql: str, args: tuple = ()) -> list:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    def _abandon_jobs(self) -> None:
        """Jobs that were running when the last server stopped will not finish: say so."""
        self._run("UPDATE jobs SET status = 'failed', message = 'the server stopped before the job finished' "
                  "WHERE status IN ('queued', 'running')")

    # results
    def save_result(self, title: str, data: str, html: str = "", inputs: str | None = None) -> str:
        ident = secrets.token_urlsafe(12)
        self._run("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)", (ident, time.time(), title, data, html, inputs))
        return ident

    def result(self, ident: str) -> Result | None:
        rows = self._run("SELECT id, created, title, json, html, inputs FROM results WHERE id = ?", (ident,))
        return Result(*rows[0]) if rows else None

    def set_html(self, ident: str, html: str) -> None:
        self._run("UPDATE results SET html = ? WHERE id = ?", (html, ident))

    def forget_results(self, before: float) -> int:
        """Drop what results stored before ``before`` hold; their id and time stay, so an old
        link still says it expired (410) rather than that it never existed."""
        with self.lock:
            cur = self.db.execute("UPDATE results SET title = NULL, json = '', html = '', inputs = NULL "
                                  "WHERE created < ? AND json != ''", (before,))
            return cur.rowcount

    # jobs
    def new_job(self, total: int) -> str:
        ident = secrets.token_urlsafe(9)
        self._run("INSERT INTO jobs VALUES (?, ?, 'queued', 0, ?, 0, NULL, NULL)", (ident, time.time(), total))
        return ident

    def update_job(self, ident: str, **values) -> None:
        if "report" in values and not isinstance(values["report"], (str, type(None))):
            values["report"] = json.dumps(values["report"], ensure_ascii=False)
        cols = ", ".join(f"{k} = ?" for k in values)
        self._run(f"UPDATE jobs SET {cols} WHERE id = ?", (*values.values(), ident))

    def job(self, ident: str) -> dict | None:
        rows = self._run("SELECT id, created, status, done, total, seen, message, report FROM jobs WHERE id = ?",
                         (ident,))
        return _job(rows[0]) if rows else None

    def jobs(self, limit: int = 20) -> list[dict]:
        rows = self._run("SELECT id, created, status, done, total, seen, message, report FROM jobs "
                         "ORDER BY created DESC LIMIT ?", (limit,))
        return [_job(r) for r in rows]

    # settings
    def setting(self, key: str, default=None):
        rows = self._run("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value) -> None:
        self._run("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value)))

    def close(self) -> None:
        self.db.close()


def _job(row) -> dict:
    keys = ("id", "created", "status", "done", "total", "seen", "message", "report")
    job = dict(zip(keys, row))
    job["report"] = json.loads(job["report"]) if job["report"] else None
    share = min(1.0, job["done"] / job["total"]) if job["total"] else 0.0
    job["percent"] = 100 if job["status"] == "done" else round(100 * share)
    return job
