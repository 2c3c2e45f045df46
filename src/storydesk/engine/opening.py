"""The engine a run asked for: a local pool, or a Dask cluster given by its address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storydesk.code_version import code_version
from storydesk.engine.base import Engine, EngineUnavailable
from storydesk.engine.local import LocalEngine

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler, and for a first worker to be there
RETRIES = 2  # reruns of a task that raised on a worker


def open_engine(
    scheduler: str | None = None,
    processes: int | None = None,
    *,
    timeout: float = CONNECT_TIMEOUT,
) -> Engine:
    """A `DaskEngine` on the scheduler at `scheduler` when given, else a `LocalEngine`
    of `processes` (default: one per core). Close it when done."""
    if scheduler:
        return connect(scheduler, timeout=timeout)
    return LocalEngine(processes)


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT, retries: int = RETRIES) -> Engine:
    """An engine on an existing `dask.distributed` cluster; `EngineUnavailable` (never a
    wait without end) when the scheduler cannot be reached within `timeout`, no worker
    is there, or a worker runs other storydesk code than this process."""
    try:
        from distributed import Client

        from storydesk.engine.dask_engine import DaskEngine
    except ImportError as error:
        raise EngineUnavailable(
            f"--scheduler needs dask.distributed ({error}); install it with "
            "pip install 'dask[distributed]'"
        ) from error
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as error:  # refused, timed out, a malformed address
        raise EngineUnavailable(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s: {error}"
        ) from error
    try:
        _check_workers(client, address, timeout)
    except BaseException:
        client.close()
        raise
    return DaskEngine(client, retries=retries, lost_timeout=timeout)


def _check_workers(client: Client, address: str, timeout: float) -> None:
    """At least one worker, and the scheduler and every worker running this very
    code: stage failures and stored results are keyed by the code version, so a worker
    on another version would store what this one would compute differently; and the
    scheduler unpickles the tasks (their bundles' classes) before a worker sees them."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as error:
        raise EngineUnavailable(
            f"the Dask scheduler at {address} has no worker (none joined within "
            f"{timeout:g} s); start some with: dask worker {address}"
        ) from error
    try:
        versions = dict(client.run(code_version))
        versions["the scheduler"] = client.run_on_scheduler(code_version)
    except Exception as error:  # storydesk not importable there
        raise EngineUnavailable(
            f"the Dask cluster at {address} cannot run storydesk: "
            f"{type(error).__name__}: {error}"
        ) from error
    mine = code_version()
    other = {where: version for where, version in versions.items() if version != mine}
    if other:
        listed = ", ".join(f"{w} runs {v}" for w, v in sorted(other.items()))
        raise EngineUnavailable(
            f"the Dask cluster at {address} runs other storydesk code than this process "
            f"({mine}): {listed}; install the same storydesk on the scheduler and on every "
            "worker, and restart them after changing it"
        )
