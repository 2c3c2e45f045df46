"""What a story establishes, strongest first: the claims and the figures that at
least two independent sources state, each with its independent-source count and a
link to every article that states it.

Independence is what the story stage counted (`StoryClaim.support`, `Fact.support`):
a rewrite, a copy or a second report of one outlet adds its article to its source's
entry, never a source of its own, so nothing here re-counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storydesk.model import StoryReport
from storydesk.write.desk_refs import Linker, Ref, Refs
from storydesk.write.story_labels import fact_summary, value_range

MIN_SOURCES = 2  # "established": stated by at least this many independent sources
SHOWN = 20  # items before the rest are folded away


@dataclass(frozen=True, slots=True)
class Established:
    """One established statement: a claim's best wording, or a figure with its
    consensus range."""

    kind: str  # "claim" or "figure"
    text: str
    sources: int  # independent sources
    articles: int  # articles stating it, rewrites included
    refs: tuple[Ref, ...]  # one per article, the first its best wording
    consensus: str = ""  # a figure's range ("400–440")
    attributed_to: tuple[str, ...] = ()  # whom a figure is attributed to


@dataclass(frozen=True, slots=True)
class EstablishedView:
    shown: tuple[Established, ...]
    folded: tuple[Established, ...]

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.folded)


def established(story: StoryReport, links: Linker, shown: int = SHOWN) -> EstablishedView:
    """The story's established claims and figures, most independent sources first
    (claims before figures at equal support: a sentence reads better than a number)."""
    refs = Refs(story, links)
    items = [
        Established(
            "claim",
            c.text,
            c.support,
            len({x.article_id for x in c.citations}),
            refs.per_article(c.citations),
        )
        for c in story.claims
        if c.support >= MIN_SOURCES
    ] + [
        Established(
            "figure",
            fact_summary(f),
            f.support,
            len({x.article_id for x in f.claims}),
            refs.per_article(f.claims),
            consensus=value_range(f.value_low, f.value_high),
            attributed_to=distinct_attributions(f.attributions),
        )
        for f in story.facts
        if f.support >= MIN_SOURCES and f.claims
    ]
    # A stable sort keeps the stage's own order (best supported first) within a count.
    items.sort(key=lambda e: (-e.sources, e.kind != "claim"))
    return EstablishedView(tuple(items[:shown]), tuple(items[shown:]))


def distinct_attributions(attributions: Sequence[str | None]) -> tuple[str, ...]:
    """Whom a figure is attributed to, each once: the same name in another case once,
    and a back-reference ("the service") left out where a fuller name with the same
    head word is there ("the Eastland Regional Emergency Service")."""
    named: dict[str, str] = {}
    for attribution in attributions:
        if attribution and attribution.casefold() not in named:
            named[attribution.casefold()] = attribution
    fuller_heads = {key.split()[-1] for key in named if len(key.split()) > 2}
    return tuple(
        shown for key, shown in named.items()
        if not (len(key.split()) <= 2 and key.startswith("the ")
                and key.split()[-1] in fuller_heads)
    )  # fmt: skip
