"""The engine protocol, and the bounded submission both engines share.

An engine maps a top-level function over task inputs and hands back, for each task,
its index and its result, or the error it ended with (`as_completed`); `map` is the
same in task order, raising a task's error. Tasks are submitted a few per worker
ahead of the results handed back, never all at once: the parent builds a task's
inputs (a story bundle with its sentence vectors) only when a worker is about to be
free, so neither its memory nor what is in flight to the workers grows with the run.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight (submitted, not yet handed back) per worker: enough that a worker
# finishing one finds the next waiting, few enough that little is held at once.
TASKS_AHEAD = 4


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot be used (no scheduler there, no worker, another
    storydesk version on a worker, dask not installed); the message says which."""


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class Engine(Protocol):
    """Where a stage's tasks run. `fn` must be a top-level function (a worker finds it
    by name) and a task's inputs and result must pickle."""

    @property
    def workers(self) -> int:
        """Tasks that run at once: stages cut their work into a few tasks per worker."""
        ...

    @property
    def remote(self) -> bool:
        """Whether tasks run outside this process tree (a cluster). A task a local
        worker could not finish can be rerun here; a remote one was already retried
        by the cluster, and is a failure."""
        ...

    def parallel(self, small: bool = False) -> bool:
        """Whether a map with this `small` runs on workers, not in this process."""
        ...

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
            ) -> Iterator[R]:
        """`fn` over `tasks`, results in task order; a task's error is raised here.
        `small`: too little work to be worth starting workers for (a local engine
        then runs it in this process unless its workers are already up)."""
        ...

    def as_completed(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
                     ) -> Iterator[tuple[int, R | BaseException]]:
        """(task index, result or the error it ended with) as each task finishes."""
        ...

    def release(self) -> None:
        """A stage is done: stop the worker processes this engine started for it (a
        cluster's workers are not ours and keep running)."""
        ...

    def close(self) -> None:
        """Let go of everything (the pool; the connection to a cluster)."""
        ...


class WindowedEngine(ABC):
    """`map` and `as_completed` over a backend's futures, a bounded window at a time."""

    @property
    @abstractmethod
    def workers(self) -> int: ...

    @abstractmethod
    def _submit(self, fn: Callable[[Any], Any], task: Any) -> Any:
        """Start one task; returns its future."""

    @abstractmethod
    def _wait(self, futures: Collection[Any]) -> Collection[Any]:
        """Block until at least one of `futures` is done; returns the done ones."""

    @abstractmethod
    def _outcome(self, future: Any) -> Any:
        """A done future's result, or the exception it ended with (returned)."""

    @abstractmethod
    def _cancel(self, futures: Collection[Any]) -> None: ...

    def _windowed(
        self, fn: Callable[[T], R], tasks: Iterable[T], *, ordered: bool
    ) -> Iterator[tuple[int, R | BaseException]]:
        window = max(1, self.workers) * TASKS_AHEAD
        source = enumerate(tasks)
        pending: dict[Any, int] = {}  # future -> task index
        finished: dict[int, R | BaseException] = {}  # done, waiting for their turn
        handed = 0  # with `ordered`: the next index to hand back
        more = True
        try:
            while True:
                while more and len(pending) + len(finished) < window:
                    item = next(source, None)
                    if item is None:
                        more = False
                    else:
                        pending[self._submit(fn, item[1])] = item[0]
                if ordered and handed in finished:
                    yield handed, finished.pop(handed)
                    handed += 1
                    continue
                if not pending:
                    return
                for future in self._wait(list(pending)):
                    index = pending.pop(future)
                    outcome: R | BaseException = self._outcome(future)
                    if ordered:
                        finished[index] = outcome
                    else:
                        yield index, outcome
        finally:
            if pending:  # the caller stopped early, or a task's error was raised
                self._cancel(list(pending))

    def _map_windowed(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        for _, outcome in self._windowed(fn, tasks, ordered=True):
            if isinstance(outcome, BaseException):
                raise outcome
            yield outcome


def in_process(
    fn: Callable[[T], R], tasks: Iterable[T]
) -> Iterator[tuple[int, R | BaseException]]:
    """`as_completed` without workers: each task here, in order, its error caught."""
    for index, task in enumerate(tasks):
        try:
            outcome: R | BaseException = fn(task)
        except Exception as error:
            outcome = error
        yield index, outcome
