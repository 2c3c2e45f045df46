"""An outlet's articles and the derivations they take part in, for the outlet page:
what it published, and how often its reports are copies or rewrites of others' (and
others' of its own).

The outlet is matched as stored, without regard to case. Articles are read newest
first and bounded (`limit`); the counts cover all of the outlet's current articles.
"""

from __future__ import annotations

from collections.abc import Sequence

from storydesk import codec
from storydesk.model import ArticleSummary, Link
from storydesk.store.base import chunks, marks
from storydesk.store.stories import StoryQueries


class OutletQueries(StoryQueries):
    def outlet_name(self, name: str) -> str | None:
        """The outlet as stored ("The Hill" for "the hill"); None when no current
        article has it."""
        row = self.db.execute(
            "SELECT outlet FROM articles WHERE outlet = ? COLLATE NOCASE "
            "AND superseded_by IS NULL LIMIT 1",
            (name,),
        ).fetchone()
        return str(row["outlet"]) if row else None

    def outlet_article_count(self, outlet: str) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE outlet = ? AND superseded_by IS NULL", (outlet,)
        ).fetchone()
        return int(row[0])

    def outlet_articles(self, outlet: str, limit: int = 200) -> list[ArticleSummary]:
        """The outlet's current articles, newest first (undated last)."""
        rows = self.db.execute(
            """SELECT id FROM articles WHERE outlet = ? AND superseded_by IS NULL
               ORDER BY published IS NULL, published DESC, seq DESC LIMIT ?""",
            (outlet, limit),
        ).fetchall()
        return self.article_summaries([r["id"] for r in rows])

    def outlet_links(self, outlet: str) -> list[Link]:
        """Every copy or rewrite one of the outlet's current articles takes part in,
        as source or as derived (read story by story: links are kept per story)."""
        ids = {
            r["id"]
            for r in self.db.execute(
                "SELECT id FROM articles WHERE outlet = ? AND superseded_by IS NULL", (outlet,)
            )
        }
        stories = sorted(set(self.story_ids_by_article(sorted(ids)).values()))
        found: dict[tuple[str, str], Link] = {}
        for chunk in chunks(stories):
            for row in self.db.execute(
                f"""SELECT data FROM links WHERE story_id IN ({marks(chunk)})
                    AND kind != 'independent' ORDER BY rowid""",
                chunk,
            ):
                link = codec.unpack(Link, row["data"])
                if link.source_id in ids or link.derived_id in ids:
                    found.setdefault((link.source_id, link.derived_id), link)
        return list(found.values())

    def outlets_of(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """The stored outlet of each article (None where none is stated)."""
        found: dict[str, str | None] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                f"SELECT id, outlet FROM articles WHERE id IN ({marks(chunk)})", chunk
            ):
                found[row["id"]] = row["outlet"]
        return found
