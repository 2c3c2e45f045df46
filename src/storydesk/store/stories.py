"""Stories: what the clusterer placed where, and what the story stage computed per
story (derivation links, results), read back as one `StoryReport`."""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence

from storydesk import codec
from storydesk.model import (
    ArticleSummary,
    Link,
    Placement,
    Story,
    StoryListing,
    StoryReport,
    StoryResults,
    display_title,
)
from storydesk.reconcile.sources import credited_others
from storydesk.store.articles import read_basis
from storydesk.store.base import StoreBase, chunks, from_iso, marks, now_iso, to_iso
from storydesk.store.decoded import decoded

# Stories as lists show them: a story's size is the number of its current articles,
# its outlets those of its current articles, all kept on the story's row (schema 10:
# `listed`, `outlets`, `stated_outlets`), so a page of the list reads 50 rows.
_LISTING = """SELECT s.id, s.title, s.first_seen, s.last_seen, s.listed AS size,
                  s.outlets, s.stated_outlets AS stated
           FROM stories s"""


def _listing(row: sqlite3.Row) -> StoryListing:
    named = set((row["outlets"] or "").split(",")) - {""}
    return StoryListing(
        id=row["id"],
        title=row["title"],
        size=int(row["size"]),
        first_seen=from_iso(row["first_seen"]),
        last_seen=from_iso(row["last_seen"]),
        outlets=tuple(sorted(named)),
        inferred_outlets=tuple(sorted(named - set((row["stated"] or "").split(",")))),
    )


