"""Fixtures of the web tests (helpers in webhelpers.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from webhelpers import EXAMPLES, make_app


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    from redline.corpus import Corpus
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    with Corpus(path, semantic=False) as corpus:
        corpus.add([EXAMPLES / "corpus.jsonl"])
    return path


@pytest.fixture
def client(example_db, tmp_path):
    from fastapi.testclient import TestClient
    with TestClient(make_app(example_db, tmp_path)) as c:
        yield c
