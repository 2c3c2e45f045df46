"""Issue 12: the whole pipeline end to end on real articles, against the analysis alone.

    python bench/bench_pipeline.py [--quick] [--processes N]

Full: all 1,250 DUC2006 articles and the seed articles; --quick: six DUC2006 clusters
(150 articles, every eighth cluster) and the seeds. The articles are read, analysed,
given claims, clustered and their stories computed (`pipeline.process`, as `storydesk
run` does) into a fresh temporary store. Baseline: the analysis pass alone on the same
stored texts, in this same run, with the same processes: spaCy (`analyze_articles`)
and the sentence vectors the embed pass computes (issue 12 moved embedding into the
analysis pass). The ratio to spaCy alone is printed too, as the strict figure.

Printed: end-to-end and analysis-only articles/s and their ratio, the seconds of each
stage, the cores used (CPU time of this process and its children over the wall time),
the story stage's seconds of work per article by story size, and the store's bytes
per article. `--processes 1` runs every stage in one process (the story stage as it
was before it had a pool).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Table, require_data

from storydesk.analyze.annotate import analyze_articles, default_processes
from storydesk.embed_stage import embed_sentences
from storydesk.engine import LocalEngine
from storydesk.link.links import sentences_to_embed
from storydesk.pipeline import process
from storydesk.store.store import Store

# Story sizes (articles) the story stage's cost per article is reported for.
BUCKETS = ((2, 5), (6, 15), (16, 40), (41, None))
QUICK_CLUSTERS = 6  # x 25 articles
RATIO_TARGET = 0.6  # end-to-end rate / analysis-only rate
BUCKET_TARGET = 2.0  # largest stories' seconds per article / smallest stories'
BYTES_TARGET = 30_000  # store bytes per article
COMPOSITION_ROWS = 8  # the largest tables and indexes, printed per article


def duc_clusters(path: Path, quick: bool) -> list[dict]:
    with path.open() as stream:
        clusters = [json.loads(line) for line in stream]
    if quick:
        step = max(1, len(clusters) // QUICK_CLUSTERS)
        clusters = clusters[::step][:QUICK_CLUSTERS]
    return clusters


def write_jsonl(clusters: list[dict], path: Path) -> int:
    count = 0
    with path.open("w") as stream:
        for cluster in clusters:
            for doc in cluster["docs"]:
                record = {
                    "id": doc["docno"],
                    "title": doc.get("headline") or "",
                    "text": doc["text"],
                    "published": doc.get("date"),
                }
                stream.write(json.dumps(record) + "\n")
                count += 1
    return count


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_embedding(articles: list, processes: int) -> float:
    """Seconds to embed every distinct sentence of `articles` as the embed pass does
    (same tasks, same pool size), without the store."""
    texts = list(dict.fromkeys(t for a in articles for t in sentences_to_embed(a)))
    started = time.perf_counter()
    engine = LocalEngine(processes)
    try:
        embed_sentences(texts, engine)
    finally:
        engine.close()
    return time.perf_counter() - started


def store_composition(db: Path) -> list[tuple[str, int]]:
    """Bytes on disk per table or index, largest first (SQLite's dbstat table)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        try:
            rows = connection.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        except sqlite3.OperationalError:  # an SQLite built without dbstat
            return []
    return [(str(name), int(used)) for name, used in rows]


def bucket_of(size: int) -> str:
    for low, high in BUCKETS:
        if size >= low and (high is None or size <= high):
            return f"{low}-{high}" if high else f">{low - 1}"
    return "1"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="150 DUC2006 articles, not 1,250")
    parser.add_argument("--processes", type=int, default=None, help="default: one per core")
    args = parser.parse_args()
    clusters_path, seeds = require_data("duc2006/clusters.jsonl", "seeds")
    clusters = duc_clusters(clusters_path, args.quick)
    processes = args.processes or default_processes()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        jsonl = workdir / "duc.jsonl"
        duc = write_jsonl(clusters, jsonl)
        db = workdir / "bench.sqlite"
        cpu, started = cpu_seconds(), time.perf_counter()
        with Store(db) as store:
            summary = process(store, [jsonl, seeds], command="bench", processes=processes)
        wall = time.perf_counter() - started
        cores = (cpu_seconds() - cpu) / wall
        stored = summary.new
        size = sum(p.stat().st_size for p in workdir.glob("bench.sqlite*"))
        with Store(db, read_only=True) as store:
            articles = list(store.articles())
        composition = store_composition(db)
        started = time.perf_counter()
        analysed = sum(1 for _ in analyze_articles(articles, processes=processes))
        spacy_seconds = time.perf_counter() - started
        embed_seconds = time_embedding(articles, processes)
        spacy_rate = analysed / spacy_seconds
        analysis_rate = analysed / (spacy_seconds + embed_seconds)

    rate = summary.articles_read / wall
    table = Table(
        f"pipeline end to end: {duc} DUC2006 articles ({len(clusters)} clusters) + "
        f"{summary.articles_read - duc} seeds, {stored} stored ({processes} processes, "
        f"{os.cpu_count()} cores)"
    )
    table.add("end-to-end articles/s", rate, analysis_rate)
    table.add("  ratio to the analysis pass (spaCy + sentence vectors)", rate / analysis_rate,
              1.0, RATIO_TARGET)
    table.add("  ratio to spaCy alone (strict)", rate / spacy_rate)
    table.add("analysis pass articles/s (baseline)", analysis_rate)
    table.add("  spaCy alone articles/s", spacy_rate)
    table.add("  sentence vectors alone s", embed_seconds)
    for stage, seconds in summary.timings.items():
        table.add(f"  {stage} s", seconds)
    table.add("total s", wall)
    table.add("cores used (CPU s / wall s)", cores)
    per_article: dict[str, float] = {}
    for low, _ in BUCKETS:
        name = bucket_of(low)
        work = [(n, s) for n, s in summary.story_work.values() if bucket_of(n) == name]
        if not work:
            table.add(f"story CPU s/article, stories of {name}", "none")
            continue
        cost = sum(s for _, s in work) / sum(n for n, _ in work)
        per_article[name] = cost
        table.add(f"story CPU s/article, stories of {name} ({len(work)} stories)", cost)
    lone = [s for n, s in summary.story_work.values() if n < 2]
    table.add(f"  single-article stories ({len(lone)}) CPU s", sum(lone))
    if len(per_article) >= 2:
        costs = list(per_article.values())  # in size order
        names = list(per_article)
        table.add(
            f"  stories of {names[-1]} / of {names[0]}", costs[-1] / costs[0], 1.0,
            BUCKET_TARGET, "<=",
        )
    else:
        table.add("  largest / smallest story size", "one size only")
    table.add("store bytes per article", size / max(1, stored), None, BYTES_TARGET, "<=")
    for name, used in composition[:COMPOSITION_ROWS]:
        table.add(f"  {name} bytes per article", used / max(1, stored))
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
