"""Requests to responses, with no sockets: the web server's routes as one function.

    handle(store: Store, method: str, target: str) -> Response

Routes (GET and HEAD only; the server never writes to the store):

    /                         stories, largest first (HTML; ?page=N)
    /stories/ID               one story: brief, facts, conflicts, timeline, sources (HTML)
    /articles/ID              one article: claims, entities, text (HTML)
    /api                      this list, as JSON
    /api/health               {"ok": true, "articles": N, "stories": N}
    /api/stories              stories, largest first (?limit=50&offset=0; limit <= 500)
    /api/stories/ID           one story, as `report.json` holds it
    /api/articles/ID          one article with its analysis, claims and stories
    /search?q=WORDS           stories whose articles hold every word (HTML)
    /api/search?q=WORDS       the same as JSON (matched words marked \u0002...\u0003)

Story ids may be aliases of merged stories, unique prefixes or short forms ("S12");
article ids may be unique prefixes. A page asked for by another form of its id
redirects to the canonical address. Ids and query values are checked before they
reach the store; anything else is a 400 or 404 with a one-line reason.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from storydesk import __version__, codec
from storydesk.model import ArticleRecord, SearchResults, StoryListing, StoryReport
from storydesk.store.search import query_terms
from storydesk.store.store import AmbiguousId, Store
from storydesk.web import pages

PAGE_SIZE = 50  # stories per HTML page
MAX_LIMIT = 500  # most stories one API call returns
MAX_OFFSET = 10_000_000
_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")

ENDPOINTS = {
    "/": "stories, largest first (HTML; ?page=N)",
    "/stories/ID": "one story (HTML)",
    "/articles/ID": "one article (HTML)",
    "/api/health": "counts of stored articles and stories",
    "/api/stories": f"stories, largest first (?limit=N&offset=N; limit <= {MAX_LIMIT})",
    "/api/stories/ID": "one story: articles, sources, brief, facts, conflicts, timeline",
    "/api/articles/ID": "one article: metadata, text, entities, claims, stories",
    "/search?q=WORDS": "stories whose articles hold every word (HTML)",
    "/api/search?q=WORDS": "the same as JSON; matched words are wrapped in \u0002 and \u0003;"
    " also_searched: the spelling variants of query words also looked for",
}
MAX_QUERY = 200  # characters of a search query


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json(data: Any, status: int = 200) -> Response:
    """A JSON answer: `data` is already plain (model objects go through `codec.to_data`)."""
    body = json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return Response(status, "application/json; charset=utf-8", body)


def _html(text: str, status: int = 200) -> Response:
    return Response(status, "text/html; charset=utf-8", text.encode("utf-8"))


def _redirect(location: str) -> Response:
    return Response(302, "text/plain; charset=utf-8", b"", {"Location": location})


def _int_param(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    values = query.get(name)
    if not values:
        return default
    raw = values[-1].strip()
    if not re.fullmatch(r"\d{1,9}", raw):
        raise HttpError(400, f"{name} must be a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise HttpError(400, f"{name} must be a whole number from {low} to {high}")
    return value


def _checked_id(raw: str, kind: str) -> str:
    value = unquote(raw)
    if not _ID.fullmatch(value):
        raise HttpError(404, f"no {kind} {value[:80]!r}")
    return value


def _story_id(store: Store, raw: str) -> str:
    wanted = _checked_id(raw, "story")
    found = store.resolve_story_id(wanted)
    if found is None:
        raise HttpError(404, f"no story {wanted!r}")
    return found


def _article_id(store: Store, raw: str) -> str:
    wanted = _checked_id(raw, "article")
    try:
        found = store.resolve_article_id(wanted)
    except AmbiguousId as error:
        raise HttpError(404, str(error)) from error
    if found is None:
        raise HttpError(404, f"no article {wanted!r}")
    return found


def _article(store: Store, article_id: str) -> tuple[ArticleRecord, list[StoryListing]]:
    """The article in full, and the stories it is in."""
    found = store.article_records([article_id])
    if not found:
        raise HttpError(404, f"no article {article_id!r}")
    listings = (store.story_listing(s) for s in store.stories_of_articles([article_id]))
    return found[0], [s for s in listings if s is not None]


def _story_records(store: Store, story: StoryReport) -> list[ArticleRecord]:
    """Full records (text, entities, claims) of the articles the page shows in full."""
    return store.article_records([a.id for a in story.articles[: pages.MAX_FULL_ARTICLES]])


def _story(store: Store, raw: str) -> StoryReport:
    story_id = _story_id(store, raw)
    story = store.story_report(story_id)
    if story is None:
        raise HttpError(404, f"no story {story_id!r}")
    return story


def _search_query(query: dict[str, list[str]]) -> str:
    text = (query.get("q") or [""])[-1].strip()
    if len(text) > MAX_QUERY:
        raise HttpError(400, f"q must be at most {MAX_QUERY} characters")
    return text


def _route(store: Store, path: str, query: dict[str, list[str]]) -> Response:
    parts = [p for p in path.split("/") if p]
    if not parts:
        total = store.count_stories()
        pages_total = max(1, math.ceil(total / PAGE_SIZE))
        page_no = _int_param(query, "page", 1, 1, pages_total)
        rows = store.list_stories(PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        return _html(pages.index_page(rows, page_no, pages_total, store.count_articles(), total))
    if parts == ["api"]:
        return _json({"storydesk": __version__, "endpoints": ENDPOINTS})
    if parts == ["api", "health"]:
        return _json(
            {"ok": True, "articles": store.count_articles(), "stories": store.count_stories()}
        )
    if parts == ["search"]:
        text = _search_query(query)
        found = store.search(text) if text else SearchResults(())
        return _html(pages.search_page(text, found.stories, found.expansions))
    if parts == ["api", "search"]:
        text = _search_query(query)
        if not query_terms(text):
            raise HttpError(400, "q must hold at least one word")
        found = store.search(text)
        return _json({"query": text, "stories": codec.to_data(found.stories),
                      "also_searched": {e.word: list(e.variants) for e in found.expansions}})
    if parts == ["api", "stories"]:
        limit = _int_param(query, "limit", PAGE_SIZE, 1, MAX_LIMIT)
        offset = _int_param(query, "offset", 0, 0, MAX_OFFSET)
        rows = store.list_stories(limit, offset)
        total = store.count_stories()
        return _json({"total": total, "offset": offset, "stories": codec.to_data(rows)})
    if len(parts) == 3 and parts[:2] == ["api", "stories"]:
        return _json(codec.to_data(_story(store, parts[2])))
    if len(parts) == 3 and parts[:2] == ["api", "articles"]:
        record, stories = _article(store, _article_id(store, parts[2]))
        return _json({**codec.to_data(record), "stories": codec.to_data(stories)})
    if len(parts) == 2 and parts[0] == "stories":
        story_id = _story_id(store, parts[1])
        if story_id != unquote(parts[1]):
            return _redirect(pages.story_href(story_id))
        story = _story(store, story_id)
        return _html(pages.story_page(story, _story_records(store, story)))
    if len(parts) == 2 and parts[0] == "articles":
        article_id = _article_id(store, parts[1])
        if article_id != unquote(parts[1]):
            return _redirect(pages.article_href(article_id))
        return _html(pages.article_page(*_article(store, article_id)))
    raise HttpError(404, f"no page {path[:200]!r}")


def handle(store: Store, method: str, target: str) -> Response:
    """The response to one request (`target` is the request line's path and query)."""
    path, query_text = _split_target(target)
    api = _is_api(path)
    if method not in ("GET", "HEAD"):
        error = HttpError(405, "only GET and HEAD: the server does not change the store")
        return _error(error, api, {"Allow": "GET, HEAD"})
    try:
        query = parse_qs(query_text, keep_blank_values=True, max_num_fields=20)
        return _route(store, path, query)
    except HttpError as error:
        return _error(error, api)
    except ValueError as error:  # parse_qs refused the query (too many fields)
        return _error(HttpError(400, str(error)), api)


def error_response(
    target: str, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An error answered without the store (busy, unreadable, internal error): JSON for
    the API's addresses, a page for the others, like every other error."""
    return _error(HttpError(status, message), _is_api(_split_target(target)[0]), headers)


def _split_target(target: str) -> tuple[str, str]:
    """The path and the query of a request target. Not urlsplit: a target is a path
    (origin form), and urlsplit reads "//host/..." as an address and raises on
    "//[x" instead of answering 404."""
    path, _, query = target.partition("#")[0].partition("?")
    return path, query


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _error(error: HttpError, api: bool, headers: dict[str, str] | None = None) -> Response:
    if api:
        body = json.dumps({"error": error.message, "status": error.status}).encode("utf-8")
        return Response(error.status, "application/json; charset=utf-8", body, headers or {})
    html = pages.error_page(error.status, error.message).encode("utf-8")
    return Response(error.status, "text/html; charset=utf-8", html, headers or {})
