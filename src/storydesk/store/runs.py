"""Runs (what each command read and failed on) and small named state blobs."""

from __future__ import annotations

import json
from dataclasses import asdict

from storydesk.model import ReadFailure, RunCounts
from storydesk.store.base import StoreBase, now_iso


class RunQueries(StoreBase):
    def start_run(self, command: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, now_iso())
        )
        return int(cursor.lastrowid or 0)

    def record_failure(self, run_id: int, failure: ReadFailure) -> None:
        self.db.execute(
            "INSERT INTO read_failures (run_id, source, reason, skipped) VALUES (?, ?, ?, ?)",
            (run_id, failure.source, failure.reason, int(failure.skipped)),
        )

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (now_iso(), json.dumps(asdict(counts)), run_id),
        )

    def set_state(self, key: str, value: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    def get_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def delete_state(self, key: str) -> None:
        self.db.execute("DELETE FROM state WHERE key = ?", (key,))
