"""Shipped models are data files that say how they were made (issue 15, docs/models.md)."""
import json
import re
from importlib import resources

import numpy as np
import pytest

from redline import models
from redline.align.models import WORD_FEATURES, reused_words
from redline.align.verdict import LEVELS, level_probabilities

NAMES = sorted(p.name[:-5] for p in resources.files("redline.models").iterdir() if p.name.endswith(".json"))


def test_the_eight_models_ship():
    assert NAMES == ["derivation", "framing_heads", "loaded_words", "opinion", "opinion_rhetoric_lexical",
                     "opinion_rhetoric_semantic", "pair_score", "reused_words"]


@pytest.mark.parametrize("name", NAMES)
def test_each_file_says_how_it_was_made(name):
    data = models.load(name)
    assert data["name"] == name
    for part in (data["dataset"].values() if name == "framing_heads" else [data["dataset"]]):
        assert re.fullmatch(r"[0-9a-f]{64}", part["sha256"])
    assert data["command"].startswith("python ")
    assert data["protocol"] and "value" in data["figure"]
    assert isinstance(data["features"], list) and len(set(data["features"])) == len(data["features"])


def test_the_derivation_file_is_the_pick_of_its_selection():
    data = models.load("derivation")
    scores = data["selection"]["inner_grouped_macro_f1"]
    assert data["selection"]["chosen"] == max(scores, key=lambda k: (scores[k], -list(scores).index(k)))
    assert f"C={data['C']:g}" in data["selection"]["chosen"]


def test_a_file_whose_columns_do_not_fit_is_refused():
    data = json.loads(json.dumps(models.load("reused_words")))
    data["coef"] = data["coef"][:-1]
    with pytest.raises(models.ModelFileError):
        models.check(data, "reused_words")
    assert tuple(reused_words()["features"]) == WORD_FEATURES


def test_sequential_probabilities_sum_to_one_and_priors_move_them():
    m = models.load("derivation")
    feats = dict(zip(m["features"], m["mean"]))
    p = level_probabilities(feats)
    assert set(p) == set(LEVELS) and abs(sum(p.values()) - 1) < 1e-9
    more_none = {"wholly": 0.1, "partially": 0.1, "none": 0.8}
    assert level_probabilities(feats, priors=more_none)["none"] > p["none"]
    X = np.array([[feats[k] for k in m["features"]]] * 3)
    assert np.allclose(models.sequential(m, X).sum(axis=1), 1)


def test_training_writes_only_where_it_is_told(capsys):
    from redline.explain import train
    with pytest.raises(SystemExit):
        train.main([])
    assert "--out" in capsys.readouterr().err
