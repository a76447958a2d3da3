"""The fuzz property and its targets, shared by tests/fuzz/test_fuzz.py and bench/fuzz.py.

Property: every reader and every command either returns a result or raises RedlineError with a
one-line message: never another exception, never past a deadline, never losing good items.
A target is ``fn(case, workdir) -> Outcome``; ``run_guarded`` adds the wall-clock guard.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from fuzz_inputs import Case, good_article, hostile_batch_line, text_file

ACCEPTED, CLEAN, OTHER, HANG, LOST, INVALID = "accepted", "clean error", "other exception", "over deadline", \
    "good items lost", "invalid result"
KINDS = (ACCEPTED, CLEAN, OTHER, HANG, LOST, INVALID)


@dataclass
class Outcome:
    kind: str
    detail: str = ""          # exception class (and where), or what was lost
    lost: int = 0
    extra: dict = field(default_factory=dict)


class Deadline(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` in the code under test cannot eat it."""


def _alarm(signum, frame):
    raise Deadline()


def run_guarded(fn, seconds: float) -> Outcome:
    """``fn()`` under a wall-clock alarm (main thread); a hang or a late return is HANG."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        out = fn()
    except Deadline:
        return Outcome(HANG, f"over {seconds:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    took = time.perf_counter() - start
    if took > seconds:
        return Outcome(HANG, f"returned after {took:.1f} s (deadline {seconds:g} s)")
    out.extra["seconds"] = took
    return out


def where(exc: BaseException) -> str:
    """``Class at module:function`` of the innermost frame inside redline (or the innermost frame)."""
    import traceback
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/redline/" in f.filename] or frames
    f = ours[-1] if ours else None
    loc = f"{Path(f.filename).stem}.{f.name}" if f else "?"
    return f"{type(exc).__name__} in {loc}"


def call(fn, *args) -> Outcome:
    """Run a reader: its result must hold valid Unicode; an error must be a one-line RedlineError."""
    from redline.errors import RedlineError
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its warnings there
            result = fn(*args)
            if hasattr(result, "__next__"):
                result = list(result)
    except RedlineError as exc:
        if "\n" in str(exc) or not str(exc).strip():
            return Outcome(OTHER, f"RedlineError with a multi-line or empty message: {str(exc)[:80]!r}")
        return Outcome(CLEAN, str(exc)[:200])
    except (Deadline, KeyboardInterrupt):
        raise
    except BaseException as exc:  # noqa: BLE001 - the point is to catch everything else
        return Outcome(OTHER, where(exc), extra={"message": str(exc)[:200]})
    bad = invalid_text(result)
    if bad:
        return Outcome(INVALID, bad)
    return Outcome(ACCEPTED)


def invalid_text(value, depth: int = 0) -> str:
    """What in a reader's result cannot be written as UTF-8 (lone surrogates), or ''."""
    from redline.errors import InputError
    from redline.model import Article
    if depth > 4:
        return ""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "lone surrogate in returned text"
        return ""
    if isinstance(value, Article):
        for name in ("id", "text", "title", "byline", "date", "outlet", "url"):
            bad = invalid_text(getattr(value, name), depth + 1)
            if bad:
                return f"{bad} (Article.{name})"
        return ""
    if isinstance(value, InputError):
        return "" if "\n" not in str(value) else "multi-line InputError yielded"
    if isinstance(value, (list, tuple)):
        for v in value:
            bad = invalid_text(v, depth + 1)
            if bad:
                return bad
    return ""


def write_case(case: Case, workdir: Path, stem: str = "input") -> Path:
    path = workdir / f"{stem}{case.suffix}"
    path.write_bytes(case.data)
    return path


# --- readers ---------------------------------------------------------------------------------------

def t_read_text(case, workdir):
    from redline.ingest import read_text
    return call(read_text, write_case(case, workdir))


def t_article_from_text(case, workdir):
    from redline.ingest import article_from_text
    return call(article_from_text, case.data.decode("utf-8", "surrogatepass" if _surrogates_ok(case.data) else "replace"),
                f"input{case.suffix}")


def _surrogates_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8", "surrogatepass")
        return True
    except UnicodeDecodeError:
        return False


def t_load_articles(case, workdir):
    from redline.ingest import load_articles
    return call(load_articles, write_case(case, workdir))


def t_load_article(case, workdir):
    from redline.ingest import load_article
    return call(load_article, write_case(case, workdir))


