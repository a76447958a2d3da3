"""Untrusted ids, titles and text never drive the terminal: no Rich markup is read from them, and every
control, C1 and bidi character is shown escaped — through every command's text output, with colour
off (then no ESC at all may reach the output) and forced on (then only Rich's own styling may)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from rich.console import Console

from redline.report.safe import clean, json_text, markup, text, xml_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OSC8 = "\x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\"
PAYLOAD = f"{OSC8} \x1b[2J \x9b31m \u202eevil\u2066 \x07\r"
CLOSING_ID, LINK_ID = "wire[/bold]", "[link=https://evil.test]wire[/link]"
CONTROL_ID = f"copy\x1b[2J\u202e{OSC8}"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
STYLE_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # SGR: Rich's styling
# what Rich itself writes on a terminal: styling, and the progress bar's cursor hide/show, line erase, up
RICH_ESCAPE = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\r?\x1b\[2K|\x1b\[\d*A|\r(?=\x1b)")


def _body(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8").split("\n\n", 1)[1]


def _article(art_id: str, name: str, date: str, sentence: str) -> dict:
    body = _body(name)
    first, rest = body.split("\n\n", 1)
    return {"id": art_id, "title": f"Title {PAYLOAD}", "byline": f"By Dana {PAYLOAD}",
            "outlet": f"Outlet {PAYLOAD}", "url": f"https://x.example/{PAYLOAD}", "date": date,
            "text": f"{first}\n\n{sentence} {PAYLOAD} rest.\n\n{rest}"}


@pytest.fixture
def hostile(tmp_path):
    src = _article(CLOSING_ID, "wire.txt", "2026-06-20", "Two agents said the riot began at nine.")
    copy = _article(LINK_ID, "rewrite.txt", "2026-06-21", "Agents said the riot began at nine.")
    third = {**copy, "id": CONTROL_ID, "date": "2026-06-22",
             "text": copy["text"] + "\n\nA third outlet added this closing line about the dispatch review."}
    paths = {}
    for key, art in (("src", src), ("copy", copy)):
        paths[key] = tmp_path / f"{key}.json"
        paths[key].write_text(json.dumps(art), encoding="utf-8")
    paths["jsonl"] = tmp_path / "all.jsonl"
    paths["jsonl"].write_text("".join(json.dumps(a) + "\n" for a in (src, copy, third)), encoding="utf-8")
    paths["db"] = tmp_path / "c.db"
    return paths


@pytest.fixture(params=["colour-off", "colour-on"])
def terminal(request, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "colour-on":
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    else:
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("TERM", "dumb")
    return request.param


def assert_safe(output: str, colour: str) -> None:
    """No escape reaches the terminal but Rich's own styling, and only when colour is on."""
    assert "Traceback" not in output and "internal error" not in output, output
    if colour == "colour-off":
        assert "\x1b" not in output
    bare = RICH_ESCAPE.sub("", output)
    assert "\x1b" not in bare, repr(bare[bare.index("\x1b") - 40:][:120])
    assert not FORBIDDEN.search(bare), repr(FORBIDDEN.search(bare))
    assert "\x1b]" not in output and "\x1b[2J" not in output


def test_compare_text(run, hostile, terminal):
    code, out, err = run("compare", hostile["src"], hostile["copy"], "--no-semantic", "--policy", "auto")
    assert code == 0, err
    assert_safe(out + err, terminal)
    plain = STYLE_ESCAPE.sub("", out)
    assert f"source: {CLOSING_ID}" in plain and f"derived: {LINK_ID}" in plain
    assert "\\x1b]8;;https://evil.test" in plain and "\\u202eevil" in plain and "\\x9b31m" in plain
    if terminal == "colour-on":
        assert STYLE_ESCAPE.search(out)  # colour really was on, so the check above meant something


def test_compare_with_source_and_to_file(run, hostile, terminal, tmp_path):
    report = tmp_path / "report.txt"
    code, out, err = run("compare", "--source", hostile["src"], hostile["copy"], "--no-semantic", "-o", report)
    assert code == 0, err
    assert_safe(out + err + report.read_text(encoding="utf-8"), "colour-off")


def test_compare_json_escapes_every_control(run, hostile, terminal):
    code, out, err = run("compare", hostile["src"], hostile["copy"], "--no-semantic", "-f", "json")
    assert code == 0, err
    assert_safe(out + err, "colour-off")
    assert "\\u001b]8;;https://evil.test" in out and "\\u009b31m" in out and "\\u202e" in out
    data = json.loads(out)
    assert data["sources"][0]["id"] == CLOSING_ID and PAYLOAD in data["derived"]["title"]


def test_compare_batch_lines(run, hostile, terminal, tmp_path):
    batch = tmp_path / "jobs.jsonl"
    batch.write_text(json.dumps({"id": LINK_ID + PAYLOAD, "sources": [str(hostile["src"])],
                                 "derived": str(hostile["copy"])}) + "\n"
                     + json.dumps({"id": PAYLOAD, "sources": [f"missing{PAYLOAD}.txt"], "derived": "x.txt"}) + "\n",
                     encoding="utf-8")
    code, out, err = run("compare", "--batch", batch, "--no-semantic")
    assert code == 1
    assert_safe(out + err, terminal)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["id"] == LINK_ID + PAYLOAD and "error" in rows[1]


def test_framing_text(run, hostile, terminal):
    code, out, err = run("framing", hostile["src"], "--no-semantic")
    assert code == 0, err
    assert_safe(out + err, terminal)
    assert f"redline framing  {CLOSING_ID}" in STYLE_ESCAPE.sub("", out)


