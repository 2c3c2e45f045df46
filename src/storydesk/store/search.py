"""Full-text search over stored articles, answered as stories.

    store.ensure_search_index() -> bool
        Create the FTS5 index (and the triggers that keep it in step with `articles`)
        if this SQLite has FTS5 and the store lacks it; True when search can use it.
    store.search(query, limit=20, *, since=None, until=None, outlet=None, entity=None)
        -> SearchResults
        Stories whose current articles match every word of `query` (or a spelling
        variant of it, below), best match first, each with its matching articles.
        Articles in no story come last, under the id None. Matched words in a snippet
        are wrapped in MARK_START/MARK_END. `expansions` says which variants were used.
        Filters narrow the matching articles: `since`/`until` bound their publication
        time (a datetime, inclusive; a date means that whole day; undated articles
        are left out), `outlet` is an outlet's name (any case), `entity` a name whose
        every word (or a spelling variant of it) the article must hold. A query of
        no words with an entity finds the entity's articles.
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
SQLite without FTS5 (rare) gets the same answers from a slower LIKE scan.

Cost: a bounded number of queries whatever the store's size: three a query word (its
articles, their stories, the entities of up to VARIANT_STORIES of them in one
query), then the ranked hits, their stories, and the titles and sizes of the stories
shown, one query each. The entities of a story are read from its stored results,
decoded once per version of them (store/decoded.py). The index
keeps no word positions (detail=none): no query needs them, and snippet() and bm25()
read them from the articles' text instead, for the few hundred hits a query ranks.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

from storydesk import codec
from storydesk.model import SearchHit, SearchResults, StoryMatches, WordVariants
from storydesk.reconcile.entities import name_spellings
from storydesk.store.base import chunks, from_iso, marks, to_iso
from storydesk.store.decoded import remembered
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


class Filters:
    """The articles a search may answer with, as SQL over `articles a`."""

    def __init__(
        self,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        outlet: str | None = None,
    ) -> None:
        clauses: list[str] = []
        self.values: list[object] = []
        if since is not None:
            clauses.append("a.published >= ?")
            self.values.append(_bound(since))
        if until is not None:
            if isinstance(until, datetime):
                clauses.append("a.published <= ?")
                self.values.append(_bound(until))
            else:  # a day: all of it
                clauses.append("a.published < ?")
                self.values.append(_bound(until + timedelta(days=1)))
        if outlet is not None:
            clauses.append("a.outlet = ? COLLATE NOCASE")
            self.values.append(outlet.strip())
        self.sql = "".join(f" AND {c}" for c in clauses)


def _bound(value: datetime | date) -> str:
    """A time as stored times are written (UTC ISO 8601), so they compare as strings.
    A date is its first moment, UTC; a time without a zone is taken as UTC."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tzinfo=UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return to_iso(value) or ""


def _entity_names_of(data: bytes | str) -> tuple[tuple[str, ...], ...]:
    """The names (name and spelling variants) of the entities in stored story results
    that have variants."""
    entities = codec.unpack_data(data).get("entities") or []
    return tuple(
        (e["name"], *e.get("variants", ())) for e in entities if e.get("variants")
    )


