"""The Spark engine against the local one, on a real local Spark session (one per module)."""
import json
import random
import sys

import pytest

from redline.cli import main
from redline.corpus import Corpus
from redline.engines import spark as spark_engine
from redline.engines.unionfind import union_roots

REASON = spark_engine.unavailable()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"Spark cannot run here: {REASON}")


@pytest.fixture(scope="module")
def spark():
    executor = spark_engine.SparkExecutor("local[2]", conf=spark_engine.FAST_START)
    yield executor
    executor.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory, articles):
    path = tmp_path_factory.mktemp("spark") / "c.db"
    with Corpus(path) as corpus:
        corpus.add(articles)
    return path


def test_map_keeps_input_order(spark):
    assert list(spark.map(str.upper, ["b", "a", "c", "d", "e"])) == ["B", "A", "C", "D", "E"]


def test_star_components_match_union_find(spark):
    rng = random.Random(11)
    edges = [(k, k + 1, 1.0) for k in range(0, 16)]                  # a chain, spread over partitions
    edges += [(k + 1, k, 1.0) for k in range(30, 36)]                # another, written backwards
    edges += [(rng.randrange(100, 160), rng.randrange(100, 160), 1.0) for _ in range(30)]
    edges = [e for e in edges if e[0] != e[1]]
    rng.shuffle(edges)
    got = spark.components(edges)
    assert got == union_roots(edges)
    assert got[16] == 0 and got[36] == 30


def test_cli_spark_clusters_equal_local(db, spark, monkeypatch, capsys):
    with Corpus(db) as corpus:
        local = corpus.clusters(min_size=1)
    monkeypatch.setattr(sys, "argv", ["redline", "clusters", "--db", str(db), "--engine", "spark",
                                      "--spark-master", "local[2]", "--min-size", "1", "--format", "json"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code in (0, None)
    assert json.loads(capsys.readouterr().out)["clusters"] == local
    assert any(g["size"] >= 3 for g in local) and any(g["size"] == 1 for g in local)


def test_verified_spark_clusters_equal_local(db, spark):
    with Corpus(db) as corpus:
        local = corpus.clusters(verify=True, min_size=1)
        on_spark = corpus.clusters(verify=True, min_size=1, engine=spark)
        saved = corpus.cluster_of(local[0]["members"][0])
    assert on_spark == local and saved == local[0]["cluster"]
