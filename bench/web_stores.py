"""Stores of 2,000 and 20,000 articles for the web benchmark, built in about a minute.

    built_stores(sizes, cache_dir=None) -> dict[int, Path]
        One store per size, cached under `cache_dir` (default: the temp folder) in a
        folder named by the code version and the corpus: a second run reuses them,
        and any change to storydesk's source builds them again.

The fictional corpus (web_corpus.py: a 70-article story and ~120 articles of small
stories) goes through the pipeline once (`pipeline.process`, ~15 s). Analysing
20,000 articles would take hours, so the rest are copies of the small stories' rows,
made in SQL: copy k respells every invented name the same way throughout (letter for
letter, so every stored character offset still holds), gives each article a new id,
document key and place in the arrival order, moves its dates k*3 days later, and
gives each story a new id. Every row that names an article or a story (analyses,
claims, stories, members, derivation links, results, recorded stage failures) is
copied with the new ids, its packed JSON rewritten. The search index fills through
its triggers. Copy k's stories are stories of their own (other names, other words),
as unrelated news would be, so the story list grows while the 70-article story,
which is not copied, stays one story. The copies are not in the online clusterer's
state (an `add` would not join them) and have no sentence vectors (they would be
embedded when needed): neither is read by a page. `storydesk check` finds the stores
sound (web_stores asserts it).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from web_corpus import BIG_STORY, Corpus, corpus

from storydesk.code_version import code_version
from storydesk.pipeline import process
from storydesk.store.check import check_store
from storydesk.store.store import Store

BUILD_VERSION = "3"  # of this builder: a change to how copies are made bumps it
DAYS_APART = 3  # copy k's dates move k * DAYS_APART days
_ID = re.compile(r"\b[0-9a-f]{16}\b")
_STORY_ID = re.compile(r"\bS\d{6}\b")
_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"


def note(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _respeller(names: Iterable[str], copy: int) -> Callable[[str], str]:
    """Text with every invented name spelt copy k's way (same length, same case)."""
    rng = random.Random(copy)
    consonants, vowels = list(_CONSONANTS), list(_VOWELS)
    rng.shuffle(consonants)
    rng.shuffle(vowels)
    table = str.maketrans(_CONSONANTS + _VOWELS + (_CONSONANTS + _VOWELS).upper(),
                          "".join(consonants + vowels) + "".join(consonants + vowels).upper())
    mapping = {n: n.translate(table) for n in names}
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, mapping), key=len,
                                                        reverse=True)) + r")\b")  # fmt: skip
    return lambda text: pattern.sub(lambda m: mapping[m.group(0)], text)


class _Copy:
    """The renamings of one copy: names, article ids, story ids, dates."""

    def __init__(self, names: frozenset[str], copy: int, article_ids: Iterable[str],
                 story_ids: Iterable[str], story_base: int) -> None:  # fmt: skip
        self.copy = copy
        self.respell = _respeller(names, copy)
        self.ids = {a: hashlib.sha1(f"{a}/{copy}".encode()).hexdigest()[:16] for a in article_ids}
        self.stories = {s: f"S{story_base + i:06d}" for i, s in enumerate(sorted(story_ids))}

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        value = self.respell(value)
        value = _ID.sub(lambda m: self.ids.get(m.group(0), m.group(0)), value)
        return _STORY_ID.sub(lambda m: self.stories.get(m.group(0), m.group(0)), value)

    def packed(self, data: bytes | str | None) -> bytes | str | None:
        """Packed JSON (zlib) or plain JSON text, renamed."""
        if isinstance(data, bytes):
            text = self.text(zlib.decompress(data).decode("utf-8")) or ""
            return zlib.compress(text.encode("utf-8"), 6)
        return self.text(data)

    def date(self, value: str | None) -> str | None:
        if not value:
            return value
        return (datetime.fromisoformat(value) + timedelta(days=DAYS_APART * self.copy)).isoformat()


def _rows(db: sqlite3.Connection, sql: str, values: Iterable[str]) -> list[dict[str, object]]:
    values = list(values)
    found: list[dict[str, object]] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found += [dict(r) for r in db.execute(sql.format(marks=marks), chunk)]
    return found


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, object]]) -> None:
    if rows:
        columns = list(rows[0])
        db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(r[c] for c in columns) for r in rows],
        )