def t_iter_jsonl(case, workdir):
    from redline.ingest import iter_jsonl
    return call(iter_jsonl, case.data.decode("utf-8", "surrogatepass" if _surrogates_ok(case.data) else "replace"),
                "input.jsonl")


def t_iter_warc(case, workdir):
    from redline.ingest import iter_warc
    return call(iter_warc, write_case(case, workdir), [])


# --- the API ---------------------------------------------------------------------------------------

_COMPARER = None


def comparer():
    global _COMPARER
    if _COMPARER is None:
        from redline.pipeline import Comparer
        _COMPARER = Comparer(semantic=False)
    return _COMPARER


def t_compare_api(case, workdir):
    """Comparer.compare on the loaded fuzz article and a good one (inputs the readers refuse are skipped)."""
    from redline.errors import RedlineError
    from redline.ingest import load_article
    from redline.model import Article
    try:
        art = load_article(write_case(case, workdir))
    except RedlineError as exc:
        return Outcome(CLEAN, f"(not loaded) {exc}"[:200])
    except Exception as exc:  # noqa: BLE001
        return Outcome(OTHER, where(exc))
    g = good_article(random.Random(len(case.data)))
    good = Article(g["id"], g["text"] + "\n\n" + art.text[:2000], title=g["title"])
    out = call(lambda: comparer().compare(good, art))
    if out.kind == ACCEPTED:
        out = call(lambda: comparer().compare(good, art).to_dict())
    return out


# --- commands in-process ---------------------------------------------------------------------------

@dataclass
class CliResult:
    code: int
    out: str
    err: str
    crash: str = ""   # where the internal error was raised ("Class in module.function"), if one was


def cli(*args) -> CliResult:
    """``redline ARGS`` in this process: argv set, stdout/stderr captured, SystemExit caught."""
    from redline.cli import main
    # UTF-8 byte streams like a real terminal's, so that text which cannot be encoded fails as it would there
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2))
    saved, debug = sys.argv, os.environ.get("REDLINE_DEBUG")
    sys.argv = ["redline", *map(str, args)]
    os.environ["REDLINE_DEBUG"] = "1"  # main() re-raises what would be an "internal error", so we see where
    code, crash = 0, ""
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (Deadline, KeyboardInterrupt):
        raise
    except BaseException as exc:  # noqa: BLE001 - an internal error, as the user would see it
        code, crash = 1, where(exc)
    finally:
        sys.argv = saved
        if debug is None:
            os.environ.pop("REDLINE_DEBUG", None)
        else:
            os.environ["REDLINE_DEBUG"] = debug
    return CliResult(code, *(s.buffer.getvalue().decode("utf-8", "replace") for s in (out, err)), crash)


def _stderr_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("redline: note:")]


def check_command(r: CliResult) -> Outcome:
    """Exit 0 with output, or non-zero with exactly one ``redline: error:`` line; never an internal error."""
    if r.crash:
        return Outcome(OTHER, f"internal error {r.crash}")
    if "internal error" in r.err or "Traceback" in r.err + r.out:
        first = next((ln for ln in r.err.splitlines() if "internal error" in ln), r.err.strip()[-200:])
        return Outcome(OTHER, _internal_class(first), extra={"stderr": first[:300]})
    if r.code == 0:
        return Outcome(ACCEPTED) if r.out.strip() else Outcome(OTHER, "exit 0 with no output")
    lines = _stderr_lines(r.err)
    if len(lines) == 1 and lines[0].startswith("redline: error: "):
        return Outcome(CLEAN, lines[0][:200])
    first = next((ln for ln in lines if ln.startswith("redline: error: ")), lines[0] if lines else "")
    return Outcome(OTHER, f"exit {r.code} with {len(lines)} stderr lines besides notes", extra={"stderr": r.err[:300],
                                                                                                "first": first[:200]})


def _internal_class(line: str) -> str:
    """'internal error (UnicodeEncodeError: ...)' -> 'internal error UnicodeEncodeError'."""
    import re
    m = re.search(r"internal error \((\w+)", line)
    return f"internal error {m.group(1)}" if m else "traceback"


def t_cmd_compare(case, workdir):
    g = workdir / "good.txt"
    g.write_text(text_file(good_article(random.Random(1))), encoding="utf-8")
    return check_command(cli("compare", write_case(case, workdir), g, "--no-semantic", "--format", "json"))


def t_cmd_compare_text(case, workdir):
    """The terminal report, where ids, titles and text meet Rich."""
    g = workdir / "good.txt"
    g.write_text(text_file(good_article(random.Random(2))), encoding="utf-8")
    return check_command(cli("compare", "--source", g, write_case(case, workdir), "--no-semantic"))


