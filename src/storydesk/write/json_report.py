"""The run's report as one `RunReport`, and report.json: that record through the codec.
Every renderer (JSON, HTML, terminal) reads the same record, so they never disagree."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storydesk import __version__, codec
from storydesk.model import (
    ArticleRecord,
    EntityCount,
    RunInfo,
    RunReport,
    StoryReport,
)

NON_ENTITY_LABELS = ("DATE", "TIME")


def top_entities(records: Iterable[ArticleRecord], limit: int = 25) -> tuple[EntityCount, ...]:
    """The entities named by the most articles (not the most often)."""
    by_articles: Counter[tuple[str, str]] = Counter()
    for record in records:
        if record.analysis is not None:
            by_articles.update(
                {
                    (m.text, m.label)
                    for m in record.analysis.entities
                    if m.label not in NON_ENTITY_LABELS
                }
            )
    # Ties by name: a Counter's order among equal counts depends on the hash seed.
    ranked = sorted(by_articles.items(), key=lambda item: (-item[1], item[0]))
    return tuple(EntityCount(text, label, n) for (text, label), n in ranked[:limit])


def build_report(
    records: Iterable[ArticleRecord], stories: Sequence[StoryReport], run: RunInfo
) -> RunReport:
    """The report of a run: its articles (earliest first), the entities most of them
    name, and the stories they belong to."""
    ordered = sorted(
        {r.id: r for r in records}.values(),
        key=lambda r: (r.published.isoformat() if r.published else "9999", r.title or ""),
    )
    return RunReport(
        storydesk=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        run=run,
        articles=tuple(ordered),
        entities=top_entities(ordered),
        stories=tuple(stories),
    )


def write_json(report: RunReport, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(codec.to_data(report), ensure_ascii=False, indent=2, default=str)
    path.write_text(text, "utf-8")
    return path


def report_schema() -> dict[str, Any]:
    """The JSON Schema of report.json, generated from the read model (the /api answers
    are parts of it: a story is a StoryReport, an article an ArticleRecord)."""
    return {
        **codec.json_schema(RunReport),
        "title": "storydesk report.json",
        "description": (
            "What `storydesk run` writes as report.json: the run, its articles in full, "
            "the entities most of them name, and one StoryReport per story they belong "
            "to (what /api/stories/ID answers). Generated from storydesk.model by "
            "scripts/report_schema.py; do not edit by hand."
        ),
    }
