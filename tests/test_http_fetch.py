"""The HTTP fetcher against a scripted server on 127.0.0.1 (and httpx's MockTransport
where an address must look public): conditional GET, retries, Retry-After, timeouts,
redirect limits, size and decompression limits, robots.txt, SSRF refusals and
per-host politeness."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import itertools
import shutil
import ssl
import subprocess
import time
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from http_server import Handler, Hit, most_in_window, scripted_server

from storydesk.ingest.http import Fetcher, FetchPolicy, FetchResult, Validators, fetch_all
from storydesk.ingest.http.guard import is_public
from storydesk.ingest.http.limiter import HostLimiter
from storydesk.ingest.http.robots_rules import RobotsRules

MB = 1024 * 1024
T = TypeVar("T")

# Local tests: private addresses allowed, fast rates, short timeouts.
LOCAL = FetchPolicy(
    allow_private=True,
    per_host_rate=1e6,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    retries=2,
    backoff_base=0.5,
    backoff_max=10.0,
)


class FakeTime:
    """A clock that only moves when the fetcher sleeps: backoffs cost no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def waits(self) -> list[float]:
        """Sleeps longer than a per-host turn at LOCAL's rate: backoffs and Retry-After."""
        return [seconds for seconds in self.sleeps if seconds > 1e-3]


def run(
    policy: FetchPolicy,
    work: Callable[[Fetcher], Awaitable[T]],
    *,
    fake: FakeTime | None = None,
    **kwargs: object,
) -> T:
    async def main() -> T:
        extra: dict[str, object] = dict(kwargs)
        if fake is not None:
            extra.update(clock=fake.clock, sleep=fake.sleep)
        async with Fetcher(policy, **extra) as fetcher:  # type: ignore[arg-type]
            return await work(fetcher)

    return asyncio.run(main())


def fetch_one(
    policy: FetchPolicy,
    url: str,
    validators: Validators | None = None,
    *,
    fake: FakeTime | None = None,
    **kwargs: object,
) -> FetchResult:
    return run(policy, lambda fetcher: fetcher.fetch(url, validators), fake=fake, **kwargs)


def no_robots(handler: Handler) -> None:
    handler.answer(404, b"")


# --- conditional GET -----------------------------------------------------------------


def conditional_feed(handler: Handler) -> None:
    etag, modified = '"v7"', "Wed, 02 Dec 2026 10:00:00 GMT"
    if handler.headers.get("If-None-Match") == etag or (
        handler.headers.get("If-None-Match") is None
        and handler.headers.get("If-Modified-Since") == modified
    ):
        handler.answer(304, headers={"ETag": etag})
        return
    handler.answer(
        200,
        b"<rss/>",
        {"ETag": etag, "Last-Modified": modified},
        content_type="application/rss+xml",
    )


def test_conditional_get_answers_304_and_keeps_validators() -> None:
    with scripted_server({"/feed": conditional_feed, "/robots.txt": no_robots}) as server:
        first = fetch_one(LOCAL, server.url("/feed"))
        assert first.ok and first.status == 200 and first.body == b"<rss/>"
        assert first.validators == Validators('"v7"', "Wed, 02 Dec 2026 10:00:00 GMT")

        again = fetch_one(LOCAL, server.url("/feed"), first.validators)
        assert again.ok and again.not_modified and again.status == 304 and again.body is None
        assert again.validators == first.validators  # Last-Modified kept though not resent

        by_date = fetch_one(
            LOCAL, server.url("/feed"), Validators(last_modified=first.validators.last_modified)
        )
        assert by_date.not_modified
        assert by_date.validators == first.validators  # the ETag the 304 carried is taken
        feed_hits = [hit for hit in server.hits if hit.path == "/feed"]
        assert feed_hits[1].headers["If-None-Match"] == '"v7"'
        assert feed_hits[2].headers["If-Modified-Since"] == "Wed, 02 Dec 2026 10:00:00 GMT"
        assert "If-None-Match" not in feed_hits[0].headers


# --- retries ---------------------------------------------------------------------------


def flaky(failures: list[int], final: bytes = b"fine") -> Callable[[Handler], None]:
    """Answers the given statuses in turn, then 200."""

    def route(handler: Handler) -> None:
        if failures:
            handler.answer(failures.pop(0), b"trouble")
        else:
            handler.answer(200, final)

    return route


