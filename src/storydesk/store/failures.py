"""Per-item stage failures: which article or story a stage gave up on, and why.

A failure is recorded with the code version of the stage that failed. The stage skips
the item while that version is current (so one poisonous article is not retried, and
does not fail, on every run) and retries it when the code changes; the record goes
when the stage succeeds on the item. A changed input is a new article id, so it is
retried by construction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from storydesk.model import RecordedFailure, StageFailure
from storydesk.store.base import StoreBase, now_iso

MAX_REASON_CHARS = 300  # a reason is one line in a summary, never a traceback


def one_line(reason: str) -> str:
    line = " ".join(reason.split())
    return line if len(line) <= MAX_REASON_CHARS else line[: MAX_REASON_CHARS - 1] + "…"


def _recorded(row: sqlite3.Row) -> RecordedFailure:
    return RecordedFailure(
        row["item_id"],
        row["stage"],
        row["version"],
        row["reason"],
        datetime.fromisoformat(row["failed_at"]),
        row["source"],
    )


class FailureQueries(StoreBase):
    def record_failures(self, failures: Iterable[StageFailure], version: str) -> None:
        """Record failures (inside the caller's transaction)."""
        now = now_iso()
        self.db.executemany(
            "INSERT OR REPLACE INTO stage_failures (item_id, stage, version, reason, failed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(f.item_id, f.stage, version, one_line(f.reason), now) for f in failures],
        )

    def clear_failures(self, stage: str, item_ids: Iterable[str]) -> None:
        """Forget the failures of items the stage has now processed."""
        self.db.executemany(
            "DELETE FROM stage_failures WHERE stage = ? AND item_id = ?",
            [(stage, item_id) for item_id in item_ids],
        )

    def failed_ids(self, stage: str, version: str | None = None) -> set[str]:
        """Items the stage failed on (with this code version, when given)."""
        if version is None:
            rows = self.db.execute(
                "SELECT item_id FROM stage_failures WHERE stage = ?", (stage,)
            ).fetchall()
        else:
            rows = self.db.execute(
                "SELECT item_id FROM stage_failures WHERE stage = ? AND version = ?",
                (stage, version),
            ).fetchall()
        return {r["item_id"] for r in rows}

    def stale_failures(self, stage: str, version: str) -> list[str]:
        """Items whose failure was recorded by another code version: to be retried."""
        rows = self.db.execute(
            "SELECT item_id FROM stage_failures WHERE stage = ? AND version != ?", (stage, version)
        ).fetchall()
        return [r["item_id"] for r in rows]

    def list_failures(self, limit: int | None = None) -> list[RecordedFailure]:
        """Failures, newest first, with the article's source where there is one."""
        rows = self.db.execute(
            """SELECT f.item_id, f.stage, f.version, f.reason, f.failed_at, a.source
               FROM stage_failures f LEFT JOIN articles a ON a.id = f.item_id
               ORDER BY f.failed_at DESC, f.item_id LIMIT ?""",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [_recorded(r) for r in rows]

    def count_failures(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM stage_failures").fetchone()[0])

    def failures_of(self, item_id: str) -> list[RecordedFailure]:
        rows = self.db.execute(
            """SELECT f.item_id, f.stage, f.version, f.reason, f.failed_at, a.source
               FROM stage_failures f LEFT JOIN articles a ON a.id = f.item_id
               WHERE f.item_id = ? ORDER BY f.stage""",
            (item_id,),
        ).fetchall()
        return [_recorded(r) for r in rows]

    def forget_vanished_stories(self) -> None:
        """Drop story failures of stories that no longer exist (merged into another,
        whose own computation is what matters now)."""
        self.db.execute(
            """DELETE FROM stage_failures WHERE stage = 'stories'
               AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = stage_failures.item_id)"""
        )
