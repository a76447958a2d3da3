"""Apache Spark engine: the corpus pipeline's steps as Spark jobs, for corpora that outgrow one machine.

The pipeline's steps are the same functions the local engine runs; Spark only schedules them.
Candidate edges are a ``flatMap`` of the index search over chunks of articles and stay on the
executors as an RDD; verification is a ``mapPartitions`` that opens the store and the
comparer once per worker; connected components are found with alternating large-star and
small-star rounds on DataFrames (Kiveris et al., "Connected components in MapReduce and beyond",
2014), O(log^2 n) rounds, so no edge list is ever collected on the driver. Only each clustered
article's component root comes back, for the driver to write into the SQLite store.

Executors open the store and its saved index by path: in local mode (``local[N]``) that is this
machine's disk; on a cluster it must be a path every executor can read (a shared filesystem).
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import RedlineError
from .unionfind import union_roots

DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
}
# For tests and other tiny jobs: the JIT at its first tier only (the JVM starts in about half the
# time) and no code generation, adaptive planning or wide shuffles, which only pay off on big data.
FAST_START = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
              "spark.sql.codegen.wholeStage": "false", "spark.sql.codegen.factoryMode": "NO_CODEGEN",
              "spark.sql.adaptive.enabled": "false", "spark.sql.shuffle.partitions": "2"}

# Root at WARN, the level Spark sets for an interactive driver, so it does not announce the change;
# the start-up warnings that say nothing to a user (no native Hadoop, loopback address) at ERROR.
_LOG4J = """rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = error
logger.utils.name = org.apache.spark.util.Utils
logger.utils.level = error
"""


MASTER = re.compile(r"^(local(\[(\*|\d+)(,\d+)?\])?|local-cluster\[[\d, ]+\]|spark://\S+|yarn|k8s://\S+)$")


def java_path() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def java_version(java: str) -> int | None:
    """The major version of a java binary (8 for "1.8.0_292", 17 for "17.0.15"), None if unknown."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def unavailable() -> str | None:
    """Why the Spark engine cannot run here (one line), or None when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "the spark engine needs pyspark: pip install 'redline[spark]'"
    java = java_path()
    if java is None:
        return ("the spark engine needs Java 17 or newer (java on PATH or JAVA_HOME), "
                "e.g. apt-get install openjdk-17-jre-headless")
    version = java_version(java)
    if version is not None and version < 17:
        return f"the spark engine needs Java 17 or newer; {java} is Java {version}"
    return None


def check_master(master: str) -> None:
    if not MASTER.match(master):
        raise RedlineError(f"{master}: not a Spark master URL (local[N], local[*], spark://HOST:PORT, "
                           "yarn or k8s://HOST:PORT)")


def _log_config() -> str:
    """A log4j2 file that keeps Spark's start-up chatter (INFO and WARN lines) off the terminal."""
    path = Path(tempfile.gettempdir()) / "redline-spark-log4j2.properties"
    if not path.exists() or path.read_text() != _LOG4J:
        tmp = path.with_name(f"{path.name}.{os.getpid()}")
        tmp.write_text(_LOG4J)
        os.replace(tmp, path)
    return f"-Dlog4j.configurationFile=file:{path}"


def _one_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    error_lines = [ln for ln in lines if "Error" in ln or "Exception" in ln]
    return (error_lines[-1] if error_lines else lines[0] if lines else type(exc).__name__)[:300]


