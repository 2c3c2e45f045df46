"""The polite, defensive HTTP fetcher: one `Fetcher` per run, many concurrent fetches.

Each fetch: check the URL, resolve and check the address (SSRF), ask robots.txt, wait
for the host's turn, send a conditional GET to the checked address, follow redirects
one hop at a time (each hop goes through the same checks), stream the body within the
byte budgets, and retry 429/5xx/timeouts with backoff. Network trouble never raises:
it comes back as a `FetchResult` with a one-line `error`.
"""

from __future__ import annotations

import asyncio
import email.utils
import http
import http.cookiejar
import random
import ssl
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from storydesk.ingest.http.body import BodyRefused, describe_size, read_body
from storydesk.ingest.http.guard import (
    CachedResolver,
    Refused,
    Resolver,
    check_url,
    resolve_checked,
    system_resolve,
)
from storydesk.ingest.http.limiter import Clock, HostLimiter, Sleep
from storydesk.ingest.http.policy import FetchPolicy, FetchResult, Validators
from storydesk.ingest.http.robots import RobotsAnswer, RobotsCache

REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Answers worth asking again: rate limited, server trouble, gateway timeouts.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
ACCEPT_ENCODING = "gzip, deflate"  # the encodings body.read_body can bound


@dataclass(frozen=True)
class _Outcome:
    """One attempt's result; `retry` marks trouble worth another attempt."""

    result: FetchResult
    retry: bool = False
    unreachable: bool = False  # no connection to this address: another may answer


