"""Incremental link stage: a reworded report joins a story of 60 reports.

The story is 60 DUC 2006 reports of three related topics (home schooling, school
violence, evolution teaching); candidate pairs come from LSH and content-word overlap,
each article keeping its closest few (`links.candidate_pairs`). Its links are
computed once with a store-backed `EmbeddingCache` (which stores every sentence
vector); then a reworded copy of one report joins, and only its pairs are computed
(`find_links(..., involving=...)`, as the pipeline does), once with the stored
vectors and once with an empty store, in this process. Both must give the same links,
and with the vectors stored, only the joining report's sentences are embedded.
"""

from __future__ import annotations

import time
from pathlib import Path

from cluster_data import load_duc

from storydesk.link.align import EmbeddingCache
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.links import find_links, sentences_to_embed
from storydesk.model import Article
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors

TOPICS = ("D0610A", "D0620B", "D0615F")
STORY_SIZE = 60
_REWORDED = {"the": "that", "a": "one", "of": "from", "and": "as well as", "in": "inside",
             "was": "had been", "said": "stated", "to": "towards"}  # fmt: skip


def _reworded(article: Article) -> Article:
    text = " ".join(_REWORDED.get(w.lower(), w) for w in article.text.split(" "))
    return Article.build(
        text=text,
        title=f"{article.title} (update)",
        url="https://late.example/update",
        published=article.published,
        provenance=article.provenance,
    )


def _stored(store: Store) -> SentenceVectors:
    return SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)


def measure(duc_path: Path) -> dict[str, float]:
    articles, gold = load_duc(duc_path)
    story = [a for a, g in zip(articles, gold, strict=True) if g in TOPICS][:STORY_SIZE]
    late = _reworded(story[len(story) // 2])
    grown = [*story, late]
    seconds, links, embedded = {}, {}, {}
    with Store(":memory:") as warm, Store(":memory:") as cold:
        find_links(story, cache=EmbeddingCache(backing=_stored(warm)))
        for name, store in (("without", cold), ("with", warm)):
            cache = EmbeddingCache(backing=_stored(store))
            start = time.perf_counter()
            links[name] = find_links(grown, involving={late.id}, cache=cache)
            seconds[name] = time.perf_counter() - start
            embedded[name] = cache.computed
    return {
        "with": seconds["with"],
        "without": seconds["without"],
        "same_links": float(links["with"] == links["without"]),
        "embedded_with": float(embedded["with"]),
        "joining_sentences": float(len(set(sentences_to_embed(late)))),
        "embedded_without": float(embedded["without"]),
        "story_size": float(len(story)),
        "copy_found": float(any(late.id in (k.source_id, k.derived_id) and k.kind != "independent"
                                for k in links["with"])),
    }
