"""DUC 2006 for the brief benchmark: clusters as Articles, analyses, ROUGE, floors.

ROUGE follows the DUC convention as rouge-score can reproduce it: recall, Porter
stemming, each score averaged over the four human references (rouge-score's
`score_multi` would take the maximum instead), and ROUGE-Lsum with one sentence per
line in both the summary and the references.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from duc_cache import analyses_cached
from rouge_score import rouge_scorer, tokenizers

from storydesk.ingest import read_inputs
from storydesk.model import Analysis, Article

METRICS = ("rouge1", "rouge2", "rougeLsum")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'`])")


@dataclass
class Cluster:
    id: str
    articles: list[Article]
    refs: list[str]


def _parse_date(value: str) -> datetime | None:
    """DUC dates come as ISO ("1999-07-07 08:30") or US ("08/12/1998 13:29:00")."""
    for parse in (datetime.fromisoformat, lambda v: datetime.strptime(v, "%m/%d/%Y %H:%M:%S")):
        try:
            return parse(value.strip()).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def load_clusters(path: Path, limit: int | None = None) -> list[Cluster]:
    """Clusters with their articles, read by storydesk's own JSONL reader (so that
    outlets, datelines and bylines are found as `storydesk run` finds them); the topic
    title and narrative are not kept (a story has neither)."""
    clusters = []
    with path.open(encoding="utf-8") as handle, tempfile.TemporaryDirectory() as scratch:
        for number, line in enumerate(handle):
            row = json.loads(line)
            rows = Path(scratch) / f"{number}.jsonl"
            with rows.open("w", encoding="utf-8") as out:
                for doc in row["docs"]:
                    published = _parse_date(doc.get("date") or "")
                    out.write(json.dumps({
                        "id": doc["docno"],
                        "title": doc.get("headline") or "",
                        "text": doc["text"],
                        "published": published.isoformat() if published else None,
                    }) + "\n")  # fmt: skip
            articles = [a for a in read_inputs([rows]) if isinstance(a, Article)]
            clusters.append(Cluster(row["id"], articles, list(row["refs"])))
            if limit is not None and len(clusters) >= limit:
                break
    return clusters


def analyses_for(clusters: Sequence[Cluster], cache: Path | None) -> dict[str, Analysis]:
    """Analyses of every article, read from `cache` when it has them all."""
    return analyses_cached([a for c in clusters for a in c.articles], cache)


def one_per_line(text: str) -> str:
    """Sentences on their own lines (for ROUGE-Lsum), keeping existing line breaks."""
    lines = []
    for line in text.splitlines():
        lines.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return "\n".join(lines)


class _CachedTokenizer:
    """rouge-score's own tokenizer (Porter stemming), remembered per text: every
    reference is scored against five summaries, and stemming dominates the run."""

    def __init__(self) -> None:
        self._inner = tokenizers.DefaultTokenizer(use_stemmer=True)
        self._seen: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._inner.tokenize(text)
        return found


class Rouge:
    def __init__(self) -> None:
        self.scorer = rouge_scorer.RougeScorer(list(METRICS), tokenizer=_CachedTokenizer())

    def recall(self, summary: str, refs: Sequence[str]) -> dict[str, float]:
        """Recall x 100 of each metric, averaged over the references."""
        totals = dict.fromkeys(METRICS, 0.0)
        for ref in refs:
            scores = self.scorer.score(one_per_line(ref), summary)
            for metric in METRICS:
                totals[metric] += scores[metric].recall
        return {m: 100 * v / len(refs) for m, v in totals.items()}


def _fill(pieces: Sequence[str], budget: int) -> str:
    """Sentences in the given order, each that still fits, one per line."""
    chosen, used = [], 0
    for piece in pieces:
        n = len(piece.split())
        if n and used + n <= budget:
            chosen.append(piece)
            used += n
    return "\n".join(chosen)


def _sentences(article: Article, analysis: Analysis) -> list[str]:
    return [" ".join(article.text[s.start : s.end].split()) for s in analysis.sentences]


def random_summary(cluster: Cluster, analyses: dict[str, Analysis], budget: int, seed: int) -> str:
    pool = [s for a in cluster.articles for s in _sentences(a, analyses[a.id])]
    random.Random(seed).shuffle(pool)
    return _fill(pool, budget)


def lead_summary(cluster: Cluster, analyses: dict[str, Analysis], budget: int) -> str:
    """First sentences of the articles, earliest article first, then second ones."""
    ordered = sorted(cluster.articles, key=lambda a: (a.published is None, a.published))
    per_article = [_sentences(a, analyses[a.id]) for a in ordered]
    depth = max((len(s) for s in per_article), default=0)
    pieces = [s[i] for i in range(depth) for s in per_article if i < len(s)]
    return _fill(pieces, budget)
