"""Links from what a story page says to the articles it rests on: each cited article
once, linked to its card, with the cited characters shown on hover."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from storydesk.model import Citation, FactClaim, StoryReport
from storydesk.write.outlet_names import article_names

Refs = Callable[[Iterable[Citation | FactClaim]], str]

REFS_SHOWN = 12  # linked articles after one statement before "+ N more"


def outlet_names(story: StoryReport) -> dict[str, str]:
    """The outlet of each of the story's articles, for citations (one look-up per
    citation instead of a scan of the articles: a big story cites thousands); an
    inferred outlet is marked "*", a missing one is "outlet unknown"."""
    return article_names(story)


def article_anchor(article_id: str) -> str:
    """The href of an article's card on the page (escaped for an attribute)."""
    return f"#a-{escape(article_id, quote=True)}"


def cite_links(story: StoryReport, limit: int | None = None) -> Refs:
    """A renderer of citations as links, one per article in order; past `limit`
    articles the rest are counted ("+ 4 more"): report.json lists them all."""
    names = outlet_names(story)

    def refs(citations: Iterable[Citation | FactClaim]) -> str:
        seen: dict[str, str] = {}
        for c in citations:
            article_id = c.article_id
            if article_id in seen:
                continue
            seen[article_id] = (
                f'<a class="cite" href="{article_anchor(article_id)}" '
                f'title="{escape(f"{article_id[:8]} chars {c.start}-{c.end}", quote=True)}">'
                f"{escape(names.get(article_id, article_id[:8]))}</a>"
            )
        links = list(seen.values())
        if limit is None or len(links) <= limit:
            return " ".join(links)
        return " ".join(links[:limit]) + f" + {len(links) - limit} more"

    return refs


def span_link(span: Citation, names: dict[str, str]) -> str:
    """ "Outlet @120–146" linked to the article's card; the characters on hover."""
    where = str(span.start) if span.start == span.end else f"{span.start}–{span.end}"
    return (
        f'<a class="cite" href="{article_anchor(span.article_id)}" '
        f'title="{escape(f"{span.article_id[:8]} chars {span.start}-{span.end}", quote=True)}">'
        f"{escape(names.get(span.article_id, span.article_id[:8]))} @{where}</a>"
    )