def _copy_rows(db: sqlite3.Connection, names: frozenset[str], copies: range) -> None:
    """Copies `copies` of the small stories' rows (and of articles in no story)."""
    big = db.execute("SELECT id FROM stories ORDER BY size DESC, id LIMIT 1").fetchone()[0]
    big_members = {r[0] for r in db.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ?", (big,))}  # fmt: skip
    # The originals are the articles and stories of the base run (not earlier copies).
    article_ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE seq <= "
                                            "(SELECT value FROM state WHERE key = 'bench_base')")
                   if r[0] not in big_members]  # fmt: skip
    story_ids = sorted({str(r["story_id"]) for r in _rows(
        db, "SELECT story_id FROM story_articles WHERE article_id IN ({marks})", article_ids)})
    articles = _rows(db, "SELECT * FROM articles WHERE id IN ({marks})", article_ids)
    tables = {
        "analyses": _rows(db, "SELECT * FROM analyses WHERE article_id IN ({marks})", article_ids),
        "claims": _rows(db, "SELECT * FROM claims WHERE article_id IN ({marks})", article_ids),
        "unassigned": _rows(db, "SELECT * FROM unassigned WHERE article_id IN ({marks})",
                            article_ids),
        "not_news": _rows(db, "SELECT * FROM not_news WHERE article_id IN ({marks})",
                          article_ids),
        "story_articles": _rows(db, "SELECT * FROM story_articles WHERE article_id IN ({marks})",
                                article_ids),
        "links": _rows(db, "SELECT * FROM links WHERE story_id IN ({marks})", story_ids),
        "story_results": _rows(db, "SELECT * FROM story_results WHERE story_id IN ({marks})",
                               story_ids),
        "stage_failures": _rows(db, "SELECT * FROM stage_failures WHERE item_id IN ({marks})",
                                story_ids + article_ids),
    }  # fmt: skip
    stories = _rows(db, "SELECT * FROM stories WHERE id IN ({marks})", story_ids)
    seq = int(db.execute("SELECT MAX(seq) FROM articles").fetchone()[0])
    story_number = int(db.execute("SELECT MAX(CAST(substr(id, 2) AS INTEGER)) FROM stories"
                                  ).fetchone()[0]) + 1  # fmt: skip
    id_columns = {"article_id", "item_id", "story_id", "source_id", "derived_id"}
    for k in copies:
        copy = _Copy(names, k, article_ids, story_ids, story_number)
        story_number += len(story_ids)
        new_articles = []
        for row in articles:
            seq += 1
            new_articles.append({
                **row, "id": copy.ids[str(row["id"])], "seq": seq,
                "doc_key": f"{row['doc_key']}#copy{k}", "url": f"{row['url']}?copy={k}",
                "title": copy.text(row["title"]),  # type: ignore[arg-type]
                "text": copy.text(row["text"]),  # type: ignore[arg-type]
                "published": copy.date(row["published"]),  # type: ignore[arg-type]
                "superseded_by": copy.text(row["superseded_by"]),  # type: ignore[arg-type]
            })  # fmt: skip
        _insert(db, "articles", new_articles)
        # A story's count and outlets of current members (schema 10) are the
        # triggers' to keep: they count the members copied below.
        _insert(db, "stories", [
            {**s, **({"listed": 0, "outlets": None, "stated_outlets": None}
                     if "listed" in s else {}),
             "id": copy.stories[str(s["id"])], "title": copy.text(s["title"]),  # type: ignore[arg-type]
             "first_seen": copy.date(s["first_seen"]),  # type: ignore[arg-type]
             "last_seen": copy.date(s["last_seen"])}  # type: ignore[arg-type]
            for s in stories
        ])  # fmt: skip
        for table, rows in tables.items():
            _insert(db, table, [
                {c: (copy.text(v) if c in id_columns or c == "reason" else
                     copy.packed(v) if c in ("data", "mentions") else v)  # type: ignore[arg-type]
                 for c, v in row.items()}
                for row in rows
            ])  # fmt: skip


def _base_store(path: Path, data: Corpus, workdir: Path) -> None:
    source = workdir / "corpus.jsonl"
    with source.open("w") as stream:
        for article in data.articles:
            stream.write(json.dumps(article) + "\n")
    with Store(path) as store:
        summary = process(store, [source], processes=2)
        note(f"base store: {summary.counts()}")
        with store.transaction():
            store.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('bench_base', "
                             "(SELECT MAX(seq) FROM articles))")  # fmt: skip


def _grow(path: Path, data: Corpus, size: int, first_copy: int) -> int:
    """Add copies to the store at `path` until it holds about `size` articles; the
    next copy number."""
    with Store(path) as store:
        total = store.count_articles()
        per_copy = int(store.db.execute(
            """SELECT COUNT(*) FROM articles WHERE seq <= (SELECT value FROM state
               WHERE key = 'bench_base')""").fetchone()[0]) - BIG_STORY  # fmt: skip
        copies = max(0, round((size - total) / per_copy))
        with store.transaction():
            _copy_rows(store.db, data.names, range(first_copy, first_copy + copies))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("ANALYZE")
        report = check_store(store)
        if not report.sound:
            raise RuntimeError(f"the built store is not sound: {report}")
        note(f"{path.name}: {store.count_articles()} articles, "
             f"{store.count_stories()} stories")  # fmt: skip
    return first_copy + copies


def built_stores(sizes: tuple[int, ...], cache_dir: Path | None = None) -> dict[int, Path]:
    data = corpus()
    digest = hashlib.sha1(json.dumps(data.articles, sort_keys=True).encode()).hexdigest()[:8]
    root = (cache_dir or Path(tempfile.gettempdir()) / "storydesk-bench-web")
    folder = root / f"{code_version()}-{BUILD_VERSION}-{digest}"
    paths = {size: folder / f"store-{size}.sqlite" for size in sizes}
    if all(p.exists() for p in paths.values()):
        return paths
    if root.exists():  # stores of other code versions: stale, and large
        shutil.rmtree(root)
    folder.mkdir(parents=True)
    began = time.perf_counter()
    base = folder / "base.sqlite"
    _base_store(base, data, folder)
    previous, next_copy = base, 1
    for size in sorted(sizes):
        shutil.copy(previous, paths[size])
        next_copy = _grow(paths[size], data, size, next_copy)
        previous = paths[size]
    note(f"stores built in {time.perf_counter() - began:.0f} s under {folder}")
    return paths
