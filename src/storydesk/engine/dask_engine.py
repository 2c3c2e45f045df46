"""A `dask.distributed` cluster: the stages' tasks on its workers.

Imported only when a scheduler address is given (see `opening.connect`). Tasks are
submitted with `pure=False` (each is new work, never a cached result of an earlier
run) and `retries`: a task whose worker dies is rerun elsewhere by the scheduler
(until `distributed.scheduler.allowed-failures` workers have died under it, when it
ends with `KilledWorker`); one that raises is retried `retries` times. Either way
the parent gets one result per task and writes it, so a rerun task changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, TypeVar

from distributed import Client, wait

from storydesk.engine.base import WindowedEngine

T = TypeVar("T")
R = TypeVar("R")


class DaskEngine(WindowedEngine):
    remote = True

    def __init__(self, client: Client, *, retries: int = 2) -> None:
        self.client = client
        self.retries = retries

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers now (one per worker process, as the
        README starts them: spaCy and the embedding model run one task per process)."""
        return max(1, sum(self.client.nthreads().values()))

    def parallel(self, small: bool = False) -> bool:
        # Even a small map: the workers are already up, and the parent loading spaCy
        # or the embedding model for a few items would cost more.
        return True

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
            ) -> Iterator[R]:
        return self._map_windowed(fn, tasks)

    def as_completed(self, fn: Callable[[T], R], tasks: Iterable[T], *, small: bool = False
                     ) -> Iterator[tuple[int, R | BaseException]]:
        return self._windowed(fn, tasks, ordered=False)

    def _submit(self, fn: Callable[[Any], Any], task: Any) -> Any:
        return self.client.submit(fn, task, pure=False, retries=self.retries)

    def _wait(self, futures: Collection[Any]) -> Collection[Any]:
        # `wait` finds its client as the default one; ours is not made the default
        # (a library should not change the caller's Dask settings), so it is made the
        # current one for the call.
        with self.client.as_current():
            return wait(list(futures), return_when="FIRST_COMPLETED").done

    def _outcome(self, future: Any) -> Any:
        try:
            return future.result()
        except Exception as error:  # the task's own error, KilledWorker, cancelled
            return error
        finally:
            future.release()  # the cluster may forget the result: it is ours now

    def _cancel(self, futures: Collection[Any]) -> None:
        self.client.cancel(list(futures))

    def release(self) -> None:
        pass  # the cluster's workers are not ours to stop

    def close(self) -> None:
        self.client.close()
