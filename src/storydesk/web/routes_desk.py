"""The desk's evidence pages: a derived article beside its source, an entity across
stories, an outlet's articles and derivations. (The article page's `?hl=` span is
routes_html.article.) Each reads on a worker thread inside one snapshot, like every
page; names in the address are checked and bounded before they reach the store."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from storydesk.model import StoryReport
from storydesk.store.store import Store
from storydesk.web import lookups, pages
from storydesk.web.errors import HttpError
from storydesk.web.pages import WEB_LINKS as LINKS
from storydesk.web.routes_html import html, reader
from storydesk.write.desk_compare import compare_view
from storydesk.write.desk_entity import entity_view
from storydesk.write.desk_outlet import outlet_view

MAX_NAME = 200  # characters of an entity or outlet name in an address
ENTITY_STORIES = 20  # stories searched for an entity's name (and for each spelling)
MAX_SPELLINGS = 4  # other spellings searched for more stories
OUTLET_ARTICLES = 200  # an outlet's newest articles listed

router = APIRouter(include_in_schema=False)


def _name(raw: str, kind: str) -> str:
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME:
        raise HttpError(404, f"no {kind} {raw[:80]!r}")
    return name


@router.get("/articles/{article_id}/compare/{source_id}")
async def compare(request: Request, article_id: str, source_id: str) -> Response:
    def work(store: Store) -> Response:
        derived = lookups.article_id(store, article_id)
        source = lookups.article_id(store, source_id)
        if (derived, source) != (article_id, source_id):
            return RedirectResponse(LINKS.compare(derived, source) or "/", 302)
        story_id = store.story_of(derived)
        pair = {derived, source}
        link = next(
            (k for k in (store.links_of(story_id) if story_id else ())
             if {k.source_id, k.derived_id} == pair and k.kind != "independent"),
            None,
        )  # fmt: skip
        if link is None:
            raise HttpError(404, "these two articles are not a copy or rewrite of each other")
        results = store.story_results(story_id) if story_id else None
        records = {r.id: r for r in store.article_records([link.source_id, link.derived_id])}
        view = compare_view(
            records[link.source_id],
            records[link.derived_id],
            link,
            results.discrepancies if results else (),
            LINKS,
        )
        return html(pages.compare_page(view, story_id))

    return await reader(request).read(work)


def _stories_naming(store: Store, name: str) -> list[StoryReport]:
    ids = [m.id for m in store.search_stories(name, ENTITY_STORIES) if m.id is not None]
    return [r for r in (store.story_report(i) for i in ids) if r is not None]


@router.get("/entities/{name}")
async def entity(request: Request, name: str) -> Response:
    wanted = _name(name, "entity")

    def work(store: Store) -> Response:
        stories = {r.id: r for r in _stories_naming(store, wanted)}
        view = entity_view(wanted, list(stories.values()), LINKS)
        # Stories that spell the name only another way ("Barnia" for "Barnea").
        for spelling in view.spellings[1 : 1 + MAX_SPELLINGS]:
            for report in _stories_naming(store, spelling):
                stories.setdefault(report.id, report)
        view = entity_view(wanted, list(stories.values()), LINKS)
        if not view.stories:
            raise HttpError(404, f"no story names {wanted[:80]!r}")
        return html(pages.entity_page(view))

    return await reader(request).read(work)


@router.get("/outlets/{name}")
async def outlet(request: Request, name: str) -> Response:
    wanted = _name(name, "outlet")

    def work(store: Store) -> Response:
        found = store.outlet_name(wanted)
        if found is None:
            raise HttpError(404, f"no outlet {wanted[:80]!r}")
        if found != wanted:
            return RedirectResponse(LINKS.outlet(found) or "/", 302)
        articles = store.outlet_articles(found, OUTLET_ARTICLES)
        links = store.outlet_links(found)
        named = sorted({i for k in links for i in (k.source_id, k.derived_id)})
        view = outlet_view(
            found,
            store.outlet_article_count(found),
            articles,
            links,
            store.outlets_of(named),
            store.story_ids_by_article([a.id for a in articles]),
            LINKS,
        )
        return html(pages.outlet_page(view))

    return await reader(request).read(work)
