"""Story clustering benchmark: DUC 2006, MStream headlines, SemEval-2022 pairs, the
seeds inside the DUC stream, and speed on a 100k-article synthetic stream.

    .venv/bin/python bench/bench_cluster.py [--quick]

Every corpus is streamed once, in publication order where it has dates, through one
`OnlineClusterer` with the default parameters (no per-corpus settings). Entities come
from `analyze_articles`, cached in /tmp after the first run (spaCy takes ~1 min for
these 1,600 articles); `--quick` skips the entity run when no cache exists, uses a
sample of MStream and a 10k speed test, for CI.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cluster_ceiling import (
    feature_matrix,
    nearest_gold_centroid,
    offline_average_link,
    supervised_ridge,
)
from cluster_data import (
    cached_mentions,
    load_duc,
    load_mstream,
    load_seeds,
    load_semeval_en,
)
from cluster_metrics import bcubed, f1_at, nmi, pairwise_f1, pearson
from cluster_speed import measure
from harness import Table, require_data

from storydesk.link.cluster import OnlineClusterer
from storydesk.model import Analysis, Article, Mention

MENTION_CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "storydesk_cluster_mentions.pkl"


def analyses_for(
    articles: list[Article], mentions: dict[str, tuple[Mention, ...]]
) -> list[Analysis | None]:
    return [
        Analysis(a.id, (), mentions[a.id], "cached") if a.id in mentions else None
        for a in articles
    ]


def bench_duc(table: Table, duc: list[Article], gold: list[str], mentions: dict) -> None:
    c = OnlineClusterer()
    start = time.perf_counter()
    c.add_many(duc, analyses_for(duc, mentions))
    rate = len(duc) / (time.perf_counter() - start)
    pred = [c.story_of(a.id) or a.id for a in duc]
    p, r, f = bcubed(gold, pred)
    table.add("DUC2006 BCubed precision", p)
    table.add("DUC2006 BCubed recall", r)
    table.add("DUC2006 BCubed F1", f, "0.82 (IDF on all docs, best thr.)", 0.93)
    table.add("DUC2006 pairwise F1", pairwise_f1(gold, pred))
    table.add("DUC2006 NMI", nmi(gold, pred))
    table.add("DUC2006 stories (gold 50)", float(len(set(pred))), "50")
    table.add("DUC2006 articles/s (full add, 600-word reports)", rate)
    with_entities = sum(1 for a in duc if a.id in mentions)
    table.add("DUC2006 articles with entities", float(with_entities))
    bench_duc_ceiling(table, duc, gold, mentions)


def bench_duc_ceiling(table: Table, duc: list[Article], gold: list[str], mentions: dict) -> None:
    """What methods that see the gold labels reach on the same features (see
    cluster_ceiling): the 0.93 target is above all of them."""
    matrix = feature_matrix(duc, analyses_for(duc, mentions))
    table.add("DUC2006 ceiling: offline average link, best cut (BCubed F1)",
              offline_average_link(matrix, gold))
    table.add("DUC2006 ceiling: nearest gold centroid (BCubed F1)",
              nearest_gold_centroid(matrix, gold))
    table.add("DUC2006 ceiling: supervised ridge, 5-fold (BCubed F1)",
              supervised_ridge(matrix, gold))


def bench_seeds(table: Table, duc: list[Article], seeds: list[Article], mentions: dict) -> None:
    alone = OnlineClusterer()
    alone.add_many(seeds, analyses_for(seeds, mentions))
    sizes = sorted(len(s.article_ids) for s in alone.stories())
    table.add("seeds alone: articles in largest story", float(sizes[-1]), None, 5, "==")
    table.add("seeds alone: stories", float(len(sizes)), None, 1, "==")
    mixed = duc + seeds
    c = OnlineClusterer()
    c.add_many(mixed, analyses_for(mixed, mentions))
    seed_stories = {c.story_of(a.id) for a in seeds}
    table.add("seeds in DUC stream: stories holding seeds", float(len(seed_stories)), None, 1, "==")
    story = c.story(next(iter(seed_stories)) or "")
    intruders = sum(1 for aid in (story.article_ids if story else ()) if not aid.startswith("seed"))
    table.add("seeds in DUC stream: DUC articles in it", float(intruders), None, 0, "==")


def bench_mstream(table: Table, path: Path, quick: bool) -> None:
    articles, gold = load_mstream(path)
    if quick:
        articles, gold = articles[:3000], gold[:3000]
    c = OnlineClusterer()
    start = time.perf_counter()
    for a in articles:
        c.add(a)
    rate = len(articles) / (time.perf_counter() - start)
    pred = [c.story_of(a.id) or a.id for a in articles]
    _, _, f = bcubed(gold, pred)
    label = "MStream" + (" (first 3,000)" if quick else "")
    table.add(f"{label} NMI", nmi(gold, pred), "0.857 TF-IDF / 0.834 MStream", 0.88)
    table.add(f"{label} BCubed F1", f, "0.675 (single-pass TF-IDF)", 0.75)
    table.add(f"{label} stories (gold 152)", float(len(set(pred))), "152")
    table.add(f"{label} articles/s (headlines)", rate)


def bench_semeval(table: Table, path: Path, history: list[Article], mentions: dict) -> None:
    """Same-story decision on English pairs: would b join a story made of a?

    The clusterer first reads `history` (the DUC stream), as a deployed one would have
    read earlier news, then the pairs' texts in file order: IDF is learned online."""
    c = OnlineClusterer()
    c.add_many(history, analyses_for(history, mentions))
    scores, decisions, labels, overall = [], [], [], []
    for a, b, score in load_semeval_en(path):
        analysis_a, analysis_b = analyses_for([a, b], mentions)
        c.add(a, analysis_a)
        c.add(b, analysis_b)
        sim, threshold = c.similarity(a, b, analysis_a, analysis_b)
        scores.append(sim)
        decisions.append(1.0 if sim >= threshold else 0.0)
        labels.append(score <= 2.0)
        overall.append(score)
    table.add("SemEval en-en same-story F1 (Overall <= 2)", f1_at(decisions, labels, 0.5),
              None, 0.85)
    table.add("SemEval en-en Pearson(similarity, Overall)", pearson(scores, overall))
    table.add("SemEval en-en pairs", float(len(labels)))


