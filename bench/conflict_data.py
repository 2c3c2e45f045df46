"""DUC 2006 for the conflict benchmark: clusters read by storydesk's own reader, with
analyses and sentence vectors kept in pickles between runs.

Articles are read by `storydesk.ingest.read_inputs` (so outlets, datelines and bylines
are found as `storydesk run` finds them); their ids are the reader's, and each cluster
keeps the DUC docno of every article (the labelled set is keyed by docno). The spaCy
analyses come from `bench.facts_data.cached_analyses` (keyed by docno and a hash of
the text: the facts benchmark and this one share the scratch file).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.cluster_data import parse_duc_date
from bench.facts_data import CACHE, cached_analyses
from storydesk.ingest import read_inputs
from storydesk.model import Analysis, Article


@dataclass(frozen=True)
class DucCluster:
    id: str
    articles: tuple[Article, ...]
    docnos: Mapping[str, str]  # article id -> DUC docno


def load_clusters(path: Path) -> list[DucCluster]:
    """Every cluster, its documents written as storydesk JSONL and read back."""
    clusters = []
    with path.open(encoding="utf-8") as handle, tempfile.TemporaryDirectory() as scratch:
        for number, line in enumerate(handle):
            row = json.loads(line)
            rows = Path(scratch) / f"{number}.jsonl"
            with rows.open("w", encoding="utf-8") as out:
                for doc in row["docs"]:
                    published = parse_duc_date(doc.get("date") or "")
                    out.write(
                        json.dumps(
                            {
                                "id": doc["docno"],
                                "title": doc.get("headline") or "",
                                "text": doc["text"],
                                "published": published.isoformat() if published else None,
                            }
                        )
                        + "\n"
                    )
            articles = tuple(a for a in read_inputs([rows]) if isinstance(a, Article))
            # The reader's locator is the line number: the docno of that line.
            docnos = {
                a.id: row["docs"][int(a.provenance.locator or 0) - 1]["docno"] for a in articles
            }
            clusters.append(DucCluster(row["id"], articles, docnos))
    return clusters


def analyses_of(clusters: Sequence[DucCluster], cache: Path | None = None) -> dict[str, Analysis]:
    """Analysis per (reader) article id, through the facts benchmark's docno cache
    (`cache`, by default its scratch file)."""
    by_docno = [replace(a, id=c.docnos[a.id]) for c in clusters for a in c.articles]
    found = cached_analyses(by_docno, cache or CACHE)
    return {
        a.id: replace(found[c.docnos[a.id]], article_id=a.id) for c in clusters for a in c.articles
    }


