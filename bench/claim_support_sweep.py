"""The claim groups again, under other `StatementParams`, on the stories already stored:
what the benchmark's --sweep prints on the tuning half, so that the values can be
chosen there and reported on the other half.

    inputs = story_inputs(store, story_id)        read once per story
    groups = regroup(inputs, params)              the story's claim groups under params

`story_inputs` hands `group_statements` what the pipeline's `story_results` hands it:
the story's articles sources first, undated ones dated like the story, their claims
(re-extracted where the date was inferred), the independent sources (derivation groups,
one outlet's reports collapsed) and the derived articles, from the stored links, and
the stored sentence vectors. With the default params the groups must be the stored
ones; the benchmark checks that before trusting the sweep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bench.claim_support_metrics import Group
from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import independent_groups
from storydesk.model import Analysis, Article, ArticleClaims, Citation
from storydesk.reconcile.context import merge_same_outlet, sources_first, with_inferred_dates
from storydesk.reconcile.discrepancies import find_discrepancies
from storydesk.reconcile.statement_params import DEFAULT, StatementParams
from storydesk.reconcile.statements import group_statements
from storydesk.store.store import Store
from storydesk.store.vectors import quantize
from storydesk.story_stage import story_bundle, updated_links


class _StoredVectors:
    """A `VectorBacking` over a story's stored vectors; a vector the store lacks is
    embedded and kept as the store would give it back (rounded), never written."""

    def __init__(self, stored: Mapping[str, np.ndarray]) -> None:
        self.stored = stored

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self.stored[t] for t in texts if t in self.stored}

    def save(self, vectors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {text: quantize(v) for text, v in vectors.items()}


@dataclass(frozen=True)
class StoryInputs:
    story_id: str
    articles: list[Article]
    analyses: dict[str, Analysis]
    claims: dict[str, ArticleClaims]
    groups: list[list[str]]
    derived: frozenset[str]
    cache: EmbeddingCache
    changed: list[tuple[Citation, Citation]]  # what derivations changed: kept apart


def story_inputs(store: Store, story_id: str) -> StoryInputs:
    bundle = story_bundle(store, story_id)
    cache = EmbeddingCache(backing=_StoredVectors(bundle.vectors))
    links = updated_links(bundle, cache)  # the stored links: the story is up to date
    articles = list(bundle.articles)
    groups = merge_same_outlet(independent_groups([a.id for a in articles], links), articles)
    analysed = {k: v for k, v in bundle.analyses.items() if v is not None}
    dated, inferred = with_inferred_dates(sources_first(articles, links))
    claims = {a.id: c for a in dated if (c := bundle.claims.get(a.id)) is not None}
    for article in dated:
        if article.id in inferred:
            claims[article.id] = extract_claims(article, analysed.get(article.id))
    derived = frozenset(
        k.derived_id for k in links if k.kind != "independent" and k.direction == "known"
    )
    changes = find_discrepancies(dated, analysed, claims, links)
    changed = [(d.source_sentence, d.derived_sentence) for d in changes]
    return StoryInputs(story_id, dated, analysed, claims, groups, derived, cache, changed)


def regroup(inputs: StoryInputs, params: StatementParams) -> list[Group]:
    stated = group_statements(inputs.articles, inputs.analyses, inputs.claims, inputs.groups,
                              inputs.cache.vectors, derived=inputs.derived,
                              changed=inputs.changed, params=params)  # fmt: skip
    return [claim.citations for claim in stated.claims]


def sweep_settings() -> list[tuple[str, StatementParams]]:
    """The default, each threshold moved alone both ways, and a few joint moves
    (looser or stricter on every threshold at once)."""
    settings: list[tuple[str, StatementParams]] = [("default", DEFAULT)]
    moves: dict[str, tuple[float, ...]] = {
        "cosine_alone": (0.80, 0.83, 0.89),
        "cosine_floor": (0.55, 0.60, 0.65, 0.75),
        "shared_words": (0.25, 0.30, 0.35, 0.50),
        "link_share": (0.20, 0.30, 0.70),
        "contained_words": (0.6, 0.7, 1.01),  # 1.01: off
        "lead_cosine": (0.55, 0.65, 1.01),  # 1.01: no lead claim taking sentences
    }
    for name, values in moves.items():
        for value in values:
            moved: dict[str, Any] = {name: value}
            settings.append((f"{name}={value:.2f}", replace(DEFAULT, **moved)))
    joint = (  # cosine_alone, cosine_floor, shared_words, link_share
        (0.83, 0.65, 0.35, 0.5),
        (0.80, 0.60, 0.30, 0.3),
        (0.75, 0.55, 0.25, 0.3),
        (0.89, 0.75, 0.50, 0.5),
        (0.92, 0.75, 0.50, 1.0),
    )
    for alone, floor, shared, link in joint:
        params = replace(DEFAULT, cosine_alone=alone, cosine_floor=floor, shared_words=shared,
                         link_share=link)  # fmt: skip
        settings.append((f"all={alone:.2f}/{floor:.2f}/{shared:.2f}/{link:.2f}", params))
    return settings
