"""One story as data: its articles, sources (independent vs derived), and what the
per-story stages computed. The JSON report, the HTML page and `storydesk show STORY`
all render this dict."""

from __future__ import annotations

from typing import Any

from storydesk import codec
from storydesk.store import stories as stories_db
from storydesk.store.store import Store

# Bookkeeping of the story stage, not for readers.
_INTERNAL_RESULTS = {"independent_groups", "linked_ids"}


def _article_summary(store: Store, article_id: str) -> dict[str, Any] | None:
    article = store.get_article(article_id)
    if article is None:
        return None
    assignment = stories_db.assignment_of(store, article_id) or {}
    return {
        "id": article.id,
        "title": article.display_title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "summary_only": article.summary_only,
        "assignment": {"score": assignment.get("score"), "reason": assignment.get("reason")},
    }


def build_story_report(store: Store, story_id: str) -> dict[str, Any] | None:
    row = stories_db.story_row(store, story_id)
    if row is None:
        return None
    article_ids = stories_db.story_article_ids(store, story_id)
    articles = [a for a in (_article_summary(store, i) for i in article_ids) if a]
    links = stories_db.links_of(store, story_id)
    results = stories_db.story_results(store, story_id) or {}
    groups = results.get("independent_groups") or [[a["id"]] for a in articles]
    derived = [codec.to_data(k) for k in links if k.kind != "independent"]
    outlets = sorted({a["outlet"] for a in articles if a["outlet"]})
    report: dict[str, Any] = {
        "id": row["id"],
        "title": row["title"],
        "aliases": row["aliases"],
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
        "size": len(articles),
        "outlets": outlets,
        "articles": articles,
        "sources": {
            "independent": len(groups),
            "groups": groups,
            "derivations": derived,
        },
    }
    for key, value in results.items():
        if key not in _INTERNAL_RESULTS:
            report[key] = value
    return report


def stories_for(store: Store, article_ids: list[str]) -> list[dict[str, Any]]:
    """Reports of the stories these articles belong to, largest first."""
    reports = [
        build_story_report(store, sid) for sid in stories_db.stories_of_articles(store, article_ids)
    ]
    found = [r for r in reports if r is not None]
    return sorted(found, key=lambda r: (-r["size"], r["id"]))
