"""Fuzz suite (issue 11): every reader and command returns a result or one clean RedlineError line;
nothing else escapes, nothing hangs past its deadline, no bad item loses the good ones around it.

Generators: fuzz_inputs.py; targets and the property: fuzz_harness.py (both shared with
bench/fuzz.py, which runs the long seeded version). REDLINE_FUZZ_SCALE multiplies the examples.
"""
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import fuzz_harness as fh
import fuzz_inputs as fi
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from redline.errors import InputError, RedlineError

# Hypothesis keeps its example database and failure patches out of the working tree.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "redline-hypothesis"))
SCALE = float(os.environ.get("REDLINE_FUZZ_SCALE", "1"))
DEADLINE = 10.0  # seconds per example, wall clock (the alarm in fuzz_harness.run_guarded)
GOOD = (fh.ACCEPTED, fh.CLEAN)


def fuzz_settings(n: int):
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, derandomize=True, database=None, phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", autouse=True)
def root(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:  # plain Rich output here, and the environment restored after
        for key, value in fh.NO_COLOR_ENV.items():
            mp.setenv(key, value)
        yield tmp_path_factory.mktemp("fuzz")


_DIRS = itertools.count(1)


def check(target, case, root):
    n = next(_DIRS)
    out = fh.run_guarded(lambda: target(case, fh.fresh_dir(root, n)), DEADLINE)
    assert out.kind in GOOD, f"{out.kind}: {out.detail} {out.extra.get('message', '')} <- {case.note} {case.data[:120]!r}"
    return out


# --- readers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("reader", ["read_text", "iter_warc"] + [r for r in (
    "article_from_text", "iter_jsonl", "load_article", "load_articles")])
@fuzz_settings(60)
@given(case=fi.strategy())
def test_readers(root, reader, case):
    check(fh.READERS[reader], case, root)


@pytest.mark.parametrize("reader", ["read_text", "load_articles", "iter_warc"])
@fuzz_settings(60)
@given(case=fi.raw_bytes_strategy())
def test_readers_on_raw_bytes(root, reader, case):
    check(fh.READERS[reader], case, root)


@fuzz_settings(40)
@given(case=fi.strategy("warc"))
def test_warc_mutations(root, case):
    check(fh.t_iter_warc, case, root)
    check(fh.t_load_articles, case, root)


@fuzz_settings(60)
@given(case=fi.strategy("tiny"))
def test_tiny_files_are_refused(root, case):
    """1-7 bytes are never an article: a clean refusal, not an accepted 'article'."""
    out = check(fh.t_load_articles, case, root)
    assert out.kind == fh.CLEAN, f"accepted as an article: {case.data!r}{case.suffix}"


@pytest.mark.parametrize("seed", range(8))
def test_truncated_plain_warc_is_no_silent_short_article(tmp_path, seed):
    rng = random.Random(seed)
    art = fi.good_article(rng)
    data = fi.warc_bytes([("https://example.test/a", fi.html_page(art, rng))], gz=False)
    cut = data.rfind(b"</p>") - rng.randint(5, 40)  # inside the last paragraph of the body
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    try:
        arts = fh.run_guarded(lambda: fh.Outcome(fh.ACCEPTED, extra={"arts": _load(path)}), DEADLINE).extra["arts"]
    except InputError:
        return
    last = art["text"].split("\n\n")[-1]
    assert last in arts[0].text or arts[0].meta.get("warnings"), "cut-off WARC read as a shorter article, no warning"


def _load(path):
    from redline.ingest import load_articles
    return load_articles(path)


def test_gzip_bomb_memory_is_bounded(tmp_path):
    """200 MB of zeros in one .warc.gz record (about 200 KB on disk): refused or read, within 512 MB peak."""
    bomb = tmp_path / "bomb.warc.gz"
    bomb.write_bytes(fi.warc_bomb(200 * 1024 * 1024, html=False))
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
            "from redline.errors import RedlineError\nfrom redline.ingest import load_articles\n"
            "try:\n    load_articles(sys.argv[1]); print('accepted')\n"
            "except RedlineError as e:\n    print('clean', str(e).count(chr(10)))\n"
            # VmHWM, not ru_maxrss: Linux carries the forking parent's peak into a child's ru_maxrss
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)\n")
    r = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=60, env=_clean_env())
    assert r.returncode == 0, r.stderr[-500:]
    verdict, peak_mb = r.stdout.split("\n")[0], int(r.stdout.split("\n")[1])
    assert verdict in ("accepted", "clean 0")
    assert peak_mb < 512, f"peak RSS {peak_mb} MB for a 200 MB bomb"


