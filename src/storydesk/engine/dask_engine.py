"""A `dask.distributed` cluster: the stages' tasks on its workers.

Imported only when a scheduler address is given (see `opening.connect`). Tasks are
submitted with `pure=False` (each is new work, never a cached result of an earlier
run) and `retries`: a task whose worker dies is rerun elsewhere by the scheduler
(until `distributed.scheduler.allowed-failures` workers have died under it, when it
ends with `KilledWorker`); one that raises is retried `retries` times. Either way
the parent gets one result per task and writes it, so a rerun task changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, TypeVar

from distributed import Client, wait

from storydesk.engine.base import EngineUnavailable, WindowedEngine

POLL_SECONDS = 2.0  # how often a wait for results checks that workers are left

T = TypeVar("T")
R = TypeVar("R")


class DaskEngine(WindowedEngine):
    remote = True

    def __init__(self, client: Client, *, retries: int = 2, lost_timeout: float = 30.0
                 ) -> None:
        self.client = client
        self.retries = retries
        # With every worker gone, the scheduler would hold the tasks until one joins,
        # and the run would wait without end: after this many seconds with none, it
        # stops (what is stored stays stored; the next run resumes).
        self.lost_timeout = lost_timeout

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
            return self._while_workers(
                lambda: wait(list(futures), timeout=POLL_SECONDS,
                             return_when="FIRST_COMPLETED").done
            )

    def _outcome(self, future: Any) -> Any:
        try:
            if future.status == "error":  # the task's own error (a TimeoutError too)
                return future.exception()
            # A finished task's result lives on its worker: should that worker die
            # first, the scheduler computes the task again, so this too waits on workers.
            return self._while_workers(lambda: future.result(timeout=POLL_SECONDS))
        except EngineUnavailable:
            raise
        except Exception as error:  # KilledWorker, cancelled
            return error
        finally:
            future.release()  # the cluster may forget the result: it is ours now

    def _while_workers(self, attempt: Callable[[], R]) -> R:
        """`attempt()` (which raises TimeoutError after POLL_SECONDS) again and again
        while the cluster has workers; EngineUnavailable once it has had none for
        `lost_timeout` seconds."""
        alone_since: float | None = None
        while True:
            try:
                return attempt()
            except TimeoutError:
                pass
            if self.client.nthreads():
                alone_since = None
                continue
            now = time.monotonic()
            alone_since = alone_since if alone_since is not None else now
            if now - alone_since > self.lost_timeout:
                raise EngineUnavailable(
                    f"the Dask cluster has had no worker for {self.lost_timeout:g} s; "
                    "everything stored so far is kept: start workers (dask worker "
                    f"{self.client.scheduler.address}) and run the command again"
                )

    def _cancel(self, futures: Collection[Any]) -> None:
        self.client.cancel(list(futures))

    def release(self) -> None:
        pass  # the cluster's workers are not ours to stop

    def close(self) -> None:
        self.client.close()
