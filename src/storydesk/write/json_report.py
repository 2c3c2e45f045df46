"""The run's report as one `RunReport`, and report.json: that record through the codec.
Every renderer (JSON, HTML, terminal) reads the same record, so they never disagree."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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
    publication_key,
)

NON_ENTITY_LABELS = ("DATE", "TIME")


class EntityTally:
    """The entities named by the most articles (not the most often), counted one
    article at a time."""

    def __init__(self) -> None:
        self._by_articles: Counter[tuple[str, str]] = Counter()

    def add(self, record: ArticleRecord) -> None:
        if record.analysis is not None:
            self._by_articles.update(
                {
                    (m.text, m.label)
                    for m in record.analysis.entities
                    if m.label not in NON_ENTITY_LABELS
                }
            )

    def top(self, limit: int = 25) -> tuple[EntityCount, ...]:
        # Ties by name: a Counter's order among equal counts depends on the hash seed.
        ranked = sorted(self._by_articles.items(), key=lambda item: (-item[1], item[0]))
        return tuple(EntityCount(text, label, n) for (text, label), n in ranked[:limit])


def top_entities(records: Iterable[ArticleRecord], limit: int = 25) -> tuple[EntityCount, ...]:
    tally = EntityTally()
    for record in records:
        tally.add(record)
    return tally.top(limit)


def build_report(
    records: Iterable[ArticleRecord], stories: Sequence[StoryReport], run: RunInfo
) -> RunReport:
    """The report of a run: its articles (earliest first), the entities most of them
    name, and the stories they belong to."""
    ordered = sorted(
        {r.id: r for r in records}.values(), key=lambda r: publication_key(r.published, r.title)
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
    return write_json_stream(
        path,
        head=report_head(report.run, report.generated_at),
        articles=report.articles,
        entities=lambda: report.entities,
        stories=report.stories,
    )


def report_head(run: RunInfo, generated_at: datetime | None = None) -> dict[str, Any]:
    """The fields of report.json that come before its articles."""
    moment = generated_at or datetime.now(UTC).replace(microsecond=0)
    return {"storydesk": __version__, "generated_at": moment, "run": run}


def write_json_stream(
    path: Path,
    *,
    head: dict[str, Any],
    articles: Iterable[ArticleRecord],
    entities: Callable[[], Sequence[EntityCount]],
    stories: Iterable[StoryReport],
) -> Path:
    """report.json written as it is read, one article and one story a line, so a big
    store's report never sits whole in memory (and is about half the size of an
    indented one). `entities` is called once the articles are written: it may count
    them as they stream. The file is what `codec.to_data(RunReport)` gives, written to a
    temporary name and renamed, so a failed run leaves no half report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")

    def dump(value: Any) -> str:
        return json.dumps(codec.to_data(value), ensure_ascii=False, default=str)

    with partial.open("w", encoding="utf-8") as out:

        def write_list(name: str, items: Iterable[Any]) -> None:
            out.write(f',\n"{name}": [')
            for n, item in enumerate(items):
                out.write(("\n" if n == 0 else ",\n") + dump(item))
            out.write("\n]")

        out.write("{" + ",\n".join(f"{json.dumps(k)}: {dump(v)}" for k, v in head.items()))
        write_list("articles", articles)
        out.write(f',\n"entities": {dump(entities())}')
        write_list("stories", stories)
        out.write("}\n")
    partial.replace(path)
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
