"""An outlet's page: its articles (newest first, each with its story and whether it
is a copy or rewrite of another's report), and how often its reports are derived
from others' and others' from its own, by outlet.

A derivation whose direction is unknown is counted apart: it says the two reports
share their text, not which copied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storydesk.model import ArticleSummary, Link
from storydesk.write.desk_refs import SHORT_ID, Linker
from storydesk.write.outlet_names import outlet_name

UNNAMED = "articles with no outlet stated"


@dataclass(frozen=True, slots=True)
class OutletArticle:
    article_id: str
    title: str
    href: str
    published: str
    inferred: bool  # the outlet is a guess for this article
    story_id: str | None
    story_href: str | None
    derived_from: str  # "a rewrite of CNN" ("" when it is nobody's copy)
    copied_by: int  # reports of the story derived from it


@dataclass(frozen=True, slots=True)
class OutletView:
    name: str
    articles: int  # all its current articles
    shown: tuple[OutletArticle, ...]  # the newest of them
    derived: int  # its articles that copy or rewrite another's report
    derived_from: tuple[tuple[str, int], ...]  # from whom, most first
    copied: int  # its articles another report copies or rewrites
    copied_by: tuple[tuple[str, int], ...]
    unknown: int  # pairs sharing text, direction unknown
    own_outlet: int  # derivations between two of its own reports

    @property
    def derived_share(self) -> str:
        return f"{self.derived / self.articles:.0%}" if self.articles else "0%"


def _named(outlet: str | None) -> str:
    return outlet or UNNAMED


def outlet_view(
    name: str,
    count: int,
    articles: Sequence[ArticleSummary],
    links: Sequence[Link],
    outlets: Mapping[str, str | None],
    stories: Mapping[str, str],
    linker: Linker,
) -> OutletView:
    """`links` are the copies and rewrites its articles take part in, `outlets` the
    outlet of every article they name, `stories` the story of each shown article."""
    own = {i for i, o in outlets.items() if o == name}
    derived_from: Counter[str] = Counter()
    copied_by: Counter[str] = Counter()
    derived_ids: set[str] = set()
    copied_ids: set[str] = set()
    unknown = same = 0
    parent: dict[str, str] = {}
    children: Counter[str] = Counter()
    for k in links:
        source_own, derived_own = k.source_id in own, k.derived_id in own
        if source_own and derived_own:
            same += 1
            continue
        if k.direction == "unknown":
            unknown += 1
            continue
        noun = "a near-verbatim copy" if k.kind == "duplicate" else "a rewrite"
        if derived_own:
            derived_ids.add(k.derived_id)
            derived_from[_named(outlets.get(k.source_id))] += 1
            source = outlets.get(k.source_id)
            parent.setdefault(k.derived_id, f"{noun} of {source or k.source_id[:SHORT_ID]}")
        if source_own:
            copied_ids.add(k.source_id)
            copied_by[_named(outlets.get(k.derived_id))] += 1
            children[k.source_id] += 1
    shown = tuple(
        OutletArticle(
            a.id,
            a.title,
            linker.article(a.id),
            a.published.date().isoformat() if a.published else "undated",
            outlet_name(a.outlet, a.basis) != a.outlet,
            stories.get(a.id),
            linker.story(stories[a.id]) if a.id in stories else None,
            parent.get(a.id, ""),
            children[a.id],
        )
        for a in articles
    )
    return OutletView(
        name,
        count,
        shown,
        len(derived_ids),
        tuple(derived_from.most_common()),
        len(copied_ids),
        tuple(copied_by.most_common()),
        unknown,
        same,
    )
