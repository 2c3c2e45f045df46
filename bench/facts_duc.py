"""The DUC 2006 part of the facts benchmark: injected conflicts, scored per half.

Claims are extracted once per cluster (unchanged, and with its injected count), so
that `evaluate` can reconcile the same clusters under many `FactParams` (the sweep).
Each DUC article is its own derivation group: DUC clusters are reports by distinct
wires, and the injected conflict must not hide inside a group.

False conflicts: a conflict found in an *unchanged* cluster is false unless the
labelled set (bench/gold/conflict_labels.json, see conflict_labels) marks it true;
one the set does not hold, or cannot match, counts as false (the conservative reading,
as before the set existed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.conflict_labels import Flagged, LabelIndex, Side
from bench.facts_data import cached_analyses, load_clusters
from bench.facts_inject import Injection, apply_injection, choose_injection
from storydesk.analyze.claims import extract_claims
from storydesk.model import Article, ArticleClaims, Conflict
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.facts import reconcile_story

HALVES = ("tuning", "reported")  # even / odd cluster index in file order


@dataclass(frozen=True)
class Case:
    cluster: str
    half: str
    articles: tuple[Article, ...]
    claims: dict[str, ArticleClaims]
    plan: Injection | None
    changed: Article | None  # the article with its count changed
    changed_claims: ArticleClaims | None


@dataclass
class Score:
    clusters: int = 0
    articles: int = 0
    injected: int = 0
    detected: int = 0
    false: int = 0
    unexplained: int = 0  # false conflicts the fact stage could not explain
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def detection(self) -> float:
        return self.detected / self.injected if self.injected else 0.0

    @property
    def false_per_cluster(self) -> float:
        return self.false / self.clusters if self.clusters else 0.0

    def add(self, other: Score) -> None:
        self.clusters += other.clusters
        self.articles += other.articles
        self.injected += other.injected
        self.detected += other.detected
        self.false += other.false
        self.unexplained += other.unexplained
        self.kinds.update(other.kinds)


def prepare(path: Path, limit: int | None = None) -> list[Case]:
    clusters = load_clusters(path)[:limit]
    plans = {c.id: choose_injection(list(c.articles)) for c in clusters}
    changed: dict[str, Article] = {}
    for cluster in clusters:
        plan = plans[cluster.id]
        if plan is not None:
            edited = apply_injection(list(cluster.articles), plan)
            changed[cluster.id] = next(a for a in edited if a.id == plan.article_id)
    analyses = cached_analyses([a for c in clusters for a in c.articles])
    changed_analyses = cached_analyses(list(changed.values()))
    cases = []
    for number, cluster in enumerate(clusters):
        new = changed.get(cluster.id)
        cases.append(
            Case(
                cluster.id,
                HALVES[number % 2],
                cluster.articles,
                {a.id: extract_claims(a, analyses[a.id]) for a in cluster.articles},
                plans[cluster.id],
                new,
                extract_claims(new, changed_analyses[new.id]) if new is not None else None,
            )
        )
    return cases


class Reconcile(Protocol):
    def __call__(
        self,
        key: tuple[str, bool],
        articles: Sequence[Article],
        claims: dict[str, ArticleClaims],
        params: FactParams,
    ) -> Sequence[Conflict]: ...


def story_conflicts(
    key: tuple[str, bool],
    articles: Sequence[Article],
    claims: dict[str, ArticleClaims],
    params: FactParams,
) -> Sequence[Conflict]:
    """The conflicts of a story as the fact stage finds them; `key` (cluster, changed)
    is for memoizing variants."""
    groups = [[a.id] for a in articles]
    return reconcile_story(articles, claims, groups=groups, params=params).conflicts


def as_flagged(cluster: str, conflict: Conflict, texts: dict[str, str]) -> Flagged:
    """A fact conflict in the labelled set's terms (DUC article ids are docnos here)."""

    def side(article_id: str, start: int, end: int) -> Side:
        return Side(article_id, start, end, texts[article_id][start:end])

    first, second = conflict.first, conflict.second
    return Flagged(
        cluster,
        side(first.article_id, first.start, first.end),
        side(second.article_id, second.start, second.end),
        f"fact: {conflict.kind}",
        conflict.explanation,
    )


def score_case(
    case: Case,
    labels: LabelIndex,
    params: FactParams = DEFAULT,
    reconcile: Reconcile = story_conflicts,
) -> Score:
    score = Score(clusters=1, articles=len(case.articles))
    texts = {a.id: a.text for a in case.articles}
    for conflict in reconcile((case.cluster, False), case.articles, case.claims, params):
        label = labels.find(as_flagged(case.cluster, conflict, texts))
        if label is None or not label.true:
            score.false += 1
            score.unexplained += conflict.kind == "unexplained"
    if case.plan is None or case.changed is None or case.changed_claims is None:
        return score
    plan, new = case.plan, case.changed
    score.injected = 1
    edited = [new if a.id == new.id else a for a in case.articles]
    found = reconcile(
        (case.cluster, True), edited, case.claims | {new.id: case.changed_claims}, params
    )
    hits = [
        c
        for c in found
        for side in (c.first, c.second)
        if side.article_id == new.id and side.start < plan.end and plan.start < side.end
    ]
    if hits:
        score.detected = 1
        score.kinds[hits[0].kind] += 1
    return score


def evaluate(
    cases: Sequence[Case],
    labels: LabelIndex,
    params: FactParams = DEFAULT,
    halves: Sequence[str] = HALVES,
    reconcile: Reconcile = story_conflicts,
) -> dict[str, Score]:
    """Scores per half (of the halves asked for) and "all" (of those halves)."""
    scores = {h: Score() for h in halves} | {"all": Score()}
    for case in cases:
        if case.half in scores:
            found = score_case(case, labels, params, reconcile)
            scores[case.half].add(found)
            scores["all"].add(found)
    return scores
