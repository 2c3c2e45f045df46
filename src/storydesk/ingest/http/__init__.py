"""Fetching over HTTP politely (rate, concurrency, robots.txt, conditional GET) and
defensively (SSRF, size, decompression, redirect and time limits).

Ingest layer: knows nothing of the store; callers keep validators and schedules.
"""

from storydesk.ingest.http.fetcher import Fetcher, fetch_all
from storydesk.ingest.http.guard import Resolver
from storydesk.ingest.http.policy import DEFAULT_USER_AGENT, FetchPolicy, FetchResult, Validators

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "Resolver",
    "Validators",
    "fetch_all",
]
