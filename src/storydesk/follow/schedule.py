"""When a followed source is due again: its poll interval adapts to how often it changes.

A source whose last poll found something new is polled twice as often (down to
`minimum`); one that answered 304 or nothing new, half again as rarely (up to
`maximum`). So a busy wire feed settles near the minimum and a weekly column near the
maximum, and neither is asked more than it needs. A source that fails backs off
exponentially with the errors in a row (never past `maximum`, and never sooner than a
server's Retry-After), and is tried again then: a dead source costs one request per
`maximum`, and never holds up the others.
"""

from __future__ import annotations

from dataclasses import dataclass

# A new source is polled every `start` seconds at first; these say how far the
# interval may move from there (a quarter of it for a source that changes at every
# poll, sixteen times it for one that never changes).
FASTEST = 0.25
SLOWEST = 16.0
SPEED_UP = 0.5  # interval factor after a poll that found something new
SLOW_DOWN = 1.5  # after one that found nothing new


@dataclass(frozen=True, slots=True)
class Cadence:
    start: float
    minimum: float
    maximum: float

    @classmethod
    def around(cls, interval: float) -> Cadence:
        return cls(interval, interval * FASTEST, interval * SLOWEST)

    def clamp(self, interval: float) -> float:
        return min(self.maximum, max(self.minimum, interval))

    def after_change(self, interval: float) -> float:
        return self.clamp(interval * SPEED_UP)

    def after_no_change(self, interval: float) -> float:
        return self.clamp(interval * SLOW_DOWN)

    def retry_delay(self, interval: float, errors: int, retry_after: float | None) -> float:
        """Seconds until a source that has now failed `errors` times in a row is tried
        again."""
        delay = self.clamp(interval) * 2.0 ** min(max(errors - 1, 0), 30)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(self.maximum, delay)
