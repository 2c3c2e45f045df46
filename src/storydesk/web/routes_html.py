"""The HTML pages: the story list, one story, one article, search. A page asked for by
another form of its id redirects to the canonical address. Story and article pages
are kept rendered (page_cache.py) while the store does not change."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import RedirectResponse, Response

from storydesk.model import SearchResults
from storydesk.store.store import Store
from storydesk.web import lookups, pages
from storydesk.web.errors import HttpError
from storydesk.web.page_cache import PageCache, store_version, story_version
from storydesk.web.pages import WEB_LINKS
from storydesk.web.reading import StoreReader
from storydesk.web.search_filters import SearchFilters, search_filters
from storydesk.write.desk_article import article_derivations, article_evidence

PAGE_SIZE = 50  # stories per HTML page
MAX_PAGE = 1_000_000
MAX_QUERY = 200  # characters of a search query
MAX_SPAN = 24  # characters of a "?hl=START-END"
MAX_QUOTES = 100_000

router = APIRouter(include_in_schema=False)


def reader(request: Request) -> StoreReader:
    found: StoreReader = request.app.state.reader
    return found


def cache(request: Request) -> PageCache:
    found: PageCache = request.app.state.pages
    return found


def html(body: str | bytes) -> Response:
    return Response(body, media_type="text/html; charset=utf-8")


@router.get("/")
async def index(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE)) -> Response:
    def work(store: Store) -> Response:
        total = store.count_stories()
        pages_total = max(1, math.ceil(total / PAGE_SIZE))
        if page > pages_total:
            raise HttpError(400, f"page must be a whole number from 1 to {pages_total}")
        rows = store.list_stories(PAGE_SIZE, (page - 1) * PAGE_SIZE)
        return html(pages.index_page(rows, page, pages_total, store.count_articles(), total))

    return await reader(request).read(work)


def _kept_page(
    kept: PageCache, asked: str, found: str, href: Callable[[str], str],
    key: Callable[[], Hashable], render: Callable[[], str],
) -> Response:  # fmt: skip
    """The page of `found`, from the cache or rendered; a redirect to its canonical
    address when it was `asked` for by another form of its id."""
    if found != asked:
        return RedirectResponse(href(found), 302)
    return html(kept.get(key(), lambda: render().encode()))


@router.get("/stories/{story_id}")
async def story(request: Request, story_id: str) -> Response:
    kept = cache(request)

    def work(store: Store) -> Response:
        found = lookups.story_id(store, story_id)

        def render() -> str:
            report = lookups.story(store, found)
            return pages.story_page(report)

        def key() -> Hashable:
            return ("story.html", found, story_version(store, found))

        return _kept_page(kept, story_id, found, pages.story_href, key, render)

    return await reader(request).read(work)


@router.get("/articles/{article_id}")
async def article(
    request: Request,
    article_id: str,
    hl: str | None = Query(None, max_length=MAX_SPAN, description="START-END: mark that span"),
    quote: int | None = Query(None, ge=0, le=MAX_QUOTES, description="mark that quotation"),
) -> Response:
    kept = cache(request)

    def work(store: Store) -> Response:
        found = lookups.article_id(store, article_id)
        if found != article_id:
            # Another form of the id: the canonical address, the marked span kept.
            query = request.url.query
            return RedirectResponse(pages.article_href(found) + (f"?{query}" if query else ""), 302)

        def render() -> str:
            record, stories = lookups.article(store, found)
            links = lookups.article_links(store, stories)
            others = sorted({i for k in links for i in (k.source_id, k.derived_id)})
            derivations = article_derivations(found, links, store.outlets_of(others), WEB_LINKS)
            evidence = article_evidence(record, hl, quote, WEB_LINKS, derivations)
            return pages.article_page(record, stories, evidence)

        key = ("article.html", found, hl, quote, store_version(store))
        return html(kept.get(key, lambda: render().encode()))

    return await reader(request).read(work)


@router.get("/search")
async def search(
    request: Request,
    filters: Annotated[SearchFilters, Depends(search_filters)],
    q: str = Query("", max_length=MAX_QUERY),
) -> Response:
    text = q.strip()

    def work(store: Store) -> Response:
        asked = text or filters.entity
        found = store.search(text, **filters.store_options()) if asked else SearchResults(())
        return html(pages.search_page(text, found.stories, found.expansions, filters.as_data()))

    return await reader(request).read(work)
