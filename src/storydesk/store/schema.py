"""The SQLite schema, as an ordered list of migrations.

`PRAGMA user_version` holds the number of migrations applied. A migration is never
edited once released; a schema change is a new entry at the end of MIGRATIONS.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their versions, per-article analysis, runs and their failures.
    """
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,        -- content hash, see model.content_id
        doc_key       TEXT NOT NULL,           -- the document across versions (URL or source)
        seq           INTEGER NOT NULL,        -- arrival order
        title         TEXT,
        url           TEXT,
        outlet        TEXT,
        byline        TEXT,
        published     TEXT,                    -- ISO 8601, UTC
        dateline      TEXT,
        language      TEXT,
        text          TEXT NOT NULL,
        summary_only  INTEGER NOT NULL DEFAULT 0,
        source        TEXT NOT NULL,
        source_kind   TEXT NOT NULL,
        locator       TEXT,
        metadata      TEXT NOT NULL DEFAULT '{}',
        ingested_at   TEXT NOT NULL,
        superseded_by TEXT                     -- id of a newer version of the same document
    );
    CREATE INDEX articles_doc_key ON articles(doc_key);
    CREATE INDEX articles_published ON articles(published);
    CREATE UNIQUE INDEX articles_seq ON articles(seq);

    CREATE TABLE article_updates (
        doc_key     TEXT NOT NULL,
        old_id      TEXT NOT NULL,
        new_id      TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );

    CREATE TABLE analyses (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        analyzer    TEXT NOT NULL,
        analyzed_at TEXT NOT NULL,
        sentences   TEXT NOT NULL              -- JSON [[start, end], ...], packed from v5
    );

    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        label      TEXT NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_text ON mentions(text);

    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        command     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        summary     TEXT                       -- JSON counts
    );

    CREATE TABLE read_failures (
        run_id  INTEGER NOT NULL REFERENCES runs(id),
        source  TEXT NOT NULL,
        reason  TEXT NOT NULL,
        skipped INTEGER NOT NULL
    );

    CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    """,
    # 2: stories, derivation links, per-article claims, per-story results.
    """
    CREATE TABLE stories (
        id         TEXT PRIMARY KEY,           -- "S000001": stable once given
        title      TEXT NOT NULL,
        first_seen TEXT,
        last_seen  TEXT,
        size       INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        dirty      INTEGER NOT NULL DEFAULT 1  -- links/facts/brief need recomputing
    );
    CREATE INDEX stories_dirty ON stories(dirty);

    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id   TEXT NOT NULL,
        position   INTEGER NOT NULL,           -- order by time within the story
        score      REAL NOT NULL,
        reason     TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);

    CREATE TABLE story_aliases (
        alias    TEXT PRIMARY KEY,             -- a story merged into another
        story_id TEXT NOT NULL
    );

    CREATE TABLE unassigned (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        reason     TEXT NOT NULL
    );

    CREATE TABLE links (
        story_id   TEXT NOT NULL,
        source_id  TEXT NOT NULL,
        derived_id TEXT NOT NULL,
        kind       TEXT NOT NULL,
        data       TEXT NOT NULL               -- the whole Link as JSON (spans included)
    );
    CREATE INDEX links_story ON links(story_id);

    CREATE TABLE claims (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        extractor  TEXT NOT NULL,
        data       TEXT NOT NULL               -- ArticleClaims as JSON
    );

    CREATE TABLE story_results (
        story_id    TEXT PRIMARY KEY,
        computed_at TEXT NOT NULL,
        data        TEXT NOT NULL              -- facts, conflicts, brief, timeline as JSON
    );
    """,
    # 3: sentence embeddings kept between runs, so that a story that grows by one
    # report does not embed the sentences of its earlier reports again.
    """
    CREATE TABLE sentence_vectors (
        key    BLOB PRIMARY KEY,               -- sha1 of (model id, sentence text), 16 bytes
        vector BLOB NOT NULL                   -- float32 little-endian values
    ) WITHOUT ROWID;
    """,
    # 4: articles and stories a stage could not process, and why. A failure is kept
    # until the same stage succeeds on the item; it is retried only when the code
    # version that failed differs (the input changing gives a new article id).
    """
    CREATE TABLE stage_failures (
        item_id   TEXT NOT NULL,               -- article id, or story id for "stories"
        stage     TEXT NOT NULL,               -- analyse, claims, cluster, stories
        version   TEXT NOT NULL,               -- the code version that failed
        reason    TEXT NOT NULL,               -- one line
        failed_at TEXT NOT NULL,
        PRIMARY KEY (item_id, stage)
    ) WITHOUT ROWID;
    CREATE INDEX stage_failures_stage ON stage_failures(stage, version);
    """,
    # 5: compact sentence vectors, computed once per article in the analysis pass.
    # int8 with a per-vector scale (388 bytes, not 1,536: the float32 rows overflowed
    # their pages and took ~4.7 KB each on disk). A rowid table: rows are appended in
    # order and pack their pages, where a WITHOUT ROWID b-tree keyed by a random hash
    # split its pages half-empty and copied whole rows into its interior pages (12 KB
    # per article on DUC 2006, against 6 KB of vectors). The float32 table is dropped:
    # vectors are a cache, and any missing one is embedded again when needed.
    # `embedded` marks the articles whose sentences are all stored, under which model.
    # Mentions move into their analysis row, packed with the sentences (zlib JSON): one
    # row an entity cost ~4.5 KB an article with its two indexes, and nothing looks
    # mentions up by text: [[start, end, label, text], ...]. Rows stored before keep
    # their plain JSON, which reads too. The search index is dropped, to be built again
    # (store/search.py) with detail=none: it kept every word's positions, ~2.8 KB an
    # article, where search quotes each word on its own and snippets and bm25 read the
    # positions from the text (the index is external-content) - the same answers.
    """
    DROP TABLE sentence_vectors;
    CREATE TABLE sentence_vectors_q8 (
        key    BLOB NOT NULL UNIQUE,           -- sha1 of (model id, sentence text), 16 bytes
        vector BLOB NOT NULL                   -- float32 scale, then int8 values
    );
    CREATE TABLE embedded (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model      TEXT NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE analyses ADD COLUMN mentions BLOB;
    UPDATE analyses SET mentions = (
        SELECT json_group_array(json_array(start, end, label, text))
        FROM (SELECT * FROM mentions m WHERE m.article_id = analyses.article_id
              ORDER BY start, end));
    DROP TABLE mentions;
    DROP TRIGGER IF EXISTS article_search_insert;
    DROP TRIGGER IF EXISTS article_search_delete;
    DROP TRIGGER IF EXISTS article_search_update;
    DROP TABLE IF EXISTS article_search;
    """,
    # 6: the online clusterer's state in rows, so that an add reads and writes the rows
    # its articles touch, not the whole state (it was one zlib JSON blob under
    # state['clusterer'], decoded and encoded whole at every add; the first add after
    # this migration converts it). The header (parameters and counters) is the state
    # row 'cluster_header'. Large values (story records, article posting lists) sit
    # in rowid tables, small rows in WITHOUT ROWID b-trees keyed by what is looked up.
    """
    CREATE TABLE cluster_stories (
        id   TEXT PRIMARY KEY,                 -- story id, as the clusterer keeps it
        data BLOB NOT NULL                     -- zlib JSON of the story record
    );
    CREATE TABLE cluster_df (
        term TEXT PRIMARY KEY,                 -- word stem or "e:" entity key
        n    INTEGER NOT NULL                  -- articles seen with it
    ) WITHOUT ROWID;
    CREATE TABLE cluster_story_postings (
        term     TEXT NOT NULL,
        story_id TEXT NOT NULL,
        pos      INTEGER NOT NULL,             -- order of posting: the list's order
        weight   REAL NOT NULL,                -- the term's weight in the story centroid
        PRIMARY KEY (term, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX cluster_story_postings_recent ON cluster_story_postings(term, pos);
    CREATE TABLE cluster_article_postings (
        term TEXT PRIMARY KEY,
        data TEXT NOT NULL                     -- JSON [[article id, weight], ...], oldest first
    );
    CREATE TABLE cluster_aliases (
        alias    TEXT PRIMARY KEY,             -- a story merged into another
        story_id TEXT NOT NULL                 -- the story it was merged into
    ) WITHOUT ROWID;
    CREATE TABLE cluster_article_stories (
        article_id TEXT PRIMARY KEY,
        story_id   TEXT NOT NULL               -- the story it was placed in (maybe merged)
    ) WITHOUT ROWID;
    """,
    # 7: where each article's outlet, date and byline came from (a URL, a site name, a
    # byline, a page template, ...) and whether it is a guess: JSON of a MetadataBasis.
    # NULL for articles stored before: they read with no basis, and reading the same
    # file again fills it in (store/articles.py).
    """
    ALTER TABLE articles ADD COLUMN basis TEXT;
    """,
    # 8: articles that are not news (wire budgets, advisories, memos, sales notices,
    # corrections notices): kept, never placed in a story, listed with their reason.
    # `version` is the classifier's: a row judged by another version is judged again.
    """
    CREATE TABLE not_news (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,              -- "wire budget", "advisory", ...
        reason     TEXT NOT NULL,              -- one line: the signals counted
        version    TEXT NOT NULL,
        judged_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 9: sources followed over HTTP (`storydesk follow`) with their health and the
    # validators of their next conditional GET, and the article pages they led to:
    # what a restart needs to fetch nothing twice. `next_poll` is Unix time (REAL), so
    # due sources are compared as numbers. A page row keys on the URL as the feed or
    # sitemap listed it (the article keeps that URL); `signature` is the listing's
    # date or summary when the page was fetched: only a changed one fetches it again.
    """
    CREATE TABLE sources (
        url                TEXT PRIMARY KEY,
        kind               TEXT NOT NULL,      -- feed, sitemap, page
        label              TEXT,
        added_at           TEXT NOT NULL,
        interval           REAL NOT NULL,      -- seconds between polls now (adapts)
        next_poll          REAL NOT NULL,      -- Unix time it is due
        last_fetch         TEXT,
        last_status        INTEGER,            -- HTTP status; NULL when nothing answered
        etag               TEXT,
        last_modified      TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        last_error         TEXT,
        items_seen         INTEGER NOT NULL DEFAULT 0,
        last_change        TEXT
    );
    CREATE INDEX sources_due ON sources(next_poll);
    CREATE TABLE fetched_pages (
        url           TEXT PRIMARY KEY,
        source_url    TEXT NOT NULL,           -- the source that listed it
        state         TEXT NOT NULL,           -- ok, failed (tried again), skipped
        signature     TEXT,
        etag          TEXT,
        last_modified TEXT,
        content_hash  TEXT,                    -- sha1 of the body as fetched
        article_id    TEXT,                    -- the article it gave (kept if deleted)
        attempts      INTEGER NOT NULL DEFAULT 0,
        error         TEXT,
        fetched_at    TEXT
    );
    CREATE INDEX fetched_pages_source ON fetched_pages(source_url, state);
    """,
    # 10 (numbered by the merge): the story list without a scan of every story and
    # article, and a page of it without reading its stories' articles. Each story
    # keeps, from its current (not superseded) articles: `listed`, their number (the
    # size lists show and sort by), and `outlets` / `stated_outlets`, their outlets
    # comma-joined, all of them and those an article states rather than infers.
    # Triggers keep them in step with story members, article versions and bases. Each
    # recounts a story whole (as the view story_counts counts) but a new member,
    # which adds one to `listed` and recounts only when it brings an outlet the story
    # did not list: a story is recounted once an outlet, not once an article. The
    # index gives a page of the list in its order (the list's query grouped every
    # member of every story and sorted them: 0.4 s a page at 20k articles), and
    # `articles_current` counts the current articles from a small index, not from
    # the table's pages with their texts. An article is never deleted by storydesk;
    # were one, its membership goes with it (ON DELETE CASCADE) and its story is
    # recounted. (A trigger's inner ";" ends no line: migrations are split at ";"
    # line ends.)
    """
    ALTER TABLE stories ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN outlets TEXT;
    ALTER TABLE stories ADD COLUMN stated_outlets TEXT;
    CREATE VIEW story_counts AS
        SELECT sa.story_id, COUNT(a.id) AS listed,
               GROUP_CONCAT(DISTINCT a.outlet) AS outlets,
               GROUP_CONCAT(DISTINCT CASE WHEN json_extract(a.basis, '$.outlet.inferred')
                                          THEN NULL ELSE a.outlet END) AS stated_outlets
        FROM story_articles sa
        JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
        GROUP BY sa.story_id;
    UPDATE stories SET (listed, outlets, stated_outlets) = (
        SELECT listed, outlets, stated_outlets FROM story_counts c
        WHERE c.story_id = stories.id);
    UPDATE stories SET listed = 0 WHERE listed IS NULL;
    CREATE INDEX stories_listed ON stories(listed DESC, last_seen DESC, id);
    CREATE INDEX articles_current ON articles(seq) WHERE superseded_by IS NULL;
    CREATE TRIGGER story_member_insert AFTER INSERT ON story_articles BEGIN
        UPDATE stories SET listed = listed + 1 WHERE id = new.story_id AND EXISTS (
            SELECT 1 FROM articles WHERE id = new.article_id AND superseded_by IS NULL); UPDATE
        stories SET (listed, outlets, stated_outlets) = (
            SELECT COUNT(a.id), GROUP_CONCAT(DISTINCT a.outlet),
                   GROUP_CONCAT(DISTINCT CASE WHEN json_extract(a.basis, '$.outlet.inferred')
                                              THEN NULL ELSE a.outlet END)
            FROM story_articles sa
            JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
            WHERE sa.story_id = stories.id)
        WHERE id = new.story_id AND EXISTS (
            SELECT 1 FROM articles a WHERE a.id = new.article_id AND a.superseded_by IS NULL
            AND a.outlet IS NOT NULL
            AND (instr(',' || COALESCE(stories.outlets, '') || ',', ',' || a.outlet || ',') = 0
                 OR (NOT COALESCE(json_extract(a.basis, '$.outlet.inferred'), 0)
                     AND instr(',' || COALESCE(stories.stated_outlets, '') || ',',
                               ',' || a.outlet || ',') = 0))); END;
    CREATE TRIGGER story_member_delete AFTER DELETE ON story_articles BEGIN
        UPDATE stories SET (listed, outlets, stated_outlets) = (
            SELECT COUNT(a.id), GROUP_CONCAT(DISTINCT a.outlet),
                   GROUP_CONCAT(DISTINCT CASE WHEN json_extract(a.basis, '$.outlet.inferred')
                                              THEN NULL ELSE a.outlet END)
            FROM story_articles sa
            JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
            WHERE sa.story_id = stories.id)
        WHERE id = old.story_id; END;
    CREATE TRIGGER story_member_move AFTER UPDATE OF story_id ON story_articles
    WHEN old.story_id != new.story_id BEGIN
        UPDATE stories SET (listed, outlets, stated_outlets) = (
            SELECT COUNT(a.id), GROUP_CONCAT(DISTINCT a.outlet),
                   GROUP_CONCAT(DISTINCT CASE WHEN json_extract(a.basis, '$.outlet.inferred')
                                              THEN NULL ELSE a.outlet END)
            FROM story_articles sa
            JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
            WHERE sa.story_id = stories.id)
        WHERE id IN (old.story_id, new.story_id); END;
    CREATE TRIGGER story_member_version AFTER UPDATE OF superseded_by, basis, outlet
    ON articles BEGIN
        UPDATE stories SET (listed, outlets, stated_outlets) = (
            SELECT COUNT(a.id), GROUP_CONCAT(DISTINCT a.outlet),
                   GROUP_CONCAT(DISTINCT CASE WHEN json_extract(a.basis, '$.outlet.inferred')
                                              THEN NULL ELSE a.outlet END)
            FROM story_articles sa
            JOIN articles a ON a.id = sa.article_id AND a.superseded_by IS NULL
            WHERE sa.story_id = stories.id)
        WHERE id = (SELECT story_id FROM story_articles WHERE article_id = new.id); END;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
