"""Articles judged not news: stored like any other, never placed in a story.

The verdict (`analyze.not_news`) is kept with the classifier version that gave it, so
a store judged by an older classifier is judged again (and an article now found to
be news is clustered after all). One row per article: judging the same article
again replaces its row, so a re-run records nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from storydesk.model import Article, NotNews
from storydesk.store.articles import _article_from_row
from storydesk.store.base import StoreBase, now_iso


class NotNewsQueries(StoreBase):
    def record_not_news(self, verdicts: Iterable[tuple[str, NotNews]], version: str) -> None:
        """Record (article id, verdict) pairs, inside the caller's transaction."""
        now = now_iso()
        self.db.executemany(
            "INSERT OR REPLACE INTO not_news (article_id, kind, reason, version, judged_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(article_id, v.kind, v.reason, version, now) for article_id, v in verdicts],
        )

    def forget_not_news(self, article_ids: Iterable[str]) -> None:
        """Drop the verdicts of articles judged news after all."""
        self.db.executemany(
            "DELETE FROM not_news WHERE article_id = ?", [(i,) for i in article_ids]
        )

    def not_news_of(self, article_id: str) -> NotNews | None:
        row = self.db.execute(
            "SELECT kind, reason FROM not_news WHERE article_id = ?", (article_id,)
        ).fetchone()
        return NotNews(row["kind"], row["reason"]) if row else None

    def stale_not_news(self, version: str) -> list[str]:
        """Current articles judged not news by another classifier version."""
        rows = self.db.execute(
            """SELECT n.article_id FROM not_news n JOIN articles a ON a.id = n.article_id
               WHERE a.superseded_by IS NULL AND n.version != ? ORDER BY a.seq""",
            (version,),
        ).fetchall()
        return [r["article_id"] for r in rows]

    def count_not_news(self) -> int:
        return int(
            self.db.execute(
                """SELECT COUNT(*) FROM not_news n JOIN articles a ON a.id = n.article_id
                   WHERE a.superseded_by IS NULL"""
            ).fetchone()[0]
        )

    def list_not_news(
        self, limit: int | None = None, offset: int = 0
    ) -> list[tuple[Article, NotNews]]:
        """Current articles judged not news, in arrival order, with their verdicts."""
        page = f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}" if limit else ""
        rows = self.db.execute(
            f"""SELECT a.*, n.kind AS not_news_kind, n.reason AS not_news_reason
                FROM not_news n JOIN articles a ON a.id = n.article_id
                WHERE a.superseded_by IS NULL ORDER BY a.seq {page}"""
        ).fetchall()
        return [
            (_article_from_row(r), NotNews(r["not_news_kind"], r["not_news_reason"]))
            for r in rows
        ]
