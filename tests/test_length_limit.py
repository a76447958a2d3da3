"""The per-article length policy: an article over MAX_ARTICLE_CHARS is refused by
``Comparer.compare`` (so by every command) with one line naming it and the limit, before any
alignment work is done."""
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from redline import limits
from redline.errors import InputError
from redline.model import Article
from redline.pipeline import Comparer

compare_mod = importlib.import_module("redline.pipeline")

SHORT = "The council approved the budget on Monday. The mayor said it was fair. " * 3
LONG = "The harbour board delayed the contract again. Officials blamed the weather. " * 40


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ARTICLE_CHARS", 1000)


@pytest.fixture
def no_alignment(monkeypatch):
    """Fail the test if the refused comparison reaches direction inference or alignment."""
    def boom(*args, **kwargs):
        raise AssertionError("heavy work ran before the length check")
    monkeypatch.setattr(compare_mod, "infer_direction", boom)
    monkeypatch.setattr(compare_mod, "align", boom)


@pytest.mark.parametrize("order", ["long first", "long second", "named source", "named derived"])
def test_long_article_refused_before_any_work(small_limit, no_alignment, order):
    big, small = Article("big", LONG), Article("small", SHORT)
    comparer = Comparer(semantic=False, explain=False)
    calls = {"long first": lambda: comparer.compare(big, small),
             "long second": lambda: comparer.compare(small, big),
             "named source": lambda: comparer.compare(sources=[big], derived=small),
             "named derived": lambda: comparer.compare(sources=[small], derived=big)}
    with pytest.raises(InputError) as exc:
        calls[order]()
    message = str(exc.value)
    assert "\n" not in message
    assert message == (f"big: article is {len(LONG) / 1e6:.1f} MB of text; the limit is 1,000 characters "
                       "(REDLINE_MAX_ARTICLE_CHARS)")


def test_article_at_the_limit_is_compared(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ARTICLE_CHARS", len(LONG))
    result = Comparer(semantic=False, explain=False).compare(sources=[Article("s", LONG)],
                                                            derived=Article("d", LONG))
    assert result.reuse == 1.0


def test_cli_refuses_long_file_with_one_line(tmp_path: Path):
    src, drv = tmp_path / "wire.txt", tmp_path / "copy.txt"
    src.write_text(LONG, encoding="utf-8")
    drv.write_text(SHORT, encoding="utf-8")
    code = "import sys; from redline.cli import main; sys.argv = ['redline'] + sys.argv[1:]; main()"
    env = {"PYTHONPATH": str(Path(compare_mod.__file__).parents[1]), "REDLINE_MAX_ARTICLE_CHARS": "1000",
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code, "compare", str(src), str(drv), "--no-semantic"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("redline: error: ") and "wire" in lines[0]
    assert "the limit is 1,000 characters (REDLINE_MAX_ARTICLE_CHARS)" in lines[0]
