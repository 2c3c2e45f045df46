"""Sources followed over HTTP and the article pages they led to (`storydesk follow`).

A source's row is its health and its schedule: the validators for the next
conditional GET, when it is due, its current interval, the errors in a row. A page's
row says the page was fetched (and under which listing signature and validators), so
a restart, or a feed listing the same entry again, fetches nothing twice. The caller
(follow.py) decides what the answers mean; this module only reads and writes rows.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from storydesk.model.source import FetchedPage, FollowKind, PageState, Source
from storydesk.store.base import StoreBase, chunks, from_iso, marks, now_iso
from storydesk.store.failures import one_line


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of a source did to its row."""

    url: str
    status: int | None
    interval: float
    next_poll: float
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # None: the source answered usably
    new_items: int = 0
    kind: FollowKind | None = None  # what the document turned out to be, when known


def _source(row: sqlite3.Row) -> Source:
    return Source(
        url=row["url"],
        kind=row["kind"],
        added_at=datetime.fromisoformat(row["added_at"]),
        interval=float(row["interval"]),
        next_poll=float(row["next_poll"]),
        label=row["label"],
        last_fetch=from_iso(row["last_fetch"]),
        last_status=row["last_status"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        consecutive_errors=int(row["consecutive_errors"]),
        last_error=row["last_error"],
        items_seen=int(row["items_seen"]),
        last_change=from_iso(row["last_change"]),
    )


def _page(row: sqlite3.Row) -> FetchedPage:
    return FetchedPage(
        url=row["url"],
        source_url=row["source_url"],
        state=row["state"],
        signature=row["signature"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        content_hash=row["content_hash"],
        article_id=row["article_id"],
        attempts=int(row["attempts"]),
        error=row["error"],
        fetched_at=from_iso(row["fetched_at"]),
    )


class SourceQueries(StoreBase):
    # -- sources -------------------------------------------------------------------

    def add_source(
        self,
        url: str,
        kind: FollowKind,
        *,
        interval: float,
        label: str | None = None,
        now: float | None = None,
    ) -> bool:
        """Follow `url` from now on (due at once); False when it was followed already
        (its state is kept: adding it again does not reset its schedule)."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO sources (url, kind, label, added_at, interval, next_poll) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (url, kind, label, now_iso(), interval, time.time() if now is None else now),
            )
        return cursor.rowcount == 1

    def make_source_due(self, url: str, now: float | None = None) -> None:
        """Poll `url` at the next poll, whatever its schedule said (its errors and
        validators are kept)."""
        with self.transaction():
            self.db.execute("UPDATE sources SET next_poll = MIN(next_poll, ?) WHERE url = ?",
                            (time.time() if now is None else now, url))  # fmt: skip

    def remove_source(self, url: str) -> bool:
        """Stop following `url` (its pages' rows go too; the articles stay)."""
        with self.transaction():
            self.db.execute("DELETE FROM fetched_pages WHERE source_url = ?", (url,))
            cursor = self.db.execute("DELETE FROM sources WHERE url = ?", (url,))
        return cursor.rowcount == 1

    def get_source(self, url: str) -> Source | None:
        row = self.db.execute("SELECT * FROM sources WHERE url = ?", (url,)).fetchone()
        return _source(row) if row else None

    def list_sources(self) -> list[Source]:
        return [_source(r) for r in self.db.execute("SELECT * FROM sources ORDER BY added_at, url")]

    def due_sources(self, now: float) -> list[Source]:
        """Sources due at `now`, the longest overdue first."""
        rows = self.db.execute(
            "SELECT * FROM sources WHERE next_poll <= ? ORDER BY next_poll, url", (now,)
        )
        return [_source(r) for r in rows]

    def next_due(self) -> float | None:
        """When the next source is due (Unix time), None when none is followed."""
        value = self.db.execute("SELECT MIN(next_poll) FROM sources").fetchone()[0]
        return None if value is None else float(value)

    def record_poll(self, outcome: PollOutcome) -> None:
        """Write one poll's outcome (inside the caller's transaction). A failure keeps
        the validators the source had; an answer without validators clears them."""
        now = now_iso()
        if outcome.error is not None:
            self.db.execute(
                """UPDATE sources SET last_fetch = ?, last_status = ?, interval = ?,
                       next_poll = ?, consecutive_errors = consecutive_errors + 1,
                       last_error = ? WHERE url = ?""",
                (now, outcome.status, outcome.interval, outcome.next_poll,
                 one_line(outcome.error), outcome.url),
            )  # fmt: skip
            return
        self.db.execute(
            """UPDATE sources SET last_fetch = ?, last_status = ?, interval = ?, next_poll = ?,
                   etag = ?, last_modified = ?, consecutive_errors = 0, last_error = NULL,
                   items_seen = items_seen + ?, kind = COALESCE(?, kind),
                   last_change = CASE WHEN ? > 0 THEN ? ELSE last_change END
               WHERE url = ?""",
            (now, outcome.status, outcome.interval, outcome.next_poll, outcome.etag,
             outcome.last_modified, outcome.new_items, outcome.kind, outcome.new_items, now,
             outcome.url),
        )  # fmt: skip

    # -- pages ---------------------------------------------------------------------

    def fetched_pages(self, urls: Iterable[str]) -> dict[str, FetchedPage]:
        """The rows of the pages among `urls` fetched before."""
        found: dict[str, FetchedPage] = {}
        listed = list(dict.fromkeys(urls))
        for chunk in chunks(listed):
            for row in self.db.execute(
                f"SELECT * FROM fetched_pages WHERE url IN ({marks(chunk)})", chunk
            ):
                found[row["url"]] = _page(row)
        return found

    def pages_to_retry(self, source_url: str, max_attempts: int) -> list[FetchedPage]:
        """Pages of this source that failed fewer than `max_attempts` times in a row."""
        rows = self.db.execute(
            "SELECT * FROM fetched_pages WHERE source_url = ? AND state = 'failed' "
            "AND attempts < ? ORDER BY url",
            (source_url, max_attempts),
        )
        return [_page(r) for r in rows]

    def record_page(
        self,
        url: str,
        source_url: str,
        state: PageState,
        *,
        signature: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        article_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record a page's fetch (inside the caller's transaction). A failure counts
        one more attempt and keeps what an earlier success stored (its validators,
        hash and article), so a page that fails once is not fetched whole again."""
        now = now_iso()
        if state == "failed":
            self.db.execute(
                """INSERT INTO fetched_pages (url, source_url, state, signature, attempts,
                       error, fetched_at) VALUES (?, ?, 'failed', ?, 1, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET state = 'failed',
                       attempts = attempts + 1, error = excluded.error,
                       fetched_at = excluded.fetched_at""",
                (url, source_url, signature, one_line(error or "failed"), now),
            )
            return
        self.db.execute(
            """INSERT INTO fetched_pages (url, source_url, state, signature, etag,
                   last_modified, content_hash, article_id, attempts, error, fetched_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
               ON CONFLICT(url) DO UPDATE SET state = excluded.state,
                   signature = excluded.signature, etag = excluded.etag,
                   last_modified = excluded.last_modified,
                   content_hash = COALESCE(excluded.content_hash, content_hash),
                   article_id = COALESCE(excluded.article_id, article_id),
                   attempts = 0, error = excluded.error, fetched_at = excluded.fetched_at""",
            (url, source_url, state, signature, etag, last_modified, content_hash, article_id,
             one_line(error) if error else None, now),
        )  # fmt: skip

    def count_fetched_pages(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM fetched_pages").fetchone()[0])
