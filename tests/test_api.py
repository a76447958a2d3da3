"""The package's version and its one error type (its exported names: tests/test_exported_members.py)."""
import importlib.metadata
import tomllib
from pathlib import Path

import redline
from redline import _version
from redline.ingest.fetch import user_agent

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_version_comes_from_the_installed_metadata():
    assert redline.__version__ == importlib.metadata.version("redline")
    assert user_agent().startswith(f"redline/{redline.__version__} ")


def test_a_source_tree_without_install_reads_its_pyproject(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)
    monkeypatch.setattr(_version, "version", not_installed)
    assert _version._read() == tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    monkeypatch.setattr(_version, "_PYPROJECT", PYPROJECT.with_name("no-such-pyproject.toml"))
    assert _version._read() == "0+unknown"


def test_an_input_error_shows_a_long_name_cut_and_keeps_it_whole():
    from redline.errors import InputError
    err = InputError("n" * 3000, "no such file")
    assert str(err) == "n" * 1000 + "… (2,000 more characters): no such file" and err.source == "n" * 3000
