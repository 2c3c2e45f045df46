"""Data for the fact/conflict benchmark: DUC2006 clusters and the seeds, analysed once.

spaCy (sentences + entities) is the only slow step; its output is pickled in /tmp
(this benchmark's own scratch file, never shipped) keyed by article id and a hash of
the text, so an article whose text changed is analysed again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

from bench.cluster_data import parse_duc_date
from storydesk.model import Analysis, Article, Provenance

CACHE = Path("/tmp/storydesk_facts_analysis.pkl")


@dataclass(frozen=True)
class Cluster:
    id: str
    articles: tuple[Article, ...]


def load_clusters(path: Path) -> list[Cluster]:
    clusters = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        articles = tuple(
            Article(
                id=doc["docno"],
                text=doc["text"],
                title=doc.get("headline") or None,
                published=parse_duc_date(doc["date"]),
                provenance=Provenance(str(path), "jsonl", doc["docno"]),
            )
            for doc in row["docs"]
        )
        clusters.append(Cluster(row["id"], articles))
    return clusters


def _key(article: Article) -> str:
    digest = hashlib.sha1(article.text.encode("utf-8")).hexdigest()[:12]
    return f"{article.id}:{digest}"


def cached_analyses(articles: list[Article], cache: Path = CACHE) -> dict[str, Analysis]:
    """Analysis per article id: spaCy once, the pickle afterwards."""
    known: dict[str, Analysis] = {}
    if cache.exists():
        try:
            known = pickle.loads(cache.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError):
            known = {}  # a stale or truncated scratch file is simply redone
    todo = [a for a in articles if _key(a) not in known]
    if todo:
        from storydesk.analyze.annotate import analyze_articles

        for article, analysis in zip(todo, analyze_articles(todo, processes=2), strict=True):
            known[_key(article)] = analysis
        cache.write_bytes(pickle.dumps(known))
    return {a.id: known[_key(a)] for a in articles}


if __name__ == "__main__":  # warm the cache: .venv/bin/python -m bench.facts_data
    from bench.harness import DATA

    clusters = load_clusters(DATA / "duc2006" / "clusters.jsonl")
    cached_analyses([a for c in clusters for a in c.articles])
