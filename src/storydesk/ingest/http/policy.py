"""What a fetch may do (`FetchPolicy`) and what it tells its caller (`FetchResult`).

Every limit is here, with the reason it has the value it has, so a caller (the feed
follower, the CLI, a benchmark) changes behaviour by building a different policy and
never by reaching into the fetcher.
"""

from __future__ import annotations

from dataclasses import dataclass

from storydesk import __version__

MB = 1024 * 1024

DEFAULT_USER_AGENT = f"storydesk/{__version__} (+https://github.com/storydesk)"


@dataclass(frozen=True)
class FetchPolicy:
    # Sites identify (and may rate-limit or contact) crawlers by this string; robots.txt
    # rules are matched on its first product token ("storydesk").
    user_agent: str = DEFAULT_USER_AGENT
    # One request a second per host is the usual courtesy for crawlers of news sites;
    # feeds and a few article pages per poll fit easily within it.
    per_host_rate: float = 1.0  # requests are spaced 10% wider (limiter.ARRIVAL_MARGIN)
    # Two connections per host: one slow page does not stall the next, and no site sees
    # a burst from us.
    per_host_concurrency: int = 2
    # Across all hosts: bounds open sockets and memory (each in-flight body may hold up
    # to max_decompressed_bytes).
    total_concurrency: int = 16
    # A host that does not accept a connection in 10 s is down or filtering us.
    connect_timeout: float = 10.0
    # Between two reads of the body; a feed that stalls 30 s mid-answer is not coming.
    read_timeout: float = 30.0
    # One request (one redirect hop) from connecting to the last byte of the body:
    # stops a server that trickles a byte just under the read timeout forever.
    total_timeout: float = 60.0
    # Bytes as sent (compressed or not). Feeds and article pages are well under 10 MB;
    # larger answers are refused, not cut, so a truncated page is never ingested.
    max_bytes: int = 10 * MB
    # Bytes after gzip/deflate: a few KB of gzip can expand to gigabytes (gzip bomb).
    # Matches ingest.limits' 20 MB per article page.
    max_decompressed_bytes: int = 20 * MB
    # Browsers stop at 20; real sites need 1-3 (http->https, canonical host, tracking
    # redirector). More than 5 is a misconfiguration or a trap.
    max_redirects: int = 5
    # Attempts after the first on 429, 5xx, timeouts and connection errors.
    retries: int = 2
    # Wait before retry n is about backoff_base * 2**(n-1) seconds, with jitter so that
    # many sources failing together do not retry in lockstep.
    backoff_base: float = 1.0
    # No wait (computed or asked by Retry-After) above this: a longer one is reported to
    # the caller (FetchResult.retry_after) to schedule the next poll instead.
    backoff_max: float = 60.0
    # SSRF: URLs in feeds are untrusted; a feed must not make us fetch from the user's
    # own network. Tests and intranet users turn this on explicitly.
    allow_private: bool = False
    # robots.txt of every host is honoured unless the user says otherwise.
    respect_robots: bool = True
    # A day is what major crawlers use; a site that changes robots.txt is obeyed by the
    # next day without fetching it before every page.
    robots_ttl: float = 24 * 3600.0

    def __post_init__(self) -> None:
        # Programming errors (a bad policy), not network trouble: raise at once.
        if self.per_host_rate <= 0:
            raise ValueError("per_host_rate must be positive")
        if self.per_host_concurrency < 1 or self.total_concurrency < 1:
            raise ValueError("concurrency limits must be at least 1")
        if min(self.connect_timeout, self.read_timeout, self.total_timeout) <= 0:
            raise ValueError("timeouts must be positive")
        if self.max_bytes < 1 or self.max_decompressed_bytes < 1:
            raise ValueError("byte limits must be positive")
        if self.max_redirects < 0 or self.retries < 0:
            raise ValueError("max_redirects and retries must not be negative")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError("backoff times must not be negative")
        if not (self.user_agent.isascii() and self.user_agent.isprintable() and self.user_agent):
            raise ValueError("user_agent must be printable ASCII (it is sent as a header)")


@dataclass(frozen=True)
class Validators:
    """What makes the next GET conditional (If-None-Match / If-Modified-Since)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects (the URL the body belongs to)
    status: int | None  # None: no answer (refused, timed out, too big...)
    not_modified: bool  # a 304 to our conditional GET
    body: bytes | None  # decoded (no content-encoding); None unless a 2xx was read whole
    content_type: str | None  # the Content-Type header as sent; callers judge it
    validators: Validators  # from this answer; the ones sent are kept on a 304
    error: str | None  # one line for a user; None when the fetch succeeded
    retry_after: float | None  # seconds the server asked us to wait (429/503), if any
    attempts: int  # requests made for the URL itself (redirect hops not counted)
    elapsed: float  # seconds, from the call to the result

    @property
    def ok(self) -> bool:
        """A fresh body or a confirmed unchanged one."""
        return self.error is None and (self.not_modified or self.body is not None)