def test_license_text(run, hostile, terminal):
    code, out, err = run("license", hostile["src"], hostile["copy"])
    assert code == 0, err
    assert_safe(out + err, terminal)
    plain = STYLE_ESCAPE.sub("", out)
    assert f"source: {CLOSING_ID}" in plain and f"copy: {LINK_ID}" in plain


def test_corpus_commands(run, hostile, terminal, tmp_path):
    db = hostile["db"]
    junk = tmp_path / "in"
    junk.mkdir()
    (junk / "all.jsonl").write_bytes(hostile["jsonl"].read_bytes())
    (junk / "bad\x1b[2J\u202e.bin").write_bytes(bytes(range(256)) * 8)
    code, out, err = run("corpus", "add", junk, "--db", db)
    assert code == 0 and "3 added" in out, err
    assert_safe(out + err, terminal)
    assert "bad\\x1b[2J\\u202e.bin" in err
    outputs = [out + err]
    for args in (("corpus", "stats", "--db", db), ("trace", LINK_ID, "--db", db),
                 ("trace", CONTROL_ID, "--db", db), ("clusters", "--db", db, "--min-size", "2"),
                 ("lineage", CLOSING_ID, "--db", db), ("lineage", CLOSING_ID, "--db", db, "--export", "graphml"),
                 ("trace", LINK_ID, "--db", db, "-f", "json"), ("clusters", "--db", db, "-f", "json"),
                 ("corpus", "stats", "--db", db, "-f", "json")):
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_safe(out + err, terminal)
        outputs.append(STYLE_ESCAPE.sub("", out))
    stats, trace = outputs[1], outputs[2]
    assert "Outlet \\x1b]8;;https://evil.test" in stats
    assert f"redline trace {LINK_ID}:" in trace and CLOSING_ID in trace
    assert clean(CONTROL_ID) in outputs[3]
    assert LINK_ID in outputs[4] and CLOSING_ID in outputs[5]


def test_error_messages(run, hostile, terminal):
    code, out, err = run("compare", f"missing{PAYLOAD}.txt", hostile["copy"], "--no-semantic")
    assert code == 2 and err.startswith("redline: error: ")
    assert_safe(out + err, "colour-off")
    assert "\\x1b]8;;https://evil.test" in err and len(err.strip().splitlines()) == 1
    run("corpus", "add", hostile["jsonl"], "--db", hostile["db"])
    code, out, err = run("corpus", "remove", LINK_ID + PAYLOAD, "--db", hostile["db"])
    assert code == 2 and LINK_ID in err
    assert_safe(out + err, "colour-off")


# --- the helper itself ---------------------------------------------------------------------------

def test_clean_escapes_controls_visibly():
    assert clean("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert clean("\x9b31m\x7f\x00") == "\\x9b31m\\x7f\\x00"
    assert clean("x\u202ey\u2066z\u2069") == "x\\u202ey\\u2066z\\u2069"
    assert clean("one\ntwo\tthree\r") == "one\\ntwo\\tthree\\r"
    assert clean("one\ntwo\tthree\r", multiline=True) == "one\ntwo\tthree\\r"
    assert clean("lone \ud800") == "lone \\ud800"
    assert clean("Café — “quoted” 日本 [b]x[/b]") == "Café — “quoted” 日本 [b]x[/b]"


def test_text_keeps_markup_literal_and_moves_styles():
    console = Console(force_terminal=True, width=200, color_system="standard")
    with console.capture() as cap:
        console.print(text(LINK_ID))
        console.print(f"source {markup(CLOSING_ID)} and {markup(LINK_ID)}")
    shown = STYLE_ESCAPE.sub("", cap.get())
    assert shown == f"{LINK_ID}\nsource {CLOSING_ID} and {LINK_ID}\n"
    styled = text("ab\x1bcd", spans=[(3, 5, "bold")])
    assert styled.plain == "ab\\x1bcd" and styled[6:8].spans[0].style == "bold"
    assert text("abcd", spans=[(2, 4, "bold")]).spans[0][:2] == (2, 4)


def test_json_and_xml_text_are_the_same_document():
    value = {"id": PAYLOAD + "\ud800", "note": "Café \u2028 日本"}
    dumped = json_text(json.dumps(value, ensure_ascii=False))
    assert not FORBIDDEN.search(dumped) and "\u2028" not in dumped
    assert json.loads(dumped) == value and "Café" in dumped
    assert xml_text("<a>x\x1b[2J\u202e</a>") == "<a>x&#x1b;[2J&#x202e;</a>"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff",
                                       "\u2028", "\U000e0041"])
def test_an_id_with_an_invisible_character_prints_it_escaped(invisible):
    shown = clean(f"wi{invisible}re")
    assert shown != "wire" and invisible not in shown and shown.startswith("wi\\") and shown.endswith("re")


def test_invisible_joiners_are_kept_in_article_text():
    # a zero-width joiner builds emoji and Indic/Persian words: escaped in ids only
    assert clean("نمی\u200cخواهم", multiline=True) == "نمی\u200cخواهم"


def test_a_one_megabyte_id_is_cut_and_the_command_ends(tmp_path):
    import subprocess
    body = _body("wire.txt")
    (tmp_path / "big.json").write_text(json.dumps({"id": "x" * 1_000_000, "text": body}))
    (tmp_path / "copy.json").write_text(json.dumps({"id": "copy", "text": _body("rewrite.txt")}))
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "compare", str(tmp_path / "big.json"),
                           str(tmp_path / "copy.json"), "--no-semantic"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "more characters)" in done.stdout and "x" * 2000 not in done.stdout.replace("\n", "")


def test_clean_cuts_a_long_single_line_value_only():
    assert clean("y" * 5000).endswith("… (4,000 more characters)")
    assert clean("y" * 5000, multiline=True) == "y" * 5000
