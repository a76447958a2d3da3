"""The server's settings: the config file, the environment, the token and the one comparer."""
from __future__ import annotations

import pytest

from redline.errors import InputError
from redline.web.config import load_config, run_token


def test_config_file_environment_and_options(tmp_path, monkeypatch):
    cfg = tmp_path / "web.toml"
    cfg.write_text('[web]\ntoken = "from-file"\noutlets = ["Lakeshore Wire"]\nkeep_days = 7\n', encoding="utf-8")
    monkeypatch.setenv("REDLINE_TOKEN", "from-env")
    c = load_config(tmp_path / "c.db", cfg)
    assert c.token == "from-file" and c.outlets == ("Lakeshore Wire",) and c.keep_days == 7
    assert load_config(tmp_path / "c.db").token == "from-env"
    assert load_config(tmp_path / "c.db", cfg, outlets=("Other",)).outlets == ("Other",)
    assert c.state_path == tmp_path / "c.db.web.sqlite"


def test_bad_config_files_are_one_clear_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[web]\ntokn = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown setting"):
        load_config(tmp_path / "c.db", bad)
    bad.write_text("[web\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(tmp_path / "c.db", bad)
    with pytest.raises(InputError, match="cannot be read"):
        load_config(tmp_path / "c.db", tmp_path / "missing.toml")
    for value in ("-1", "20", "2.5", '"5"', "true"):
        bad.write_text(f"[web]\nworker_nice = {value}\n", encoding="utf-8")
        with pytest.raises(InputError, match="worker_nice must be a whole number from 0 to 19"):
            load_config(tmp_path / "c.db", bad)
    bad.write_text("[web]\nworker_nice = 0\n", encoding="utf-8")
    assert load_config(tmp_path / "c.db", bad).worker_nice == 0 and load_config(tmp_path / "c.db").worker_nice == 5


def test_without_a_token_a_run_gets_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("REDLINE_TOKEN", raising=False)
    c = load_config(tmp_path / "c.db")
    assert c.token is None
    a, b = run_token(c), run_token(c)
    assert a.token and b.token and a.token != b.token and len(a.token) >= 24


def test_one_comparer_and_one_embedder_per_process(example_db, tmp_path):
    from webhelpers import make_app

    from redline.embed import default_embedder
    service = make_app(example_db, tmp_path, semantic=None).state.service
    first = service.comparer()
    assert service.comparer() is first
    if first.embedder is not None:  # the semantic extra is installed: the process-wide model
        assert first.embedder is default_embedder()
    service.close()
