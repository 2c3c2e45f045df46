"""Readers for the story-clustering benchmark: ../shared/data JSONL straight to Articles.

The project's own readers are not used here on purpose: the benchmark measures the
clusterer, and must not move when an ingest format changes.
"""

from __future__ import annotations

import json
import pickle
import re
from datetime import UTC, datetime
from pathlib import Path

from storydesk.model import Article, Mention, Provenance

_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")
_MDY = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?")
_SEED_DATE = re.compile(r"^\s*date (\d{4})-(\d{2})-(\d{2})\s*")
# Seeds 002 and 004 carry no date line; the event happened on 2 Dec 2023.
SEED_DEFAULT_DATE = datetime(2023, 12, 2, 12, tzinfo=UTC)


def parse_duc_date(text: str) -> datetime | None:
    """DUC dates come as 'YYYY-MM-DD hh:mm', 'MM/DD/YYYY hh:mm:ss' and even
    'YYYY-DD-MM': a month over 12 is read as the day."""
    m = _YMD.match(text)
    if m:
        year, a, b = int(m[1]), int(m[2]), int(m[3])
        month, day = (a, b) if a <= 12 else (b, a)
    else:
        m = _MDY.match(text)
        if not m:
            return None
        year, month, day = int(m[3]), int(m[1]), int(m[2])
    hour, minute = (int(m[4]), int(m[5])) if m[4] else (12, 0)
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def load_duc(path: Path) -> tuple[list[Article], list[str]]:
    """DUC 2006 articles in publication order, with their gold cluster ids."""
    rows = []
    for line in path.open(encoding="utf-8"):
        cluster = json.loads(line)
        for doc in cluster["docs"]:
            article = Article(
                id=doc["docno"],
                text=doc["text"],
                title=doc.get("headline") or None,
                published=parse_duc_date(doc["date"]),
                provenance=Provenance(str(path), "jsonl", doc["docno"]),
            )
            rows.append((article, cluster["id"]))
    rows.sort(key=lambda r: (r[0].published or datetime.min.replace(tzinfo=UTC), r[0].id))
    return [a for a, _ in rows], [g for _, g in rows]


def load_mstream(path: Path) -> tuple[list[Article], list[int]]:
    """MStream News headlines in file order (the published stream order), undated."""
    articles, gold = [], []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        articles.append(
            Article(
                id=f"ms{row['id']}",
                text=row["text"],
                provenance=Provenance(str(path), "jsonl", row["id"]),
                summary_only=True,
            )
        )
        gold.append(row["story"])
    return articles, gold


def load_semeval_en(path: Path) -> list[tuple[Article, Article, float]]:
    """English-English SemEval-2022 Task 8 pairs: (article 1, article 2, Overall)."""
    pairs = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["lang1"] != "en" or row["lang2"] != "en":
            continue
        id1, id2 = row["pair_id"].split("_")
        src = Provenance(str(path), "jsonl", row["pair_id"])
        pairs.append(
            (
                Article(id=f"se{id1}", text=row["text1"], provenance=src),
                Article(id=f"se{id2}", text=row["text2"], provenance=src),
                float(row["Overall"]),
            )
        )
    return pairs


def load_seeds(folder: Path) -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = _SEED_DATE.match(text)
        when = SEED_DEFAULT_DATE
        if m:
            when = datetime(int(m[1]), int(m[2]), int(m[3]), 12, tzinfo=UTC)
            text = text[m.end() :]
        articles.append(
            Article(id=f"seed{path.name[:3]}", text=text, published=when,
                    provenance=Provenance(str(path), "text"))
        )
    return articles


def cached_mentions(articles: list[Article], cache: Path) -> dict[str, tuple[Mention, ...]]:
    """Entity mentions per article id, from spaCy once and from a pickle afterwards
    (the pickle is this benchmark's own scratch file in /tmp, never shipped)."""
    known: dict[str, tuple[Mention, ...]] = {}
    if cache.exists():
        known = pickle.loads(cache.read_bytes())
    todo = [a for a in articles if a.id not in known]
    if todo:
        from storydesk.analyze.annotate import analyze_articles

        for article, analysis in zip(todo, analyze_articles(todo), strict=True):
            known[article.id] = analysis.mentions
        cache.write_bytes(pickle.dumps(known))
    return known
