"""HTML pages of the web server: the story list, one story, one article.

They reuse the report's renderers (`write.html_report`), so a story looks the same in
`report.html` and on the server. Every piece of article text goes through `escape`;
the pages also carry the report's Content-Security-Policy, and the server sends it
as a header too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from storydesk.model import (
    ArticleClaims,
    ArticleRecord,
    Credit,
    DateMention,
    NumericClaim,
    Quote,
    StoryListing,
    StoryMatches,
    StoryReport,
    WordVariants,
    speaker_label,
)
from storydesk.store.search import MARK_END, MARK_START
from storydesk.write.html_report import MAX_FULL_ARTICLES, article_card, iso, page, story_section
from storydesk.write.outlet_names import INFERRED_LEGEND, listed_outlets, outlet_name

_NAV = (
    '<nav class="muted"><a href="/">Stories</a> · <a href="/api">JSON API</a> · '
    '<form action="/search" method="get" style="display:inline">'
    '<input name="q" type="search" placeholder="search articles" maxlength="200"></form></nav>'
)
MAX_QUOTE_CHARS = 300  # a quote longer than this is cut in the claims table


def _link(href: str, label: str) -> str:
    """An anchor; `href` is built here from quoted ids, `label` is escaped."""
    return f'<a href="{escape(href, quote=True)}">{escape(label)}</a>'


def _span(item: Quote | NumericClaim | Credit | DateMention) -> str:
    return f"<td class=muted>{int(item.start)}–{int(item.end)}</td>"


def story_href(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def index_page(
    rows: Sequence[StoryListing], page_no: int, pages: int, articles: int, stories: int
) -> str:
    """One page of the story list; `articles` and `stories` are the store's totals."""
    table = "".join(
        "<tr>"
        f"<td>{_link(story_href(r.id), r.title or r.id)}"
        f'<div class="muted">{escape(r.id)}</div></td>'
        f"<td>{int(r.size)}</td>"
        f"<td>{escape(iso(r.first_seen)[:10])} – {escape(iso(r.last_seen)[:10])}</td>"
        f"<td>{escape(', '.join(listed_outlets(r)))}</td>"
        "</tr>"
        for r in rows
    )
    marked = any(r.inferred_outlets for r in rows)
    legend = f'<p class="muted">{escape(INFERRED_LEGEND)}</p>' if marked else ""
    links = []
    if page_no > 1:
        links.append(f'<a href="/?page={page_no - 1}">← newer pages</a>')
    if page_no < pages:
        links.append(f'<a href="/?page={page_no + 1}">more →</a>')
    body = (
        f'<div class="muted">{articles} articles · {stories} stories · '
        f"page {page_no} of {max(pages, 1)}</div>"
        "<table><tr><th>Story</th><th>Articles</th><th>Dates</th><th>Outlets</th></tr>"
        f"{table or '<tr><td colspan=4 class=muted>No stories yet: run storydesk add.</td></tr>'}"
        f"</table>{legend}<p>{' · '.join(links)}</p>"
    )
    return page("storydesk stories", body, _NAV)


def story_page(story: StoryReport, records: Sequence[ArticleRecord]) -> str:
    """One story (brief, facts, conflicts, timeline, sources), a link to every article
    and the first MAX_FULL_ARTICLES in full (`records`): the story's citations point
    at those cards."""
    cards = "".join(article_card(r) for r in records[:MAX_FULL_ARTICLES])
    hidden = len(story.articles) - min(len(records), MAX_FULL_ARTICLES)
    if hidden > 0:
        cards += f'<p class="muted">{hidden} more articles: see their pages above.</p>'
    listing = "".join(
        f"<li>{_link(article_href(a.id), a.title or a.id)} "
        f"<span class=muted>{escape(outlet_name(a.outlet, a.basis))}</span></li>"
        for a in story.articles
    )
    body = (
        f'<div class="muted">{_link("/api" + story_href(story.id), "this story as JSON")}</div>'
        f"{story_section(story)}"
        f"<h2>Article pages</h2><ul>{listing}</ul>"
        f"<h2>Articles in full</h2>{cards}"
    )
    return page(story.title or story.id, body, _NAV)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _date_range(date: DateMention) -> str:
    first, last = date.value, date.value_end
    if not first:
        return "unresolved"
    return f"{first} – {last}" if last and last != first else first


