"""Where the per-item stages run: this machine's processes, or a Dask cluster.

    Engine                              what the pooled stages map their tasks over
    LocalEngine(processes=None)         a fork pool on this machine (this process with 1)
    connect(address, *, timeout, retries) -> DaskEngine   an existing dask.distributed
                                        scheduler; raises EngineUnavailable
    open_engine(scheduler, processes)   the one the command line asked for
    default_processes()                 one per core, at most 8

The analysis, the embed pass and the story stage hand an engine a top-level function
and the tasks' inputs (texts, sentence lists, story bundles); a task carries what it
needs and returns what it computed, and only the calling process touches the store.
So the same stage functions run in one process, over a local pool or over a cluster:
an engine decides where a task runs, never what it computes. Dask is imported only
when a scheduler is given, so the usual path does not pay for it.
"""

from __future__ import annotations

from storydesk.engine.base import Engine, EngineUnavailable, default_processes
from storydesk.engine.local import LocalEngine
from storydesk.engine.opening import connect, open_engine

__all__ = [
    "Engine",
    "EngineUnavailable",
    "LocalEngine",
    "connect",
    "default_processes",
    "open_engine",
]
