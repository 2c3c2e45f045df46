"""The order of the stages, and nothing else.

    read -> store -> analyze (per article) -> link (across articles) -> report

Each stage is a plain function from the stage modules; this module only wires them
and makes each process what is new: ingest stores only unseen articles, analysis
runs only on articles without a current analysis.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storydesk import codec
from storydesk.analyze import CLAIMS_VERSION
from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.nlp import analyzer_name
from storydesk.analyze.quote_groups import group_quotes
from storydesk.ingest import DEFAULT_LIMITS, Input, Limits, read_inputs
from storydesk.link.align import EmbeddingCache
from storydesk.link.cluster import OnlineClusterer
from storydesk.link.links import find_links, independent_groups
from storydesk.model import Analysis, Article, ArticleClaims, Link, ReadFailure
from storydesk.reconcile.context import merge_same_outlet, sources_first, with_inferred_dates
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.facts import reconcile_story
from storydesk.store import stories as stories_db
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors
from storydesk.write.brief import write_brief
from storydesk.write.timeline import build_timeline

ANALYSIS_BATCH = 128  # articles analysed (and committed) together
CLUSTER_STATE_KEY = "clusterer"
BRIEF_WORDS = 150
BRIEF_WORDS_KEY = "brief_words"


@dataclass
class RunSummary:
    """What a run read, stored, skipped and failed on."""

    articles_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    analyzed: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # every article read, in order
    stories_changed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def skipped(self) -> list[ReadFailure]:
        return [f for f in self.failures if f.skipped]

    @property
    def errors(self) -> list[ReadFailure]:
        return [f for f in self.failures if not f.skipped]

    def counts(self) -> dict[str, int]:
        return {
            "read": self.articles_read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "analyzed": self.analyzed,
            "stories_changed": len(self.stories_changed),
            "skipped": len(self.skipped),
            "failed": len(self.errors),
        }

    def exit_code(self, strict: bool) -> int:
        """0, or 1 when --strict and any input failed or was skipped."""
        return 1 if strict and self.failures else 0


Progress = Callable[[Iterable[Any], str, int | None], Iterator[Any]]


def no_progress(items: Iterable[Any], _label: str, _total: int | None) -> Iterator[Any]:
    yield from items


def tqdm_progress(items: Iterable[Any], label: str, total: int | None) -> Iterator[Any]:
    from tqdm import tqdm

    # disable=None: bars only on a terminal, so logs and pipes stay clean.
    yield from tqdm(
        items, desc=label, total=total, unit=" items", disable=None, file=sys.stderr, leave=False
    )


def ingest(
    store: Store,
    paths: Iterable[Input],
    *,
    limits: Limits = DEFAULT_LIMITS,
    summary: RunSummary | None = None,
    run_id: int | None = None,
    progress: Progress = no_progress,
    batch: int = 100,
) -> RunSummary:
    """Read every input and store the articles not stored yet."""
    summary = summary or RunSummary()
    pending: list[Article] = []

    def flush() -> None:
        with store.transaction():
            for article in pending:
                status = store.add_article(article)
                setattr(summary, status, getattr(summary, status) + 1)
        pending.clear()

    for item in progress(read_inputs(paths, limits), "reading", None):
        if isinstance(item, ReadFailure):
            summary.failures.append(item)
            if run_id is not None:
                store.record_failure(run_id, item)
            continue
        summary.articles_read += 1
        summary.article_ids.append(item.id)
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return summary


def analyze_pending(
    store: Store,
    *,
    processes: int | None = None,
    progress: Progress = no_progress,
) -> int:
    """Analyse the stored articles that lack a current analysis; returns how many."""
    ids = store.ids_needing_analysis(analyzer_name())
    if not ids:
        return 0

    def articles() -> Iterator[Article]:
        for start in range(0, len(ids), ANALYSIS_BATCH):
            yield from store.articles(ids[start : start + ANALYSIS_BATCH])

    done = 0
    batch = []
    analyses = analyze_articles(articles(), processes=processes, batch_articles=ANALYSIS_BATCH)
    for analysis in progress(analyses, "analysing", len(ids)):
        batch.append(analysis)
        if len(batch) >= ANALYSIS_BATCH:
            _save_analyses(store, batch)
            done += len(batch)
            batch = []
    if batch:
        _save_analyses(store, batch)
        done += len(batch)
    return done


def extract_pending_claims(store: Store, *, progress: Progress = no_progress) -> int:
    """Quotes, numbers, credits and dates for analysed articles that lack them."""
    name = f"claims/v{CLAIMS_VERSION}"
    ids = stories_db.ids_needing_claims(store, name)
    for start in progress(range(0, len(ids), ANALYSIS_BATCH), "claims", None):
        part = ids[start : start + ANALYSIS_BATCH]
        with store.transaction():
            for article in store.articles(part):
                claims = extract_claims(article, store.get_analysis(article.id))
                stories_db.save_claims(store, article.id, name, claims)
    return len(ids)


def cluster_pending(store: Store, *, chunk: int = 2000) -> list[str]:
    """Place the articles not yet in a story; returns the ids of the stories that changed.

    The clusterer's state lives in the store, so each run continues where the last
    one stopped and adding articles one at a time gives the stories that adding them
    all at once gives.
    """
    ids = stories_db.ids_needing_clustering(store)
    if not ids:
        return []
    state = store.get_state(CLUSTER_STATE_KEY)
    clusterer = OnlineClusterer.from_state(state) if state else OnlineClusterer()
    touched: set[str] = set()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        articles = list(store.articles(part))
        analyses = [store.get_analysis(a.id) for a in articles]
        assignments = clusterer.add_many(articles, analyses)
        reasons: dict[str, tuple[float, str]] = {}
        changed: set[str] = set()
        with store.transaction():
            for assignment in assignments:
                if assignment.story_id is None:
                    stories_db.record_unassigned(store, assignment.article_id, assignment.reason)
                    continue
                reasons[assignment.article_id] = (assignment.score, assignment.reason)
                changed.add(assignment.story_id)
                # A story that split: the part that left is a new story and the part
                # that stayed has fewer articles; both are saved again. So are the
                # stories a sweep gave earlier lone reports to.
                changed.update(assignment.split_into)
                changed.update(assignment.rehomed)
            for story_id in sorted(changed):
                story = clusterer.story(story_id)  # follows merges to the live story
                if story is not None:
                    stories_db.save_story(store, story, reasons)
                    touched.add(story.id)
            store.set_state(CLUSTER_STATE_KEY, clusterer.to_state())
    aliases = clusterer.aliases()
    return sorted({aliases.get(s, s) for s in touched})


def update_stories(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    brief_words: int = BRIEF_WORDS,
    progress: Progress = no_progress,
) -> int:
    """Recompute the per-story results of changed stories: derivation links, canonical
    entities, quote variants, facts, conflicts, the brief and the timeline.

    A brief length other than the one the stored briefs were written with makes every
    story changed.
    """
    setting = str(brief_words).encode()
    if store.get_state(BRIEF_WORDS_KEY) != setting:
        with store.transaction():
            store.db.execute("UPDATE stories SET dirty = 1")
            store.set_state(BRIEF_WORDS_KEY, setting)
    ids = list(story_ids) if story_ids is not None else stories_db.dirty_story_ids(store)
    for story_id in progress(ids, "stories", len(ids)):
        articles = list(store.articles(stories_db.story_article_ids(store, story_id)))
        analyses = {a.id: store.get_analysis(a.id) for a in articles}
        claims = {a.id: _stored_claims(store, a.id) for a in articles}
        links = _updated_links(store, story_id, articles)
        results = story_results(articles, analyses, claims, links, brief_words=brief_words)
        with store.transaction():
            stories_db.save_links(store, story_id, links)
            stories_db.save_story_results(store, story_id, results)
    return len(ids)


def _updated_links(store: Store, story_id: str, articles: Sequence[Article]) -> list[Link]:
    """The story's derivation links, computing only the pairs with a new article.

    A story that grows by one report needs that report compared with the others, not
    every pair again; links to articles that left the story (a newer version, a
    merge) are dropped.
    """
    ids = {a.id for a in articles}
    previous = stories_db.story_results(store, story_id) or {}
    linked = set(previous.get("linked_ids") or ()) & ids
    kept = [
        k
        for k in stories_db.links_of(store, story_id)
        if k.source_id in linked and k.derived_id in linked
    ]
    fresh = ids - linked
    if len(articles) < 2 or not fresh:
        return kept
    # Sentence vectors come from the store when an earlier run embedded them: a report
    # joining a big story costs its own sentences, not the whole story's again.
    cache = EmbeddingCache(backing=SentenceVectors(store))
    return kept + find_links(articles, involving=fresh, cache=cache)


def _stored_claims(store: Store, article_id: str) -> ArticleClaims | None:
    data = stories_db.claims_data(store, article_id)
    return codec.from_data(ArticleClaims, data) if data else None


def story_results(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    claims: Mapping[str, ArticleClaims | None],
    links: Sequence[Link],
    *,
    brief_words: int = BRIEF_WORDS,
) -> dict[str, Any]:
    """Everything computed for one story from its articles and their analyses."""
    groups = merge_same_outlet(independent_groups([a.id for a in articles], links), articles)
    analysed = {k: v for k, v in analyses.items() if v is not None}
    # Originals before their rewrites (so the brief quotes the original's wording), and
    # undated articles dated like the rest of the story (so "Friday" and "as of" resolve).
    ordered = sources_first(articles, links)
    dated, inferred = with_inferred_dates(ordered)
    known_claims = {a.id: c for a in ordered if (c := claims.get(a.id)) is not None}
    for article in dated:
        if article.id in inferred:
            known_claims[article.id] = extract_claims(article, analysed.get(article.id))
    entity_items = [(a, analysed[a.id], known_claims.get(a.id)) for a in dated if a.id in analysed]
    quote_items = [(a.id, c.quotes) for a in dated if (c := known_claims.get(a.id))]
    dates = {article_id: c.dates for article_id, c in known_claims.items()}
    facts = reconcile_story(dated, known_claims, links, groups)
    return {
        "linked_ids": sorted(a.id for a in articles),
        "independent_groups": groups,
        "dates_inferred": inferred,
        # Best supported first: what a reader can rely on comes before what one source says.
        "facts": sorted(facts.facts, key=lambda f: (-f.support, -len(f.claims), f.id)),
        "conflicts": facts.conflicts,
        "brief": write_brief(dated, analysed, words=brief_words, independent_groups=groups),
        "timeline": build_timeline(ordered, analysed, dates),
        "entities": canonical_entities(entity_items),
        "quote_groups": group_quotes(quote_items),
    }


def _save_analyses(store: Store, analyses: list[Any]) -> None:
    with store.transaction():
        for analysis in analyses:
            store.save_analysis(analysis)


def process(
    store: Store,
    paths: Iterable[Input],
    *,
    command: str = "add",
    limits: Limits = DEFAULT_LIMITS,
    processes: int | None = None,
    brief_words: int = BRIEF_WORDS,
    progress: Progress = no_progress,
) -> RunSummary:
    """Ingest the inputs and bring every later stage up to date."""
    run_id = store.start_run(command)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.timings[stage] = round(now - clock, 2)
        clock = now

    summary = RunSummary()
    ingest(store, paths, limits=limits, run_id=run_id, progress=progress, summary=summary)
    lap("read")
    summary.analyzed = analyze_pending(store, processes=processes, progress=progress)
    lap("analyse")
    extract_pending_claims(store, progress=progress)
    lap("claims")
    summary.stories_changed = cluster_pending(store)
    lap("cluster")
    update_stories(store, brief_words=brief_words, progress=progress)
    lap("stories")
    store.finish_run(run_id, summary.counts())
    return summary


def failure_reasons(summary: RunSummary) -> Counter[str]:
    return Counter(f.reason for f in summary.failures)
