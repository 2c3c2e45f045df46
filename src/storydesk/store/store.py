"""The embedded store: articles, their versions, analyses, runs.

Writes are grouped in short transactions (a batch of articles at a time), so an
interrupted run keeps everything it stored before the interruption, and a re-run
stores nothing twice: articles are keyed by their content id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from storydesk.model import Analysis, Article, Mention, Provenance, ReadFailure, Sentence
from storydesk.store.database import connect

AddStatus = Literal["new", "updated", "unchanged"]


class AmbiguousId(LookupError):
    """An id prefix that matches more than one record."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        provenance=Provenance(row["source"], row["source_kind"], row["locator"]),
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        byline=row["byline"],
        published=_parse_iso(row["published"]),
        dateline=row["dateline"],
        language=row["language"],
        summary_only=bool(row["summary_only"]),
        metadata=json.loads(row["metadata"]),
    )


class Store:
    """One SQLite database file. Not thread-safe: one Store per thread or process."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        create: bool = True,
        busy_timeout_ms: int | None = None,
    ) -> None:
        """Open the store at `path`: read-only (never created, migrated or changed), or
        read-write (created when missing unless `create` is False, and migrated).
        `busy_timeout_ms` bounds each wait for another process's lock (default: long
        enough for any batch another `add` commits; a web request wants less)."""
        self.path = Path(path)
        self.read_only = read_only
        self.db = connect(
            self.path, read_only=read_only, create=create, busy_timeout_ms=busy_timeout_ms
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Reads inside the block see one consistent state of the store (one read
        transaction: in WAL mode a concurrent `add` commits without changing it)."""
        self.db.execute("BEGIN DEFERRED")
        try:
            yield self
        finally:
            if self.db.in_transaction:
                with suppress(sqlite3.Error):  # keep the body's error, not the cleanup's
                    self.db.execute("ROLLBACK")  # nothing was written: this ends the read

    def add_article(self, article: Article) -> AddStatus:
        """Store an article unless it is already stored; record a new version of a
        document (same URL or source, different content) as an update."""
        if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return "unchanged"
        key = article.key
        previous = self.db.execute(
            "SELECT id FROM articles WHERE doc_key = ? AND superseded_by IS NULL", (key,)
        ).fetchall()
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        self.db.execute(
            """INSERT INTO articles (id, doc_key, seq, title, url, outlet, byline, published,
                   dateline, language, text, summary_only, source, source_kind, locator,
                   metadata, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.id,
                key,
                seq,
                article.title,
                article.url,
                article.outlet,
                article.byline,
                _iso(article.published),
                article.dateline,
                article.language,
                article.text,
                int(article.summary_only),
                article.provenance.source,
                article.provenance.kind,
                article.provenance.locator,
                json.dumps(article.metadata, ensure_ascii=False, default=str),
                _now(),
            ),
        )
        for row in previous:
            self.db.execute(
                "UPDATE articles SET superseded_by = ? WHERE id = ?", (article.id, row["id"])
            )
            self.db.execute(
                "INSERT INTO article_updates (doc_key, old_id, new_id, recorded_at) "
                "VALUES (?, ?, ?, ?)",
                (key, row["id"], article.id, _now()),
            )
        return "updated" if previous else "new"

    def save_analysis(self, analysis: Analysis) -> None:
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (analysis.article_id,))
        self.db.execute(
            "INSERT OR REPLACE INTO analyses (article_id, analyzer, analyzed_at, sentences) "
            "VALUES (?, ?, ?, ?)",
            (
                analysis.article_id,
                analysis.analyzer,
                _now(),
                json.dumps([[s.start, s.end] for s in analysis.sentences]),
            ),
        )
        self.db.executemany(
            "INSERT INTO mentions (article_id, start, end, label, text) VALUES (?, ?, ?, ?, ?)",
            [(analysis.article_id, m.start, m.end, m.label, m.text) for m in analysis.mentions],
        )

    def start_run(self, command: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, _now())
        )
        return int(cursor.lastrowid or 0)

    def record_failure(self, run_id: int, failure: ReadFailure) -> None:
        self.db.execute(
            "INSERT INTO read_failures (run_id, source, reason, skipped) VALUES (?, ?, ?, ?)",
            (run_id, failure.source, failure.reason, int(failure.skipped)),
        )

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (_now(), json.dumps(summary), run_id),
        )

    def set_state(self, key: str, value: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    # -- reading -----------------------------------------------------------------

    def get_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def count_articles(self, current_only: bool = True) -> int:
        where = "WHERE superseded_by IS NULL" if current_only else ""
        return int(self.db.execute(f"SELECT COUNT(*) FROM articles {where}").fetchone()[0])

    def articles(
        self, ids: Sequence[str] | None = None, current_only: bool = True
    ) -> Iterator[Article]:
        """Articles in arrival order (all, or those with the given ids)."""
        if ids is not None:
            for chunk_start in range(0, len(ids), 500):
                chunk = list(ids[chunk_start : chunk_start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY seq", chunk
                ).fetchall()
                yield from (_article_from_row(r) for r in rows)
            return
        where = "WHERE superseded_by IS NULL" if current_only else ""
        for row in self.db.execute(f"SELECT * FROM articles {where} ORDER BY seq"):
            yield _article_from_row(row)

    def resolve_article_id(self, prefix: str) -> str | None:
        """The full id of the article whose id starts with `prefix`."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? || '%' LIMIT 2", (prefix,)
        ).fetchall()
        if len(rows) > 1:
            raise AmbiguousId(f"{prefix!r} matches several articles; give more characters")
        return rows[0]["id"] if rows else None

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def ids_needing_analysis(self, analyzer: str, failed_version: str | None = None) -> list[str]:
        """Current articles without an analysis by `analyzer`, less those the analysis
        already failed on with code version `failed_version`."""
        rows = self.db.execute(
            """SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
               WHERE a.superseded_by IS NULL AND (n.analyzer IS NULL OR n.analyzer != ?)
                 AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.item_id = a.id
                                 AND f.stage = 'analyse' AND f.version = ?)
               ORDER BY a.seq""",
            (analyzer, failed_version or ""),
        ).fetchall()
        return [r["id"] for r in rows]

    def get_analysis(self, article_id: str) -> Analysis | None:
        row = self.db.execute(
            "SELECT analyzer, sentences FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        mentions = self.db.execute(
            "SELECT start, end, label, text FROM mentions WHERE article_id = ? ORDER BY start",
            (article_id,),
        ).fetchall()
        return Analysis(
            article_id=article_id,
            sentences=tuple(Sentence(s, e) for s, e in json.loads(row["sentences"])),
            mentions=tuple(Mention(m["start"], m["end"], m["text"], m["label"]) for m in mentions),
            analyzer=row["analyzer"],
        )

    def versions_of(self, article_id: str) -> list[dict[str, Any]]:
        """Earlier and later versions of the document this article is a version of."""
        rows = self.db.execute(
            """SELECT old_id, new_id, recorded_at FROM article_updates
               WHERE doc_key = (SELECT doc_key FROM articles WHERE id = ?)
               ORDER BY recorded_at""",
            (article_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def last_runs(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, command, started_at, finished_at, summary FROM runs "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [dict(r) for r in rows]


class _Transaction:
    """`with store.transaction():` — one write transaction, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def add_articles(store: Store, articles: Iterable[Article], batch: int = 200) -> dict[str, int]:
    """Store many articles, committing every `batch`; returns counts by status."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    pending: list[Article] = []

    def flush() -> None:
        with store.transaction():
            for article in pending:
                counts[store.add_article(article)] += 1
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return counts
