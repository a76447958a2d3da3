"""What a pipeline asks of an engine: the executor interface every engine implements.

Engines know nothing of the pipeline they run. A step is a plain function of one picklable job
(a frozen dataclass, or a batch of items for a step bound to its context with
``functools.partial``); the engine decides where and how many run at once. Collections an engine
returns (``flat_map``, ``map_batches``) are its own: a list locally, an RDD on Spark; they can be
handed back to the same engine, and ``components`` brings the result home as a dict.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")
R = TypeVar("R")
Edge = tuple  # (a, b, ...): two integer nodes, then anything (a score)


@runtime_checkable
class Executor(Protocol):
    name: str

    def close(self) -> None:
        """Release what the engine holds (a Spark session it started)."""

    def chunk(self, n_items: int) -> int:
        """Items per job that keep this engine's workers busy for ``n_items`` in all."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items``, results in input order, brought back to the caller."""

    def flat_map(self, step: Callable[[T], Iterable[R]], jobs: Iterable[T]) -> Any:
        """Everything ``step`` returns for each job, as the engine's own collection."""

    def map_batches(self, step: Callable[[list], Iterable[R]], items: Any, size: int = 500) -> Any:
        """``step(batch)`` over batches of at most ``size`` of ``items`` (a list or the engine's own
        collection), flattened, as the engine's own collection."""

    def collect(self, items: Any) -> list:
        """A collection of this engine's (or a list) brought to the caller as a list."""

    def components(self, edges: Any) -> dict[int, int]:
        """Each node on an edge -> the smallest node of its connected component."""
