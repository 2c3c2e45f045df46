"""Queries for stories and everything computed per story (links, results) or per
article beyond the analysis (claims)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from storydesk import codec
from storydesk.model import Link, Story
from storydesk.store.store import Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def save_story(store: Store, story: Story, reasons: dict[str, tuple[float, str]]) -> None:
    """Write a story as the clusterer sees it now and mark it for recomputation.

    `reasons` gives, for newly placed articles, the (score, reason) of their
    assignment; articles placed earlier keep theirs.
    """
    db = store.db
    db.execute(
        """INSERT INTO stories (id, title, first_seen, last_seen, size, updated_at, dirty)
           VALUES (?, ?, ?, ?, ?, ?, 1)
           ON CONFLICT(id) DO UPDATE SET title = excluded.title,
               first_seen = excluded.first_seen, last_seen = excluded.last_seen,
               size = excluded.size, updated_at = excluded.updated_at, dirty = 1""",
        (
            story.id,
            story.title,
            _iso(story.first_seen),
            _iso(story.last_seen),
            len(story.article_ids),
            _now(),
        ),
    )
    for position, article_id in enumerate(story.article_ids):
        score, reason = reasons.get(article_id, (None, None))  # type: ignore[assignment]
        db.execute(
            """INSERT INTO story_articles (article_id, story_id, position, score, reason)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id,
                   position = excluded.position,
                   score = COALESCE(?, story_articles.score),
                   reason = COALESCE(?, story_articles.reason)""",
            (article_id, story.id, position, score or 0.0, reason or "", score, reason),
        )
    for alias in story.aliases:
        db.execute(
            "INSERT OR REPLACE INTO story_aliases (alias, story_id) VALUES (?, ?)",
            (alias, story.id),
        )
        db.execute("DELETE FROM stories WHERE id = ?", (alias,))
        db.execute("DELETE FROM story_results WHERE story_id = ?", (alias,))
        db.execute("DELETE FROM links WHERE story_id = ?", (alias,))


def record_unassigned(store: Store, article_id: str, reason: str) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO unassigned (article_id, reason) VALUES (?, ?)",
        (article_id, reason),
    )


def ids_needing_clustering(store: Store, failed_version: str | None = None) -> list[str]:
    rows = store.db.execute(
        """SELECT a.id FROM articles a
           WHERE a.superseded_by IS NULL
             AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)
             AND NOT EXISTS (SELECT 1 FROM unassigned u WHERE u.article_id = a.id)
             -- an article the analysis gave up on has nothing to cluster by, and one
             -- the clusterer failed on waits for a new code version
             AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.item_id = a.id
                             AND (f.stage = 'analyse'
                                  OR (f.stage = 'cluster' AND f.version = ?)))
           ORDER BY a.seq""",
        (failed_version or "",),
    ).fetchall()
    return [r["id"] for r in rows]


def resolve_story_id(store: Store, story_id: str) -> str | None:
    """A story id (or an alias of a merged story, a unique prefix, or a short form such
    as "S12" for "S000012") to the live id."""
    short = re.fullmatch(r"[Ss](\d{1,6})", story_id)
    if short:
        story_id = f"S{int(short.group(1)):06d}"
    row = store.db.execute(
        "SELECT story_id FROM story_aliases WHERE alias = ?", (story_id,)
    ).fetchone()
    if row:
        return str(row["story_id"])
    rows = store.db.execute(
        "SELECT id FROM stories WHERE id = ? OR id LIKE ? LIMIT 2", (story_id, f"{story_id}%")
    ).fetchall()
    exact = [r["id"] for r in rows if r["id"] == story_id]
    if exact:
        return str(exact[0])
    return str(rows[0]["id"]) if len(rows) == 1 else None


def count_stories(store: Store) -> int:
    """Stories that hold at least one current article (the ones `list_stories` lists)."""
    return int(
        store.db.execute(
            """SELECT COUNT(DISTINCT sa.story_id) FROM story_articles sa
               JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL"""
        ).fetchone()[0]
    )


def list_stories(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, largest and most recent first, with their outlets."""
    page = f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}" if limit else ""
    rows = store.db.execute(
        f"""SELECT s.id, s.title, s.first_seen, s.last_seen,
                  COUNT(a.id) AS size, GROUP_CONCAT(DISTINCT a.outlet) AS outlets
           FROM stories s
           JOIN story_articles sa ON sa.story_id = s.id
           JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
           GROUP BY s.id
           ORDER BY size DESC, s.last_seen DESC, s.id
           {page}"""
    ).fetchall()
    return [dict(r) for r in rows]


