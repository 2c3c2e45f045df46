"""The sweep of the four alignment constants (`FactParams.min_shared_words`,
`min_cosine`, `strong_cosine`, `clear_ratio`) on the tuning half of the facts
benchmark.

Objective: injected-conflict detection minus false conflicts per cluster, both on
the tuning half (a false conflict per cluster costs as much as every injected
conflict found; ties go to the fewer false conflicts, then to the setting with more
constants at their current defaults). The chosen setting is then measured once on
the reported half.

`clear_ratio` stays below `facts_inject.FACTOR` (3): the injected count is the
original times 3, so at a ratio of 3 every aligned injection passes by construction
and above it none does; a threshold at the factor would measure how the benchmark
was built, not news.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bench.conflict_labels import LabelIndex
from bench.facts_duc import Case, Score, evaluate
from bench.facts_inject import FACTOR
from storydesk.model import Article, ArticleClaims, Conflict, Fact
from storydesk.reconcile.conflicts import find_conflicts
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.facts import align_facts

GRID: dict[str, tuple[Any, ...]] = {  # int or float values, as the fields are
    "min_shared_words": (1, 2, 3),
    "min_cosine": (0.10, 0.14, 0.18),
    "strong_cosine": (0.25, 0.3, 0.4),
    "clear_ratio": (1.5, 2.0, 2.5),
}


@dataclass(frozen=True)
class Point:
    params: FactParams
    tuning: Score

    @property
    def objective(self) -> float:
        return self.tuning.detection - self.tuning.false_per_cluster

    def describe(self) -> str:
        p = self.params
        return (
            f"shared {p.min_shared_words}, cosine {p.min_cosine:g}, "
            f"strong {p.strong_cosine:g}, ratio {p.clear_ratio:g}"
        )


def _rank(point: Point) -> tuple[float, float, int]:
    at_default = sum(getattr(point.params, k) == getattr(DEFAULT, k) for k in GRID)
    return (round(point.objective, 9), -point.tuning.false_per_cluster, at_default)


class FactsOnce:
    """`reconcile_story` split in its two steps, the facts kept per story: the swept
    constants are read by `find_conflicts` only (`similarity.aligned`), so the facts
    (`align_facts`, most of the time) are the same at every grid point. `sweep`
    checks that this gives what `reconcile_story` gives at the defaults."""

    def __init__(self) -> None:
        self.facts: dict[tuple[str, bool], list[Fact]] = {}

    def __call__(
        self,
        key: tuple[str, bool],
        articles: Sequence[Article],
        claims: dict[str, ArticleClaims],
        params: FactParams,
    ) -> Sequence[Conflict]:
        facts = self.facts.get(key)
        if facts is None:
            items = [(a, claims[a.id]) for a in articles if a.id in claims]
            facts = self.facts[key] = align_facts(items, [[a.id] for a in articles], params=params)
        return find_conflicts(facts, {a.id: a.text for a in articles}, params=params)


def sweep(cases: Sequence[Case], labels: LabelIndex) -> list[Point]:
    """Every grid point scored on the tuning half, best first."""
    if max(GRID["clear_ratio"]) >= FACTOR:
        raise ValueError("clear_ratio must stay below the injection factor (see above)")
    fast = FactsOnce()
    points = []
    for values in itertools.product(*GRID.values()):
        params = replace(DEFAULT, **dict(zip(GRID, values, strict=True)))
        scores = evaluate(cases, labels, params, halves=("tuning",), reconcile=fast)
        points.append(Point(params, scores["tuning"]))
    check = evaluate(cases, labels, DEFAULT, halves=("tuning",))["tuning"]
    at_default = next(p.tuning for p in points if p.params == DEFAULT)
    if (check.detected, check.false) != (at_default.detected, at_default.false):
        raise RuntimeError(
            f"the sweep's split reconcile differs from reconcile_story: {check} / {at_default}"
        )
    return sorted(points, key=_rank, reverse=True)
