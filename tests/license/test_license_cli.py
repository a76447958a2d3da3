"""The `redline license` command and `redline compare --policy`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from redline.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "license"
RIVER = str(FIXTURES / "sources" / "river.txt")
runner = CliRunner()


def copy(name):
    return str(FIXTURES / "copies" / name)


def test_license_json_from_source_terms():
    result = runner.invoke(app, ["license", RIVER, copy("river-no-byline.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    lic = data["license"]
    assert lic["verdict"] == "breach" and lic["policy"]["origin"] == "source-terms"
    assert {r["name"]: r["status"] for r in lic["requirements"]}["byline"] == "unmet"


def test_license_text_output_and_builtin_policy():
    result = runner.invoke(app, ["license", RIVER, copy("river-verbatim.txt"), "--policy", "cc-by"])
    assert result.exit_code == 0, result.output
    assert "compliant" in result.output and "cc-by" in result.output


def test_license_policy_file_and_output(tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["license", RIVER, copy("river-variant-policy.txt"), "--policy",
                                 str(FIXTURES / "policies" / "valley.toml"), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lic = json.loads(out.read_text())["license"]
    assert lic["policy"]["origin"] == "file" and lic["verdict"] == "compliant"


def test_license_use_option():
    farm = str(FIXTURES / "sources" / "farm.txt")
    result = runner.invoke(app, ["license", farm, copy("farm-nc-text.txt"), "--policy", "cc-by-nc-nd",
                                 "--use", "noncommercial", "-f", "json"])
    assert json.loads(result.output)["license"]["verdict"] == "compliant"


def test_license_html_is_escaped(tmp_path):
    src = tmp_path / "src.txt"
    src.write_text("Title: <script>alert(1)</script>\nOutlet: The <b>Bold</b> News\n\n"
                   "The council voted on Monday to close the library.\n\n"
                   "Republish this story: credit The <b>Bold</b> News.\n", encoding="utf-8")
    cp = tmp_path / "copy.txt"
    cp.write_text("The council voted on Monday to close the library.\n", encoding="utf-8")
    page = tmp_path / "r.html"
    result = runner.invoke(app, ["license", str(src), str(cp), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_compare_with_policy_auto():
    result = runner.invoke(app, ["compare", "--source", RIVER, copy("river-no-byline.txt"), "--policy", "auto",
                                 "--no-semantic", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["license"]["verdict"] == "breach"


def test_bad_policy_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nedits = "sometimes"\n', encoding="utf-8")
    for policy, expected in ((str(bad), "line 2: field 'edits'"), ("no-such-policy", "no such built-in policy")):
        proc = subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "license", RIVER,
                               copy("river-verbatim.txt"), "--policy", policy],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("redline: error:") and expected in lines[0]


def test_bad_article_inputs_name_the_file(tmp_path):
    from redline.errors import InputError
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><script>x</script></body></html>", encoding="utf-8")
    for args, name in (([RIVER, str(tmp_path / "missing.txt")], "missing.txt"), ([str(empty), RIVER], "empty.txt"),
                       ([RIVER, str(broken)], "broken.html")):
        result = runner.invoke(app, ["license", *args])
        assert isinstance(result.exception, InputError) and name in str(result.exception)
        assert "\n" not in str(result.exception)


def test_bad_use_value_is_rejected():
    result = runner.invoke(app, ["license", RIVER, copy("river-verbatim.txt"), "--use", "sometimes"])
    assert result.exit_code == 2