def _clean_env() -> dict:
    """A child's environment without what libraries imported by earlier tests put into os.environ."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**keep, "PYTHONPATH": _src()}


def _src():
    import redline
    return str(Path(redline.__file__).resolve().parents[1])


# --- paths -----------------------------------------------------------------------------------------

def _odd_paths(tmp_path):
    (tmp_path / "dir").mkdir()
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    odd = os.fsencode(str(tmp_path)) + b"/caf\xe9-\xff.txt"
    with open(odd, "wb") as fh_:
        fh_.write(fi.text_file(fi.good_article(random.Random(0))).encode())
    return {"empty": "", "dot": ".", "dir": str(tmp_path / "dir"), "devnull": "/dev/null", "loop": str(loop),
            "dangling": str(dangling), "non-utf8 name": os.fsdecode(odd), "missing": str(tmp_path / "no.txt"),
            "nul in name": "a\x00b.txt", "long name": "x" * 5000}


@pytest.mark.parametrize("which", ["empty", "dot", "dir", "devnull", "loop", "dangling", "non-utf8 name", "missing",
                                   "nul in name", "long name"])
@pytest.mark.parametrize("reader", ["read_text", "load_articles", "load_article"])
def test_odd_paths_readers(tmp_path, which, reader):
    from redline import ingest
    path = _odd_paths(tmp_path)[which]
    out = fh.run_guarded(lambda: fh.call(getattr(ingest, reader), path), DEADLINE)
    assert out.kind in GOOD, f"{reader}({path[:60]!r}): {out.kind} {out.detail}"


@pytest.mark.parametrize("which", ["empty", "dot", "dir", "devnull", "loop", "non-utf8 name", "nul in name", "long name"])
def test_odd_paths_compare_cli(tmp_path, which):
    path = _odd_paths(tmp_path)[which]
    good = tmp_path / "good.txt"
    good.write_text(fi.text_file(fi.good_article(random.Random(1))))
    out = fh.run_guarded(lambda: fh.check_command(fh.cli("compare", path, good, "--no-semantic")), DEADLINE)
    assert out.kind == (fh.ACCEPTED if which == "non-utf8 name" else fh.CLEAN), f"{out.kind} {out.detail}"


def test_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    from redline.ingest import load_articles
    out = fh.run_guarded(lambda: fh.call(load_articles, fifo), 3.0)
    assert out.kind == fh.CLEAN, f"{out.kind} {out.detail}"


def test_dev_zero_is_refused_with_bounded_memory():
    code = ("import resource\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from redline.errors import RedlineError\nfrom redline.ingest import read_text\n"
            "try:\n    read_text('/dev/zero')\nexcept RedlineError as e:\n    print('clean', e)\n")
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, env=_clean_env())
    except subprocess.TimeoutExpired:
        pytest.fail("read_text('/dev/zero') ran past 20 s")
    assert r.stdout.startswith("clean"), r.stderr[-300:]


def test_corpus_add_empty_path_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(fi.text_file(fi.good_article(random.Random(0))))
    r = fh.cli("corpus", "add", "", "--db", tmp_path / "c.db")
    assert r.code != 0 and r.err.startswith("redline: error: "), (r.code, r.out, r.err)


# --- the API and the commands ----------------------------------------------------------------------

@fuzz_settings(25)
@given(case=fi.strategy())
def test_compare_api(root, case):
    check(fh.t_compare_api, case, root)


@pytest.mark.parametrize("command", [c if c == "compare" else c
                                     for c in sorted(fh.COMMANDS)])
@fuzz_settings(12)
@given(case=fi.strategy())
def test_commands(root, command, case):
    check(fh.COMMANDS[command], case, root)


@pytest.mark.parametrize("command", [c if c == "compare_batch" else c
                                     for c in sorted(fh.BATCHES)])
@fuzz_settings(12)
@given(case=fi.strategy())
def test_batches_keep_good_items(root, command, case):
    check(fh.BATCHES[command], case, root)


# --- the reproductions, as fixed inputs ----------------------------------------------------

def _jsonl_with(bad_line: str, k: int = 6, at: int = 3) -> tuple[str, list[str]]:
    goods = fi.good_jsonl_lines(random.Random(5), k)
    lines = [json.dumps(g) for g in goods]
    lines.insert(at, bad_line)
    return "\n".join(lines) + "\n", [g["id"] for g in goods]


BAD_LINES = {
    "surrogate": '{"id": "bad", "text": "Council \\ud800 voted on the ferry terminal today, officials said."}',
    "deep1000": '{"id": "bad", "text": "x", "extra": ' + "[" * 1000 + "]" * 1000 + "}",
    "bigint": '{"id": "bad", "text": "Council voted on the ferry terminal today.", "n": ' + "9" * 5000 + "}",
    "markup id": '{"id": "wire[/bold]", "text": "Council voted on the ferry terminal today, officials said."}',
}


@pytest.mark.parametrize("bad", ["bigint", "deep1000", "markup id",
                                 "surrogate"])
def test_corpus_add_keeps_good_lines_and_later_files(tmp_path, bad):
    text, ids = _jsonl_with(BAD_LINES[bad])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(text, encoding="utf-8")
    later = fi.good_jsonl_lines(random.Random(6), 3, "later")
    (tmp_path / "in" / "b.jsonl").write_text("\n".join(json.dumps(g) for g in later) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    r = fh.run_guarded(lambda: fh.Outcome(fh.ACCEPTED, extra={"r": fh.cli("corpus", "add", tmp_path / "in", "--db", db)}),
                       DEADLINE).extra["r"]
    assert "internal error" not in r.err and r.code == 0, r.err
    stored = fh.stored_ids(db)
    assert set(ids) | {g["id"] for g in later} <= stored


@pytest.mark.parametrize("bad", ["bigint", "deep1000", "markup id", "surrogate"])
def test_compare_batch_keeps_good_lines(tmp_path, bad):
    rng = random.Random(9)
    goods, ids = [], []
    for i in range(4):
        src = fi.good_article(rng, f"s{i}")
        goods.append(json.dumps({"id": f"job-{i}", "sources": [src], "derived": dict(src, id=f"d{i}")}))
        ids.append(f"job-{i}")
    # the bad article inline as the job's source, a good derived one beside it
    bad_job = '{"id": "bad", "sources": [' + BAD_LINES[bad] + '], "derived": ' + json.dumps(
        json.loads(goods[0])["derived"]) + "}"
    lines = goods[:2] + [bad_job] + goods[2:]
    batch = tmp_path / "jobs.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = fh.run_guarded(lambda: fh.batch_check(fh.cli("compare", "--batch", batch, "--no-semantic"), ids, fh.input_lines(lines)),
                         DEADLINE)
    assert out.kind in GOOD, f"{out.kind}: {out.detail}"


@pytest.mark.parametrize("bad", ["bigint", "deep1000", "markup id", "surrogate"])
def test_framing_batch_keeps_good_lines(tmp_path, bad):
    ids = [f"s{i}" for i in range(4)]
    lines = [json.dumps({"id": i, "text": fi.sentence(random.Random(i))}) for i in ids]
    lines.insert(2, BAD_LINES[bad])
    batch = tmp_path / "s.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = fh.run_guarded(lambda: fh.batch_check(fh.cli("framing", "--batch", batch, "--no-semantic"), ids, fh.input_lines(lines)),
                         DEADLINE)
    assert out.kind in GOOD, f"{out.kind}: {out.detail}"


@pytest.mark.parametrize("bad", ["x" * 5000, "a\x00b", "/dev/null", ".", "wire[/bold]"])
def test_trace_batch_keeps_good_lines(root, bad):
    db, ids = fh.corpus_db(root)
    lines = ids[:2] + [bad.replace("\x00", "\\x00") if bad == "a\x00b" else bad] + ids[2:]
    batch = fh.fresh_dir(root, 99) / "t.txt"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = fh.run_guarded(lambda: fh.batch_check(fh.cli("trace", "--batch", batch, "--db", db), ids, fh.input_lines(lines)), DEADLINE)
    assert out.kind in GOOD, f"{out.kind}: {out.detail}"


@pytest.mark.parametrize("hostile", ["wire[/bold]", "[link=https://evil.test]wire[/link]",
                                     "wire\x1b[31mred\x1b[0m",
                                     "wire\x1b]8;;https://evil.test\x1b\\x\x1b]8;;\x1b\\"])
def test_terminal_prints_ids_and_titles_literally(tmp_path, hostile):
    rng = random.Random(3)
    art = fi.good_article(rng)
    a = tmp_path / "a.json"
    a.write_text(json.dumps(dict(art, id=hostile, title=hostile)), encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(fi.text_file(dict(art, id="copy", text=art["text"] + "\n\nOne more line was added by the copy.")))
    r = fh.cli("compare", "--source", a, b, "--no-semantic")
    assert fh.check_command(r).kind == fh.ACCEPTED, r.err
    assert "\x1b" not in r.out, "a raw escape sequence reached the terminal"
    assert "\x1b" in hostile or hostile in r.out, "markup in an id was interpreted, not printed"


def test_harness_catches_what_it_should(root):
    """The property itself: a foreign exception, a multi-line error, a hang, a lost item are all caught."""
    def boom(case, workdir):
        return fh.call(lambda: {}["missing"])
    assert fh.run_guarded(lambda: boom(None, root), 5).kind == fh.OTHER
    assert fh.call(lambda: (_ for _ in ()).throw(RedlineError("two\nlines"))).kind == fh.OTHER
    assert fh.call(lambda: "ok\ud800").kind == fh.INVALID

    def spin():
        while True:
            pass
    assert fh.run_guarded(spin, 0.3).kind == fh.HANG
    r = fh.CliResult(1, "", "redline: error: internal error (KeyError: 'x'); set REDLINE_DEBUG=1 to see the traceback\n")
    assert fh.check_command(r).detail == "internal error KeyError"
    assert fh.batch_check(fh.CliResult(1, '{"id": "a", "reuse": 1}\n', ""), ["a", "b"], 2).kind == fh.LOST
