"""Where a story's sources disagree, as cards a desk reads side by side: for each
conflict both figures (or days, or wordings), who gives each and in which article,
each article's date and place among the story's sources, why the two were compared,
and which obvious explanation (scope, time, source) accounts for the gap.

Three kinds of card, in this order: conflicting figures (`Conflict`), days of one
event given apart by independent sources (`DayConflict`), and changes a rewrite or
copy introduced into what it took that contradict its source (a `Discrepancy` with
no `not_a_conflict` reason). Every side links to its span.
"""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.model import (
    Citation,
    Conflict,
    ConflictCheck,
    DayConflict,
    FactClaim,
    Link,
    StoryReport,
)
from storydesk.reconcile.explain import figure_time
from storydesk.write.desk_refs import Linker, Ref, Refs, name_articles
from storydesk.write.outlet_names import date_mark
from storydesk.write.story_changes import (
    KIND_LABELS,
    changes_by_derivation,
    derivation_noun,
    introduced_by,
)
from storydesk.write.story_labels import value_range


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a conflict: what one article says, and who it says says so."""

    says: str  # "more than 13,300", "Friday (2031-05-02)", the source's words
    detail: str  # "13,300–14,630 Palestinians killed", "" when nothing to add
    according_to: str  # "the Health Ministry in Hamas-ruled Gaza", "" for a rewrite's words
    when: str  # for when the figure holds ("from 2023-10-07 ..., told 2023-12-02")
    ref: Ref  # the span
    article_title: str
    published: str  # the article's date ("2023-12-02", "2023-12-02*", "undated")
    standing: str  # "independent source", "a rewrite of The Hill", "the source"


@dataclass(frozen=True, slots=True)
class Check:
    kind: str  # scope, time, source
    applies: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ConflictCard:
    kind: str  # "figures", "days", "introduced"
    heading: str  # "Palestinians killed: more than 13,300 vs at least 15,207"
    label: str  # "conflicting figures", "date of the event", ...
    first: Side
    second: Side
    explanation: str  # one human sentence (ids said as a reader knows them)
    reason: str  # why the two were compared ("" when not recorded)
    checks: tuple[Check, ...]
    others: tuple[Ref, ...] = ()  # further articles siding with the first side
    compare_href: str | None = None  # the side-by-side view of a derivation


class _Sides:
    """What every side needs to know about the story's articles."""

    def __init__(self, story: StoryReport, links: Linker) -> None:
        self.refs = Refs(story, links)
        self.titles = {a.id: a.title for a in story.articles}
        self.dates = {
            a.id: a.published.date().isoformat() + date_mark(a.basis) if a.published else "undated"
            for a in story.articles
        }
        self.standing: dict[str, str] = {}
        for k in story.sources.derivations:
            noun = "a near-verbatim copy" if k.kind == "duplicate" else "a rewrite"
            if k.direction == "unknown":
                noun += " (or the source)"
            self.standing[k.derived_id] = f"{noun} of {self.refs.label(k.source_id)}"
            self.standing.setdefault(k.source_id, "copied by others in the story")
        # An outlet only guessed (a page template, a dateline) is said to be one here,
        # where a reader decides whom to believe.
        self.guessed = {
            a.id for a in story.articles if a.outlet and a.basis.outlet and a.basis.outlet.inferred
        }

    def side(self, span: Citation | FactClaim, says: str, detail: str = "",
             according_to: str = "", when: str = "") -> Side:  # fmt: skip
        article_id = span.article_id
        return Side(
            says,
            detail,
            according_to,
            when,
            self.refs.ref(span),
            self.titles.get(article_id, ""),
            self.dates.get(article_id, "undated"),
            self.standing.get(article_id, "an independent source")
            + ("; outlet inferred, not stated" if article_id in self.guessed else ""),
        )


def _checks(checks: tuple[ConflictCheck, ...]) -> tuple[Check, ...]:
    return tuple(Check(c.kind, c.applies, c.reason) for c in checks)


def _according_to(claim: FactClaim) -> str:
    return (claim.attribution or claim.relayed_from or "the outlet's own reporting").strip()


def _figure(sides: _Sides, claim: FactClaim) -> Side:
    counted = f" {claim.counted}" if claim.counted else ""
    return sides.side(
        claim,
        claim.text,
        f"{value_range(claim.value_low, claim.value_high)}{counted}",
        _according_to(claim),
        figure_time(claim),
    )


def _figures_card(sides: _Sides, c: Conflict, names: dict[str, str]) -> ConflictCard:
    what = c.first.counted or c.second.counted or c.topic
    return ConflictCard(
        "figures",
        f"{what}: {c.first.text} vs {c.second.text}",
        "conflicting figures",
        _figure(sides, c.first),
        _figure(sides, c.second),
        name_articles(c.explanation, names),
        c.reason,
        _checks(c.checks),
    )


def _days_card(sides: _Sides, d: DayConflict) -> ConflictCard:
    return ConflictCard(
        "days",
        f"{d.event}: {d.first_day} vs {d.second_day}",
        "day of the event",
        sides.side(d.first, d.first_day),
        sides.side(d.second, d.second_day),
        d.explanation,
        d.reason,
        _checks(d.checks),
    )


def _introduced_cards(story: StoryReport, sides: _Sides, links: Linker) -> list[ConflictCard]:
    cards = []
    for change in changes_by_derivation(story):
        link: Link | None = change.link
        noun = derivation_noun(link)
        for d in change.discrepancies:
            if d.not_a_conflict:
                continue  # listed under its derivation only
            label = KIND_LABELS[d.kind]
            cards.append(
                ConflictCard(
                    "introduced",
                    introduced_by(d, link, sides.refs.label),
                    label,
                    sides.side(d.source_span, d.source_text),
                    sides.side(d.derived_span, d.derived_text),
                    d.explanation,
                    f"the {noun} changed the {label} it took from its source",
                    (),
                    sides.refs.per_article(d.others),
                    links.compare(d.derived_id, d.source_id),
                )
            )
    return cards


def conflict_cards(story: StoryReport, links: Linker) -> tuple[ConflictCard, ...]:
    """Every disagreement of the story as a card: figures, days, then what rewrites
    and copies introduced."""
    sides = _Sides(story, links)
    names = sides.refs.short
    return (
        *(_figures_card(sides, c, names) for c in story.conflicts),
        *(_days_card(sides, d) for d in story.day_conflicts),
        *_introduced_cards(story, sides, links),
    )
