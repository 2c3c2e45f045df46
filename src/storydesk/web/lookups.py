"""From the ids in an address to what the store holds, for every route: story ids may
be aliases of merged stories, unique prefixes or short forms ("S12"), article ids
unique prefixes. An id is checked before it reaches the store; one that names nothing
is a 404 with a one-line reason. Each function runs on a reading thread, inside the
request's snapshot."""

from __future__ import annotations

import re

from storydesk.model import ArticleRecord, Link, StoryListing, StoryReport
from storydesk.store.store import AmbiguousId, Store
from storydesk.web.errors import HttpError

ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


def _checked(raw: str, kind: str) -> str:
    if not ID.fullmatch(raw):
        raise HttpError(404, f"no {kind} {raw[:80]!r}")
    return raw


def story_id(store: Store, raw: str) -> str:
    wanted = _checked(raw, "story")
    found = store.resolve_story_id(wanted)
    if found is None:
        raise HttpError(404, f"no story {wanted!r}")
    return found


def article_id(store: Store, raw: str) -> str:
    wanted = _checked(raw, "article")
    try:
        found = store.resolve_article_id(wanted)
    except AmbiguousId as error:
        raise HttpError(404, str(error)) from error
    if found is None:
        raise HttpError(404, f"no article {wanted!r}")
    return found


def story(store: Store, canonical_id: str) -> StoryReport:
    found = store.story_report(canonical_id)
    if found is None:
        raise HttpError(404, f"no story {canonical_id!r}")
    return found


def article(store: Store, canonical_id: str) -> tuple[ArticleRecord, list[StoryListing]]:
    """The article in full, and the stories it is in."""
    found = store.article_records([canonical_id])
    if not found:
        raise HttpError(404, f"no article {canonical_id!r}")
    listings = (store.story_listing(s) for s in store.stories_of_articles([canonical_id]))
    return found[0], [s for s in listings if s is not None]


def article_links(store: Store, listings: list[StoryListing]) -> list[Link]:
    """The derivation links of the stories an article is in."""
    return [k for s in listings for k in store.links_of(s.id) if k.kind != "independent"]
