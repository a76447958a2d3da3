"""The package version, read from the installed distribution's metadata (pyproject.toml is the only
place the number is written)."""
from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Running from a source tree that was never installed (PYTHONPATH=src): the number in its pyproject.toml.
_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _read() -> str:
    try:
        return version("redline")
    except PackageNotFoundError:
        pass
    try:
        project = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8"))["project"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"
    return str(project["version"]) if project.get("name") == "redline" else "0+unknown"


__version__ = _read()
