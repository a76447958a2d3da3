"""What the pages and the API share: the configuration, the app's state file, the comparer and the
corpus, and the threads that keep CPU-bound work off the event loop.

* Comparisons run on a pool of ``compare_workers`` threads with one ``Comparer`` (so the embedding
  model, when used, is loaded once per process).
* Work on the corpus index (trace, clusters, lineage, the desk) runs on one thread that owns one
  ``Corpus`` (its SQLite connection and in-memory index belong to that thread).
* Ingest jobs run on their own thread with their own ``Corpus``, so pages stay answerable meanwhile.
* Cheap reads (search, an article's metadata) use one read connection per request thread.
"""
from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .config import WebConfig
from .state import State

if TYPE_CHECKING:
    from ..pipeline import Comparer

CACHE_ENTRIES = 256
EXPIRY_EVERY_S = 3600


class Service:
    def __init__(self, config: WebConfig, compare_workers: int | None = None):
        self.config = config
        self.state = State(config.state_path)
        workers = compare_workers or max(2, os.cpu_count() or 2)
        self._compare_pool = ThreadPoolExecutor(workers, thread_name_prefix="redline-compare")
        self._corpus_pool = ThreadPoolExecutor(1, thread_name_prefix="redline-corpus")
        self.job_pool = ThreadPoolExecutor(1, thread_name_prefix="redline-ingest")
        self._local = threading.local()
        self._corpus = None
        self._comparer: Comparer | None = None
        self._comparer_lock = threading.Lock()
        self._process_pool: ProcessPoolExecutor | None = None
        self._cache: OrderedDict = OrderedDict()
        self._cache_lock = threading.Lock()
        self._open_store(create=True).close()  # a missing corpus is created empty, a bad one refused now
        self._next_expiry = 0.0
        self.expire_results()

    def expire_results(self) -> None:
        """Forget results older than ``keep_days``: at start and then at most once an hour."""
        now = time.time()
        if now >= self._next_expiry:
            self._next_expiry = now + EXPIRY_EVERY_S
            self.state.forget_results(now - self.config.keep_days * 86400)

    # ---------------------------------------------------------------- threads
    async def compare_thread(self, fn: Callable, *args) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._compare_pool, fn, *args)

    async def corpus_thread(self, fn: Callable, *args) -> Any:
        """``fn(corpus, *args)`` on the corpus thread."""
        return await asyncio.get_running_loop().run_in_executor(self._corpus_pool, self._with_corpus, fn, args)

    def _with_corpus(self, fn: Callable, args: tuple) -> Any:
        if self._corpus is None:
            self._corpus = self.open_corpus()
        return fn(self._corpus, *args)

    def open_corpus(self):
        from ..corpus import Corpus
        return Corpus(self.config.db, semantic=self.config.semantic, create=False)

    async def compare(self, sources: list, derived, infer: bool) -> tuple[str, str]:
        """(title, compact JSON) of a comparison, in a worker process when the app has them."""
        from . import workers
        return await self._in_worker(workers.compare, sources, derived, infer)

    async def report(self, inputs: str, data: str) -> tuple[str, bool]:
        """A stored comparison's report page, drawn again from its inputs (see ``workers.report``)."""
        from . import workers
        return await self._in_worker(workers.report, inputs, data)

    async def _in_worker(self, fn: Callable, *args) -> Any:
        if not self.config.processes:
            return await self.compare_thread(fn, *args, self.comparer())
        return await asyncio.get_running_loop().run_in_executor(self._processes(), fn, *args)

    def _processes(self):
        with self._comparer_lock:
            if self._process_pool is None:
                import multiprocessing

                from . import workers
                self._process_pool = ProcessPoolExecutor(
                    self.config.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=workers.start, initargs=(self.config.semantic, self.config.worker_nice))
            return self._process_pool

    def warm(self) -> None:
        """Start the worker processes now, so the first compare does not wait for them."""
        if self.config.processes:
            from . import workers
            for future in [self._processes().submit(workers.ready) for _ in range(self.config.processes)]:
                future.result()

    def comparer(self):
        with self._comparer_lock:
            if self._comparer is None:
                from ..pipeline import Comparer
                self._comparer = Comparer(semantic=self.config.semantic, explain=True)
            return self._comparer

    # ---------------------------------------------------------------- reads
    def _open_store(self, create: bool = False):
        from ..corpus.store import Store
        return Store(self.config.db, create=create)

    def reader(self):
        """This thread's read connection to the corpus."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open_store()
        return store

    def generation(self) -> int:
        return self.reader().generation

    def article(self, ident: str):
        store = self.reader()
        doc = store.lookup(ident)
        if doc is None:
            raise InputError(ident, f"no such article in {self.config.db.name}")
        return store.article(doc)

    # ---------------------------------------------------------------- caches (per corpus generation)
    def cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        key = (self.generation(), *key)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = make()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    # ---------------------------------------------------------------- settings
    def outlets(self) -> list[str]:
        return list(self.state.setting("outlets", list(self.config.outlets)))

    def set_outlets(self, outlets: list[str]) -> None:
        self.state.set_setting("outlets", outlets)

    def close(self) -> None:
        for pool in (self._compare_pool, self._corpus_pool, self.job_pool, self._process_pool):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        self.state.close()
