"""What a story tells about its own articles: reference dates and copying order.

An undated article (a pasted text, a page without date metadata) cannot resolve
"Friday" or say as of when its figures hold; inside a story it can borrow the date
of the story's other reports. And where one article is a rewrite of another, the
original's wording is the one to show, whatever their timestamps say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from statistics import median_low

from storydesk.model import Article, Link


def story_reference_date(articles: Sequence[Article]) -> datetime | None:
    """The median publication time of the dated articles (None if none is dated).

    The median, not the earliest or latest: a story's undated report is as likely to
    be from its middle as from either end, and the median is robust to one stray date.
    """
    dated = sorted(a.published for a in articles if a.published is not None)
    return median_low(dated) if dated else None


def with_inferred_dates(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """Articles where every undated one carries the story's reference date, and the
    ids of those whose date was inferred (reports must say so)."""
    reference = story_reference_date(articles)
    if reference is None:
        return list(articles), []
    inferred = [a.id for a in articles if a.published is None]
    dated = [a if a.published is not None else replace(a, published=reference) for a in articles]
    return dated, inferred


def sources_first(articles: Sequence[Article], links: Sequence[Link]) -> list[Article]:
    """The articles with every known source before what was derived from it, otherwise
    in their given order (a stable topological order of the derivation graph)."""
    derived_from: dict[str, set[str]] = {a.id: set() for a in articles}
    for link in links:
        copied = link.kind != "independent" and link.direction == "known"
        if copied and link.derived_id in derived_from and link.source_id in derived_from:
            derived_from[link.derived_id].add(link.source_id)
    placed: set[str] = set()
    ordered: list[Article] = []
    remaining = list(articles)
    while remaining:
        ready = [a for a in remaining if derived_from[a.id] <= placed]
        # A cycle (contradictory evidence) must not stall the order: take the next one.
        batch = ready[:1] if ready else remaining[:1]
        ordered.extend(batch)
        placed.update(a.id for a in batch)
        remaining = [a for a in remaining if a.id not in placed]
    return ordered


def merge_same_outlet(
    groups: Sequence[Sequence[str]], articles: Sequence[Article]
) -> list[list[str]]:
    """Independent sources: derivation groups joined when they share a known outlet.

    Two reports by one outlet (a first story and its follow-up) are one source when
    counting who confirms a fact; articles whose outlet is unknown are not joined.
    """
    outlet = {a.id: (a.outlet or "").strip().casefold() for a in articles}
    merged: list[list[str]] = []
    by_outlet: dict[str, int] = {}
    for group in groups:
        names = {outlet.get(i, "") for i in group} - {""}
        targets = sorted({by_outlet[n] for n in names if n in by_outlet})
        if not targets:
            index = len(merged)
            merged.append(list(group))
        else:
            index = targets[0]
            merged[index].extend(group)
            for other in targets[1:]:  # this group bridges two earlier ones
                merged[index].extend(merged[other])
                merged[other] = []
                by_outlet.update({n: index for n, i in by_outlet.items() if i == other})
        by_outlet.update({n: index for n in names})
    return [g for g in merged if g]