class SearchQueries(StoryQueries):
    """Search answers with stories, so it builds on the story queries."""

    def ensure_search_index(self) -> bool:
        db = self.db
        if getattr(self, "_search_index", False):
            return True  # an index once made is never dropped: ask SQLite once
        if _has_index(db):
            self._search_index = True
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
            self._search_index = True
            return True
        except sqlite3.OperationalError:  # no FTS5 in this SQLite
            db.execute("ROLLBACK")
            return False

    def _fts_hits(self, groups: list[list[str]], filters: Filters) -> list[SearchHit]:
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
               WHERE article_search MATCH ? AND a.superseded_by IS NULL{filters.sql}
               ORDER BY bm25(article_search, 3.0, 1.0) LIMIT ?""",
            (match, *filters.values, MAX_HITS),
        ).fetchall()
        return [_hit(row, row["snippet"]) for row in rows]

    def _scan_hits(self, groups: list[list[str]], filters: Filters) -> list[SearchHit]:
        terms = [t for group in groups for t in group]
        where = " AND ".join(
            "(" + " OR ".join("a.title LIKE ? OR a.text LIKE ?" for _ in group) + ")"
            for group in groups
        )
        values = [v for t in terms for v in (f"%{t}%", f"%{t}%")]
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.published, a.text FROM articles a
                WHERE a.superseded_by IS NULL AND {where}{filters.sql}
                ORDER BY a.seq DESC LIMIT ?""",
            (*values, *filters.values, MAX_HITS),
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

    def _hits(self, groups: list[list[str]], filters: Filters) -> list[SearchHit]:
        if self.ensure_search_index():
            return self._fts_hits(groups, filters)
        return self._scan_hits(groups, filters)

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
            for names in self._entity_names(story_ids):
                if not any(folded in n.casefold() for n in names):
                    continue  # cheap: most entities do not hold the word at all
                for word, others in name_spellings(list(names)).items():
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

    def _entity_names(self, story_ids: list[str]) -> list[tuple[str, ...]]:
        """The names of each entity of these stories (in their order), read in one
        query without building the stories' results (a big story's claims and facts
        cost a search far more than this)."""
        if not story_ids:
            return []
        rows = self.db.execute(
            f"SELECT story_id, data FROM story_results WHERE story_id IN ({marks(story_ids)})",
            story_ids,
        ).fetchall()
        found = {r["story_id"]: remembered(_entity_names_of, r["data"], _entity_names_of)
                 for r in rows}  # fmt: skip
        return [names for s in story_ids for names in found.get(s, ())]

    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        outlet: str | None = None,
        entity: str | None = None,
    ) -> SearchResults:
        """The stories matching every word of `query` or a spelling variant of it,
        among the articles the filters leave (module docstring)."""
        terms = query_terms(query)
        named = [t for t in query_terms(entity or "") if t.casefold() not in
                 {w.casefold() for w in terms}][: MAX_TERMS]  # fmt: skip
        if not terms and not named:
            return SearchResults(())
        expansions = self.spelling_expansions(terms + named)
        groups = [[t, *expansions.get(t, ())] for t in terms + named]
        hits = self._hits(groups, Filters(since, until, outlet))
        said = tuple(WordVariants(t, tuple(v)) for t, v in expansions.items())
        return SearchResults(tuple(self._stories_of(hits, limit)), said)

    def search_stories(self, query: str, limit: int = 20) -> list[StoryMatches]:
        return list(self.search(query, limit).stories)

    def _stories_of(self, hits: list[SearchHit], limit: int) -> list[StoryMatches]:
        story_of = self.story_ids_by_article([h.id for h in hits])
        grouped: dict[str | None, list[SearchHit]] = defaultdict(list)
        for hit in hits:  # best match first, so a story's first hit ranks the story
            grouped[story_of.get(hit.id)].append(hit)
        # Stories in the order of their best hit; the articles in no story come last.
        wanted = [s for s in grouped if s is not None][:limit] + ([None] if None in grouped else [])
        shown = self._titles_and_sizes([s for s in wanted if s is not None])
        results = []
        for story_id in wanted:
            articles = grouped[story_id]
            title, size = "not in a story", len(articles)
            if story_id:
                title, size = shown.get(story_id, (title, 0))
            results.append(StoryMatches(story_id, title, size, len(articles), tuple(articles[:10])))
        return results[:limit]

    def _titles_and_sizes(self, story_ids: list[str]) -> dict[str, tuple[str, int]]:
        """Each story's title and number of members, in one query a chunk."""
        found: dict[str, tuple[str, int]] = {}
        for chunk in chunks(story_ids):
            for row in self.db.execute(
                f"""SELECT s.id, s.title, (SELECT COUNT(*) FROM story_articles sa
                                           WHERE sa.story_id = s.id) AS size
                    FROM stories s WHERE s.id IN ({marks(chunk)})""",
                chunk,
            ):
                found[row["id"]] = (row["title"], int(row["size"]))
        return found
