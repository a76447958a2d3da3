"""Ingest from the browser: uploaded JSONL / WARC / HTML / text / JSON files and pasted URLs are
added to the corpus on the ingest thread; progress is kept in the app's state file, so a page
reloaded (or opened by a colleague) shows where the job is.

Uploads are written to a folder the app makes for the job, under names it chooses; the name a
client gave a file is kept only to name the articles and the skipped lines it came from.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import RedlineError
from .inputs import KIND_SUFFIXES

STREAMED = {".jsonl": ".jsonl", ".ndjson": ".jsonl", ".warc": ".warc", ".warc.gz": ".warc.gz",
            ".arc": ".arc", ".arc.gz": ".arc.gz"}
MAX_URLS = 200


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def suffix_of(filename: str) -> str:
    low = filename.lower()
    for suffix in sorted([*STREAMED, *KIND_SUFFIXES], key=len, reverse=True):
        if low.endswith(suffix):
            return suffix
    return ""


def estimate(upload: Upload) -> int:
    """Articles an upload probably holds, for the progress bar (JSON Lines: its non-blank lines)."""
    if suffix_of(upload.filename) in (".jsonl", ".ndjson"):
        return max(1, sum(1 for line in upload.data.splitlines() if line.strip()))
    if suffix_of(upload.filename).startswith((".warc", ".arc")):
        return max(1, upload.data.count(b"WARC-Type: response"))
    return 1


def start(service, uploads: list[Upload], urls: list[str]) -> str:
    total = sum(estimate(u) for u in uploads) + len(urls)
    job = service.state.new_job(total)
    service.job_pool.submit(run, service, job, uploads, urls)
    return job


def run(service, job: str, uploads: list[Upload], urls: list[str]) -> None:
    state = service.state
    state.update_job(job, status="running")
    folder = Path(tempfile.mkdtemp(prefix="redline-ingest-"))
    names: dict[str, str] = {}
    try:
        items, skipped = _items(service, folder, uploads, urls, names,
                                lambda n: state.update_job(job, done=n))
        corpus = service.open_corpus()
        fetched = len(urls)
        try:
            report = corpus.add(items, progress=lambda _files, seen: state.update_job(job, done=fetched + seen,
                                                                                      seen=seen))
        finally:
            corpus.close()
        report.skipped[:0] = skipped
        lines = [_rename(s, names) for s in report.skipped]
        data = {**report.to_dict(), "skipped_inputs": lines[:50], "skipped": len(lines)}
        message = (f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
                   f"{report.duplicates} duplicates, {len(lines)} skipped")
        status = "done" if report.seen or not lines else "failed"
        if status == "failed":
            message = f"nothing added: not one of the inputs could be read as an article ({len(lines)} skipped)"
        state.update_job(job, status=status, done=fetched + report.seen, seen=report.seen, message=message, report=data)
    except RedlineError as exc:
        state.update_job(job, status="failed", message=_rename(str(exc), names))
    except Exception as exc:  # noqa: BLE001 - a job's failure is reported on its page, never lost
        state.update_job(job, status="failed", message=f"internal error ({type(exc).__name__}: {exc})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _items(service, folder: Path, uploads: list[Upload], urls: list[str], names: dict,
           fetched) -> tuple[list, list[str]]:
    """Paths of the streamed files (JSON Lines, WARC), articles of the others; and what was skipped."""
    from .errors import WebError
    from .inputs import fetch_url, from_bytes
    items: list = []
    skipped: list[str] = []
    limit, private = service.config.max_input_bytes, service.config.allow_private
    for k, up in enumerate(uploads):
        suffix = suffix_of(up.filename)
        if suffix in STREAMED:
            path = folder / f"upload-{k}{STREAMED[suffix]}"
            path.write_bytes(up.data)
            names[str(path)] = up.filename
            items.append(path)  # `corpus add` streams it: each record or line, each bad one listed
            continue
        try:
            items.append(from_bytes(up.data, up.filename, limit))
        except WebError as exc:
            skipped.append(exc.message)
    for n, url in enumerate(urls, 1):
        try:
            items.append(fetch_url(url, limit, private))
        except WebError as exc:
            skipped.append(exc.message)
        fetched(n)
    return items, skipped


def _rename(text: str, names: dict[str, str]) -> str:
    """A message about a file the job wrote, naming the file the user sent instead."""
    for path, name in names.items():
        text = text.replace(path, name)
    return text
