"""robots.txt per site, fetched once per TTL and shared by concurrent fetches.

Answers follow RFC 9309: a 4xx robots.txt (none published) allows everything; a 5xx or
no answer at all means "assume everything is disallowed" until it can be read, which
we re-try after a short while rather than a full TTL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from storydesk.ingest.http.limiter import Clock
from storydesk.ingest.http.robots_rules import RobotsRules

# RFC 9309 asks crawlers to parse at least 500 KiB; anything beyond is ignored.
MAX_ROBOTS_BYTES = 500 * 1024
# An unreachable robots.txt blocks the site; look again after 10 minutes, not a day.
UNREACHABLE_TTL = 600.0


@dataclass(frozen=True)
class RobotsAnswer:
    status: int | None
    body: bytes | None
    error: str | None


# Fetches a robots.txt URL with the fetcher's limits (but no robots check of its own).
RobotsGetter = Callable[[str], Awaitable[RobotsAnswer]]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    why: str | None = None  # one line for the user when not allowed
    crawl_delay: float | None = None  # seconds between requests the site asks for


@dataclass
class _Entry:
    expires: float
    rules: RobotsRules | None  # None: everything disallowed (unreachable)
    allow_all: bool
    problem: str = ""  # why robots.txt could not be read


def robots_url(url: httpx.URL) -> str:
    return str(url.copy_with(path="/robots.txt", query=None, fragment=None))


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched on ("storydesk" in "storydesk/0.1 (...)")."""
    return user_agent.split("/", 1)[0].split(" ", 1)[0] or user_agent


class RobotsCache:
    def __init__(self, getter: RobotsGetter, user_agent: str, ttl: float, clock: Clock) -> None:
        self._getter = getter
        self._agent = agent_token(user_agent)
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0  # robots.txt requests made (for tests and reports)

    async def allowed(self, url: httpx.URL) -> Verdict:
        """Whether url may be fetched, why not (one line), and the site's Crawl-delay."""
        key = robots_url(url)
        # One lock per site: concurrent fetches to a new site wait for one robots.txt
        # request instead of each making their own.
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            entry = self._entries.get(key)
            if entry is None or entry.expires <= self._clock():
                entry = await self._load(key)
                self._entries[key] = entry
        if entry.allow_all:
            return Verdict(True)
        if entry.rules is None:
            why = f"robots.txt could not be read ({entry.problem}); not fetching until it can"
            return Verdict(False, why)
        delay = entry.rules.crawl_delay
        if entry.rules.allowed(str(url)):
            return Verdict(True, crawl_delay=delay)
        return Verdict(False, "disallowed by robots.txt", delay)

    async def _load(self, key: str) -> _Entry:
        self.fetches += 1
        answer = await self._getter(key)
        now = self._clock()
        status = answer.status
        if status is not None and 200 <= status < 300 and answer.body is not None:
            text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            return _Entry(now + self._ttl, RobotsRules(text, self._agent), allow_all=False)
        if status is not None and 400 <= status < 500 and status != 429:
            return _Entry(now + self._ttl, None, allow_all=True)
        problem = answer.error or f"HTTP {status}"
        return _Entry(now + min(self._ttl, UNREACHABLE_TTL), None, allow_all=False, problem=problem)
