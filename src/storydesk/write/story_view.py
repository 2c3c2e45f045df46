"""A story arranged for its HTML templates (`templates/story/*.html` and the desk
partials `templates/desk/*.html`): the desk's view models (write/desk_story.py), each
citation as a link to its span, the single-source figures, the timeline by
background. Plain values, which the templates escape where they print them, except
the citation links (`cites`), built and escaped here.

Links go where `links` says: on the web to the article page with the span
highlighted (`/articles/ID?hl=START-END#hl`), in report.html to the article's card in
the same file (the default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from html import escape

from markupsafe import Markup

from storydesk.model import CanonicalEntity, Fact, StoryReport, TimelineEntry
from storydesk.write.desk_refs import Linker, Ref, ReportLinks, Span
from storydesk.write.desk_story import DeskStory, desk_story
from storydesk.write.outlet_names import INFERRED_LEGEND, any_inferred
from storydesk.write.story_labels import entity_kind, fact_summary, value_range, when_label

REFS_SHOWN = 12  # linked articles after one statement before "+ N more"
ENTITIES_SHOWN = 30
ALSO_SHOWN = 30  # "also mentioned" names shown


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the facts or timeline table, its cells ready to print: a big story
    has hundreds, and a call from the template per cell was most of its page's time."""

    first: str  # the fact, or when
    second: str  # its consensus range, or what happened
    sources: int  # independent sources
    attributed: str  # to whom the fact is attributed ("" in the timeline)
    cites: Markup


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    detail: str  # "PERSON = Varga · speaker · 4"
    href: str | None  # the entity's page (None in report.html)


@dataclass(frozen=True, slots=True)
class QuoteLink:
    """One article's wording of a quote group, linked to the quotation in it."""

    name: str
    note: str  # its own attribution when it differs (" (says Israel)")
    differences: str  # "fulfill -> fulfil", or "same wording"
    href: str


class StoryView:
    """What the story templates read, computed once per render."""

    def __init__(self, story: StoryReport, links: Linker | None = None) -> None:
        self.story = story
        self.links: Linker = links if links is not None else ReportLinks()
        # report.html heads each story with its title; a web page's <h1> is the title.
        self.in_report = isinstance(self.links, ReportLinks)
        self.titles = {a.id: a.title for a in story.articles}

    @cached_property
    def desk(self) -> DeskStory:
        return desk_story(self.story, self.links)

    @property
    def names(self) -> dict[str, str]:
        return self.desk.refs.labels

    def name(self, article_id: str) -> str:
        return self.desk.refs.label(article_id)

    def cites(self, citations: Iterable[Span], limit: int | None = REFS_SHOWN) -> Markup:
        """Each cited article once, in order, as a link to its first cited span;
        past `limit` the rest are only counted ("+ 4 more": report.json lists them
        all). "<a ...>CNN</a> <a ...>The Hill</a> + 4 more".

        Markup built here, every value escaped: a big story has thousands of
        citations, and a template macro per citation was most of its page's time."""
        return self.ref_links(self.desk.refs.per_article(citations), limit)

    def ref_links(self, refs: Sequence[Ref], limit: int | None = REFS_SHOWN) -> Markup:
        """References as links, ", "-separated, past `limit` counted ("+ 4 more")."""
        shown = refs if limit is None else refs[:limit]
        links = ", ".join(
            f'<a class="cite" href="{escape(r.href)}"'
            + (f' title="{escape(r.where)}">' if r.where else ">")
            + f"{escape(r.label)}</a>"
            for r in shown
        )
        more = len(refs) - len(shown)
        return Markup(links + (f" + {more} more" if more else ""))

    def _fact_rows(self, facts: Iterable[Fact]) -> list[Row]:
        return [
            Row(fact_summary(f), value_range(f.value_low, f.value_high), f.support,
                ", ".join(a for a in f.attributions if a) or "own reporting", self.cites(f.claims))
            for f in facts
        ]  # fmt: skip

    @cached_property
    def single(self) -> list[Row]:
        """The figures one source alone gives (those of several are established)."""
        return self._fact_rows(f for f in self.story.facts if f.support < 2)

    def _timeline_rows(self, entries: Iterable[TimelineEntry]) -> list[Row]:
        return [Row(when_label(e), e.text, e.sources, "", self.cites(e.citations)) for e in entries]

    @cached_property
    def background(self) -> list[Row]:
        return self._timeline_rows(e for e in self.story.timeline if e.background)

    @cached_property
    def current(self) -> list[Row]:
        return self._timeline_rows(e for e in self.story.timeline if not e.background)

    @cached_property
    def quotes(self) -> list[list[QuoteLink]]:
        """Per quote group, each article's wording linked to its quotation."""
        return [
            [
                QuoteLink(
                    self.name(v.article_id),
                    v.speaker_note(group.speaker),
                    "; ".join(v.differences) or "same wording",
                    self.links.quote(v.article_id, v.quote_index),
                )
                for v in group.variants
            ]
            for group in self.story.quote_groups
        ]

    @cached_property
    def entities(self) -> list[EntityView]:
        listed = [e for e in self.story.entities if not e.also_mentioned]
        return [self._entity(e) for e in listed[:ENTITIES_SHOWN]]

    @cached_property
    def also_mentioned(self) -> list[EntityView]:
        """Names the story gives once with a weak label (reconcile.entity_evidence):
        shown apart, said to be unchecked."""
        apart = [e for e in self.story.entities if e.also_mentioned]
        return [self._entity(e) for e in apart[:ALSO_SHOWN]]

    def _entity(self, entity: CanonicalEntity) -> EntityView:
        variants = [v for v in entity.variants if v != entity.name]
        detail = f" = {', '.join(variants)}" if variants else ""
        roles = f" · {', '.join(entity.roles)}" if entity.roles else ""
        return EntityView(
            entity.name,
            f"{entity_kind(entity.label)}{detail}{roles} · {len(entity.mentions)}",
            self.links.entity(entity.name),
        )

    @cached_property
    def legend(self) -> str:
        """The note on inferred outlets and dates, when the story has one."""
        if not any_inferred(self.story):
            return ""
        return f"{INFERRED_LEGEND}: each article's card says from what"
