"""The JSON API (read only): health, the story list, one story as report.json holds
it, one article with its analysis, claims and stories, and search. Described by the
OpenAPI document at /openapi.json (web/docs.py lists it at /docs)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from storydesk import codec
from storydesk.store.search import query_terms
from storydesk.store.store import Store
from storydesk.web import lookups
from storydesk.web.api_models import ErrorAnswer, Health, SearchAnswer, StoryList
from storydesk.web.errors import HttpError
from storydesk.web.json_answer import json_bytes, json_raw, json_response
from storydesk.web.page_cache import store_version, story_version
from storydesk.web.routes_html import MAX_QUERY, PAGE_SIZE, cache, reader
from storydesk.web.search_filters import SearchFilters, search_filters

MAX_LIMIT = 500  # most stories one call returns
MAX_OFFSET = 10_000_000

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorAnswer, "description": "a parameter out of its range"},
    503: {"model": ErrorAnswer, "description": "the store is busy or cannot be read"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **_ERRORS, 404: {"model": ErrorAnswer, "description": "no such id"},
}
ID_MAX = 200  # characters of an id in an address (longer ones name nothing)
IdPath = Annotated[str, Path(min_length=1, max_length=ID_MAX)]

router = APIRouter(prefix="/api", tags=["read"])


@router.get("/health", response_model=Health, responses=_ERRORS)
async def health(request: Request) -> Response:
    """Counts of the stored articles and stories."""

    def work(store: Store) -> Response:
        return json_response(
            {"ok": True, "articles": store.count_articles(), "stories": store.count_stories()}
        )

    return await reader(request).read(work)


@router.get("/stories", response_model=StoryList, responses=_ERRORS)
async def stories(
    request: Request,
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Response:
    """Stories, largest first."""

    def work(store: Store) -> Response:
        rows = store.list_stories(limit, offset)
        total = store.count_stories()
        return json_response({"total": total, "offset": offset, "stories": codec.to_data(rows)})

    return await reader(request).read(work)


@router.get("/stories/{story_id}", response_model=dict[str, Any], responses=_NOT_FOUND)
async def story(request: Request, story_id: IdPath) -> Response:
    """One story as report.json holds it: articles, sources, brief, facts, conflicts,
    timeline. The id may be an alias, a unique prefix or a short form ("S12")."""
    kept = cache(request)

    def work(store: Store) -> Response:
        found = lookups.story_id(store, story_id)

        def encode() -> bytes:
            return json_bytes(codec.to_data(lookups.story(store, found)))

        return json_raw(kept.get(("story.json", found, story_version(store, found)), encode))

    return await reader(request).read(work)


@router.get("/articles/{article_id}", response_model=dict[str, Any], responses=_NOT_FOUND)
async def article(request: Request, article_id: IdPath) -> Response:
    """One article: metadata, text, entities, claims and the stories it is in. The id
    may be a unique prefix."""
    kept = cache(request)

    def work(store: Store) -> Response:
        found = lookups.article_id(store, article_id)

        def encode() -> bytes:
            record, listings = lookups.article(store, found)
            return json_bytes({**codec.to_data(record), "stories": codec.to_data(listings)})

        return json_raw(kept.get(("article.json", found, store_version(store)), encode))

    return await reader(request).read(work)


@router.get("/search", response_model=SearchAnswer, responses=_ERRORS)
async def search(
    request: Request,
    filters: Annotated[SearchFilters, Depends(search_filters)],
    # The handler checks for a word itself (query_terms: a letter or digit); the
    # document only says so, so that what it promises is what the handler takes.
    q: str = Query(max_length=MAX_QUERY, description="words to look for: at least one",
                   json_schema_extra={"pattern": r"[^\W_]"}),
) -> Response:  # fmt: skip
    """Stories whose articles hold every word of `q`, with the matching articles,
    among the articles the filters leave (dates, outlet, an entity named)."""
    text = q.strip()
    if not query_terms(text):
        raise HttpError(400, "q must hold at least one word")

    def work(store: Store) -> Response:
        found = store.search(text, **filters.store_options())
        return json_response({
            "query": text, "filters": filters.as_data(), "stories": codec.to_data(found.stories),
            "also_searched": {e.word: list(e.variants) for e in found.expansions},
        })  # fmt: skip

    return await reader(request).read(work)
