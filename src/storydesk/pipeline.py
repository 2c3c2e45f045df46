"""The order of the stages, and nothing else.

    read -> store -> analyze (per article) -> link (across articles) -> report

Each stage is a plain function from the stage modules; this module only wires them
and makes each process what is new: ingest stores only unseen articles, analysis
runs only on articles without a current analysis.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.nlp import analyzer_name
from storydesk.ingest import DEFAULT_LIMITS, Limits, read_inputs
from storydesk.model import Article, ReadFailure
from storydesk.store.store import Store

ANALYSIS_BATCH = 128  # articles analysed (and committed) together


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
    paths: Iterable[str | Path],
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


def _save_analyses(store: Store, analyses: list[Any]) -> None:
    with store.transaction():
        for analysis in analyses:
            store.save_analysis(analysis)


def process(
    store: Store,
    paths: Iterable[str | Path],
    *,
    command: str = "add",
    limits: Limits = DEFAULT_LIMITS,
    processes: int | None = None,
    progress: Progress = no_progress,
) -> RunSummary:
    """Ingest the inputs and bring every later stage up to date."""
    run_id = store.start_run(command)
    summary = ingest(store, paths, limits=limits, run_id=run_id, progress=progress)
    summary.analyzed = analyze_pending(store, processes=processes, progress=progress)
    store.finish_run(run_id, summary.counts())
    return summary


def failure_reasons(summary: RunSummary) -> Counter[str]:
    return Counter(f.reason for f in summary.failures)
