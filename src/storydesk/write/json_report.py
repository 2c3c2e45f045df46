"""The report as data: one JSON-able dict that every renderer (JSON, HTML, terminal)
reads, so they can never disagree."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storydesk import __version__
from storydesk.model import Analysis, Article
from storydesk.store.store import Store
from storydesk.store.stories import claims_data


def article_record(
    article: Article, analysis: Analysis | None, claims: dict[str, Any] | None = None
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "display_title": article.display_title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "dateline": article.dateline,
        "url": article.url,
        "language": article.language,
        "summary_only": article.summary_only,
        "source": {
            "path": article.provenance.source,
            "kind": article.provenance.kind,
            "locator": article.provenance.locator,
        },
        "metadata": article.metadata,
        "text": article.text,
        "analysis": None,
        "claims": claims,
    }
    if analysis is not None:
        record["analysis"] = {
            "analyzer": analysis.analyzer,
            "sentences": [{"start": s.start, "end": s.end} for s in analysis.sentences],
            "entities": [
                {"text": m.text, "label": m.label, "start": m.start, "end": m.end}
                for m in analysis.mentions
            ],
        }
    return record


def top_entities(records: Sequence[dict[str, Any]], limit: int = 25) -> list[dict[str, Any]]:
    """The entities named by the most articles (not the most often)."""
    by_articles: Counter[tuple[str, str]] = Counter()
    for record in records:
        analysis = record["analysis"]
        if analysis:
            by_articles.update(
                {
                    (e["text"], e["label"])
                    for e in analysis["entities"]
                    if e["label"] not in ("DATE", "TIME")
                }
            )
    return [
        {"text": text, "label": label, "articles": n}
        for (text, label), n in by_articles.most_common(limit)
    ]


def build_report(
    store: Store, article_ids: Sequence[str], run: dict[str, Any] | None = None
) -> dict[str, Any]:
    unique_ids = list(dict.fromkeys(article_ids))
    records = [
        article_record(article, store.get_analysis(article.id), claims_data(store, article.id))
        for article in store.articles(unique_ids)
    ]
    records.sort(key=lambda r: (r["published"] or "9999", r["title"] or ""))
    return {
        "storydesk": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run": run or {},
        "articles": records,
        "entities": top_entities(records),
    }


def write_json(report: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), "utf-8")
    return path