class Fetcher:
    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        """clock and sleep go together: a test that fakes one fakes both."""
        self.policy = policy
        self._resolver = CachedResolver(resolver or system_resolve, clock)
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        timeout = httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.connect_timeout,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,  # every hop is checked here
            trust_env=False,  # no proxies from the environment: we connect to checked addresses
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=policy.total_concurrency,
                max_keepalive_connections=policy.total_concurrency,
            ),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            # No cookies: connections go to addresses, and a jar keyed by address would
            # hand one site's cookies to every other site on the same CDN address.
            cookies=_no_cookies(),
        )
        self._limiter = HostLimiter(
            policy.per_host_rate,
            policy.per_host_concurrency,
            policy.total_concurrency,
            clock,
            sleep,
        )
        self.robots = RobotsCache(self._get_robots, policy.user_agent, policy.robots_ttl, clock)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self, url: str, validators: Validators | None = None, *, accept: str | None = None
    ) -> FetchResult:
        """GET url (conditionally when validators are given), following redirects."""
        started = self._clock()
        sent = validators or Validators()
        headers = {"Accept": accept or "*/*"}
        # Validators come from earlier answers, i.e. from servers: one that cannot be
        # sent back as a header (non-ASCII, control characters) is dropped, which
        # costs an unconditional GET and nothing else.
        if sent.etag and _sendable(sent.etag):
            headers["If-None-Match"] = sent.etag
        if sent.last_modified and _sendable(sent.last_modified):
            headers["If-Modified-Since"] = sent.last_modified
        attempts = 0
        while True:
            attempts += 1
            outcome = await self._attempt(url, headers, sent, robots=self.policy.respect_robots)
            result = outcome.result
            if not outcome.retry:
                break
            delay = result.retry_after
            if delay is None:
                delay = self._backoff(attempts)
            if delay > self.policy.backoff_max:
                result = replace(
                    result,
                    error=f"{result.error}; asked to wait {delay:.0f} s, "
                    f"over the {self.policy.backoff_max:g} s cap",
                )
                break
            if attempts > self.policy.retries:
                if attempts > 1:
                    result = replace(result, error=f"{result.error} (after {attempts} attempts)")
                break
            await self._sleep(delay)
        return replace(result, attempts=attempts, elapsed=self._clock() - started)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with 'equal jitter': between half and all of base*2^(n-1)."""
        ceiling = min(self.policy.backoff_max, self.policy.backoff_base * 2 ** (attempt - 1))
        return ceiling * (0.5 + self._jitter() / 2)

    async def _get_robots(self, url: str) -> RobotsAnswer:
        outcome = await self._attempt(url, {"Accept": "text/plain"}, Validators(), robots=False)
        result = outcome.result
        return RobotsAnswer(result.status, result.body, result.error)

    async def _attempt(
        self, url: str, headers: dict[str, str], sent: Validators, *, robots: bool
    ) -> _Outcome:
        visited: set[str] = set()
        current = url
        while True:
            hop = await self._hop(url, current, headers, sent, robots=robots)
            if isinstance(hop, _Outcome):
                return hop
            visited.add(current)
            if hop in visited:
                return self._failed(url, hop, f"redirect loop at {hop}")
            if len(visited) > self.policy.max_redirects:
                return self._failed(url, hop, f"more than {self.policy.max_redirects} redirects")
            current = hop

    async def _hop(
        self, url: str, current: str, headers: dict[str, str], sent: Validators, *, robots: bool
    ) -> _Outcome | str:
        """One request: an outcome, or the URL a redirect points to."""
        try:
            parsed = check_url(current)
            host = parsed.raw_host.decode("ascii")
            port = parsed.port or (443 if parsed.scheme == "https" else 80)
            addresses = await resolve_checked(
                host, port, self._resolver, self.policy.allow_private, self.policy.connect_timeout
            )
            if robots:
                verdict = await self.robots.allowed(parsed)
                # Crawl-delay, capped like Retry-After: a site asking for an hour
                # between requests would never be read; backoff_max is as slow as we
                # go. A robots.txt without one restores the policy's rate.
                delay = min(verdict.crawl_delay or 0.0, self.policy.backoff_max)
                self._limiter.slow_down(host, delay)
                if not verdict.allowed:
                    raise Refused(verdict.why or "disallowed by robots.txt")
        except Refused as refused:
            return self._failed(url, current, str(refused))
        async with self._limiter.slot(host):
            # A name with several addresses (IPv6 and IPv4 for "localhost", several
            # A records) is tried address by address when a connection is refused,
            # as browsers do; every address was checked above.
            for index, address in enumerate(addresses):
                outcome = await self._request(url, current, parsed, address, headers, sent)
                last = index == len(addresses) - 1
                if not (isinstance(outcome, _Outcome) and outcome.unreachable) or last:
                    return outcome
        raise AssertionError("resolve_checked returns at least one address")

    async def _request(
        self,
        url: str,
        current: str,
        parsed: httpx.URL,
        address: str,
        headers: dict[str, str],
        sent: Validators,
    ) -> _Outcome | str:
        host = parsed.raw_host.decode("ascii")
        request = self._client.build_request(
            "GET",
            parsed.copy_with(host=address),
            headers={**headers, "Host": parsed.netloc.decode("ascii")},
            # TLS is checked against the name, though we connect to the address.
            extensions={"sni_hostname": host} if parsed.scheme == "https" else {},
        )
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                return await self._exchange(url, current, request, sent)
        except TimeoutError:
            return self._failed(
                url, current, f"timed out after {self.policy.total_timeout:g} s", retry=True
            )
        except httpx.ConnectTimeout:
            return self._failed(
                url,
                current,
                f"connection timed out after {self.policy.connect_timeout:g} s",
                retry=True,
            )
        except httpx.TimeoutException:
            return self._failed(
                url,
                current,
                f"timed out after {self.policy.read_timeout:g} s waiting for the server",
                retry=True,
            )
        except httpx.ConnectError as error:
            # A certificate that does not fit will not fit a second later either.
            bad_certificate = _caused_by(error, ssl.SSLCertVerificationError)
            outcome = self._failed(
                url,
                current,
                f"could not connect to {host} ({_line(error)})",
                retry=not bad_certificate,
            )
            return outcome if bad_certificate else replace(outcome, unreachable=True)
        except httpx.TransportError as error:
            return self._failed(url, current, f"network error: {_line(error)}", retry=True)

    async def _exchange(
        self, url: str, current: str, request: httpx.Request, sent: Validators
    ) -> _Outcome | str:
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            content_type = response.headers.get("Content-Type")
            if status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    return self._failed(
                        url, current, f"HTTP {status} redirect without a Location", status=status
                    )
                try:
                    return str(httpx.URL(current).join(location.strip()))
                except (httpx.InvalidURL, ValueError):
                    return self._failed(url, current, "redirect to an invalid URL", status=status)
            retry_after = _retry_after(response.headers.get("Retry-After"))
            if status == 304:
                answered = _validators(response)
                kept = Validators(
                    etag=answered.etag or sent.etag,
                    last_modified=answered.last_modified or sent.last_modified,
                )
                return _Outcome(
                    _result(
                        url,
                        current,
                        status,
                        None,
                        content_type,
                        kept,
                        None,
                        retry_after,
                        not_modified=True,
                    )
                )
            if not 200 <= status < 300:  # an error answer: retried when it may pass
                return _Outcome(
                    _result(
                        url,
                        current,
                        status,
                        None,
                        content_type,
                        Validators(),
                        _status_line(status, response.reason_phrase),
                        retry_after,
                    ),
                    retry=status in RETRY_STATUSES,
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.policy.max_bytes:
                return self._failed(
                    url, current, f"response over {describe_size(self.policy.max_bytes)}"
                )
            try:
                body = await read_body(
                    response.aiter_raw(),
                    response.headers.get("Content-Encoding"),
                    self.policy.max_bytes,
                    self.policy.max_decompressed_bytes,
                )
            except BodyRefused as refused:
                return self._failed(url, current, str(refused))
            return _Outcome(
                _result(
                    url,
                    current,
                    status,
                    body,
                    content_type,
                    _validators(response),
                    None,
                    retry_after,
                )
            )
        finally:
            await response.aclose()

    def _failed(
        self, url: str, current: str, error: str, *, retry: bool = False, status: int | None = None
    ) -> _Outcome:
        return _Outcome(_result(url, current, status, None, None, Validators(), error, None), retry)


def _result(
    url: str,
    final_url: str,
    status: int | None,
    body: bytes | None,
    content_type: str | None,
    validators: Validators,
    error: str | None,
    retry_after: float | None,
    *,
    not_modified: bool = False,
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        not_modified=not_modified,
        body=body,
        content_type=content_type,
        validators=validators,
        error=error,
        retry_after=retry_after,
        attempts=1,
        elapsed=0.0,
    )


class _RefuseCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False


def _no_cookies() -> http.cookiejar.CookieJar:
    return http.cookiejar.CookieJar(policy=_RefuseCookies())


def _status_line(status: int, reason: str) -> str:
    """ "HTTP 503 Service Unavailable": the standard phrase where there is one (a
    server's own phrase can be long or misleading), else the server's, shortened."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "".join(c for c in reason if c.isprintable())[:60]
    return f"HTTP {status} {phrase}".strip()


def _sendable(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _validators(response: httpx.Response) -> Validators:
    return Validators(
        etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")
    )


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = error
    for _ in range(10):  # httpx wraps httpcore wraps the original: a short chain
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _line(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]


def fetch_all(
    policy: FetchPolicy,
    requests: Sequence[tuple[str, Validators | None]],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    accept: str | None = None,
) -> list[FetchResult]:
    """Fetch all requests concurrently (within the policy's limits); results in order."""

    async def run() -> list[FetchResult]:
        async with Fetcher(policy, transport=transport, resolver=resolver) as fetcher:
            return list(
                await asyncio.gather(
                    *(fetcher.fetch(url, validators, accept=accept) for url, validators in requests)
                )
            )

    return asyncio.run(run())
