"""This machine: a fork pool of worker processes, or this process alone.

The pool is started on the first task worth a pool and stopped by `release` at the
end of each stage, as the stages' own pools were: fork shares the libraries already
imported copy-on-write, and a stage's workers see the state the parent had when the
stage began. A worker that dies (a crash, the kernel's OOM killer) breaks the pool:
the tasks in flight end with `BrokenProcessPool`, which the stage handles (the story
stage computes those stories here), and the next task gets a fresh pool.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from storydesk.engine.base import WindowedEngine, default_processes, in_process

T = TypeVar("T")
R = TypeVar("R")


class LocalEngine(WindowedEngine):
    remote = False

    def __init__(self, processes: int | None = None) -> None:
        self.processes = default_processes() if processes is None else max(1, processes)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self.processes

    def parallel(self, small: bool = False) -> bool:
        return self.processes > 1 and (not small or self._pool is not None)

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
            ) -> Iterator[R]:
        if not self.parallel(small):
            return map(fn, tasks)
        return self._map_windowed(fn, tasks)

    def as_completed(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
                     ) -> Iterator[tuple[int, R | BaseException]]:
        if not self.parallel(small):
            return in_process(fn, tasks)
        return self._windowed(fn, tasks, ordered=False)

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"))

    def _submit(self, fn: Callable[[Any], Any], task: Any) -> Future[Any]:
        if self._pool is None:
            self._pool = self._new_pool()
        try:
            return self._pool.submit(fn, task)
        except BrokenProcessPool:
            # A worker died during an earlier task: the tasks still to come get a
            # fresh pool (those that were in flight came back with the error).
            self.release()
            self._pool = self._new_pool()
            return self._pool.submit(fn, task)

    def _wait(self, futures: Collection[Any]) -> Collection[Any]:
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        return done

    def _outcome(self, future: Any) -> Any:
        if future.cancelled():
            return CancelledError()
        error = future.exception()
        return error if error is not None else future.result()

    def _cancel(self, futures: Collection[Any]) -> None:
        for future in futures:
            future.cancel()

    def release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        self.release()
