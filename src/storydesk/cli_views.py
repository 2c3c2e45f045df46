"""What the CLI prints: run summaries, article lists, one article in detail."""

from __future__ import annotations

import shutil
import textwrap
from collections import defaultdict
from pathlib import Path

from storydesk.pipeline import RunSummary
from storydesk.store.store import Store

_ENTITY_ORDER = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "PRODUCT",
    "LAW",
    "DATE",
    "TIME",
)


def _width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 120)


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_summary(summary: RunSummary, db_path: Path) -> None:
    c = summary.counts()
    print(
        f"read {c['read']} articles ({c['new']} new, {c['updated']} updated, "
        f"{c['unchanged']} already stored); analysed {c['analyzed']}; "
        f"skipped {c['skipped']}; failed {c['failed']}"
    )
    for failure in summary.failures:
        status = "skipped" if failure.skipped else "FAILED "
        print(f"  {status} {failure.source}: {failure.reason}")
    print(f"store: {db_path}")


def print_articles(store: Store, limit: int = 50) -> None:
    total = store.count_articles()
    width = _width()
    title_width = max(20, width - 16 - 12 - 20 - 6)
    print(f"{'ID':<16}  {'PUBLISHED':<10}  {'OUTLET':<18}  TITLE")
    shown = 0
    for article in store.articles():
        if shown >= limit:
            break
        published = article.published.strftime("%Y-%m-%d") if article.published else "-"
        title = article.display_title
        print(
            f"{article.id:<16}  {published:<10}  {_cut(article.outlet or '-', 18):<18}  "
            f"{_cut(title, title_width)}"
        )
        shown += 1
    if total > shown:
        print(f"... {total - shown} more (use --limit)")


def print_article(store: Store, article_id: str) -> None:
    article = store.get_article(article_id)
    if article is None:
        return
    analysis = store.get_analysis(article_id)
    width = _width()
    print(article.display_title)
    print("=" * min(width, len(article.display_title)))
    fields = [
        ("id", article.id),
        ("outlet", article.outlet),
        ("byline", article.byline),
        ("published", article.published.isoformat() if article.published else None),
        ("dateline", article.dateline),
        ("url", article.url),
        ("language", article.language),
        (
            "source",
            f"{article.provenance.kind}: {article.provenance.source}"
            + (f" #{article.provenance.locator}" if article.provenance.locator else ""),
        ),
    ]
    if article.summary_only:
        fields.append(("note", "summary only: the feed carried no full text"))
    for version in store.versions_of(article_id):
        fields.append(
            ("version", f"{version['old_id']} -> {version['new_id']} ({version['recorded_at']})")
        )
    for name, value in fields:
        if value:
            print(f"{name:>10}: {value}")
    if analysis is None:
        print("\n(not analysed yet)")
    else:
        print(f"\nsentences: {len(analysis.sentences)}")
        grouped: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for mention in analysis.mentions:
            grouped[mention.label][mention.text].append(mention.start)
        print("entities:")
        for label in sorted(grouped, key=lambda x: (*_ENTITY_ORDER, x).index(x)):
            items = ", ".join(
                f"{text} @{','.join(map(str, starts[:3]))}{'…' if len(starts) > 3 else ''}"
                for text, starts in grouped[label].items()
            )
            print(
                textwrap.fill(
                    items, width=width, initial_indent=f"  {label:<8} ", subsequent_indent=" " * 11
                )
            )
    print("\ntext:")
    for paragraph in article.text.split("\n"):
        if paragraph.strip():
            print(
                textwrap.fill(paragraph, width=width, initial_indent="  ", subsequent_indent="  ")
            )
