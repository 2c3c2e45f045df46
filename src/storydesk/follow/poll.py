"""One poll: fetch the sources that are due, the pages they list, and store what is new.

    poll_once(store, session, *, cadence, now, handle, limits, progress) -> PollReport

Order matters for resuming: a source's new validators (and the pages' rows) are
written only after the articles they led to were handed to the pipeline and stored.
An interruption before that leaves the source as it was, so the next poll fetches it
again in full and finds those entries still to do; nothing is stored twice (articles
are keyed by content), and nothing is lost behind a 304.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storydesk.follow.fetching import FetchSession, PageOutcome
from storydesk.follow.kinds import sniff_kind
from storydesk.follow.plan import (
    MAX_PAGE_ATTEMPTS,
    PageRequest,
    SourceWork,
    plan_feed,
    plan_sitemap,
    plan_sitemap_pages,
    signature,
)
from storydesk.follow.schedule import Cadence
from storydesk.ingest.http import FetchResult, Validators
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits
from storydesk.ingest.sitemaps import Sitemap, parse_sitemap
from storydesk.model import Article, ReadFailure
from storydesk.model.source import PageState, Source
from storydesk.pipeline import Progress, RunSummary, no_progress
from storydesk.store.sources import PollOutcome
from storydesk.store.store import Store

# Hands the poll's articles (and what could not be read) to the pipeline.
Handler = Callable[[list[Article | ReadFailure]], RunSummary]


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How one source fared in a poll."""

    source: Source
    status: int | None
    not_modified: bool
    items: int  # articles it led to this poll
    error: str | None
    errors_in_a_row: int
    next_poll: float


@dataclass
class PollReport:
    sources: list[SourceHealth] = field(default_factory=list)
    pages_fetched: int = 0  # page requests answered (200 or 304)
    pages_unchanged: int = 0  # of which 304 or the same bytes as before
    failures: list[ReadFailure] = field(default_factory=list)  # pages not read
    summary: RunSummary | None = None

    @property
    def articles(self) -> int:
        return self.summary.articles_read if self.summary else 0

    @property
    def failing(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.error is not None]

    @property
    def found_something(self) -> bool:
        return bool(self.articles or self.failures or self.failing)


def _validators(source: Source) -> Validators | None:
    if not (source.etag or source.last_modified):
        return None
    return Validators(source.etag, source.last_modified)


def _plan(store: Store, source: Source, result: FetchResult, limits: Limits) -> SourceWork:
    work = SourceWork(source, result)
    if not result.ok:
        work.error = result.error or f"HTTP {result.status}"
        return work
    if result.not_modified or result.body is None:
        return work
    work.kind = sniff_kind(result.body, result.content_type, source.kind)
    if work.kind == "feed":
        plan_feed(work, result.body, store.fetched_pages, limits)
    elif work.kind == "sitemap":
        plan_sitemap(work, result.body, store.fetched_pages, limits)
    return work


def _child_sitemaps(store: Store, session: FetchSession, works: list[SourceWork], limits: Limits
                    ) -> None:  # fmt: skip
    """The sitemaps an index lists: fetched (conditionally) in the same poll, their
    pages planned as the index's own."""
    asked = [(work, child) for work in works for child in work.child_sitemaps]
    if not asked:
        return
    known = store.fetched_pages([child.url for _, child in asked])
    requests = []
    for _work, child in asked:
        row = known.get(child.url)
        validators = Validators(row.etag, row.last_modified) if row else None
        requests.append((child.url, validators))
    results = session.fetch_many(requests)
    with store.transaction():
        for (work, child), result in zip(asked, results, strict=True):
            if not result.ok:
                work.failures.append(ReadFailure(child.url, result.error or "not fetched"))
                continue
            if result.body is None:  # 304: its pages were planned when it last changed
                continue
            parsed = parse_sitemap(result.body, child.url, limits)
            if isinstance(parsed, ReadFailure):
                work.failures.append(parsed)
                continue
            plan_sitemap_pages(work, Sitemap(parsed.pages, ()), child.url, store.fetched_pages)
            store.record_page(
                child.url, work.source.url, "ok", signature=signature(child.lastmod),
                etag=result.validators.etag, last_modified=result.validators.last_modified,
            )  # fmt: skip


def _retries(store: Store, works: list[SourceWork]) -> list[PageRequest]:
    """Pages that failed on an earlier poll, tried again while their source answers."""
    planned = {page.url for work in works for page in work.pages}
    again = []
    for work in works:
        if work.error is not None:
            continue
        for row in store.pages_to_retry(work.source.url, MAX_PAGE_ATTEMPTS):
            if row.url not in planned:
                planned.add(row.url)
                again.append(PageRequest(row.url, row.source_url, row.signature))
    return again


def _page_sources(store: Store, works: list[SourceWork]) -> list[tuple[PageRequest, FetchResult]]:
    """Page sources that answered with a body: the body is the article page."""
    pages = [w for w in works if w.kind == "page" and w.result.body is not None]
    known = store.fetched_pages([w.source.url for w in pages])
    ready = []
    for work in pages:
        row = known.get(work.source.url)
        request = PageRequest(
            work.source.url,
            work.source.url,
            None,
            stored_hash=row.content_hash if row else None,
            stored_article=row.article_id if row else None,
        )
        ready.append((request, work.result))
    return ready


