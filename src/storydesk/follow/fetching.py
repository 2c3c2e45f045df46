"""The network side of a follow session: one Fetcher for the whole session, and article
pages fetched and extracted at once.

The session keeps one event loop (`asyncio.Runner`) and one `Fetcher` on it from poll
to poll, so robots.txt answers stay cached for their TTL and connections are reused;
between polls nothing runs. Pages are fetched concurrently within the policy's
per-host limits and each body goes to a pool of worker processes for extraction as
soon as it arrives, so the network and the extraction overlap and every core
extracts. The pool is forked for each batch of pages and stopped after it: the
pipeline's own stages fork their pools later in the poll, and a worker never
outlives the work it was made for.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import httpx

from storydesk.engine import default_processes
from storydesk.follow.plan import PageRequest, body_hash
from storydesk.ingest.http import Fetcher, FetchPolicy, FetchResult, Resolver, Validators
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits
from storydesk.ingest.web_page import FetchedBody, article_from_page
from storydesk.model import Article, ReadFailure
from storydesk.pipeline import Progress, no_progress

T = TypeVar("T")
# Fewer pages than this are extracted in this process: forking a pool costs more.
POOL_MIN_PAGES = 8
# Pages handed to a worker together: one task per page cost the event loop more in
# pickling and waking the pool's feeder threads (each a GIL hand-over) than a page
# costs to fetch. A batch goes as soon as it is full, or after BATCH_WAIT seconds.
BATCH_PAGES = 8
BATCH_WAIT = 0.05
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/html;q=0.5,*/*;q=0.3"
)


def extract_pages(pages: list[FetchedBody]) -> list[Article | ReadFailure]:
    """A worker's task: several pages, each read on its own (one bad page is its own
    failure, not its batch's)."""
    out: list[Article | ReadFailure] = []
    for page in pages:
        try:
            out.append(article_from_page(page))
        except Exception as error:  # an extractor bug: this page only
            out.append(ReadFailure(page.url, f"page could not be read: {type(error).__name__}"))
    return out


class _Batcher:
    """Pages to extract, gathered into batches for the pool."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        self._pending: list[tuple[FetchedBody, asyncio.Future[Article | ReadFailure]]] = []
        self._timer: asyncio.TimerHandle | None = None

    def extract(self, page: FetchedBody) -> asyncio.Future[Article | ReadFailure]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Article | ReadFailure] = loop.create_future()
        self._pending.append((page, future))
        if len(self._pending) >= BATCH_PAGES:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(BATCH_WAIT, self.flush)
        return future

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        done = asyncio.wrap_future(self._pool.submit(extract_pages, [p for p, _ in batch]))

        def hand_out(finished: asyncio.Future[list[Article | ReadFailure]]) -> None:
            for (_page, future), result in zip(batch, _batch_results(finished, batch),
                                              strict=True):  # fmt: skip
                if not future.done():
                    future.set_result(result)

        done.add_done_callback(hand_out)


def _batch_results(
    finished: asyncio.Future[list[Article | ReadFailure]],
    batch: list[tuple[FetchedBody, asyncio.Future[Article | ReadFailure]]],
) -> list[Article | ReadFailure]:
    if finished.cancelled():
        return [ReadFailure(page.url, "extraction cancelled") for page, _ in batch]
    error = finished.exception()
    if error is not None:  # a worker that died: the batch's pages, not the poll
        reason = f"page could not be read: {type(error).__name__}: {error}"
        return [ReadFailure(page.url, reason) for page, _ in batch]
    return finished.result()


@dataclass(frozen=True, slots=True)
class PageOutcome:
    request: PageRequest
    result: FetchResult
    # The article read, why not, or None when the page is unchanged (a 304, or the
    # same bytes as when it was last read).
    article: Article | ReadFailure | None
    content_hash: str | None = None


class FetchSession:
    """Not thread-safe; close() when done (or use it as a context manager)."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        processes: int | None = None,
        limits: Limits = DEFAULT_LIMITS,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.policy = policy
        self.limits = limits
        self.processes = default_processes() if processes is None else max(1, processes)
        self._transport = transport
        self._resolver = resolver
        self._runner = asyncio.Runner()
        self._fetcher: Fetcher | None = None

    def __enter__(self) -> FetchSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fetcher is not None:
            self._runner.run(self._fetcher.aclose())
            self._fetcher = None
        self._runner.close()

    def _run(self, work: Awaitable[T]) -> T:
        async def inside() -> T:
            return await work

        return self._runner.run(inside())

    def fetcher(self) -> Fetcher:
        """The session's Fetcher (made on the session's loop the first time)."""
        if self._fetcher is None:

            async def make() -> Fetcher:
                return Fetcher(self.policy, transport=self._transport, resolver=self._resolver)

            self._fetcher = self._runner.run(make())
        return self._fetcher

    def fetch_many(
        self, requests: Sequence[tuple[str, Validators | None]], *, accept: str = FEED_ACCEPT
    ) -> list[FetchResult]:
        """Fetch these URLs at once (within the policy's limits); results in order."""
        fetcher = self.fetcher()

        async def run() -> list[FetchResult]:
            return list(
                await asyncio.gather(
                    *(fetcher.fetch(url, validators, accept=accept) for url, validators in requests)
                )
            )

        return self._run(run())

    def fetch_pages(
        self,
        requests: Sequence[PageRequest],
        ready: Sequence[tuple[PageRequest, FetchResult]] = (),
        *,
        ticker: Progress = no_progress,
    ) -> list[PageOutcome]:
        """Fetch the pages asked for and extract them, with the bodies already at hand
        (`ready`: page sources, fetched as sources); outcomes in completion order."""
        total = len(requests) + len(ready)
        if not total:
            return []
        fetcher = self.fetcher()
        pool: Executor | None = None
        if self.processes > 1 and total >= POOL_MIN_PAGES:
            pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("fork")
            )
        try:
            return self._run(self._pages(fetcher, pool, requests, ready, ticker, total))
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    async def _pages(
        self,
        fetcher: Fetcher,
        pool: Executor | None,
        requests: Sequence[PageRequest],
        ready: Sequence[tuple[PageRequest, FetchResult]],
        ticker: Progress,
        total: int,
    ) -> list[PageOutcome]:
        batcher = _Batcher(pool) if pool is not None else None

        async def extract(request: PageRequest, result: FetchResult) -> PageOutcome:
            if result.not_modified or result.body is None:
                return PageOutcome(request, result, None)
            digest = body_hash(result.body)
            if digest == request.stored_hash:
                return PageOutcome(request, result, None, digest)
            page = FetchedBody(
                request.url,
                result.body,
                result.content_type,
                final_url=result.final_url,
                listing=request.listing,
                limits=self.limits,
            )
            if batcher is None:
                article = extract_pages([page])[0]
            else:
                article = await batcher.extract(page)
            return PageOutcome(request, result, article, digest)

        async def one(request: PageRequest) -> PageOutcome:
            result = await fetcher.fetch(request.url, request.validators, accept=PAGE_ACCEPT)
            return await extract(request, result)

        tasks = [asyncio.ensure_future(one(r)) for r in requests]
        tasks += [asyncio.ensure_future(extract(r, result)) for r, result in ready]
        outcomes = []
        try:
            for finished in ticker(iter(asyncio.as_completed(tasks)), "pages", total):
                outcomes.append(await finished)
        finally:
            for task in tasks:
                task.cancel()
        return outcomes