def story_article_ids(store: Store, story_id: str) -> list[str]:
    rows = store.db.execute(
        """SELECT sa.article_id FROM story_articles sa
           JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
           WHERE sa.story_id = ? ORDER BY sa.position""",
        (story_id,),
    ).fetchall()
    return [r["article_id"] for r in rows]


def story_row(store: Store, story_id: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    data = dict(row)
    data["aliases"] = [
        r["alias"]
        for r in store.db.execute(
            "SELECT alias FROM story_aliases WHERE story_id = ? ORDER BY alias", (story_id,)
        )
    ]
    return data


def assignment_of(store: Store, article_id: str) -> dict[str, Any] | None:
    row = store.db.execute(
        "SELECT story_id, score, reason FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    if row:
        return dict(row)
    row = store.db.execute(
        "SELECT reason FROM unassigned WHERE article_id = ?", (article_id,)
    ).fetchone()
    return {"story_id": None, "score": 0.0, "reason": row["reason"]} if row else None


def dirty_story_ids(store: Store) -> list[str]:
    return [r["id"] for r in store.db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id")]


def mark_stories_dirty(store: Store, story_ids: Iterable[str] | None = None) -> None:
    """Have the story stage recompute these stories (all, when None)."""
    if story_ids is None:
        store.db.execute("UPDATE stories SET dirty = 1")
        return
    store.db.executemany("UPDATE stories SET dirty = 1 WHERE id = ?", [(s,) for s in story_ids])


def mark_story_clean(store: Store, story_id: str) -> None:
    """Leave a story alone until it changes (after the story stage failed on it)."""
    store.db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))


def stories_of_articles(store: Store, article_ids: Sequence[str]) -> list[str]:
    found: dict[str, None] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute(
            f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", chunk
        ):
            found[row["story_id"]] = None
    return sorted(found)


def save_links(store: Store, story_id: str, links: Iterable[Link]) -> None:
    store.db.execute("DELETE FROM links WHERE story_id = ?", (story_id,))
    store.db.executemany(
        "INSERT INTO links (story_id, source_id, derived_id, kind, data) VALUES (?, ?, ?, ?, ?)",
        [(story_id, k.source_id, k.derived_id, k.kind, codec.dumps(k)) for k in links],
    )


def links_of(store: Store, story_id: str) -> list[Link]:
    rows = store.db.execute(
        "SELECT data FROM links WHERE story_id = ? ORDER BY rowid", (story_id,)
    ).fetchall()
    return [codec.loads(Link, r["data"]) for r in rows]


def save_story_results(store: Store, story_id: str, data: dict[str, Any]) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO story_results (story_id, computed_at, data) VALUES (?, ?, ?)",
        (story_id, _now(), json.dumps(codec.to_data(data), ensure_ascii=False)),
    )
    store.db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))


def story_results(store: Store, story_id: str) -> dict[str, Any] | None:
    row = store.db.execute(
        "SELECT data FROM story_results WHERE story_id = ?", (story_id,)
    ).fetchone()
    return json.loads(row["data"]) if row else None


def save_claims(store: Store, article_id: str, extractor: str, claims: Any) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO claims (article_id, extractor, data) VALUES (?, ?, ?)",
        (article_id, extractor, codec.dumps(claims)),
    )


def claims_data(store: Store, article_id: str) -> Any:
    row = store.db.execute("SELECT data FROM claims WHERE article_id = ?", (article_id,)).fetchone()
    return json.loads(row["data"]) if row else None


def ids_needing_claims(
    store: Store, extractor: str, failed_version: str | None = None
) -> list[str]:
    rows = store.db.execute(
        """SELECT a.id FROM articles a
           JOIN analyses n ON n.article_id = a.id
           LEFT JOIN claims c ON c.article_id = a.id
           WHERE a.superseded_by IS NULL AND (c.extractor IS NULL OR c.extractor != ?)
             AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.item_id = a.id
                             AND f.stage = 'claims' AND f.version = ?)
           ORDER BY a.seq""",
        (extractor, failed_version or ""),
    ).fetchall()
    return [r["id"] for r in rows]