def _unique(works: list[SourceWork], retries: list[PageRequest]) -> list[PageRequest]:
    seen: dict[str, PageRequest] = {}
    for request in [page for work in works for page in work.pages] + retries:
        seen.setdefault(request.url, request)
    return list(seen.values())


def _read(outcome: PageOutcome) -> Article | ReadFailure | None:
    """What a page outcome hands to the pipeline: its article; else the listing's
    summary when the page could not be read and nothing was stored for it before;
    else why it was not read."""
    request = outcome.request
    if isinstance(outcome.article, Article):
        return outcome.article
    if not outcome.result.ok or isinstance(outcome.article, ReadFailure):
        if request.fallback is not None and request.stored_article is None:
            return request.fallback
        if isinstance(outcome.article, ReadFailure):
            return outcome.article
        return ReadFailure(request.url, outcome.result.error or "not fetched")
    return None


def _kept_summary(outcome: PageOutcome) -> ReadFailure:
    """Why a page was not read, when its listing's summary was stored instead."""
    why = outcome.article.reason if isinstance(outcome.article, ReadFailure) else (
        outcome.result.error or "not fetched"
    )  # fmt: skip
    again = "; tried again next poll" if not outcome.result.ok else ""
    return ReadFailure(outcome.request.url, f"{why} (the feed's summary is kept{again})", True)


def _record_page(store: Store, outcome: PageOutcome, read: Article | ReadFailure | None) -> None:
    request, result = outcome.request, outcome.result
    if not result.ok:
        store.record_page(
            request.url, request.source_url, "failed", signature=request.signature,
            error=result.error or f"HTTP {result.status}",
        )  # fmt: skip
        return
    article_id = read.id if isinstance(read, Article) else request.stored_article
    state: PageState = "skipped" if isinstance(outcome.article, ReadFailure) else "ok"
    store.record_page(
        request.url, request.source_url, state, signature=request.signature,
        etag=result.validators.etag, last_modified=result.validators.last_modified,
        content_hash=outcome.content_hash or request.stored_hash, article_id=article_id,
        error=outcome.article.reason if isinstance(outcome.article, ReadFailure) else None,
    )  # fmt: skip


def _health(work: SourceWork, items: int, cadence: Cadence, now: float) -> PollOutcome:
    source, result = work.source, work.result
    if work.error is not None:
        errors = source.consecutive_errors + 1
        delay = cadence.retry_delay(source.interval, errors, result.retry_after)
        return PollOutcome(source.url, result.status, cadence.clamp(source.interval),
                           now + delay, error=work.error)  # fmt: skip
    interval = cadence.after_change(source.interval) if items else cadence.after_no_change(
        source.interval
    )
    return PollOutcome(
        source.url, result.status, interval, now + interval,
        etag=result.validators.etag, last_modified=result.validators.last_modified,
        new_items=items, kind=work.kind,
    )  # fmt: skip


def poll_once(
    store: Store,
    session: FetchSession,
    *,
    cadence: Cadence,
    now: float,
    handle: Handler,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress = no_progress,
) -> PollReport:
    """Poll the sources due at `now`."""
    due = store.due_sources(now)
    report = PollReport()
    if not due:
        return report
    results = session.fetch_many([(s.url, _validators(s)) for s in due])
    works = [_plan(store, s, r, limits) for s, r in zip(due, results, strict=True)]
    _child_sitemaps(store, session, works, limits)
    outcomes = session.fetch_pages(
        _unique(works, _retries(store, works)), _page_sources(store, works), ticker=progress
    )
    read: list[Article | ReadFailure] = [h.article for w in works for h in w.handled]
    items: dict[str, int] = {w.source.url: len(w.handled) for w in works}
    page_reads = []
    for outcome in outcomes:
        got = _read(outcome)
        page_reads.append(got)
        report.pages_fetched += outcome.result.ok
        report.pages_unchanged += outcome.result.ok and outcome.article is None
        if isinstance(got, ReadFailure):
            report.failures.append(got)
        elif got is not None and got is outcome.request.fallback:
            report.failures.append(_kept_summary(outcome))
        if got is not None:
            read.append(got)
        if isinstance(got, Article):
            items[outcome.request.source_url] = items.get(outcome.request.source_url, 0) + 1
    for work in works:
        report.failures.extend(f for f in work.failures if not f.skipped)
        read.extend(f for f in work.failures if not f.skipped)
    if read:
        report.summary = handle(read)
    with store.transaction():
        for outcome, got in zip(outcomes, page_reads, strict=True):
            _record_page(store, outcome, got)
        for work in works:
            for handled in work.handled:
                store.record_page(
                    handled.key, handled.source_url, "ok", signature=handled.signature,
                    article_id=handled.article.id,
                )  # fmt: skip
        for work in works:
            polled = _health(work, items.get(work.source.url, 0), cadence, now)
            store.record_poll(polled)
            in_a_row = work.source.consecutive_errors + 1 if polled.error else 0
            health = SourceHealth(
                work.source, work.result.status, work.result.not_modified, polled.new_items,
                polled.error, in_a_row, polled.next_poll,
            )  # fmt: skip
            report.sources.append(health)
    return report
