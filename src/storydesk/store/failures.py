"""Per-item stage failures: which article or story a stage gave up on, and why.

A failure is recorded with the code version of the stage that failed. The stage skips
the item while that version is current (so one poisonous article is not retried, and
does not fail, on every run) and retries it when the code changes; the record goes
when the stage succeeds on the item. A changed input is a new article id, so it is
retried by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from storydesk.model import StageFailure
from storydesk.store.store import Store

MAX_REASON_CHARS = 300  # a reason is one line in a summary, never a traceback


def one_line(reason: str) -> str:
    line = " ".join(reason.split())
    return line if len(line) <= MAX_REASON_CHARS else line[: MAX_REASON_CHARS - 1] + "…"


def record_failures(store: Store, failures: Iterable[StageFailure], version: str) -> None:
    """Record failures (inside the caller's transaction)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    store.db.executemany(
        "INSERT OR REPLACE INTO stage_failures (item_id, stage, version, reason, failed_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(f.item_id, f.stage, version, one_line(f.reason), now) for f in failures],
    )


def clear_failures(store: Store, stage: str, item_ids: Iterable[str]) -> None:
    """Forget the failures of items the stage has now processed."""
    store.db.executemany(
        "DELETE FROM stage_failures WHERE stage = ? AND item_id = ?",
        [(stage, item_id) for item_id in item_ids],
    )


def failed_ids(store: Store, stage: str, version: str | None = None) -> set[str]:
    """Items the stage failed on (with this code version, when given)."""
    if version is None:
        rows = store.db.execute(
            "SELECT item_id FROM stage_failures WHERE stage = ?", (stage,)
        ).fetchall()
    else:
        rows = store.db.execute(
            "SELECT item_id FROM stage_failures WHERE stage = ? AND version = ?",
            (stage, version),
        ).fetchall()
    return {r["item_id"] for r in rows}


def stale_failures(store: Store, stage: str, version: str) -> list[str]:
    """Items whose failure was recorded by another code version: to be retried."""
    rows = store.db.execute(
        "SELECT item_id FROM stage_failures WHERE stage = ? AND version != ?", (stage, version)
    ).fetchall()
    return [r["item_id"] for r in rows]


def list_failures(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Failures, newest first, with the article's source where there is one."""
    rows = store.db.execute(
        """SELECT f.item_id, f.stage, f.version, f.reason, f.failed_at, a.source, a.title
           FROM stage_failures f LEFT JOIN articles a ON a.id = f.item_id
           ORDER BY f.failed_at DESC, f.item_id LIMIT ?""",
        (-1 if limit is None else limit,),
    ).fetchall()
    return [dict(r) for r in rows]


def count_failures(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM stage_failures").fetchone()[0])


def failures_of(store: Store, item_id: str) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT stage, version, reason, failed_at FROM stage_failures WHERE item_id = ? "
        "ORDER BY stage",
        (item_id,),
    ).fetchall()
    return [dict(r) for r in rows]


def forget_vanished_stories(store: Store) -> None:
    """Drop story failures of stories that no longer exist (merged into another, whose
    own computation is what matters now)."""
    store.db.execute(
        """DELETE FROM stage_failures WHERE stage = 'stories'
           AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = stage_failures.item_id)"""
    )