def bench_speed(table: Table, quick: bool) -> None:
    checkpoints = [2_000, 10_000] if quick else [10_000, 50_000, 100_000]
    result = measure(checkpoints, window=1_000, naive_window=100)
    for cp, rate in result["rates"].items():
        target = 300.0 if cp == max(checkpoints) else None
        table.add(f"speed: articles/s with {cp:,} indexed", rate, None, target)
    for cp, ms in result["ms_per_article"].items():
        table.add(f"speed: ms/article with {cp:,} indexed", ms)
    first = min(checkpoints)
    table.add(f"speed: naive (every story) articles/s with {first:,} indexed",
              result["naive_rate"])
    table.add(f"speed: ours / naive with {first:,} indexed",
              result["rates"][first] / result["naive_rate"])
    table.add(f"speed: stories after {max(checkpoints):,} articles", float(result["stories"]))
    table.add("speed: average articles/s over the whole fill", result["fill_rate"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small, for CI")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed test")
    args = parser.parse_args()
    duc_path, ms_path, se_path, seeds_dir = require_data(
        "duc2006/clusters.jsonl", "mstream/news.jsonl",
        "semeval2022-task8/train.jsonl", "seeds",
    )
    duc, gold = load_duc(duc_path)
    seeds = load_seeds(seeds_dir)
    pairs = load_semeval_en(se_path)
    everything = [*duc, *seeds, *(x for a, b, _ in pairs for x in (a, b))]
    mentions: dict[str, tuple[Mention, ...]] = {}
    if not args.quick or MENTION_CACHE.exists():
        unique = list({a.id: a for a in everything}.values())
        mentions = cached_mentions(unique, MENTION_CACHE)
    table = Table("Story clustering (ours vs baseline vs target)")
    started = time.perf_counter()
    bench_duc(table, duc, gold, mentions)
    bench_seeds(table, duc, seeds, mentions)
    bench_mstream(table, ms_path, args.quick)
    bench_semeval(table, se_path, duc, mentions)
    if not args.no_speed:
        bench_speed(table, args.quick)
    table.add("bench wall time, s", time.perf_counter() - started)
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
