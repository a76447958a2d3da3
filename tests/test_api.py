"""The public Python API: exactly these names, each importable from ``redline``."""
import importlib

import redline

EXPECTED = ["Article", "Comparer", "Comparison", "Corpus", "Finding", "InputError", "Match", "RedlineError",
            "Sentence", "Settings", "Span", "compare", "load_article"]


def test_all_is_exactly_the_public_api():
    assert sorted(redline.__all__) == sorted(EXPECTED)
    assert len(redline.__all__) == len(set(redline.__all__))


def test_every_public_name_imports():
    module = importlib.import_module("redline")
    for name in EXPECTED:
        assert getattr(module, name) is not None, name
        exec(f"from redline import {name}", {})


def test_version_is_a_string():
    assert isinstance(redline.__version__, str) and redline.__version__.count(".") == 2


def test_an_input_error_shows_a_long_name_cut_and_keeps_it_whole():
    from redline.errors import InputError
    err = InputError("n" * 3000, "no such file")
    assert str(err) == "n" * 1000 + "… (2,000 more characters): no such file" and err.source == "n" * 3000
