"""Articles, their versions and their per-article analyses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Literal

from storydesk import codec
from storydesk.codec import pack, unpack
from storydesk.model import (
    Analysis,
    Article,
    ArticleVersion,
    Mention,
    MetadataBasis,
    Provenance,
    Sentence,
)
from storydesk.store.base import StoreBase, chunks, from_iso, marks, now_iso, to_iso

AddStatus = Literal["new", "updated", "unchanged"]


class AmbiguousId(LookupError):
    """An id prefix that matches more than one record."""


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        provenance=Provenance(row["source"], row["source_kind"], row["locator"]),
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        byline=row["byline"],
        published=from_iso(row["published"]),
        dateline=row["dateline"],
        language=row["language"],
        summary_only=bool(row["summary_only"]),
        metadata=json.loads(row["metadata"]),
        basis=read_basis(row["basis"]),
    )


def _analysis_from_row(row: sqlite3.Row) -> Analysis:
    mentions = unpack(list, row["mentions"]) if row["mentions"] is not None else []
    spans = unpack(list, row["sentences"])
    return Analysis(
        article_id=row["article_id"],
        sentences=tuple(Sentence(start, end) for start, end in spans),
        mentions=tuple(Mention(start, end, text, label) for start, end, label, text in mentions),
        analyzer=row["analyzer"],
    )


def read_basis(data: str | None) -> MetadataBasis:
    """The stored basis of an article's metadata (none for an article stored before
    bases were kept)."""
    if not data:
        return MetadataBasis()
    basis = codec.from_data(MetadataBasis, json.loads(data))
    return basis if isinstance(basis, MetadataBasis) else MetadataBasis()


def _basis_json(basis: MetadataBasis) -> str | None:
    if basis == MetadataBasis():
        return None
    return codec.dumps(basis)


class ArticleQueries(StoreBase):
    # -- writing -------------------------------------------------------------------

    def add_article(self, article: Article) -> AddStatus:
        """Store an article unless it is already stored; record a new version of a
        document (same URL or source, different content) as an update."""
        stored = self.db.execute(
            "SELECT basis FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if stored:
            # An article stored before bases were kept gains its basis when read again.
            if stored["basis"] is None and (basis := _basis_json(article.basis)):
                self.db.execute("UPDATE articles SET basis = ? WHERE id = ?", (basis, article.id))
            return "unchanged"
        key = article.key
        previous = self.db.execute(
            "SELECT id FROM articles WHERE doc_key = ? AND superseded_by IS NULL", (key,)
        ).fetchall()
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        self.db.execute(
            """INSERT INTO articles (id, doc_key, seq, title, url, outlet, byline, published,
                   dateline, language, text, summary_only, source, source_kind, locator,
                   metadata, ingested_at, basis)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.id,
                key,
                seq,
                article.title,
                article.url,
                article.outlet,
                article.byline,
                to_iso(article.published),
                article.dateline,
                article.language,
                article.text,
                int(article.summary_only),
                article.provenance.source,
                article.provenance.kind,
                article.provenance.locator,
                json.dumps(article.metadata, ensure_ascii=False, default=str),
                now_iso(),
                _basis_json(article.basis),
            ),
        )
        for row in previous:
            self.db.execute(
                "UPDATE articles SET superseded_by = ? WHERE id = ?", (article.id, row["id"])
            )
            self.db.execute(
                "INSERT INTO article_updates (doc_key, old_id, new_id, recorded_at) "
                "VALUES (?, ?, ?, ?)",
                (key, row["id"], article.id, now_iso()),
            )
        return "updated" if previous else "new"

    def add_batch(self, articles: Iterable[Article]) -> list[AddStatus]:
        """Store articles in one transaction (all or none); the status of each."""
        with self.transaction():
            return [self.add_article(article) for article in articles]

    def save_analysis(self, analysis: Analysis) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO analyses "
            "(article_id, analyzer, analyzed_at, sentences, mentions) VALUES (?, ?, ?, ?, ?)",
            (
                analysis.article_id,
                analysis.analyzer,
                now_iso(),
                pack([[s.start, s.end] for s in analysis.sentences]),
                pack([[m.start, m.end, m.label, m.text] for m in analysis.mentions]),
            ),
        )

    # -- reading -------------------------------------------------------------------

    def count_articles(self, current_only: bool = True) -> int:
        # The current ones from their small partial index (schema 10): with ANALYZE's
        # statistics SQLite would rather scan the table, texts and all.
        where = "INDEXED BY articles_current WHERE superseded_by IS NULL" if current_only else ""
        return int(self.db.execute(f"SELECT COUNT(*) FROM articles {where}").fetchone()[0])

    def articles(
        self, ids: Sequence[str] | None = None, current_only: bool = True
    ) -> Iterator[Article]:
        """Articles in arrival order (all, or those with the given ids)."""
        if ids is not None:
            for chunk in chunks(ids):
                rows = self.db.execute(
                    f"SELECT * FROM articles WHERE id IN ({marks(chunk)}) ORDER BY seq", chunk
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
        return self.analyses_by_article([article_id]).get(article_id)

    def analyses_by_article(self, article_ids: Sequence[str]) -> dict[str, Analysis]:
        """The analysis of each of these articles that has one, in one query a chunk."""
        found: dict[str, Analysis] = {}
        for chunk in chunks(article_ids):
            for row in self.db.execute(
                "SELECT article_id, analyzer, sentences, mentions FROM analyses "
                f"WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                found[row["article_id"]] = _analysis_from_row(row)
        return found

    def versions_of(self, article_id: str) -> list[ArticleVersion]:
        """Earlier and later versions of the document this article is a version of."""
        rows = self.db.execute(
            """SELECT old_id, new_id, recorded_at FROM article_updates
               WHERE doc_key = (SELECT doc_key FROM articles WHERE id = ?)
               ORDER BY recorded_at""",
            (article_id,),
        ).fetchall()
        return [
            ArticleVersion(r["old_id"], r["new_id"], datetime.fromisoformat(r["recorded_at"]))
            for r in rows
        ]

