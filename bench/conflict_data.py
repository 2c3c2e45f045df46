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
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

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


class PickleVectors:
    """Sentence vectors kept in a pickle between runs (a `VectorBacking`): the first
    run embeds every sentence of DUC 2006 (minutes), later runs read them back."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        self.changed = False
        if path is not None and path.exists():
            try:
                self.vectors = pickle.loads(path.read_bytes())
            except (pickle.UnpicklingError, EOFError):
                self.vectors = {}  # a truncated scratch file is simply redone

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self.vectors[t] for t in texts if t in self.vectors}

    def save(self, vectors: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
        self.vectors.update(vectors)
        self.changed = True
        return vectors

    def flush(self) -> None:
        if self.path is not None and self.changed:
            # Written aside and renamed: two runs sharing the scratch file never leave
            # it half written.
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(self.vectors))
            partial.replace(self.path)
            self.changed = False
