"""Engine-independent pieces: the local executor, engine choice and Spark's errors when it cannot
run (these need neither Java nor pyspark)."""
import sys
from functools import partial

import pytest

from redline.cli import main
from redline.corpus import Corpus
from redline.engines import Executor, LocalExecutor, get_executor
from redline.engines import spark as spark_engine
from redline.errors import RedlineError


def test_local_executor_batches_in_order():
    ex = LocalExecutor(1)
    step = partial(lambda tag, batch: [(tag, len(batch), x) for x in batch], "ctx")
    assert ex.map_batches(step, list(range(7)), size=3) == [("ctx", 3, 0), ("ctx", 3, 1), ("ctx", 3, 2),
                                                            ("ctx", 3, 3), ("ctx", 3, 4), ("ctx", 3, 5),
                                                            ("ctx", 1, 6)]
    assert ex.flat_map(lambda n: [n] * n, [1, 2, 3]) == [1, 2, 2, 3, 3, 3]


def test_local_executor_in_processes_keeps_order():
    with LocalExecutor(2) as ex:
        assert list(ex.map(abs, [-3, 1, -2, 5])) == [3, 1, 2, 5]


def test_every_engine_is_an_executor():
    assert isinstance(LocalExecutor(1), Executor)
    assert isinstance(spark_engine.SparkExecutor("local[2]"), Executor)  # nothing starts until used
    assert isinstance(get_executor("local"), LocalExecutor)


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
        _ = spark_engine.SparkExecutor(master).spark