def test_500_then_200_is_retried_with_backoff() -> None:
    fake = FakeTime()
    with scripted_server({"/page": flaky([500]), "/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, server.url("/page"), fake=fake, jitter=lambda: 1.0)
        assert result.ok and result.body == b"fine" and result.attempts == 2
        assert server.count("/page") == 2
    assert fake.waits() == [0.5]  # backoff_base * 2**0, full jitter factor 1.0


def test_backoff_grows_and_gives_up_after_the_retries() -> None:
    fake = FakeTime()
    with scripted_server(
        {"/page": flaky([503, 503, 503, 503]), "/robots.txt": no_robots}
    ) as server:
        result = fetch_one(LOCAL, server.url("/page"), fake=fake, jitter=lambda: 0.0)
        assert not result.ok and result.status == 503 and result.attempts == 3
        assert (
            result.error is not None
            and "503" in result.error
            and "after 3 attempts" in result.error
        )
        assert server.count("/page") == 3
    assert fake.waits() == [0.25, 0.5]  # half of 0.5 * 2**(n-1) with jitter 0


def test_404_is_not_retried() -> None:
    with scripted_server({"/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, server.url("/gone"))
        assert result.status == 404 and result.error == "HTTP 404 Not Found" and not result.ok
        assert result.attempts == 1 and server.count("/gone") == 1


def test_429_retry_after_seconds_is_waited() -> None:
    fake = FakeTime()

    def limited(handler: Handler) -> None:
        if handler.server_state.count("/feed") == 1:
            handler.answer(429, b"slow down", {"Retry-After": "7"})
        else:
            handler.answer(200, b"ok")

    with scripted_server({"/feed": limited, "/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, server.url("/feed"), fake=fake)
        assert result.ok and result.attempts == 2
    assert fake.waits() == [7.0]


def test_retry_after_http_date_is_waited() -> None:
    fake = FakeTime()
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)

    def limited(handler: Handler) -> None:
        if handler.server_state.count("/feed") == 1:
            handler.answer(503, b"busy", {"Retry-After": when})
        else:
            handler.answer(200, b"ok")

    with scripted_server({"/feed": limited, "/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, server.url("/feed"), fake=fake)
        assert result.ok
    assert len(fake.waits()) == 1 and 3.0 <= fake.waits()[0] <= 5.0


def test_retry_after_over_the_cap_is_reported_not_waited() -> None:
    fake = FakeTime()

    def limited(handler: Handler) -> None:
        handler.answer(429, b"come back tomorrow", {"Retry-After": "86400"})

    with scripted_server({"/feed": limited, "/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, server.url("/feed"), fake=fake)
        assert not result.ok and result.status == 429 and result.retry_after == 86400.0
        assert result.error is not None and "over the 10 s cap" in result.error
        assert server.count("/feed") == 1
    assert fake.waits() == []


# --- time limits -------------------------------------------------------------------


def test_slow_response_times_out() -> None:
    def slow(handler: Handler) -> None:
        time.sleep(1.5)
        handler.answer(200, b"too late")

    policy = FetchPolicy(allow_private=True, respect_robots=False, read_timeout=0.3, retries=0)
    with scripted_server({"/slow": slow}) as server:
        started = time.monotonic()
        result = fetch_one(policy, server.url("/slow"))
        assert time.monotonic() - started < 1.4
    assert result.status is None and result.body is None and not result.ok
    assert result.error == "timed out after 0.3 s waiting for the server"


def test_trickling_response_stopped_by_total_timeout() -> None:
    def trickle(handler: Handler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(100):
            handler.write(b"x")
            time.sleep(0.05)

    policy = FetchPolicy(
        allow_private=True, respect_robots=False, read_timeout=1.0, total_timeout=0.5, retries=0
    )
    with scripted_server({"/drip": trickle}) as server:
        started = time.monotonic()
        result = fetch_one(policy, server.url("/drip"))
        assert time.monotonic() - started < 2.0
    assert result.error == "timed out after 0.5 s" and result.body is None


def test_closed_port_is_an_error_not_an_exception() -> None:
    with scripted_server() as server:
        port = server.port
    fake = FakeTime()
    unpolite = FetchPolicy(allow_private=True, respect_robots=False, backoff_base=0.5)
    result = fetch_one(unpolite, f"http://127.0.0.1:{port}/feed", fake=fake)
    assert result.status is None and result.attempts == 3
    assert result.error is not None and result.error.startswith("could not connect to 127.0.0.1")
    assert result.error.endswith("(after 3 attempts)")
    # With robots.txt respected, the unreachable robots.txt is what the user is told.
    polite = fetch_one(LOCAL, f"http://127.0.0.1:{port}/feed", fake=fake)
    assert polite.error is not None
    assert polite.error.startswith("robots.txt could not be read (could not connect to 127.0.0.1")


# --- redirects ---------------------------------------------------------------------


def redirect_to(location: str, status: int = 302) -> Callable[[Handler], None]:
    return lambda handler: handler.answer(status, b"", {"Location": location})


def test_redirect_is_followed_and_final_url_reported() -> None:
    routes = {"/old": redirect_to("/new", 301), "/new": flaky([]), "/robots.txt": no_robots}
    with scripted_server(routes) as server:
        result = fetch_one(LOCAL, server.url("/old"))
    assert result.ok and result.body == b"fine"
    assert result.url == server.url("/old") and result.final_url == server.url("/new")


def test_redirect_loop_is_detected() -> None:
    routes = {"/a": redirect_to("/b"), "/b": redirect_to("/a"), "/robots.txt": no_robots}
    with scripted_server(routes) as server:
        result = fetch_one(LOCAL, server.url("/a"))
        assert result.error == f"redirect loop at {server.url('/a')}"
        assert server.count("/a") == 1 and server.count("/b") == 1
    assert result.status is None and not result.ok


def test_too_many_redirects() -> None:
    routes = {f"/r{n}": redirect_to(f"/r{n + 1}") for n in range(10)}
    routes["/robots.txt"] = no_robots
    policy = FetchPolicy(allow_private=True, per_host_rate=1000.0, max_redirects=3)
    with scripted_server(routes) as server:
        result = fetch_one(policy, server.url("/r0"))
        assert result.error == "more than 3 redirects"
        assert server.paths().count("/r3") == 1 and "/r4" not in server.paths()


# --- size limits -------------------------------------------------------------------


def huge_page(declare_length: bool) -> Callable[[Handler], None]:
    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if declare_length:
            handler.send_header("Content-Length", str(50 * MB))
        handler.end_headers()
        block = b"<p>" + b"a" * (64 * 1024 - 3)
        for _ in range(50 * 16):
            handler.write(block)

    return route


@pytest.mark.parametrize("declare_length", [False, True])
def test_50_mb_page_is_refused_without_reading_it(declare_length: bool) -> None:
    policy = FetchPolicy(allow_private=True, respect_robots=False, max_bytes=1 * MB)
    with scripted_server({"/big": huge_page(declare_length)}) as server:
        result = fetch_one(policy, server.url("/big"))
        time.sleep(0.2)  # let the server notice the closed connection
        sent = server.hits[0].bytes_sent
    assert result.error == "response over 1 MB" and result.body is None and result.status is None
    assert sent < 25 * MB  # the client stopped reading long before the end


def gzip_bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(64)]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_gzip_bomb_is_refused_at_the_decompressed_cap() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 100 * 1024  # small as sent, 64 MB decoded

    def route(handler: Handler) -> None:
        handler.answer(200, bomb, {"Content-Encoding": "gzip"}, content_type="text/html")

    policy = FetchPolicy(
        allow_private=True, respect_robots=False, max_bytes=1 * MB, max_decompressed_bytes=2 * MB
    )
    with scripted_server({"/bomb": route}) as server:
        result = fetch_one(policy, server.url("/bomb"))
    assert result.error == "response over 2 MB once decompressed" and result.body is None


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_pages_are_decoded(encoding: str) -> None:
    text = b"<html><p>Council approves the harbour budget.</p></html>" * 50
    if encoding == "gzip":
        sent = gzip.compress(text)
    elif encoding == "deflate":
        sent = zlib.compress(text)
    else:
        squeezer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        sent = squeezer.compress(text) + squeezer.flush()

    def route(handler: Handler) -> None:
        name = "gzip" if encoding == "gzip" else "deflate"
        handler.answer(200, sent, {"Content-Encoding": name}, content_type="text/html")

    policy = FetchPolicy(allow_private=True, respect_robots=False)
    with scripted_server({"/page": route}) as server:
        result = fetch_one(policy, server.url("/page"))
        assert server.hits[0].headers["Accept-Encoding"] == "gzip, deflate"
    assert result.ok and result.body == text


def test_unknown_encoding_and_cut_gzip_are_errors() -> None:
    whole = gzip.compress(b"<rss>" + b"item " * 2000 + b"</rss>")
    routes = {
        "/br": lambda h: h.answer(200, b"\x0b\x02\x80", {"Content-Encoding": "br"}),
        "/cut": lambda h: h.answer(200, whole[: len(whole) // 2], {"Content-Encoding": "gzip"}),
    }
    policy = FetchPolicy(allow_private=True, respect_robots=False)
    with scripted_server(routes) as server:
        unknown = fetch_one(policy, server.url("/br"))
        cut = fetch_one(policy, server.url("/cut"))
    assert unknown.error == "unsupported content encoding 'br'"
    assert cut.error == "gzip response was cut short"


# --- content types -----------------------------------------------------------------


def test_wrong_or_missing_content_type_is_returned_as_sent() -> None:
    routes = {
        "/feed": lambda h: h.answer(200, b"<rss/>", content_type="image/png"),
        "/bare": lambda h: h.answer(200, b"<rss/>", content_type=None),
        "/junk": lambda h: h.answer(200, b"<rss/>", content_type="\u00e9/;;;charset"),
    }
    policy = FetchPolicy(allow_private=True, respect_robots=False, per_host_rate=1e6)
    with scripted_server(routes) as server:
        results = fetch_all(policy, [(server.url(p), None) for p in ("/feed", "/bare", "/junk")])
    assert [r.content_type for r in results] == ["image/png", None, "\u00e9/;;;charset"]
    assert all(r.ok and r.body == b"<rss/>" for r in results)


# --- robots.txt --------------------------------------------------------------------

ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: storydesk\nDisallow: /drafts/\n"


def test_robots_disallow_is_honoured_and_fetched_once_per_ttl() -> None:
    fake = FakeTime()
    routes = {
        "/robots.txt": lambda h: h.answer(200, ROBOTS),
        "/news/1": flaky([]),
        "/drafts/2": flaky([]),
        "/private/3": flaky([]),
    }

    async def work(fetcher: Fetcher) -> list[FetchResult]:
        urls = [server.url(p) for p in ("/news/1", "/drafts/2", "/news/1", "/drafts/2")]
        first = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
        fake.now += LOCAL.robots_ttl + 1
        later = await fetcher.fetch(server.url("/news/1"))
        return [*first, later]

    with scripted_server(routes) as server:
        results = run(LOCAL, work, fake=fake)
        assert server.count("/robots.txt") == 2  # once, and once more after the TTL
        assert "/drafts/2" not in server.paths()
        robots_hit = next(hit for hit in server.hits if hit.path == "/robots.txt")
        assert robots_hit.headers["User-Agent"] == LOCAL.user_agent
    assert [r.ok for r in results] == [True, False, True, False, True]
    assert results[1].error == "disallowed by robots.txt"


def test_robots_generic_group_applies_to_us() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    routes = {"/robots.txt": lambda h: h.answer(200, robots), "/private/3": flaky([])}
    with scripted_server(routes) as server:
        result = fetch_one(LOCAL, server.url("/private/3"))
        assert result.error == "disallowed by robots.txt" and server.count("/private/3") == 0


def test_unreadable_robots_blocks_and_missing_robots_allows() -> None:
    with scripted_server(
        {"/robots.txt": lambda h: h.answer(500, b"oops"), "/a": flaky([])}
    ) as server:
        blocked = fetch_one(LOCAL, server.url("/a"))
        assert server.count("/a") == 0
    assert blocked.error == (
        "robots.txt could not be read (HTTP 500 Internal Server Error); not fetching until it can"
    )
    with scripted_server({"/a": flaky([])}) as server:  # robots.txt answers 404
        assert fetch_one(LOCAL, server.url("/a")).ok


def test_robots_can_be_ignored_by_policy() -> None:
    policy = FetchPolicy(allow_private=True, respect_robots=False)
    routes = {"/robots.txt": lambda h: h.answer(200, ROBOTS), "/drafts/2": flaky([])}
    with scripted_server(routes) as server:
        assert fetch_one(policy, server.url("/drafts/2")).ok
        assert server.count("/robots.txt") == 0


# --- SSRF --------------------------------------------------------------------------


def fixed_resolver(table: dict[str, list[str]]) -> Callable[[str, int], Awaitable[list[str]]]:
    async def resolve(host: str, port: int) -> list[str]:
        return table[host]

    return resolve


STRICT = FetchPolicy(per_host_rate=1000.0)


@pytest.mark.parametrize(
    "url,address",
    [
        ("http://127.0.0.1:{port}/a", "127.0.0.1"),
        ("http://localhost:{port}/a", "127.0.0.1"),
        ("http://[::1]:{port}/a", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[::ffff:10.0.0.5]/", "::ffff:a00:5"),
        ("http://0.0.0.0:{port}/", "0.0.0.0"),
    ],
)
def test_private_addresses_are_refused(url: str, address: str) -> None:
    with scripted_server({"/a": flaky([])}) as server:
        result = fetch_one(STRICT, url.format(port=server.port))
        assert server.hits == []
    assert result.error == f"refused: private address {address} (allow with --allow-private)"
    assert result.status is None and result.attempts == 1


def test_name_resolving_to_a_private_address_is_refused() -> None:
    resolver = fixed_resolver(
        {"news.example": ["127.0.0.1"], "mixed.example": ["93.184.216.34", "10.1.2.3"]}
    )
    with scripted_server({"/a": flaky([])}) as server:
        named = fetch_one(STRICT, f"http://news.example:{server.port}/a", resolver=resolver)
        mixed = fetch_one(STRICT, "http://mixed.example/a", resolver=resolver)
        assert server.hits == []
    assert named.error == "refused: private address 127.0.0.1 (allow with --allow-private)"
    assert mixed.error == "refused: private address 10.1.2.3 (allow with --allow-private)"


def test_redirect_from_a_public_host_to_a_private_one_is_refused() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})

    resolver = fixed_resolver(
        {"public.example": ["93.184.216.34"], "intranet.example": ["10.0.0.5"]}
    )
    result = fetch_one(
        STRICT,
        "http://public.example/feed",
        resolver=resolver,
        transport=httpx.MockTransport(handler),
    )
    assert result.error == "refused: private address 10.0.0.5 (allow with --allow-private)"
    assert result.final_url == "http://intranet.example/admin"
    # Connections go to the checked address, named in the Host header (no re-resolving).
    assert [(r.url.host, r.headers["Host"], r.url.path) for r in seen] == [
        ("93.184.216.34", "public.example", "/robots.txt"),
        ("93.184.216.34", "public.example", "/feed"),
    ]


def test_private_address_allowed_by_policy() -> None:
    resolver = fixed_resolver({"news.example": ["127.0.0.1"]})
    with scripted_server({"/a": flaky([]), "/robots.txt": no_robots}) as server:
        result = fetch_one(LOCAL, f"http://news.example:{server.port}/a", resolver=resolver)
        assert server.hits[-1].host == "news.example"
    assert result.ok and result.final_url == f"http://news.example:{server.port}/a"


@pytest.mark.parametrize(
    "url,error",
    [
        ("ftp://example.org/feed", "refused: only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "refused: only http and https URLs are fetched, not file"),
        ("/relative/path", "refused: only http and https URLs are fetched, not (none)"),
        ("http://user:secret@example.org/", "refused: URL carries a user name or password"),
        ("http://trusted.example@127.0.0.1/", "refused: URL carries a user name or password"),
        ("http:///nohost", "refused: URL has no host"),
    ],
)
def test_bad_urls_are_refused_without_a_request(url: str, error: str) -> None:
    def explode(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    result = fetch_one(STRICT, url, transport=httpx.MockTransport(explode))
    assert result.error == error and result.status is None and not result.ok


# --- politeness --------------------------------------------------------------------


HOSTS = ("a.example", "b.example")


def crawl_two_hosts(policy: FetchPolicy, delay: float, pages: int) -> dict[str, list[Hit]]:
    """Fetch `pages` pages from each of two hosts at once, all of a.example's first in
    the list (so only the per-host cap stops them from taking every global slot); the
    server's hits per host."""

    def page(handler: Handler) -> None:
        time.sleep(delay)
        handler.answer(200, b"ok")

    resolver = fixed_resolver({host: ["127.0.0.1"] for host in HOSTS})
    routes = {f"/p{n}": page for n in range(pages)}
    routes["/robots.txt"] = no_robots
    with scripted_server(routes) as server:
        requests = [
            (f"http://{host}:{server.port}/p{n}", None) for host in HOSTS for n in range(pages)
        ]
        results = fetch_all(policy, requests, resolver=resolver)
        hits = list(server.hits)
    assert all(r.ok for r in results)
    assert [r.url for r in results] == [url for url, _ in requests]  # order kept
    by_host = {
        host: sorted((h for h in hits if h.host == host), key=lambda h: h.start) for host in HOSTS
    }
    expected = pages + (1 if policy.respect_robots else 0)  # robots.txt, then pages
    assert all(len(mine) == expected for mine in by_host.values())
    return by_host


def most_in_flight(hits: list[Hit]) -> int:
    return max(sum(1 for o in hits if o.start <= h.start < o.end) for h in hits)


def test_per_host_rate_holds_across_concurrent_fetches() -> None:
    # Fast pages and room for 4 at once per host: only the rate limit spaces them
    # (without it, the server would see ~4 arrivals every 10 ms).
    rate = 20.0
    policy = FetchPolicy(allow_private=True, per_host_rate=rate, per_host_concurrency=4)
    for mine in crawl_two_hosts(policy, delay=0.01, pages=12).values():
        # Judged as a server would: arrivals per window of four intervals (exact
        # spacing is checked with a fake clock in the limiter test below).
        assert most_in_window([h.start for h in mine], 4 / rate) <= 4 + 1
        span = mine[-1].start - mine[0].start
        assert span >= 12 / rate - 0.05


def test_per_host_and_total_concurrency_hold() -> None:
    # Slow pages and no real rate limit: only the concurrency caps hold requests back.
    policy = FetchPolicy(
        allow_private=True,
        respect_robots=False,  # no robots.txt lock to reorder the requests
        per_host_rate=1e6,
        per_host_concurrency=2,
        total_concurrency=3,
    )
    by_host = crawl_two_hosts(policy, delay=0.15, pages=6)
    for mine in by_host.values():
        assert most_in_flight(mine) == 2
    assert most_in_flight([h for mine in by_host.values() for h in mine]) == 3


def test_limiter_spaces_starts_exactly_under_contention() -> None:
    fake = FakeTime()
    starts: dict[str, list[float]] = {"a": [], "b": []}

    async def main() -> None:
        limiter = HostLimiter(4.0, 3, 10, fake.clock, fake.sleep)

        async def one(host: str) -> None:
            async with limiter.slot(host):
                starts[host].append(fake.now)
                await fake.sleep(0.1)

        await asyncio.gather(*(one(host) for host in "abab" * 5))

    asyncio.run(main())
    for times in starts.values():
        assert len(times) == 10
        assert all(b - a >= 0.25 - 1e-9 for a, b in itertools.pairwise(times))


def test_user_agent_is_configurable() -> None:
    policy = FetchPolicy(
        allow_private=True, respect_robots=False, user_agent="deskbot/2 (+mailto:desk@example.org)"
    )
    with scripted_server({"/a": flaky([])}) as server:
        fetch_one(policy, server.url("/a"))
        assert server.hits[0].headers["User-Agent"] == "deskbot/2 (+mailto:desk@example.org)"
    assert FetchPolicy().user_agent.startswith("storydesk/")


def test_bad_policy_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        FetchPolicy(per_host_rate=0)
    with pytest.raises(ValueError):
        FetchPolicy(max_redirects=-1)


@pytest.mark.parametrize(
    "address",
    [
        "2002:a00:5::1",  # 6to4 around 10.0.0.5
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
        "fd00::1",  # unique local
        "fe80::1",  # link-local
        "ff02::1",  # multicast
        "100.64.0.1",  # carrier-grade NAT
        "192.0.2.1",  # documentation
        "240.0.0.1",  # reserved
        "224.0.0.1",  # multicast
    ],
)
def test_addresses_hiding_a_private_one_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_a_resolver_that_hangs_is_given_up() -> None:
    async def hang(host: str, port: int) -> list[str]:
        await asyncio.sleep(30)
        return ["93.184.216.34"]

    policy = FetchPolicy(connect_timeout=0.2)
    started = time.monotonic()
    result = fetch_one(policy, "http://slow-dns.example/feed", resolver=hang)
    assert time.monotonic() - started < 5
    assert result.error == "could not resolve slow-dns.example (no answer in 0.2 s)"


def test_unresolvable_name_is_an_error() -> None:
    result = fetch_one(STRICT, "http://no-such-host.invalid/feed")
    assert result.error is not None and result.error.startswith(
        "could not resolve no-such-host.invalid"
    )


def test_cookies_are_never_kept_or_sent() -> None:
    def sets_cookie(handler: Handler) -> None:
        handler.answer(200, b"ok", {"Set-Cookie": "session=abc; Path=/"})

    policy = FetchPolicy(allow_private=True, respect_robots=False, per_host_rate=1e6)

    async def twice(fetcher: Fetcher) -> None:
        await fetcher.fetch(server.url("/a"))
        await fetcher.fetch(server.url("/a"))

    with scripted_server({"/a": sets_cookie}) as server:
        run(policy, twice)
        assert [("Cookie" in hit.headers) for hit in server.hits] == [False, False]


def test_validators_that_cannot_be_sent_are_dropped() -> None:
    policy = FetchPolicy(allow_private=True, respect_robots=False)
    with scripted_server({"/a": flaky([])}) as server:
        result = fetch_one(
            policy, server.url("/a"), Validators(etag='"caf\u00e9"', last_modified="x\ny")
        )
        assert result.ok
        assert "If-None-Match" not in server.hits[0].headers
        assert "If-Modified-Since" not in server.hits[0].headers


# --- TLS to a pinned address -------------------------------------------------------


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_https_to_the_checked_address_verifies_the_name(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    resolver = fixed_resolver({"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    policy = FetchPolicy(allow_private=True, respect_robots=False, per_host_rate=1e6)
    with scripted_server({"/a": flaky([])}, tls=server_context) as server:
        good = fetch_one(
            policy, f"https://news.test:{server.port}/a", resolver=resolver,
            transport=httpx.AsyncHTTPTransport(verify=client_context),
        )  # fmt: skip
        wrong = fetch_one(
            policy, f"https://other.test:{server.port}/a", resolver=resolver,
            transport=httpx.AsyncHTTPTransport(verify=client_context),
        )  # fmt: skip
        assert [hit.host for hit in server.hits] == ["news.test"]
    assert good.ok and good.body == b"fine"
    assert wrong.attempts == 1  # a wrong certificate is not retried
    assert wrong.error is not None and "could not connect to other.test" in wrong.error
    assert "certificate" in wrong.error.lower() or "hostname" in wrong.error.lower()


def test_names_are_resolved_once_a_minute_not_per_page() -> None:
    fake = FakeTime()
    lookups: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    async def work(fetcher: Fetcher) -> list[FetchResult]:
        first = [await fetcher.fetch(server.url(f"/p{n}", "news.example")) for n in range(3)]
        fake.now += 61
        return [*first, await fetcher.fetch(server.url("/p0", "news.example"))]

    routes = {f"/p{n}": flaky([]) for n in range(3)}
    with scripted_server(routes) as server:
        results = run(LOCAL, work, fake=fake, resolver=resolve)
    assert all(r.ok for r in results)
    assert lookups == ["news.example", "news.example"]


def test_the_next_address_is_tried_when_one_refuses() -> None:
    # The server listens on 127.0.0.1 only: ::1 refuses (or is unreachable).
    resolver = fixed_resolver({"dual.example": ["::1", "127.0.0.1"]})
    policy = FetchPolicy(allow_private=True, respect_robots=False)
    with scripted_server({"/a": flaky([])}) as server:
        result = fetch_one(policy, f"http://dual.example:{server.port}/a", resolver=resolver)
        assert server.count("/a") == 1
    assert result.ok and result.attempts == 1


ROBOTS_RFC = """\
# Harbour Gazette robots.txt (fictional)
User-agent: *
Disallow: /*?
Disallow: /*.pdf$
Disallow: /archive/
Allow: /archive/today/

User-agent: otherbot
User-agent: storydesk
Disallow: /wire/
Allow: /wire/public
Crawl-delay: 3
Disallow: /drafts/

User-agent: nobot
Disallow: /
"""


@pytest.mark.parametrize(
    "agent,path,allowed",
    [
        ("otherbot-2", "/page?id=3", False),  # generic group: /*? blocks queries
        ("otherbot-2", "/page", True),
        ("otherbot-2", "/files/report.pdf", False),  # $ anchors the end
        ("otherbot-2", "/files/report.pdf.html", True),
        ("otherbot-2", "/archive/2026/x", False),
        ("otherbot-2", "/archive/today/x", True),  # the longer Allow wins
        ("storydesk", "/page?id=3", True),  # our own group replaces the generic one
        ("storydesk", "/wire/secret", False),
        ("storydesk", "/wire/public/1", True),
        ("storydesk", "/drafts/a", False),  # Crawl-delay does not end the group
        ("STORYDESK", "/drafts/a", False),  # the token is matched case-insensitively
        ("otherbot", "/wire/x", False),  # two user-agent lines, one group
        ("nobot", "/anything", False),
        ("nobot", "/robots.txt", True),  # always readable
    ],
)
def test_robots_rules_follow_rfc_9309(agent: str, path: str, allowed: bool) -> None:
    rules = RobotsRules(ROBOTS_RFC, agent.lower())
    assert rules.allowed(f"https://gazette.example{path}") is allowed


def test_robots_rules_tie_goes_to_allow_and_encoding_is_compared_decoded() -> None:
    rules = RobotsRules(
        "User-agent: *\nDisallow: /caf%C3%A9/\nAllow: /page\nDisallow: /page\n", "x"
    )
    assert rules.allowed("http://a.example/page")
    assert not rules.allowed("http://a.example/caf\u00e9/menu")
    assert RobotsRules("Disallow: /\n", "x").allowed("http://a.example/")  # rule outside a group
    assert RobotsRules("User-agent: *\nDisallow:\n", "x").allowed("http://a.example/x")


def test_crawl_delay_slows_the_host_down() -> None:
    robots = b"User-agent: *\nCrawl-delay: 0.25\nDisallow: /private/\n"
    routes = {f"/p{n}": flaky([]) for n in range(4)}
    routes["/robots.txt"] = lambda h: h.answer(200, robots)
    policy = FetchPolicy(allow_private=True, per_host_rate=1e6, per_host_concurrency=4)
    with scripted_server(routes) as server:
        results = fetch_all(policy, [(server.url(f"/p{n}"), None) for n in range(4)])
        pages = sorted(hit.start for hit in server.hits if hit.path != "/robots.txt")
    assert all(r.ok for r in results)
    assert pages[-1] - pages[0] >= 3 * 0.25 - 0.05
    assert most_in_window(pages, 0.25) <= 2


def test_crawl_delay_is_read_from_the_chosen_group() -> None:
    assert RobotsRules(ROBOTS_RFC, "storydesk").crawl_delay == 3.0
    assert RobotsRules(ROBOTS_RFC, "otherbot-2").crawl_delay is None
    assert RobotsRules("User-agent: *\nCrawl-delay: soon\n", "x").crawl_delay is None


def test_status_errors_use_the_standard_phrase() -> None:
    def odd(handler: Handler) -> None:
        handler.send_response(403, "Go away " + "x" * 500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def unknown(handler: Handler) -> None:
        handler.send_response(499, "Client Closed " + "y" * 500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    policy = FetchPolicy(allow_private=True, respect_robots=False, per_host_rate=1e6)
    with scripted_server({"/odd": odd, "/unknown": unknown}) as server:
        forbidden, other = fetch_all(
            policy, [(server.url("/odd"), None), (server.url("/unknown"), None)]
        )
    assert forbidden.error == "HTTP 403 Forbidden" and forbidden.status == 403
    assert other.error == "HTTP 499 Client Closed " + "y" * 46


def test_broken_answers_are_errors_not_exceptions() -> None:
    def garbage(handler: Handler) -> None:
        handler.write(b"SPAM SPAM SPAM\r\n\r\n")

    def short(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.write(b"only ten b")

    def huge_header(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("X-Padding", "p" * 200_000)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.write(b"ok")

    policy = FetchPolicy(allow_private=True, respect_robots=False, per_host_rate=1e6, retries=0)
    routes = {"/garbage": garbage, "/short": short, "/header": huge_header}
    with scripted_server(routes) as server:
        results = fetch_all(policy, [(server.url(path), None) for path in routes])
    for result in results:
        assert result.status is None and result.body is None and not result.ok
        assert result.error is not None and result.error.startswith("network error: ")
        assert "\n" not in result.error
