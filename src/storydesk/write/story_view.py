"""A story arranged for its HTML templates (`templates/story/*.html`): each
citation as the article it links to, the facts split by support, the timeline by
background, each discrepancy with who introduced it. Plain values, which the
templates escape where they print them, except the citation links (`cites`), built
and escaped here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from html import escape

from markupsafe import Markup

from storydesk.model import (
    CanonicalEntity,
    Citation,
    Discrepancy,
    Fact,
    FactClaim,
    Link,
    StoryClaim,
    StoryReport,
    TimelineEntry,
)
from storydesk.write.outlet_names import INFERRED_LEGEND, any_inferred, article_names, name_ids
from storydesk.write.story_changes import (
    KIND_LABELS,
    DerivationChanges,
    changes_by_derivation,
    derivation_noun,
    introduced_by,
)
from storydesk.write.story_labels import fact_summary, value_range, when_label

REFS_SHOWN = 12  # linked articles after one statement before "+ N more"
ESTABLISHED_SHOWN = 20  # claims listed before the rest are folded away
ENTITIES_SHOWN = 30


@dataclass(frozen=True, slots=True)
class Cite:
    """One cited article: its id, the first cited span in it and its outlet's name."""

    id: str
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Refs:
    links: tuple[Cite, ...]
    more: int  # cited articles not linked ("+ 4 more")


@dataclass(frozen=True, slots=True)
class Change:
    """One discrepancy of a derivation, for its row and its item among disagreements."""

    kind: str
    item: Discrepancy
    source: Cite
    derived: Cite
    introduced: str  # "Introduced by rewrite dddd4444 (Daily Quay)"


@dataclass(frozen=True, slots=True)
class DerivationView:
    derived_id: str
    source_id: str
    noun: str  # "a rewrite of", "a near-verbatim copy of", "derived from"
    kind: str  # "rewrite", "copy", "derived article"
    unknown: bool  # which came first is unknown
    changes: tuple[Change, ...]


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


_NOUNS = {"copy": "a near-verbatim copy of", "rewrite": "a rewrite of"}


class StoryView:
    """What the story templates read, computed once per render."""

    def __init__(self, story: StoryReport) -> None:
        self.story = story
        self.names = article_names(story)
        self.titles = {a.id: a.title for a in story.articles}
        self.credits = {a.id: a.credits for a in story.articles}

    def name(self, article_id: str) -> str:
        return self.names.get(article_id, article_id[:8])

    def cite(self, span: Citation | FactClaim) -> Cite:
        return Cite(span.article_id, span.start, span.end, self.name(span.article_id))

    def refs(
        self, citations: Iterable[Citation | FactClaim], limit: int | None = REFS_SHOWN
    ) -> Refs:
        """Each cited article once, in order; past `limit` the rest are only counted
        (report.json lists them all)."""
        seen: dict[str, Cite] = {}
        for c in citations:
            if c.article_id not in seen:
                seen[c.article_id] = self.cite(c)
        links = tuple(seen.values())
        if limit is None or len(links) <= limit:
            return Refs(links, 0)
        return Refs(links[:limit], len(links) - limit)

    def cites(
        self, citations: Iterable[Citation | FactClaim], limit: int | None = REFS_SHOWN
    ) -> Markup:
        """`refs` as links to the articles' cards, the cited characters on hover:
        "<a ...>CNN</a> <a ...>The Hill</a> + 4 more".

        Markup built here, every value escaped: a big story has thousands of
        citations, and a template macro per citation was most of its page's time."""
        refs = self.refs(citations, limit)
        links = " ".join(
            f'<a class="cite" href="#a-{escape(c.id)}" '
            f'title="{escape(c.id[:8])} chars {int(c.start)}-{int(c.end)}">{escape(c.name)}</a>'
            for c in refs.links
        )
        return Markup(links + (f" + {refs.more} more" if refs.more else ""))

    @cached_property
    def established(self) -> list[StoryClaim]:
        return [c for c in self.story.claims if c.support >= 2]

    def _fact_rows(self, facts: Iterable[Fact]) -> list[Row]:
        return [
            Row(fact_summary(f), value_range(f.value_low, f.value_high), f.support,
                ", ".join(a for a in f.attributions if a) or "own reporting", self.cites(f.claims))
            for f in facts
        ]  # fmt: skip

    @cached_property
    def corroborated(self) -> list[Row]:
        return self._fact_rows(f for f in self.story.facts if f.support >= 2)

    @cached_property
    def single(self) -> list[Row]:
        return self._fact_rows(f for f in self.story.facts if f.support < 2)

    def explanation(self, text: str) -> str:
        """An explanation with article ids replaced by their outlets."""
        return name_ids(text, self.names)

    @cached_property
    def derivations(self) -> list[DerivationView]:
        """What each derivation changed, one entry per derivation with changes."""
        return [self._derivation(c) for c in changes_by_derivation(self.story)]

    def _derivation(self, changes: DerivationChanges) -> DerivationView:
        link: Link | None = changes.link

        def ref(article_id: str) -> str:
            return f"{article_id[:8]} ({self.names.get(article_id, '?')})"

        rows = tuple(
            Change(
                KIND_LABELS[d.kind], d, self.cite(d.source_span), self.cite(d.derived_span),
                introduced_by(d, link, ref),
            )
            for d in changes.discrepancies
        )  # fmt: skip
        return DerivationView(
            changes.derived_id, changes.source_id,
            _NOUNS.get(derivation_noun(link), "derived from"), derivation_noun(link),
            link is not None and link.direction == "unknown", rows,
        )  # fmt: skip

    @cached_property
    def introduced(self) -> list[tuple[DerivationView, Change]]:
        """The discrepancies listed among the disagreements (those not held back)."""
        return [
            (d, c) for d in self.derivations for c in d.changes if not c.item.not_a_conflict
        ]

    @cached_property
    def disagreements(self) -> int:
        story = self.story
        return len(story.conflicts) + len(story.day_conflicts) + len(self.introduced)

    def _timeline_rows(self, entries: Iterable[TimelineEntry]) -> list[Row]:
        return [Row(when_label(e), e.text, e.sources, "", self.cites(e.citations)) for e in entries]

    @cached_property
    def background(self) -> list[Row]:
        return self._timeline_rows(e for e in self.story.timeline if e.background)

    @cached_property
    def current(self) -> list[Row]:
        return self._timeline_rows(e for e in self.story.timeline if not e.background)

    @cached_property
    def entities(self) -> list[EntityView]:
        return [_entity(e) for e in self.story.entities[:ENTITIES_SHOWN]]

    @cached_property
    def legend(self) -> str:
        """The note on inferred outlets and dates, when the story has one."""
        if not any_inferred(self.story):
            return ""
        return f"{INFERRED_LEGEND}: each article's card says from what"


def _entity(entity: CanonicalEntity) -> EntityView:
    variants = [v for v in entity.variants if v != entity.name]
    detail = f" = {', '.join(variants)}" if variants else ""
    roles = f" · {', '.join(entity.roles)}" if entity.roles else ""
    return EntityView(entity.name, f"{entity.label}{detail}{roles} · {len(entity.mentions)}")
