"""The local engine: what the pooled stages rely on, with trivial tasks."""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from storydesk.engine import LocalEngine
from storydesk.engine.base import TASKS_AHEAD

_PARENT = os.getpid()


def _square(n: int) -> int:
    time.sleep(0.01 * (n % 3))  # finish out of order
    return n * n


def _pid(_: int) -> int:
    return os.getpid()


def _odd_fails(n: int) -> int:
    if n % 2:
        raise ValueError(f"odd {n}")
    return n


def _dies_on_three(n: int) -> int:
    if n == 3 and os.getpid() != _PARENT:
        os._exit(3)  # a worker killed mid-task
    time.sleep(0.05)
    return n


def test_map_is_in_task_order_on_workers_and_here() -> None:
    engine = LocalEngine(2)
    try:
        tasks = range(5 * 2 * TASKS_AHEAD)  # more than one window
        assert list(engine.map(_square, tasks)) == [n * n for n in tasks]
        assert _PARENT not in set(engine.map(_pid, range(4)))
    finally:
        engine.close()
    one = LocalEngine(1)
    assert set(one.map(_pid, range(4))) == {_PARENT}


def test_a_small_map_runs_here_until_the_workers_are_up() -> None:
    engine = LocalEngine(2)
    try:
        assert not engine.parallel(small=True) and engine.parallel(small=False)
        assert set(engine.map(_pid, range(3), small=True)) == {_PARENT}
        list(engine.map(_pid, range(3)))  # starts the pool
        assert _PARENT not in set(engine.map(_pid, range(3), small=True))
        engine.release()  # the stage is over: a small map runs here again
        assert set(engine.map(_pid, range(3), small=True)) == {_PARENT}
    finally:
        engine.close()


def test_as_completed_hands_back_every_index_with_its_result_or_error() -> None:
    for processes in (1, 2):
        engine = LocalEngine(processes)
        try:
            done = dict(engine.as_completed(_odd_fails, range(20)))
            with pytest.raises(ValueError, match="odd 1"):  # map raises a task's error
                list(engine.map(_odd_fails, range(4)))
        finally:
            engine.close()
        assert sorted(done) == list(range(20))
        assert all(done[n] == n for n in range(0, 20, 2))
        assert all(isinstance(done[n], ValueError) for n in range(1, 20, 2))


def test_a_dead_worker_costs_only_the_tasks_in_flight() -> None:
    engine = LocalEngine(2)
    try:
        done = dict(engine.as_completed(_dies_on_three, range(12)))
        assert sorted(done) == list(range(12))
        lost = [n for n, outcome in done.items() if isinstance(outcome, BrokenProcessPool)]
        assert 3 in lost and len(lost) <= 2 * TASKS_AHEAD
        # The tasks after the break ran on a fresh pool.
        assert all(done[n] == n for n in range(12) if n not in lost)
        assert list(engine.map(_square, range(4))) == [0, 1, 4, 9]
    finally:
        engine.close()
