"""The order of the stages, and nothing else.

    read -> store -> analyze, embed (per article) -> claims -> cluster -> stories (links,
    facts, brief; per story) -> report

Each stage is a plain function from the stage modules; this module only wires them
and makes each process what is new: ingest stores only unseen articles, analysis
runs only on articles without a current analysis.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storydesk.analyze import CLAIMS_VERSION
from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.nlp import analyzer_name
from storydesk.cluster_stage import open_clusterer, save_clusterer, screen_not_news
from storydesk.code_version import code_version
from storydesk.embed_stage import embed_pending
from storydesk.engine import Engine, EngineUnavailable, LocalEngine
from storydesk.ingest import DEFAULT_LIMITS, Input, Limits, read_inputs
from storydesk.link.align import EmbeddingCache
from storydesk.link.cluster import Assignment, OnlineClusterer
from storydesk.link.cluster_order import publication_order
from storydesk.link.links import independent_groups
from storydesk.model import (
    Analysis,
    Article,
    ArticleClaims,
    Link,
    ReadFailure,
    RunCounts,
    StageFailure,
    StoryResults,
)
from storydesk.reconcile.context import merge_same_outlet, sources_first, with_inferred_dates
from storydesk.reconcile.day_conflicts import find_day_conflicts
from storydesk.reconcile.discrepancies import find_discrepancies
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.facts import reconcile_story
from storydesk.reconcile.speakers import story_quote_groups
from storydesk.reconcile.statements import VectorsFn, group_statements
from storydesk.store.store import Store
from storydesk.story_stage import save_outcome, story_outcomes
from storydesk.write.brief import write_brief
from storydesk.write.timeline import build_timeline

ANALYSIS_BATCH = 128  # articles analysed (and committed) together
CLAIMS_TASK = 16  # articles per claims task handed to a worker
CLAIMS_POOL_MIN = 64  # fewer articles' claims are extracted here: a pool costs more
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
    # Articles (or stories) a later stage gave up on; each is recorded in the store.
    stage_failures: list[StageFailure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # every article read, in order
    not_news: int = 0  # articles this run kept out of stories as not news (net)
    stories_changed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    story_work: dict[str, tuple[int, float]] = field(default_factory=dict)  # (articles, s)

    @property
    def skipped(self) -> list[ReadFailure]:
        return [f for f in self.failures if f.skipped]

    @property
    def errors(self) -> list[ReadFailure]:
        return [f for f in self.failures if not f.skipped]

    def counts(self) -> RunCounts:
        return RunCounts(
            read=self.articles_read,
            new=self.new,
            updated=self.updated,
            unchanged=self.unchanged,
            analyzed=self.analyzed,
            stories_changed=len(self.stories_changed),
            skipped=len(self.skipped),
            failed=len(self.errors),
            stage_failures=len(self.stage_failures),
        )

    @property
    def nothing_read(self) -> bool:
        """Every input failed or was skipped (or there was none): nothing was read."""
        return self.articles_read == 0

    def exit_code(self, strict: bool) -> int:
        """1 when nothing at all could be read, or, with --strict, when any input was
        skipped or failed or any stage failed on an article; else 0."""
        if self.nothing_read:
            return 1
        return 1 if strict and (self.failures or self.stage_failures) else 0


def stage_version(stage: str) -> str:
    """The code version of a stage: a failure recorded under it is retried only when
    this changes (a changed storydesk source, a new analyser or extractor version)."""
    if stage == "analyse":
        return f"{code_version()}/{analyzer_name()}"
    if stage == "claims":
        return f"{code_version()}/claims/v{CLAIMS_VERSION}"
    return f"{code_version()}/{stage}"


def _failure(item_id: str, stage: str, error: BaseException) -> StageFailure:
    return StageFailure(item_id, stage, f"{type(error).__name__}: {error}")


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
    articles: Iterable[Article | ReadFailure] = (),
) -> RunSummary:
    """Read every input and store the articles not stored yet; `articles` (read
    already: posted to the web API, fetched by `storydesk follow`) are taken before the inputs."""
    summary = summary or RunSummary()
    pending: list[Article] = []

    def flush() -> None:
        for status in store.add_batch(pending):
            setattr(summary, status, getattr(summary, status) + 1)
        pending.clear()

    items = itertools.chain(articles, read_inputs(paths, limits))
    for item in progress(items, "reading", None):
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
    engine: Engine | None = None,
    progress: Progress = no_progress,
    failures: list[StageFailure] | None = None,
) -> int:
    """Analyse the stored articles that lack a current analysis; returns how many.
    The analysis runs on `engine` (default: a local pool of `processes`).

    An article the analysis fails on (or that is over its budget) is recorded as failed
    and the others go on; should the analysis of a whole batch raise, its articles are
    analysed one at a time so that only the bad one is lost.
    """
    version = stage_version("analyse")
    ids = store.ids_needing_analysis(analyzer_name(), failed_version=version)
    if not ids:
        return 0
    writer = _AnalysisWriter(store, version, failures if failures is not None else [])
    bar = iter(progress(range(len(ids)), "analysing", len(ids)))
    remaining = ids
    while remaining:
        handed = 0  # results (analyses or failures) that came back from this attempt
        try:
            for result in analyze_articles(
                _stored_articles(store, remaining),
                processes=processes,
                engine=engine,
                batch_articles=ANALYSIS_BATCH,
            ):
                writer.keep(result)
                handed += 1
                next(bar, None)
            break
        except EngineUnavailable:
            raise  # the cluster is gone: nothing to blame on an article
        except Exception:
            # Results come back batch by batch in input order, so the article that
            # raised is in the batch after the last result handed back.
            suspects = remaining[handed : handed + ANALYSIS_BATCH]
            if not suspects:
                raise
            for article in _stored_articles(store, suspects):
                writer.keep(_analyze_one(article))
                next(bar, None)
            remaining = remaining[handed + len(suspects) :]
    writer.flush()
    return writer.analysed


def _analyze_one(article: Article) -> Analysis | StageFailure:
    try:
        return next(iter(analyze_articles([article], processes=1)))
    except Exception as error:
        return _failure(article.id, "analyse", error)


class _AnalysisWriter:
    """Stores analyses and analysis failures, a transaction per ANALYSIS_BATCH."""

    def __init__(self, store: Store, version: str, failures: list[StageFailure]) -> None:
        self.store = store
        self.version = version
        self.failures = failures  # every failure of the run, for its summary
        self.analysed = 0
        self._analyses: list[Analysis] = []
        self._failed: list[StageFailure] = []

    def keep(self, result: Analysis | StageFailure) -> None:
        if isinstance(result, StageFailure):
            self._failed.append(result)
            self.failures.append(result)
        else:
            self._analyses.append(result)
            self.analysed += 1
        if len(self._analyses) + len(self._failed) >= ANALYSIS_BATCH:
            self.flush()

    def flush(self) -> None:
        with self.store.transaction():
            for analysis in self._analyses:
                self.store.save_analysis(analysis)
            done = [a.article_id for a in self._analyses]
            self.store.clear_failures("analyse", done)
            self.store.record_failures(self._failed, self.version)
        self._analyses.clear()
        self._failed.clear()


def _stored_articles(store: Store, ids: Sequence[str]) -> Iterator[Article]:
    for start in range(0, len(ids), ANALYSIS_BATCH):
        yield from store.articles(ids[start : start + ANALYSIS_BATCH])


def _claims_task(items: list[tuple[Article, Analysis | None]]) -> list[ArticleClaims | str]:
    """A worker's task: each article's claims, or why the extractors failed on it."""
    out: list[ArticleClaims | str] = []
    for article, analysis in items:
        try:
            out.append(extract_claims(article, analysis))
        except Exception as error:  # one article's failure is recorded, not raised
            out.append(f"{type(error).__name__}: {error}")
    return out


def extract_pending_claims(
    store: Store,
    *,
    processes: int | None = None,
    engine: Engine | None = None,
    progress: Progress = no_progress,
    failures: list[StageFailure] | None = None,
) -> int:
    """Quotes, numbers, credits and dates for analysed articles that lack them; an
    article the extractors fail on is recorded as failed and the others go on. The
    extractors run on `engine` (default: a local pool of `processes`) in tasks of
    CLAIMS_TASK articles; a few articles are done here (a pool would cost more)."""
    name = f"claims/v{CLAIMS_VERSION}"
    version = stage_version("claims")
    failures = failures if failures is not None else []
    ids = store.ids_needing_claims(name, failed_version=version)
    engine = engine if engine is not None else LocalEngine(processes)
    small = len(ids) < CLAIMS_POOL_MIN
    try:
        for start in progress(range(0, len(ids), ANALYSIS_BATCH), "claims", None):
            part = ids[start : start + ANALYSIS_BATCH]
            items = [(a, store.get_analysis(a.id)) for a in store.articles(part)]
            tasks = [items[i : i + CLAIMS_TASK] for i in range(0, len(items), CLAIMS_TASK)]
            outcomes = [o for batch in engine.map(_claims_task, tasks, small=small) for o in batch]
            done: list[str] = []
            failed: list[StageFailure] = []
            with store.transaction():
                for (article, _), outcome in zip(items, outcomes, strict=True):
                    if isinstance(outcome, str):
                        failed.append(StageFailure(article.id, "claims", outcome))
                        continue
                    store.save_claims(article.id, name, outcome)
                    done.append(article.id)
                store.clear_failures("claims", done)
                store.record_failures(failed, version)
                # New claims (after a new analysis or extractor) change what their
                # stories say: those stories are recomputed.
                store.mark_stories_dirty(store.stories_of_articles(part))
            failures.extend(failed)
    finally:
        engine.release()
    return len(ids)


def cluster_pending(
    store: Store, *, chunk: int = 2000, failures: list[StageFailure] | None = None
) -> list[str]:
    """Place the articles not yet in a story; returns the ids of the stories that changed.
    An article that is not news (a wire budget, an advisory) is recorded as such and
    placed nowhere.

    The clusterer's state lives in the store, in rows that an add reads and writes
    only where its articles touch them (cluster_stage), so each run continues where
    the last one stopped and adding articles one at a time gives the stories that
    adding them all at once gives. An article the clusterer fails on is recorded as
    failed and left out; the others are placed as if it had never come.
    """
    version = stage_version("cluster")
    failures = failures if failures is not None else []
    # Wire budgets, advisories and corrections notices are kept out (cluster_stage).
    ids = screen_not_news(store, failed_version=version)
    if not ids:
        return []
    touched: set[str] = set()
    clusterer: OnlineClusterer | None = None
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        articles = list(store.articles(part))
        analyses = [store.get_analysis(a.id) for a in articles]
        failed: list[StageFailure] = []
        reasons: dict[str, tuple[float, str]] = {}
        changed: set[str] = set()
        # A chunk is clustered inside the write lock: the rows it reads lazily are the
        # ones another `add` committed last, and no other add commits rows until these
        # are saved (two adds at once would otherwise give out the same story ids).
        with store.transaction():
            clusterer = open_clusterer(store)
            clusterer, assignments = _add_isolated(store, clusterer, articles, analyses, failed)
            for assignment in assignments:
                if assignment.story_id is None:
                    store.record_unassigned(assignment.article_id, assignment.reason)
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
                    store.save_story(story, reasons)
                    touched.add(story.id)
            save_clusterer(store, clusterer)
            store.clear_failures("cluster", [a.article_id for a in assignments])
            store.record_failures(failed, version)
        failures.extend(failed)
    assert clusterer is not None  # there was a chunk
    return sorted({clusterer.live_id(s) for s in touched})


def _add_isolated(
    store: Store,
    clusterer: OnlineClusterer,
    articles: Sequence[Article],
    analyses: Sequence[Analysis | None],
    failed: list[StageFailure],
) -> tuple[OnlineClusterer, list[Assignment]]:
    """Add a chunk in publication order, leaving out the articles whose `add` raises.

    The store holds the clusterer's rows as they were before the chunk (saved after
    the previous one). An `add` that raises may have left the clusterer half-changed,
    so its unsaved rows are dropped (a clusterer is opened again on the stored ones)
    and the chunk replayed without the article; replaying is deterministic, so the
    others land where they did.
    """
    left_out: set[int] = set()
    while True:
        placed: dict[int, Assignment] = {}
        current = -1
        try:
            for current in publication_order(articles):
                if current not in left_out:
                    placed[current] = clusterer.add(articles[current], analyses[current])
            return clusterer, [placed[i] for i in sorted(placed)]
        except Exception as error:
            left_out.add(current)
            failed.append(_failure(articles[current].id, "cluster", error))
            clusterer = open_clusterer(store)


def update_stories(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    brief_words: int = BRIEF_WORDS,
    processes: int | None = None,
    engine: Engine | None = None,
    progress: Progress = no_progress,
    failures: list[StageFailure] | None = None,
    work: dict[str, tuple[int, float]] | None = None,
) -> int:
    """Recompute the per-story results of changed stories: derivation links, canonical
    entities, quote variants, facts, conflicts, the brief and the timeline; `work`, when
    given, gets each story's (articles, seconds of computation).

    A brief length other than the one the stored briefs were written with makes every
    story changed. A story the stage fails on keeps its previous results, is recorded
    as failed and is tried again when it changes or the code does. The stories are
    computed on `engine` (default: a local pool of `processes`).
    """
    version = stage_version("stories")
    failures = failures if failures is not None else []
    setting = str(brief_words).encode()
    with store.transaction():
        store.forget_vanished_stories()
    stale = store.stale_failures("stories", version)
    if store.get_state(BRIEF_WORDS_KEY) != setting or stale:
        with store.transaction():
            if store.get_state(BRIEF_WORDS_KEY) != setting:
                store.mark_stories_dirty()
                store.set_state(BRIEF_WORDS_KEY, setting)
            store.mark_stories_dirty(stale)
    ids = list(story_ids) if story_ids is not None else store.dirty_story_ids()
    # One story per task on the engine's workers; the results are written here, the
    # one process that writes the store, as they come back.
    outcomes = story_outcomes(
        store,
        ids,
        compute=story_results,
        brief_words=brief_words,
        processes=processes,
        engine=engine,
    )
    for outcome in progress(outcomes, "stories", len(ids)):
        save_outcome(store, outcome, version, failures)
        if work is not None:
            work[outcome.story_id] = (outcome.articles, outcome.seconds)
    return len(ids)


def story_results(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    claims: Mapping[str, ArticleClaims | None],
    links: Sequence[Link],
    *,
    brief_words: int = BRIEF_WORDS,
    vectors: VectorsFn | None = None,
) -> StoryResults:
    """Everything computed for one story from its articles and their analyses.

    `vectors` gives unit sentence vectors for texts (the story stage's cache over the
    stored ones); by default they are embedded here."""
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
    derived = {k.derived_id for k in links if k.kind != "independent" and k.direction == "known"}
    changes = find_discrepancies(dated, analysed, known_claims, links)
    stated = group_statements(
        dated,
        analysed,
        known_claims,
        groups,
        vectors or EmbeddingCache().vectors,
        derived=derived,
        changed=[(d.source_sentence, d.derived_sentence) for d in changes],
    )
    entities = tuple(canonical_entities(entity_items))
    return StoryResults(
        linked_ids=tuple(sorted(a.id for a in articles)),
        independent_groups=tuple(tuple(g) for g in groups),
        dates_inferred=tuple(inferred),
        # Best supported first: what a reader can rely on comes before what one source says.
        facts=tuple(sorted(facts.facts, key=lambda f: (-f.support, -len(f.claims), f.id))),
        conflicts=tuple(facts.conflicts),
        brief=write_brief(
            dated,
            analysed,
            words=brief_words,
            independent_groups=groups,
            stated=stated,
            changed=[d.derived_sentence for d in changes],
            figures=facts.facts,
        ),
        timeline=tuple(
            build_timeline(
                dated,
                analysed,
                dates,
                claims=stated.claims,
                groups=groups,
                changed=[d.derived_sentence for d in changes],
            )
        ),
        entities=entities,
        # Speakers under the story's one name for them (an office under its holder's).
        quote_groups=tuple(story_quote_groups(quote_items, entities)),
        claims=stated.claims,
        discrepancies=tuple(changes),
        day_conflicts=tuple(find_day_conflicts(dated, analysed, known_claims, groups, derived)),
    )


def process(
    store: Store,
    paths: Iterable[Input],
    *,
    command: str = "add",
    limits: Limits = DEFAULT_LIMITS,
    processes: int | None = None,
    engine: Engine | None = None,
    brief_words: int = BRIEF_WORDS,
    progress: Progress = no_progress,
    articles: Iterable[Article | ReadFailure] = (),
) -> RunSummary:
    """Ingest the inputs (and `articles` read already) and bring every later stage
    up to date.

    The per-article analysis, embedding and claims and the per-story stage run on `engine`
    (a Dask cluster: `storydesk.engine.connect`), by default on a local pool of
    `processes` (one per core); clustering, the one sequential step between them,
    and every write to the store happen here."""
    engine = engine if engine is not None else LocalEngine(processes)
    run_id = store.start_run(command)
    # Search is answered by read-only commands, which cannot build the index: the
    # commands that write build it (once; triggers keep it in step).
    store.ensure_search_index()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.timings[stage] = round(now - clock, 2)
        clock = now

    summary = RunSummary()
    ingest(
        store, paths, limits=limits, run_id=run_id, progress=progress, summary=summary,
        articles=articles,
    )  # fmt: skip
    lap("read")
    failed = summary.stage_failures
    summary.analyzed = analyze_pending(store, engine=engine, progress=progress, failures=failed)
    lap("analyse")
    embed_pending(
        store, engine=engine, version=stage_version("embed"), progress=progress, failures=failed
    )
    lap("embed")
    extract_pending_claims(store, engine=engine, progress=progress, failures=failed)
    lap("claims")
    held = store.count_not_news()
    summary.stories_changed = cluster_pending(store, failures=failed)
    summary.not_news = store.count_not_news() - held
    lap("cluster")
    update_stories(
        store,
        brief_words=brief_words,
        engine=engine,
        progress=progress,
        failures=failed,
        work=summary.story_work,
    )
    lap("stories")
    store.finish_run(run_id, summary.counts())
    return summary


def failure_reasons(summary: RunSummary) -> Counter[str]:
    return Counter(f.reason for f in summary.failures)
