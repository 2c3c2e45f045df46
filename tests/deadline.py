"""A deadline for tests of hostile input: a hang fails the test instead of the suite."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class DeadlinePassed(BaseException):
    """Not an Exception, so neither a reader's catch-all nor hypothesis swallows it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging) when the block runs longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise DeadlinePassed(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
