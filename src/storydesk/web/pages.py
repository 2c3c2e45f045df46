"""HTML pages of the web server: the story list, one story, one article, search
results, errors; each a template of `storydesk/templates/` (autoescaped).

A story is shown through the same section templates as report.html
(`templates/story/`), so it looks the same in both. The pages carry the report's
Content-Security-Policy, and the server sends it as a header too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from storydesk.model import (
    ArticleRecord,
    DateMention,
    StoryListing,
    StoryMatches,
    StoryReport,
    WordVariants,
)
from storydesk.store.search import MARK_END, MARK_START
from storydesk.write.desk_article import ArticleEvidence
from storydesk.write.desk_compare import CompareView
from storydesk.write.desk_entity import EntityView
from storydesk.write.desk_outlet import OutletView
from storydesk.write.desk_refs import WebLinks
from storydesk.write.outlet_names import INFERRED_LEGEND, listed_outlets, outlet_name
from storydesk.write.story_view import StoryView
from storydesk.write.templates import render

__all__ = ["article_page", "compare_page", "entity_page", "error_page",
           "index_page", "outlet_page", "search_page", "story_page"]  # fmt: skip

MAX_QUOTE_CHARS = 300  # a quote longer than this is cut in the claims table
WEB_LINKS = WebLinks()  # citations open the article page with the span highlighted


def story_href(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def date_range(date: DateMention) -> str:
    first, last = date.value, date.value_end
    if not first:
        return "unresolved"
    return f"{first} – {last}" if last and last != first else first


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces: the store marks matched words with
    MARK_START ... MARK_END."""
    pieces: list[tuple[str, bool]] = []
    for n, part in enumerate(snippet.split(MARK_START)):
        matched, _, rest = part.partition(MARK_END) if n else ("", "", part)
        if matched:
            pieces.append((matched, True))
        if rest:
            pieces.append((rest, False))
    return pieces


_HELPERS: dict[str, Any] = {
    "story_href": story_href,
    "article_href": article_href,
    "listed_outlets": listed_outlets,
    "outlet_name": outlet_name,
    "date_range": date_range,
    "snippet_pieces": snippet_pieces,
    "legend": INFERRED_LEGEND,
    "max_quote": MAX_QUOTE_CHARS,
}


def _page(template: str, title: str, **context: Any) -> str:
    return render(template, title=title, **_HELPERS, **context)


def index_page(
    rows: Sequence[StoryListing], page_no: int, pages: int, articles: int, stories: int
) -> str:
    """One page of the story list; `articles` and `stories` are the store's totals."""
    return _page("index.html", "storydesk stories", rows=rows, page_no=page_no,
                 pages=max(pages, 1), articles=articles, stories=stories)  # fmt: skip


def story_page(story: StoryReport) -> str:
    """One story in desk order under its clean title, every citation a link to its
    span on the article's page (so the page carries no article in full)."""
    view = StoryView(story, WEB_LINKS)
    return _page("story.html", view.desk.title or story.id, view=view)


def article_page(
    record: ArticleRecord, stories: Sequence[StoryListing], evidence: ArticleEvidence
) -> str:
    """An article: the stories it is in, its metadata's bases, its copies and
    rewrites, its text with the cited span marked, its claims."""
    return _page("article.html", record.display_title, record=record, stories=stories,
                 evidence=evidence)  # fmt: skip


def compare_page(view: CompareView, story_id: str | None) -> str:
    """A derived article beside its source."""
    title = f"{view.derived.label} beside {view.source.label}"
    return _page("desk/compare_page.html", title, compare=view,
                 back_href=story_href(story_id) if story_id else "")  # fmt: skip


def entity_page(view: EntityView) -> str:
    return _page("desk/entity_page.html", view.name, entity=view)


def outlet_page(view: OutletView) -> str:
    return _page("desk/outlet_page.html", view.name, outlet=view)


def search_page(query: str, results: Sequence[StoryMatches],
                expansions: Sequence[WordVariants] = (),
                filters: Mapping[str, str | None] | None = None) -> str:  # fmt: skip
    return _page("search.html", f"Search: {query}" if query else "Search", query=query,
                 results=results, expansions=expansions,
                 filters=dict(filters or {}))  # fmt: skip


def error_page(status: int, message: str) -> str:
    return _page("error.html", str(status), message=message)