def t_cmd_framing(case, workdir):
    return check_command(cli("framing", write_case(case, workdir), "--no-semantic"))


def t_cmd_license(case, workdir):
    g = workdir / "good.txt"
    g.write_text(text_file(good_article(random.Random(3))), encoding="utf-8")
    return check_command(cli("license", g, write_case(case, workdir)))


def batch_check(r: CliResult, good_ids: list[str], total_lines: int) -> Outcome:
    """A batch: one JSON line per input line, every good id with a result; exit 0/1, never internal."""
    if r.crash:
        rows = _rows(r.out)
        done = {str(row.get("id", row.get("article"))) for row in rows if "error" not in row}
        lost = sum(1 for g in good_ids if g not in done)
        return Outcome(OTHER, f"internal error {r.crash}", lost=lost)
    if "internal error" in r.err or "Traceback" in r.err + r.out:
        first = next((ln for ln in r.err.splitlines() if "internal error" in ln), r.err.strip()[-200:])
        rows = _rows(r.out)
        done = {str(row.get("id")) for row in rows if "error" not in row}
        lost = sum(1 for g in good_ids if g not in done)
        return Outcome(OTHER, _internal_class(first), lost=lost, extra={"stderr": first[:300]})
    rows = _rows(r.out)
    done = {str(row.get("id", row.get("article"))) for row in rows if "error" not in row}
    lost = sum(1 for g in good_ids if g not in done)
    why = f"batch exit {r.code}, {len(rows)} rows for {total_lines} lines; stderr ends ...{r.err.strip()[-60:]!r}"
    if lost:
        return Outcome(LOST, f"{lost} of {len(good_ids)} good lines without a result ({why})", lost=lost)
    if r.code not in (0, 1) or len(rows) != total_lines:
        return Outcome(OTHER, f"the batch stopped at the bad line ({why})")
    return Outcome(ACCEPTED if r.code == 0 else CLEAN, "")


def _rows(out: str) -> list[dict]:
    rows = []
    for ln in out.splitlines():
        try:
            row = json.loads(ln)
        except ValueError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def _batch_lines(rng: random.Random, goods: list[str], bad: str) -> list[str]:
    lines = list(goods)
    lines.insert(rng.randint(0, len(lines)), bad)
    return lines


def input_lines(lines: list[str]) -> int:
    """How many lines a batch reader sees in these: newlines normalised as read_text does, blank ones left out."""
    text = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")
    return sum(1 for ln in text.split("\n") if ln.strip())


def t_cmd_compare_batch(case, workdir):
    rng = random.Random(case.data[:64])
    goods, ids = [], []
    for i in range(rng.randint(2, 4)):
        src = good_article(rng, f"s{i}")
        drv = dict(src, id=f"d{i}", text=src["text"] + "\n\nA reporter added one more line here today.")
        ids.append(f"job-{i}")
        goods.append(json.dumps({"id": f"job-{i}", "sources": [src], "derived": drv}))
    lines = _batch_lines(rng, goods, hostile_batch_line(rng))
    batch = workdir / "jobs.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return batch_check(cli("compare", "--batch", batch, "--no-semantic"), ids, input_lines(lines))


def t_cmd_framing_batch(case, workdir):
    rng = random.Random(case.data[:64])
    ids = [f"sent-{i}" for i in range(rng.randint(2, 5))]
    goods = [json.dumps({"id": i, "text": good_article(rng)["text"].split("\n\n")[0]}) for i in ids]
    lines = _batch_lines(rng, goods, hostile_batch_line(rng))
    batch = workdir / "sentences.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return batch_check(cli("framing", "--batch", batch, "--no-semantic"), ids, input_lines(lines))


def stored_ids(db: Path) -> set[str]:
    if not db.exists():
        return set()
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT id FROM articles")} | {r[0] for r in con.execute("SELECT id FROM aliases")}
    except sqlite3.Error:
        return set()
    finally:
        con.close()