def _claims_section(claims: ArticleClaims | None) -> str:
    if claims is None:
        return '<p class="muted">No claims extracted yet.</p>'
    quotes = "".join(
        f"<tr><td>{escape(speaker_label(q.speaker))}</td>"
        f"<td>“{escape(_cut(q.text, MAX_QUOTE_CHARS))}”</td>{_span(q)}</tr>"
        for q in claims.quotes
    )
    numbers = "".join(
        f"<tr><td>{escape(n.text)}</td><td>{escape(n.counted or '')}</td>"
        f"<td>{escape(', '.join(n.scope))}</td>"
        f"<td>{escape(n.attribution or '')}</td><td>{escape(n.as_of or '')}</td>"
        f"{_span(n)}</tr>"
        for n in claims.numbers
    )
    credits = "".join(
        f"<tr><td>{escape(c.source)}</td><td>{escape(c.kind.replace('_', ' '))}</td>{_span(c)}</tr>"
        for c in claims.credits
    )
    dates = "".join(
        f"<tr><td>{escape(d.text)}</td><td>{escape(_date_range(d))}</td>"
        f"<td>{'relative' if d.relative else ''}</td>{_span(d)}</tr>"
        for d in claims.dates
    )

    def table(title: str, head: str, rows: str) -> str:
        count = rows.count("<tr>")
        if not rows:
            return f"<h4>{title} (0)</h4>"
        return f"<h4>{title} ({count})</h4><table><tr>{head}</tr>{rows}</table>"

    return (
        table("Quotes", "<th>Speaker</th><th>Quote</th><th>Span</th>", quotes)
        + table(
            "Numbers",
            "<th>Figure</th><th>Counted</th><th>Scope</th><th>Source</th><th>As of</th>"
            "<th>Span</th>",
            numbers,
        )
        + table("Credited sources", "<th>Source</th><th>How</th><th>Span</th>", credits)
        + table("Dates", "<th>Text</th><th>Resolved</th><th></th><th>Span</th>", dates)
    )


def article_page(record: ArticleRecord, stories: Sequence[StoryListing]) -> str:
    in_stories = "".join(
        f"<li>{_link(story_href(s.id), s.title or s.id)}"
        f" <span class=muted>{int(s.size)} articles</span></li>"
        for s in stories
    )
    body = (
        f'<div class="muted">{_link("/api" + article_href(record.id), "this article as JSON")}'
        "</div>"
        f"<h2>Story</h2><ul>{in_stories or '<li class=muted>not in a story</li>'}</ul>"
        f"<h2>Claims</h2>{_claims_section(record.claims)}"
        f"<h2>Article</h2>{article_card(record)}"
    )
    return page(record.display_title, body, _NAV)


def _marked(snippet: str) -> str:
    """A search snippet with its matched words highlighted; the text is escaped first."""
    return escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_page(query: str, results: Sequence[StoryMatches],
                expansions: Sequence[WordVariants] = ()) -> str:  # fmt: skip
    sections = [
        f'<p class="muted">Also searched: {escape(" or ".join(e.variants))} for '
        f"{escape(e.word)} (spellings of one name in the stories).</p>"
        for e in expansions
    ]
    for story in results:
        hits = "".join(
            f"<li>{_link(article_href(h.id), h.title or h.id)} "
            f"<span class=muted>{escape(outlet_name(h.outlet))} {escape(iso(h.published)[:10])}"
            f"</span><div>{_marked(h.snippet or '')}</div></li>"
            for h in story.articles
        )
        heading = (
            _link(story_href(story.id), story.title or story.id)
            if story.id
            else escape(story.title)
        )
        sections.append(
            f'<section class="card"><h3>{heading}</h3><div class="muted">'
            f"{int(story.matches)} of {int(story.size)} articles match</div>"
            f"<ul>{hits}</ul></section>"
        )
    if not query:
        body = '<p class="muted">Type words to find the stories whose articles hold them all.</p>'
    else:
        nothing = f'<p class="muted">Nothing matches {escape(query)}.</p>'
        body = "".join(sections) if results else nothing
    return page(f"Search: {query}" if query else "Search", body, _NAV)


def error_page(status: int, message: str) -> str:
    return page(f"{status}", f"<p>{escape(message)}</p>", _NAV)
