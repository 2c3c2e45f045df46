"""Full-text search over stored articles, answered as stories.

    store.ensure_search_index() -> bool
        Create the FTS5 index (and the triggers that keep it in step with `articles`)
        if this SQLite has FTS5 and the store lacks it; True when search can use it.
    store.search(query, limit=20) -> SearchResults
        Stories whose current articles match every word of `query` (or a spelling
        variant of it, below), best match first, each with its matching articles.
        Articles in no story come last, under the id None. Matched words in a snippet
        are wrapped in MARK_START/MARK_END. `expansions` says which variants were used.
    store.search_stories(query, limit=20) -> list[StoryMatches]
        The stories of `search`.

Spelling variants: a name is spelt several ways across outlets ("David Barnea" /
"David Barnia"), and a reader searching one spelling wants the articles with the
other. Each query word is looked up alone first; in the stories it is found in (the
best `VARIANT_STORIES`), the entities whose names spell it another way give their
variants (`reconcile.entities.name_spellings`: spellings only, not "Israeli" for
"Israel"), and the search then accepts the word or any of them. The variants are
only those a story has tied to one entity, so a word nobody spelt differently is
searched as typed.

The query is a plain list of words, never FTS5 syntax: each word is quoted, so a
user's quotes, stars or parentheses cannot make a malformed (or costly) query. A
SQLite without FTS5 (rare) gets the same answers from a slower LIKE scan. The index
keeps no word positions (detail=none): no query needs them, and snippet() and bm25()
read them from the articles' text instead, for the few hundred hits a query ranks.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict

from storydesk import codec
from storydesk.model import SearchHit, SearchResults, StoryMatches, WordVariants
from storydesk.reconcile.entities import name_spellings
from storydesk.store.base import from_iso
from storydesk.store.stories import StoryQueries

MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_HITS = 500  # matching articles looked at per query
_TERM = re.compile(r"\w+", re.UNICODE)
# Stories whose entities are asked for a word's spelling variants: each costs reading
# its results (a big story's take ~30 ms), so a few, those using the word most.
VARIANT_STORIES = 5
MAX_VARIANTS = 4  # other spellings searched per word

_INDEX = (
    "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles', "
    "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2', detail=none)",
    "CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO article_search(article_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO article_search(article_search, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO article_search(article_search) VALUES ('rebuild')",
)



def query_terms(query: str) -> list[str]:
    return [t[:MAX_TERM_CHARS] for t in _TERM.findall(query)][:MAX_TERMS]


def _has_index(db: sqlite3.Connection) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_search'"
    ).fetchone()
    return row is not None


def _hit(row: sqlite3.Row | dict[str, object], snippet: str) -> SearchHit:
    return SearchHit(
        id=str(row["id"]),
        title=row["title"],  # type: ignore[arg-type]
        outlet=row["outlet"],  # type: ignore[arg-type]
        published=from_iso(row["published"]),  # type: ignore[arg-type]
        snippet=snippet,
    )


class SearchQueries(StoryQueries):
    """Search answers with stories, so it builds on the story queries."""

    def ensure_search_index(self) -> bool:
        db = self.db
        if _has_index(db):
            return True
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False  # busy or read-only: search falls back to a scan this time
        try:
            if not _has_index(db):  # another process may have built it meanwhile
                for statement in _INDEX:
                    db.execute(statement)
            db.execute("COMMIT")
            return True
        except sqlite3.OperationalError:  # no FTS5 in this SQLite
            db.execute("ROLLBACK")
            return False

    def _fts_hits(self, groups: list[list[str]]) -> list[SearchHit]:
        """Articles holding, for every group, one of its words (best first)."""
        # FTS5 wants AND spelt out between parenthesised groups.
        match = " AND ".join(
            "(" + " OR ".join('"' + t.replace('"', "") + '"' for t in group) + ")"
            for group in groups
        )
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.published,
                  snippet(article_search, -1, '{MARK_START}', '{MARK_END}', '…', 16) AS snippet
               FROM article_search JOIN articles a ON a.rowid = article_search.rowid
               WHERE article_search MATCH ? AND a.superseded_by IS NULL
               ORDER BY bm25(article_search, 3.0, 1.0) LIMIT ?""",
            (match, MAX_HITS),
        ).fetchall()
        return [_hit(row, row["snippet"]) for row in rows]

    def _scan_hits(self, groups: list[list[str]]) -> list[SearchHit]:
        terms = [t for group in groups for t in group]
        where = " AND ".join(
            "(" + " OR ".join("a.title LIKE ? OR a.text LIKE ?" for _ in group) + ")"
            for group in groups
        )
        values = [v for t in terms for v in (f"%{t}%", f"%{t}%")]
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.published, a.text FROM articles a
                WHERE a.superseded_by IS NULL AND {where} ORDER BY a.seq DESC LIMIT ?""",
            (*values, MAX_HITS),
        ).fetchall()
        hits = []
        first = re.compile("|".join(re.escape(t) for t in groups[0]), re.IGNORECASE)
        for row in rows:
            found = first.search(row["text"])
            at = found.start() if found else 0
            piece = row["text"][max(0, at - 60) : at + 100]
            for term in terms:
                piece = re.sub(f"({re.escape(term)})", f"{MARK_START}\\1{MARK_END}", piece,
                               flags=re.IGNORECASE)  # fmt: skip
            hits.append(_hit(row, "…" + piece + "…"))
        return hits

    def _hits(self, groups: list[list[str]]) -> list[SearchHit]:
        return self._fts_hits(groups) if self.ensure_search_index() else self._scan_hits(groups)

    def spelling_expansions(self, terms: list[str]) -> dict[str, list[str]]:
        """For each query word, the other spellings of it the entities of the stories
        it is found in use ("Barnia" -> ["Barnea"]); words with none are left out."""
        found: dict[str, list[str]] = {}
        for term in terms:
            story_of = self.story_ids_by_article(self._matching_ids(term))
            # The stories where the word is most used: their entities tell its spellings.
            counts = Counter(s for s in story_of.values() if s)
            story_ids = [s for s, _ in counts.most_common(VARIANT_STORIES)]
            folded = term.casefold()
            variants: dict[str, None] = {}
            for story_id in story_ids:
                for names in self._entity_names(story_id):
                    if not any(folded in n.casefold() for n in names):
                        continue  # cheap: most entities do not hold the word at all
                    for word, others in name_spellings(names).items():
                        if word.casefold() == folded:
                            variants.update(dict.fromkeys(sorted(others)))
            variants = {v: None for v in variants if v.casefold() != folded}
            if variants:
                found[term] = list(variants)[:MAX_VARIANTS]
        return found

    def _matching_ids(self, term: str) -> list[str]:
        """The current articles holding `term` (at most MAX_HITS): ids only, without
        the snippets and ranking a search's answer costs."""
        if self.ensure_search_index():
            sql = """SELECT a.id FROM article_search JOIN articles a
                       ON a.rowid = article_search.rowid
                     WHERE article_search MATCH ? AND a.superseded_by IS NULL LIMIT ?"""
            rows = self.db.execute(sql, ('"' + term.replace('"', "") + '"', MAX_HITS))
        else:
            sql = """SELECT a.id FROM articles a WHERE a.superseded_by IS NULL
                     AND (a.title LIKE ? OR a.text LIKE ?) LIMIT ?"""
            rows = self.db.execute(sql, (f"%{term}%", f"%{term}%", MAX_HITS))
        return [str(row["id"]) for row in rows]

    def _entity_names(self, story_id: str) -> list[list[str]]:
        """The names of each entity of a story, read without building the story's
        results (a big story's claims and facts cost a search far more than this)."""
        row = self.db.execute(
            "SELECT data FROM story_results WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return []
        entities = codec.unpack_data(row["data"]).get("entities") or []
        return [[e["name"], *e.get("variants", ())] for e in entities if e.get("variants")]

    def search(self, query: str, limit: int = 20) -> SearchResults:
        """The stories matching every word of `query` or a spelling variant of it."""
        terms = query_terms(query)
        if not terms:
            return SearchResults(())
        expansions = self.spelling_expansions(terms)
        hits = self._hits([[t, *expansions.get(t, ())] for t in terms])
        said = tuple(WordVariants(t, tuple(v)) for t, v in expansions.items())
        return SearchResults(tuple(self._stories_of(hits, limit)), said)

    def search_stories(self, query: str, limit: int = 20) -> list[StoryMatches]:
        return list(self.search(query, limit).stories)

    def _stories_of(self, hits: list[SearchHit], limit: int) -> list[StoryMatches]:
        story_of = self.story_ids_by_article([h.id for h in hits])
        grouped: dict[str | None, list[SearchHit]] = defaultdict(list)
        for hit in hits:  # best match first, so a story's first hit ranks the story
            grouped[story_of.get(hit.id)].append(hit)
        results = []
        # Stories in the order of their best hit; the articles in no story come last.
        wanted = [s for s in grouped if s is not None][:limit] + ([None] if None in grouped else [])
        for story_id in wanted:
            articles = grouped[story_id]
            title, size = "not in a story", len(articles)
            if story_id:
                row = self.db.execute(
                    """SELECT s.title, (SELECT COUNT(*) FROM story_articles sa
                                        WHERE sa.story_id = s.id) AS size
                       FROM stories s WHERE s.id = ?""",
                    (story_id,),
                ).fetchone()
                title, size = (row["title"], int(row["size"])) if row else (title, 0)
            results.append(StoryMatches(story_id, title, size, len(articles), tuple(articles[:10])))
        return results[:limit]
