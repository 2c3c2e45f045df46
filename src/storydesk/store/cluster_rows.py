"""The online clusterer's state in rows (schema migration 6).

The clusterer (link.cluster_rows) reads the rows an add needs, many keys per query,
and hands back the rows it changed; this module only moves them in and out of
SQLite. Values arrive encoded (story records as zlib JSON, article posting lists as
JSON), so the store need not know the clusterer's types. Writes happen inside the
caller's transaction, with the stories the same add placed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from storydesk.store.base import StoreBase, chunks, marks

CLUSTER_HEADER_KEY = "cluster_header"
# Posting-list tails read per query: SQLite allows 500 terms in a compound SELECT.
_TAILS_PER_QUERY = 100


class ClusterRowChanges(Protocol):
    """The rows to write (link.cluster_rows.ClusterRowChanges has these fields)."""

    @property
    def header(self) -> bytes: ...
    @property
    def df(self) -> Mapping[str, int]: ...
    @property
    def stories(self) -> Mapping[str, bytes]: ...
    @property
    def stories_deleted(self) -> Sequence[str]: ...
    @property
    def postings_deleted(self) -> Sequence[tuple[str, str]]: ...
    @property
    def postings_added(self) -> Sequence[tuple[str, str, int, float]]: ...
    @property
    def article_postings(self) -> Mapping[str, str]: ...
    @property
    def aliases(self) -> Mapping[str, str]: ...
    @property
    def article_stories(self) -> Mapping[str, str]: ...


class ClusterRowQueries(StoreBase):
    def cluster_header(self) -> bytes | None:
        row = self.db.execute(
            "SELECT value FROM state WHERE key = ?", (CLUSTER_HEADER_KEY,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def _cluster_lookup(self, sql: str, keys: Sequence[str]) -> dict[str, Any]:
        """`sql` selects (key, value) rows WHERE key IN ({marks})."""
        found: dict[str, Any] = {}
        for part in chunks(keys):
            found.update(self.db.execute(sql.format(marks=marks(part)), part).fetchall())
        return found

    def cluster_df(self, terms: Sequence[str]) -> dict[str, int]:
        sql = "SELECT term, n FROM cluster_df WHERE term IN ({marks})"
        return {k: int(v) for k, v in self._cluster_lookup(sql, terms).items()}

    def cluster_stories(self, ids: Sequence[str]) -> dict[str, bytes]:
        sql = "SELECT id, data FROM cluster_stories WHERE id IN ({marks})"
        return {k: bytes(v) for k, v in self._cluster_lookup(sql, ids).items()}

    def cluster_aliases(self, ids: Sequence[str]) -> dict[str, str]:
        sql = "SELECT alias, story_id FROM cluster_aliases WHERE alias IN ({marks})"
        return {k: str(v) for k, v in self._cluster_lookup(sql, ids).items()}

    def cluster_article_stories(self, ids: Sequence[str]) -> dict[str, str]:
        sql = (
            "SELECT article_id, story_id FROM cluster_article_stories"
            " WHERE article_id IN ({marks})"
        )
        return {k: str(v) for k, v in self._cluster_lookup(sql, ids).items()}

    def cluster_article_postings(self, terms: Sequence[str]) -> dict[str, str]:
        sql = "SELECT term, data FROM cluster_article_postings WHERE term IN ({marks})"
        return {k: str(v) for k, v in self._cluster_lookup(sql, terms).items()}

    def cluster_story_postings(
        self, limits: Mapping[str, int]
    ) -> dict[str, list[tuple[str, float]]]:
        """The most recent `limits[term]` (story id, weight) of each term's list, most
        recent first: one query for many terms, each reading only its tail."""
        out: dict[str, list[tuple[str, float, int]]] = {}
        terms = list(limits)
        for start in range(0, len(terms), _TAILS_PER_QUERY):
            part = terms[start : start + _TAILS_PER_QUERY]
            tail = (
                "SELECT * FROM (SELECT term, story_id, weight, pos FROM cluster_story_postings"
                " WHERE term = ? ORDER BY pos DESC LIMIT ?)"
            )
            sql = " UNION ALL ".join([tail] * len(part))
            params: list[object] = []
            for term in part:
                params += [term, limits[term]]
            for term, sid, weight, pos in self.db.execute(sql, params):
                out.setdefault(term, []).append((sid, weight, pos))
        # A compound SELECT does not promise its rows' order: sort each tail again.
        return {
            term: [(sid, w) for sid, w, _ in sorted(rows, key=lambda r: -r[2])]
            for term, rows in out.items()
        }

    def save_cluster_rows(self, changes: ClusterRowChanges) -> None:
        """Write the rows an add changed (inside the caller's transaction)."""
        db = self.db
        db.execute(
            "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
            (CLUSTER_HEADER_KEY, changes.header),
        )
        self._cluster_replace("cluster_df (term, n)", changes.df.items())
        self._cluster_replace("cluster_stories (id, data)", changes.stories.items())
        db.executemany(
            "DELETE FROM cluster_stories WHERE id = ?", [(s,) for s in changes.stories_deleted]
        )
        # Deletions first: a re-posted story's old entry goes and its new one comes.
        db.executemany(
            "DELETE FROM cluster_story_postings WHERE term = ? AND story_id = ?",
            changes.postings_deleted,
        )
        self._cluster_replace(
            "cluster_story_postings (term, story_id, pos, weight)", changes.postings_added
        )
        self._cluster_replace(
            "cluster_article_postings (term, data)", changes.article_postings.items()
        )
        self._cluster_replace("cluster_aliases (alias, story_id)", changes.aliases.items())
        self._cluster_replace(
            "cluster_article_stories (article_id, story_id)", changes.article_stories.items()
        )

    def _cluster_replace(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """INSERT OR REPLACE every row into `table`, given as "name (columns)"."""
        columns = table[table.index("(") + 1 : table.index(")")].count(",") + 1
        self.db.executemany(
            f"INSERT OR REPLACE INTO {table} VALUES ({marks([None] * columns)})", rows
        )