def t_cmd_corpus_add(case, workdir):
    """The fuzz file among K good files in a folder, and a JSONL of good lines after it: all good ones stored."""
    rng = random.Random(case.data[:64])
    folder = workdir / "in"
    folder.mkdir(exist_ok=True)
    goods = [good_article(rng, f"file-{i}") for i in range(rng.randint(2, 4))]
    for i, g in enumerate(goods):
        (folder / f"a{i}.txt").write_text(text_file(g), encoding="utf-8")
    write_case(case, folder, "m_fuzz")
    tail = [good_article(rng, f"line-{i}") for i in range(rng.randint(2, 4))]
    (folder / "z_tail.jsonl").write_text("\n".join(json.dumps(t) for t in tail) + "\n", encoding="utf-8")
    db = workdir / "c.db"
    r = cli("corpus", "add", folder, "--db", db)
    want = {g["id"] for g in goods} | {t["id"] for t in tail}
    lost = len(want - stored_ids(db))
    out = check_command(r)
    if lost and out.kind != OTHER:
        return Outcome(LOST, f"{lost} of {len(want)} good articles not stored ({out.kind}: {out.detail[:120]})", lost=lost)
    out.lost = lost
    return out


def t_cmd_corpus_add_jsonl(case, workdir):
    """One JSONL file: good lines, the fuzz line, more good lines (the issue's line 701 case, in small)."""
    rng = random.Random(case.data[:64])
    goods = [good_article(rng, f"line-{i}") for i in range(rng.randint(3, 8))]
    lines = [json.dumps(g) for g in goods]
    lines.insert(rng.randint(0, len(lines)), hostile_batch_line(rng))
    src = workdir / "items.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = workdir / "c.db"
    r = cli("corpus", "add", src, "--db", db)
    lost = len({g["id"] for g in goods} - stored_ids(db))
    out = check_command(r)
    if lost and out.kind != OTHER:
        return Outcome(LOST, f"{lost} of {len(goods)} good lines not stored ({out.kind}: {out.detail[:120]})", lost=lost)
    out.lost = lost
    return out


def corpus_db(workdir: Path) -> tuple[Path, list[str]]:
    """A small corpus (made once per workdir) to trace against."""
    db = workdir / "trace.db"
    ids = [f"wire-{i}" for i in range(4)]
    if not db.exists():
        from redline.corpus import Corpus
        from redline.model import Article
        rng = random.Random(7)
        with Corpus(db, semantic=False, create=True) as c:
            c.add([Article(i, good_article(rng, i)["text"], outlet="Wire", date="2026-01-01") for i in ids])
    return db, ids


def t_cmd_trace(case, workdir):
    db, _ = corpus_db(workdir.parent)
    return check_command(cli("trace", write_case(case, workdir), "--db", db, "--format", "json"))


def t_cmd_trace_text(case, workdir):
    db, _ = corpus_db(workdir.parent)
    return check_command(cli("trace", write_case(case, workdir), "--db", db))


def t_cmd_trace_batch(case, workdir):
    db, ids = corpus_db(workdir.parent)
    rng = random.Random(case.data[:64])
    bad = rng.choice((hostile_batch_line(rng), str(write_case(case, workdir))))
    lines = _batch_lines(rng, ids, bad)
    batch = workdir / "trace.txt"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return batch_check(cli("trace", "--batch", batch, "--db", db), ids, input_lines(lines))


def t_cmd_corpus_stats(case, workdir):
    """corpus stats on a fuzzed file given as the database (a damaged or foreign store)."""
    db = write_case(case, workdir, "store")
    return check_command(cli("corpus", "stats", "--db", db))


READERS = {"read_text": t_read_text, "article_from_text": t_article_from_text, "load_articles": t_load_articles,
           "load_article": t_load_article, "iter_jsonl": t_iter_jsonl, "iter_warc": t_iter_warc}
API = {"compare_api": t_compare_api}
COMMANDS = {"compare": t_cmd_compare, "compare_text": t_cmd_compare_text, "framing": t_cmd_framing,
            "license": t_cmd_license, "trace": t_cmd_trace, "trace_text": t_cmd_trace_text,
            "corpus_stats": t_cmd_corpus_stats}
BATCHES = {"compare_batch": t_cmd_compare_batch, "framing_batch": t_cmd_framing_batch,
           "trace_batch": t_cmd_trace_batch, "corpus_add": t_cmd_corpus_add, "corpus_add_jsonl": t_cmd_corpus_add_jsonl}
TARGETS = {**READERS, **API, **COMMANDS, **BATCHES}


def fresh_dir(root: Path, n: int) -> Path:
    d = root / f"case{n % 4}"
    if d.exists():
        import shutil
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


NO_COLOR_ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}


def no_color_env() -> None:
    """Stable, uncoloured Rich output in-process (the bench; the tests set these for their module only)."""
    for key, value in NO_COLOR_ENV.items():
        os.environ.setdefault(key, value)