class StoryQueries(StoreBase):
    # -- what the clusterer placed ----------------------------------------------------

    def save_story(self, story: Story, reasons: dict[str, tuple[float, str]]) -> None:
        """Write a story as the clusterer sees it now and mark it for recomputation.

        `reasons` gives, for newly placed articles, the (score, reason) of their
        assignment; articles placed earlier keep theirs.
        """
        db = self.db
        db.execute(
            """INSERT INTO stories (id, title, first_seen, last_seen, size, updated_at, dirty)
               VALUES (?, ?, ?, ?, ?, ?, 1)
               ON CONFLICT(id) DO UPDATE SET title = excluded.title,
                   first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                   size = excluded.size, updated_at = excluded.updated_at, dirty = 1""",
            (
                story.id,
                story.title,
                to_iso(story.first_seen),
                to_iso(story.last_seen),
                len(story.article_ids),
                now_iso(),
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

    def record_unassigned(self, article_id: str, reason: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO unassigned (article_id, reason) VALUES (?, ?)",
            (article_id, reason),
        )

    def ids_needing_clustering(self, failed_version: str | None = None) -> list[str]:
        rows = self.db.execute(
            """SELECT a.id FROM articles a
               WHERE a.superseded_by IS NULL
                 AND NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)
                 AND NOT EXISTS (SELECT 1 FROM unassigned u WHERE u.article_id = a.id)
                 -- not news (a wire budget, an advisory): never placed in a story
                 AND NOT EXISTS (SELECT 1 FROM not_news n WHERE n.article_id = a.id)
                 -- an article the analysis gave up on has nothing to cluster by, and one
                 -- the clusterer failed on waits for a new code version
                 AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.item_id = a.id
                                 AND (f.stage = 'analyse'
                                      OR (f.stage = 'cluster' AND f.version = ?)))
               ORDER BY a.seq""",
            (failed_version or "",),
        ).fetchall()
        return [r["id"] for r in rows]

    # -- finding stories ---------------------------------------------------------------

    def resolve_story_id(self, story_id: str) -> str | None:
        """A story id (or an alias of a merged story, a unique prefix, or a short form
        such as "S12" for "S000012") to the live id."""
        short = re.fullmatch(r"[Ss](\d{1,6})", story_id)
        if short:
            story_id = f"S{int(short.group(1)):06d}"
        row = self.db.execute(
            "SELECT story_id FROM story_aliases WHERE alias = ?", (story_id,)
        ).fetchone()
        if row:
            return str(row["story_id"])
        rows = self.db.execute(
            "SELECT id FROM stories WHERE id = ? OR id LIKE ? LIMIT 2", (story_id, f"{story_id}%")
        ).fetchall()
        exact = [r["id"] for r in rows if r["id"] == story_id]
        if exact:
            return str(exact[0])
        return str(rows[0]["id"]) if len(rows) == 1 else None

    def count_stories(self) -> int:
        """Stories that hold at least one current article (the ones `list_stories` lists)."""
        return int(
            self.db.execute("SELECT COUNT(*) FROM stories WHERE listed > 0").fetchone()[0]
        )

    def list_stories(self, limit: int | None = None, offset: int = 0) -> list[StoryListing]:
        """Stories, largest and most recent first, with their outlets. A page is read
        in the order of the `stories_listed` index, so it costs its own stories only."""
        page = f"LIMIT {int(limit)} OFFSET {max(0, int(offset))}" if limit else ""
        rows = self.db.execute(
            f"""{_LISTING} WHERE s.listed > 0
                ORDER BY s.listed DESC, s.last_seen DESC, s.id {page}"""
        ).fetchall()
        return [_listing(r) for r in rows]

    def story_listing(self, story_id: str) -> StoryListing | None:
        """One story as lists show it (None: no such story; size 0 when none of its
        articles is current)."""
        row = self.db.execute(f"{_LISTING} WHERE s.id = ?", (story_id,)).fetchone()
        return _listing(row) if row is not None else None

    def story_aliases(self, story_id: str) -> tuple[str, ...]:
        rows = self.db.execute(
            "SELECT alias FROM story_aliases WHERE story_id = ? ORDER BY alias", (story_id,)
        )
        return tuple(r["alias"] for r in rows)

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.db.execute(
            """SELECT sa.article_id FROM story_articles sa
               JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
               WHERE sa.story_id = ? ORDER BY sa.position""",
            (story_id,),
        ).fetchall()
        return [r["article_id"] for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return str(row["story_id"]) if row else None

    def assignment_of(self, article_id: str) -> Placement | None:
        """Why the article is in its story, or why it is in none (None: not placed)."""
        row = self.db.execute(
            "SELECT score, reason FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row:
            return Placement(row["score"], row["reason"])
        row = self.db.execute(
            "SELECT reason FROM unassigned WHERE article_id = ?", (article_id,)
        ).fetchone()
        return Placement(0.0, row["reason"]) if row else None

    def stories_of_articles(self, article_ids: Sequence[str]) -> list[str]:
        found: dict[str, None] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                "SELECT DISTINCT story_id FROM story_articles "
                f"WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                found[row["story_id"]] = None
        return sorted(found)

    def story_ids_by_article(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of these articles that is in one."""
        found: dict[str, str] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                "SELECT article_id, story_id FROM story_articles "
                f"WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                found[row["article_id"]] = row["story_id"]
        return found

    # -- which stories the story stage must recompute -------------------------------

    def dirty_story_ids(self) -> list[str]:
        rows = self.db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id")
        return [r["id"] for r in rows]

    def mark_stories_dirty(self, story_ids: Iterable[str] | None = None) -> None:
        """Have the story stage recompute these stories (all, when None)."""
        if story_ids is None:
            self.db.execute("UPDATE stories SET dirty = 1")
            return
        self.db.executemany("UPDATE stories SET dirty = 1 WHERE id = ?", [(s,) for s in story_ids])

    def mark_story_clean(self, story_id: str) -> None:
        """Leave a story alone until it changes (after the story stage failed on it)."""
        self.db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))

    # -- what the story stage computed ------------------------------------------------

    def save_links(self, story_id: str, links: Iterable[Link]) -> None:
        self.db.execute("DELETE FROM links WHERE story_id = ?", (story_id,))
        self.db.executemany(
            "INSERT INTO links (story_id, source_id, derived_id, kind, data) "
            "VALUES (?, ?, ?, ?, ?)",
            [(story_id, k.source_id, k.derived_id, k.kind, codec.pack(k)) for k in links],
        )

    def links_of(self, story_id: str) -> list[Link]:
        rows = self.db.execute(
            "SELECT data FROM links WHERE story_id = ? ORDER BY rowid", (story_id,)
        ).fetchall()
        return [decoded(Link, r["data"]) for r in rows]

    def save_story_results(self, story_id: str, results: StoryResults) -> None:
        """Keep what the story stage computed; the story is up to date."""
        self.db.execute(
            "INSERT OR REPLACE INTO story_results (story_id, computed_at, data) VALUES (?, ?, ?)",
            (story_id, now_iso(), codec.pack(results)),
        )
        self.db.execute("UPDATE stories SET dirty = 0 WHERE id = ?", (story_id,))

    def story_results(self, story_id: str) -> StoryResults | None:
        row = self.db.execute(
            "SELECT data FROM story_results WHERE story_id = ?", (story_id,)
        ).fetchone()
        return decoded(StoryResults, row["data"]) if row else None

    # -- the read model ------------------------------------------------------------

    def credited_names(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """The outlets and agencies each article credits, as written. Only the credits
        are read from the stored claims (a story page lists every article's)."""
        found: dict[str, list[str]] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                f"SELECT article_id, data FROM claims WHERE article_id IN ({marks(chunk)})", chunk
            ):
                data = row["data"]
                text = zlib.decompress(data).decode("utf-8") if isinstance(data, bytes) else data
                credits = json.loads(text).get("credits") or []
                found[row["article_id"]] = [c["source"] for c in credits if c.get("source")]
        return found

    def article_summaries(self, article_ids: Sequence[str]) -> list[ArticleSummary]:
        """The articles as a story lists them, in the order given."""
        rows = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                f"""SELECT a.id, a.title, a.text, a.outlet, a.published, a.url,
                           a.summary_only, a.basis, sa.score, sa.reason
                    FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
                    WHERE a.id IN ({marks(chunk)})""",
                chunk,
            ):
                rows[row["id"]] = row
        credited = self.credited_names(article_ids)
        summaries = []
        for article_id in article_ids:
            if (row := rows.get(article_id)) is None:
                continue
            summaries.append(
                ArticleSummary(
                    id=row["id"],
                    title=display_title(row["title"], row["text"]),
                    outlet=row["outlet"],
                    published=from_iso(row["published"]),
                    url=row["url"],
                    summary_only=bool(row["summary_only"]),
                    assignment=Placement(row["score"], row["reason"]),
                    basis=read_basis(row["basis"]),
                    credits=credited_others([row["outlet"]], credited.get(article_id, ())),
                )
            )
        return summaries

    def story_report(self, story_id: str) -> StoryReport | None:
        """Everything a reader sees of one story (None: no such story)."""
        listing = self.story_listing(story_id)
        if listing is None:
            return None
        return StoryReport.assemble(
            listing,
            self.story_aliases(story_id),
            tuple(self.article_summaries(self.story_article_ids(story_id))),
            tuple(self.links_of(story_id)),
            self.story_results(story_id),
        )

    def story_reports_for(self, article_ids: Sequence[str]) -> list[StoryReport]:
        """Reports of the stories these articles belong to, largest first."""
        reports = [self.story_report(s) for s in self.stories_of_articles(article_ids)]
        found = [r for r in reports if r is not None]
        return sorted(found, key=lambda r: (-r.size, r.id))

