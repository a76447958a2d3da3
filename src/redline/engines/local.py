"""Local executor: map a function over chunks in worker processes, results in input order."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .base import Edge
from .unionfind import union_roots

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor:
    """``workers=1`` runs in this process (tests, small corpora); more uses a process pool.

    Results come back in input order whatever the scheduling, so output is deterministic."""

    name = "local"

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: the pool lives only for one ``map``."""

    def chunk(self, n_items: int) -> int:
        return 2000

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = list(items)
        if self.workers == 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
            return
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, items)

    def flat_map(self, step: Callable[[T], Iterable[R]], jobs: Iterable[T]) -> list[R]:
        out: list[R] = []
        for part in self.map(step, jobs):
            out.extend(part)
        return out

    def map_batches(self, step: Callable[[list], Iterable[R]], items: list, size: int = 500) -> list[R]:
        """``step(batch)`` over batches of ``items``, flattened, in order."""
        return self.flat_map(step, [items[k:k + size] for k in range(0, len(items), size)])

    def collect(self, items: Iterable[R]) -> list[R]:
        return list(items)

    def components(self, edges: Iterable[Edge]) -> dict[int, int]:
        """Each node on an edge -> the smallest node of its connected component (union-find)."""
        return union_roots(edges)