class SparkExecutor:
    """Runs the pipeline's steps on Spark. ``master`` as for spark-submit (``local[2]``, ``spark://host:7077``).

    A session already active in this process is used as it is and left running; a session this
    executor started is stopped by ``close()``."""

    name = "spark"

    def __init__(self, master: str = "local[2]", conf: dict | None = None, session=None,
                 app_name: str = "redline"):
        self.master = master
        self.conf = dict(conf or {})
        self.app_name = app_name
        self._spark = session
        self._owned = False
        self.rounds = 0  # star-contraction rounds of the last ``components``

    def __enter__(self) -> SparkExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def spark(self):
        if self._spark is None:
            self._spark = self._start()
        return self._spark

    def _start(self):
        why = unavailable()
        if why:
            raise RedlineError(why)
        check_master(self.master)
        from pyspark.sql import SparkSession
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        conf = {**DEFAULTS, **self.conf}
        conf["spark.driver.extraJavaOptions"] = f"{_log_config()} {conf.get('spark.driver.extraJavaOptions', '')}"
        if self.master.startswith("local"):  # all on this machine: its loopback and this interpreter
            conf.setdefault("spark.pyspark.python", sys.executable)
            conf.setdefault("spark.driver.host", "127.0.0.1")
            conf.setdefault("spark.driver.bindAddress", "127.0.0.1")
        builder = SparkSession.builder.master(self.master).appName(self.app_name)
        for key, value in conf.items():
            builder = builder.config(key, value)
        try:
            spark = builder.getOrCreate()
        except Exception as exc:  # the JVM did not start: wrong Java, bad master URL, no memory
            raise RedlineError(f"could not start Spark at {self.master} ({_one_line(exc)}); check the "
                               "master URL and that Java 17 or newer is installed") from None
        spark.sparkContext.setLogLevel("ERROR")
        self._owned = True
        return spark

    def close(self) -> None:
        if self._spark is not None and self._owned:
            self._spark.stop()
        self._spark = None
        self._owned = False

    @property
    def parallelism(self) -> int:
        return self.spark.sparkContext.defaultParallelism

    def chunk(self, n_items: int) -> int:
        """Articles per edge job: about four jobs per core, at most 2,000 articles each."""
        return max(100, min(2000, math.ceil(n_items / (4 * self.parallelism))))

    # ------------------------------------------------------------------ the executor interface
    def map(self, fn: Callable, items: Iterable) -> Iterator:
        """``fn`` over ``items`` as Spark tasks; results in input order (collected to the driver)."""
        items = list(items)
        if not items:
            return iter(())
        rdd = self.spark.sparkContext.parallelize(items, min(len(items), 4 * self.parallelism))
        return iter(self._run(rdd.map(fn).collect))

    def flat_map(self, step: Callable, jobs: Iterable):
        """An RDD of everything ``step`` returns for each job; it stays on the executors."""
        jobs = list(jobs)
        return self.spark.sparkContext.parallelize(jobs, max(1, len(jobs))).flatMap(step)

    def map_batches(self, step: Callable, items, size: int = 500):
        """``step(batch)`` over batches of an RDD's rows (or a list's items), a partition at a time."""
        if isinstance(items, list):
            items = self.spark.sparkContext.parallelize(items, max(1, min(len(items), 4 * self.parallelism)))

        def run(rows):
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= size:
                    yield from step(batch)
                    batch = []
            if batch:
                yield from step(batch)

        return items.repartition(4 * self.parallelism).mapPartitions(run)

    def collect(self, items) -> list:
        return list(items) if isinstance(items, list) else self._run(items.collect)

    def components(self, edges) -> dict[int, int]:
        """Each node on an edge -> the smallest node of its connected component."""
        spark = self.spark
        if isinstance(edges, list):
            edges = spark.sparkContext.parallelize(edges, max(1, min(len(edges), 4 * self.parallelism)))
        frame = spark.createDataFrame(edges.mapPartitions(_local_stars), "u long, v long")
        roots, self.rounds = self._run(lambda: star_components(frame))
        return self._run(lambda: {int(r.node): int(r.root) for r in roots.toLocalIterator()})

    @staticmethod
    def _run(action: Callable):
        """A Spark action; a failed job becomes a one-line RedlineError."""
        try:
            return action()
        except RedlineError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith(("py4j", "pyspark")):
                raise RedlineError(f"spark job failed ({_one_line(exc)})") from None
            raise


# ---------------------------------------------------------------------- connected components
def _local_stars(rows) -> Iterator[tuple[int, int]]:
    """A partition's edges as stars around each of its components' smallest node (union-find, in
    memory per partition): the same components with fewer edges, so fewer Spark rounds follow."""
    for node, root in union_roots(rows).items():
        if node != root:
            yield node, root


def star_components(frame, max_rounds: int = 200):
    """(node, root) for every node of an edge DataFrame (u, v), root the component's smallest node;
    and the number of rounds it took.

    Alternates large-star and small-star until a round changes nothing; the edges then form one
    star per component around its smallest node."""
    from pyspark.sql import functions as F
    edges = (frame.select(F.greatest("u", "v").alias("hi"), F.least("u", "v").alias("lo"))
             .where(F.col("hi") != F.col("lo")).distinct().localCheckpoint())
    count = edges.count()
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is returned after the loop
        new = _small_star(_large_star(edges)).localCheckpoint()
        new_count = new.count()
        same = new_count == count and new.exceptAll(edges).isEmpty()
        edges.unpersist()
        edges, count = new, new_count
        if same:
            break
    else:
        raise RedlineError(f"connected components did not converge in {max_rounds} rounds")
    leaves = edges.select(F.col("hi").alias("node"), F.col("lo").alias("root"))
    centres = edges.select(F.col("lo").alias("node"), F.col("lo").alias("root"))
    return leaves.union(centres).distinct(), rounds


def _large_star(edges):
    """Link every neighbour larger than a node to the smallest node of that node's neighbourhood."""
    from pyspark.sql import functions as F
    both = (edges.select(F.col("hi").alias("n"), F.col("lo").alias("nb"))
            .union(edges.select(F.col("lo").alias("n"), F.col("hi").alias("nb"))))
    mins = both.groupBy("n").agg(F.least(F.col("n"), F.min("nb")).alias("m"))
    return (both.where(F.col("nb") > F.col("n")).join(mins, "n")
            .select(F.col("nb").alias("hi"), F.col("m").alias("lo")).distinct())


def _small_star(edges):
    """Link a node and all its smaller neighbours to the smallest of them."""
    from pyspark.sql import functions as F
    mins = edges.groupBy("hi").agg(F.min("lo").alias("m"))
    moved = F.when(F.col("lo") == F.col("m"), F.col("hi")).otherwise(F.col("lo"))
    return edges.join(mins, "hi").select(moved.alias("hi"), F.col("m").alias("lo")).distinct()
