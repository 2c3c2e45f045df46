"""How the desk pages point at evidence: a reference to an article span, named as a
reader knows the article, and the two ways of turning it into a link.

On the web a reference opens the article page with the span highlighted and scrolled
into view (`/articles/ID?hl=START-END#hl`, no script needed); in the standalone
report.html it jumps to the article's card in the same file. The view models of the
desk pages (write/desk_*.py) take a `Linker` and hand the templates finished hrefs, so
one set of templates serves both.

An article whose outlet nothing states is not called "unknown outlet": it is named by
whom it credits, or by its short id and its first words, so two such articles on one
page can be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from storydesk.model import ArticleSummary, StoryReport
from storydesk.write.outlet_names import outlet_name

SHORT_ID = 8  # the characters of an id `storydesk show` takes
TITLE_WORDS = 6  # words of an unnamed article's title in its label


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to one span of one article: `label` names the article, `where` the
    characters ("chars 120–146"), `href` is ready for an attribute (autoescaped)."""

    article_id: str
    label: str
    href: str
    where: str


class Span(Protocol):
    """Anything that cites characters of an article: a Citation, a FactClaim, an
    EntityMention."""

    @property
    def article_id(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class Linker(Protocol):
    """Where a page's links go (the web server's routes, or anchors in one file)."""

    def article(self, article_id: str) -> str: ...

    def story(self, story_id: str) -> str: ...

    def span(self, article_id: str, start: int, end: int) -> str: ...

    def quote(self, article_id: str, index: int) -> str: ...

    def compare(self, derived_id: str, source_id: str) -> str | None: ...

    def entity(self, name: str) -> str | None: ...

    def outlet(self, name: str) -> str | None: ...


@lru_cache(maxsize=65536)
def _article_path(article_id: str) -> str:
    # Quoted once per article: a big story's page cites its articles thousands of times.
    return "/articles/" + quote(article_id, safe="")


class WebLinks:
    """The web server's routes: article pages with `?hl=`, the side-by-side view,
    entity and outlet pages."""

    def article(self, article_id: str) -> str:
        return _article_path(article_id)

    def story(self, story_id: str) -> str:
        return "/stories/" + quote(story_id, safe="")

    def span(self, article_id: str, start: int, end: int) -> str:
        # "#hl" is the id of the highlighted <mark>: the browser scrolls to it.
        return f"{self.article(article_id)}?hl={int(start)}-{int(end)}#hl"

    def quote(self, article_id: str, index: int) -> str:
        """A quotation by its index among the article's (a story's quote variants
        know no offsets): the page marks its span."""
        return f"{self.article(article_id)}?quote={int(index)}#hl"

    def compare(self, derived_id: str, source_id: str) -> str | None:
        return f"{self.article(derived_id)}/compare/{quote(source_id, safe='')}"

    def entity(self, name: str) -> str | None:
        return "/entities/" + quote(name, safe="")

    def outlet(self, name: str) -> str | None:
        return "/outlets/" + quote(name, safe="")


class ReportLinks:
    """report.html: every link stays inside the file (the article's card); there are
    no entity, outlet or side-by-side pages to go to."""

    def article(self, article_id: str) -> str:
        return "#a-" + quote(article_id, safe="")

    def story(self, story_id: str) -> str:
        return "#" + quote(story_id, safe="")

    def span(self, article_id: str, start: int, end: int) -> str:
        return self.article(article_id)

    def quote(self, article_id: str, index: int) -> str:
        return self.article(article_id)

    def compare(self, derived_id: str, source_id: str) -> str | None:
        return None

    def entity(self, name: str) -> str | None:
        return None

    def outlet(self, name: str) -> str | None:
        return None


def _first_words(title: str) -> str:
    words = title.split()
    shown = " ".join(words[:TITLE_WORDS])
    return f"“{shown}…”" if len(words) > TITLE_WORDS else f"“{shown}”"


def article_label(article: ArticleSummary) -> str:
    """ "The Hill", "ABP Live*" (inferred), "no outlet stated (f39caec6; credits The
    Hill)", "no outlet stated (65b953af: “Tel Aviv, Israel – In recent…”)"."""
    if article.outlet:
        return outlet_name(article.outlet, article.basis)
    if article.credits:
        return f"no outlet stated ({article.id[:SHORT_ID]}; credits {', '.join(article.credits)})"
    return f"no outlet stated ({article.id[:SHORT_ID]}: {_first_words(article.title)})"


def article_labels(story: StoryReport) -> dict[str, str]:
    """Each of the story's articles as the desk pages name it."""
    return {a.id: article_label(a) for a in story.articles}


def short_labels(story: StoryReport) -> dict[str, str]:
    """Each article in a sentence that names several: its outlet, or its short id."""
    return {
        a.id: outlet_name(a.outlet, a.basis) if a.outlet else a.id[:SHORT_ID]
        for a in story.articles
    }


_FULL_ID = re.compile(r"\b[0-9a-f]{16}\b")


def name_articles(text: str, labels: dict[str, str]) -> str:
    """A stored explanation with each full article id of the story replaced by the
    article's label (ids the story does not know are left as they are)."""
    return _FULL_ID.sub(lambda m: labels.get(m.group(), m.group()), text)


class Refs:
    """Turns a story's citations into `Ref`s (one look-up per citation: a big story
    cites thousands)."""

    def __init__(self, story: StoryReport, links: Linker) -> None:
        self.links = links
        self.labels = article_labels(story)
        self.short = short_labels(story)  # for ids inside stored sentences

    def label(self, article_id: str) -> str:
        return self.labels.get(article_id, article_id[:SHORT_ID])

    def ref(self, span: Span) -> Ref:
        start, end = int(span.start), int(span.end)
        where = f"char {start}" if start == end else f"chars {start}–{end}"
        return Ref(
            span.article_id,
            self.label(span.article_id),
            self.links.span(span.article_id, start, end),
            where,
        )

    def ref_article(self, article_id: str) -> Ref:
        """The whole article, not a span of it."""
        return Ref(article_id, self.label(article_id), self.links.article(article_id), "")

    def per_article(self, spans: Iterable[Span]) -> tuple[Ref, ...]:
        """One reference per article, the first span it is cited by, in order."""
        seen: dict[str, Ref] = {}
        for span in spans:
            if span.article_id not in seen:
                seen[span.article_id] = self.ref(span)
        return tuple(seen.values())
