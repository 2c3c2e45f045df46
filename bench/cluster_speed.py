"""Speed of the clustering step on a long synthetic stream, against a naive baseline.

The synthetic stream is fictional by construction: words are "w<number>", events draw
their words from a private vocabulary, and every report mixes event words with
Zipf-distributed background words, a few minutes apart, so posting lists fill up the
way a year of news fills them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np

from storydesk.link.cluster import OnlineClusterer
from storydesk.link.tfidf import OnlineIdf, article_terms, dot, normalise, weigh
from storydesk.model import Article, Provenance

T0 = datetime(2030, 1, 1, tzinfo=UTC)
_SRC = Provenance("synthetic", "text")


def synthetic_stream(n: int, seed: int = 7) -> Iterator[Article]:
    rng = np.random.default_rng(seed)
    background = 30_000
    zipf = 1.0 / np.arange(1, background + 1)
    zipf /= zipf.sum()
    active: list[np.ndarray] = []
    next_word = background
    for i in range(n):
        if not active or rng.random() < 0.2:  # a new event every ~5 reports
            active.append(np.arange(next_word, next_word + 12))
            next_word += 12
            active = active[-50:]  # about 50 events in the news at once
        event = active[int(rng.integers(len(active)))]
        title = rng.choice(event, 5)
        body = np.concatenate([rng.choice(event, 25), rng.choice(background, 45, p=zipf)])
        rng.shuffle(body)
        yield Article(
            id=f"syn{i}",
            title=" ".join(f"w{w}" for w in title),
            text=" ".join(f"w{w}" for w in body),
            published=T0 + timedelta(minutes=5 * i),
            provenance=_SRC,
        )


class NaiveClusterer:
    """Single-pass TF-IDF that compares each article with every story centroid.

    It starts from a snapshot of our clusterer (same IDF, same stories and centroids),
    so the two are timed on the same index and differ only in how they search it."""

    def __init__(self, ours: OnlineClusterer, threshold: float = 0.2) -> None:
        self.threshold = threshold
        self.idf = OnlineIdf(ours.idf.n_docs, dict(ours.idf.df))
        stories = ours._stories.values()
        self.centroids: list[dict[str, float]] = [dict(s.centroid) for s in stories]
        self.sums: list[dict[str, float]] = [dict(s.centroid) for s in stories]

    def add(self, article: Article) -> int:
        counts = article_terms(article, 2.0, 300)
        self.idf.observe(counts)
        vec = weigh(counts, self.idf)
        best, best_score = -1, self.threshold
        for i, centroid in enumerate(self.centroids):
            score = dot(vec, centroid)
            if score >= best_score:
                best, best_score = i, score
        if best < 0:
            self.sums.append({})
            self.centroids.append({})
            best = len(self.sums) - 1
        total = self.sums[best]
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
        self.centroids[best] = normalise(total)
        return best


def measure(checkpoints: list[int], window: int, naive_window: int) -> dict:
    """Articles/s of our clusterer over `window` articles after each checkpoint, and of
    the naive baseline over `naive_window` articles on the index of the first one."""
    total = max(checkpoints) + window
    articles = list(synthetic_stream(total))
    ours = OnlineClusterer()
    rates: dict[int, float] = {}
    done = 0
    naive: NaiveClusterer | None = None
    fill_start = time.perf_counter()
    for cp in sorted(checkpoints):
        for a in articles[done:cp]:
            ours.add(a)
        if naive is None:
            paused = time.perf_counter()
            naive = NaiveClusterer(ours)
            fill_start += time.perf_counter() - paused
        start = time.perf_counter()
        for a in articles[cp : cp + window]:
            ours.add(a)
        rates[cp] = window / (time.perf_counter() - start)
        done = cp + window
    fill_rate = done / (time.perf_counter() - fill_start)
    assert naive is not None
    first = min(checkpoints)
    start = time.perf_counter()
    for a in articles[first : first + naive_window]:
        naive.add(a)
    naive_rate = naive_window / (time.perf_counter() - start)
    return {
        "rates": rates,
        "fill_rate": fill_rate,
        "naive_rate": naive_rate,
        "naive_stories": len(naive.centroids),
        "stories": len(ours.stories()),
        "ms_per_article": {cp: 1000.0 / r for cp, r in rates.items()},
    }
