"""What each article claims (quotes, numbers, credits, dates), kept per article."""

from __future__ import annotations

from collections.abc import Sequence

from storydesk import codec
from storydesk.model import ArticleClaims
from storydesk.store.base import StoreBase, chunks, marks
from storydesk.store.decoded import decoded


class ClaimQueries(StoreBase):
    def save_claims(self, article_id: str, extractor: str, claims: ArticleClaims) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO claims (article_id, extractor, data) VALUES (?, ?, ?)",
            (article_id, extractor, codec.pack(claims)),
        )

    def claims_of(self, article_id: str) -> ArticleClaims | None:
        row = self.db.execute(
            "SELECT data FROM claims WHERE article_id = ?", (article_id,)
        ).fetchone()
        return decoded(ArticleClaims, row["data"]) if row else None

    def claims_by_article(self, article_ids: Sequence[str]) -> dict[str, ArticleClaims]:
        """The claims of each of these articles that has them, in one query a chunk."""
        found: dict[str, ArticleClaims] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                f"SELECT article_id, data FROM claims WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                found[row["article_id"]] = decoded(ArticleClaims, row["data"])
        return found

    def ids_needing_claims(self, extractor: str, failed_version: str | None = None) -> list[str]:
        rows = self.db.execute(
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
