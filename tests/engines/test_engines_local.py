"""Engine-independent pieces: union-find roots, the local executor, engine choice and Spark's errors
when it cannot run (these need neither Java nor pyspark)."""
import random
import sys

import pytest

from redline.cli import main
from redline.corpus import Corpus
from redline.corpus.clusters import assign, cluster_id, union_roots
from redline.engines import LocalExecutor, get_executor
from redline.engines import spark as spark_engine
from redline.errors import RedlineError


def bfs_roots(edges):
    graph = {}
    for a, b, *_ in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    roots = {}
    for start in sorted(graph):
        if start in roots:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nb in graph[todo.pop()] - seen:
                seen.add(nb)
                todo.append(nb)
        for node in seen:
            roots[node] = min(seen)
    return roots


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_union_roots_are_component_minima(seed):
    rng = random.Random(seed)
    edges = [(rng.randrange(200), rng.randrange(200), 0.5) for _ in range(150)]
    assert union_roots(edges) == bfs_roots(edges)


def test_assign_names_each_story_by_its_smallest_id():
    ids = {1: "b", 2: "a", 3: "c", 4: "d"}
    out = assign([1, 2, 3, 4], {1: 1, 2: 1}, ids)
    assert out[1] == out[2] == cluster_id(["a"]) and out[3] == cluster_id(["c"]) != out[4]


def test_local_executor_batches_in_order():
    ex = LocalExecutor(1)
    step = lambda job: [(job[0], x) for x in job[1]]  # noqa: E731
    assert ex.map_batches(step, "ctx", list(range(7)), size=3) == [("ctx", k) for k in range(7)]
    assert ex.flat_map(lambda n: [n] * n, [1, 2, 3]) == [1, 2, 2, 3, 3, 3]


def test_unknown_engine():
    with pytest.raises(RedlineError, match="unknown engine 'dask'"):
        get_executor("dask")


def test_missing_pyspark_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    assert "pip install 'redline[spark]'" in spark_engine.unavailable()


def test_spark_without_java_is_one_line_error(monkeypatch, capsys, tmp_path, articles):
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        corpus.add(articles[:4])
    monkeypatch.setattr(spark_engine, "java_path", lambda: None)
    monkeypatch.setattr(sys, "argv", ["redline", "clusters", "--db", str(db), "--engine", "spark"])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith("redline: error: the spark engine needs")


def test_old_java_is_named(monkeypatch):
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    monkeypatch.setattr(spark_engine, "java_path", lambda: "/opt/jdk11/bin/java")
    monkeypatch.setattr(spark_engine, "java_version", lambda java: 11)
    assert spark_engine.unavailable() == "the spark engine needs Java 17 or newer; /opt/jdk11/bin/java is Java 11"


@pytest.mark.parametrize("master", ["bogus://x", "local[two]", ""])
def test_bad_master_is_refused_before_starting(monkeypatch, master):
    monkeypatch.setattr(spark_engine, "unavailable", lambda: None)
    with pytest.raises(RedlineError, match="not a Spark master URL"):
        spark_engine.SparkExecutor(master).spark
