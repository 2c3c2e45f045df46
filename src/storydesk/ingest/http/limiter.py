"""Per-host politeness: a minimum interval between requests and a concurrency cap.

Every request to a host (robots.txt, each redirect hop, each retry) takes a slot
here, so the limits hold across any number of concurrent `Fetcher.fetch` calls. A
host is its name as written in the URL (lowercased), not its address: politeness is
owed to the site, and many sites share one CDN address.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

# Requests leave spaced by the interval, but reach the host after connection set-up
# and scheduling delays that differ from one request to the next (tens of ms on a
# busy machine), so a host counting arrivals saw 11 in one second at a rate of 10/s.
# Spacing them 10% wider keeps what the host counts within the stated rate.
ARRIVAL_MARGIN = 1.1

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class HostLimiter:
    def __init__(
        self,
        per_host_rate: float,
        per_host_concurrency: int,
        total_concurrency: int,
        clock: Clock,
        sleep: Sleep,
    ) -> None:
        self._interval = ARRIVAL_MARGIN / per_host_rate
        self._per_host_concurrency = per_host_concurrency
        self._total = asyncio.Semaphore(total_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._slower: dict[str, float] = {}  # per-host intervals longer than the policy's
        self._clock = clock
        self._sleep = sleep

    def slow_down(self, host: str, interval: float) -> None:
        """Space host's requests at least `interval` apart (a robots.txt Crawl-delay)."""
        host = host.lower()
        if interval > self._interval:
            self._slower[host] = interval
        else:
            self._slower.pop(host, None)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of host's connections; the request starts no earlier than its turn."""
        host = host.lower()
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host_concurrency))
        async with semaphore:
            while True:
                # Wait for host's turn without holding a global slot (other hosts go
                # on meanwhile), then check the turn again once the global slot is
                # held: the check and the booking of the next turn have no await
                # between them, so no two requests to a host start closer than the
                # interval, whatever the interleaving.
                wait = self._next_start.get(host, 0.0) - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                    continue
                async with self._total:
                    now = self._clock()
                    if self._next_start.get(host, 0.0) > now:
                        continue
                    self._next_start[host] = now + self._slower.get(host, self._interval)
                    yield
                    return
