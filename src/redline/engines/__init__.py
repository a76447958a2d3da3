"""Execution engines: who runs the corpus pipeline's steps (see ``redline.corpus.clusters``).

Every engine offers ``map``, ``flat_map``, ``map_batches``, ``components``, ``chunk`` and
``close``; the steps themselves are plain functions that do not know which engine runs them.
``local`` runs them in this process or a process pool; ``spark`` on Apache Spark (the ``spark``
extra), for corpora that outgrow one machine.
"""
from __future__ import annotations

from .local import LocalExecutor

ENGINES = ("local", "spark")


def get_executor(engine: str = "local", workers: int | None = 1, spark_master: str | None = None,
                 spark_conf: dict | None = None):
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


__all__ = ["ENGINES", "LocalExecutor", "get_executor"]
