from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "license"


@pytest.fixture(scope="session")
def comparer():
    """Lexical-only, without the explain step, so these tests see only the licence code's behaviour;
    bench/license.py runs the full pipeline (explain findings included)."""
    from redline.pipeline import Comparer
    return Comparer(semantic=False, explain=False)


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
