"""Execution engines: who runs a pipeline's steps (the corpus's clusters, for one).

Every engine implements ``base.Executor``; the steps are plain functions of picklable jobs that do
not know which engine runs them, and the engines import nothing of the pipelines they run.
``local`` runs them in this process or a process pool; ``spark`` on Apache Spark (the ``spark``
extra), for corpora that outgrow one machine.
"""
from __future__ import annotations

from .base import Executor
from .local import LocalExecutor

ENGINES = ("local", "spark")


def get_executor(engine: str | Executor = "local", workers: int | None = 1, spark_master: str | None = None,
                 spark_conf: dict | None = None) -> Executor:
    """An executor by name; an executor object is returned as it is."""
    if not isinstance(engine, str):
        return engine
    if engine == "local":
        return LocalExecutor(workers)
    if engine == "spark":
        from .spark import SparkExecutor
        return SparkExecutor(spark_master or "local[2]", conf=spark_conf)
    from ..errors import RedlineError
    raise RedlineError(f"unknown engine {engine!r} (choose one of: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "Executor", "LocalExecutor", "get_executor"]
