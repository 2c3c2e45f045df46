"""Issue 12: the pipeline on a Dask cluster of 2 workers against 1, and against one process.

    python bench/bench_dask.py [--quick] [--clusters N] [--repeat N]

The same DUC2006 articles (every eighth cluster: 6 clusters, 150 articles; --quick: 2
clusters, 50 articles) are run through `pipeline.process`, as `storydesk run
--scheduler` does, into a fresh store three times: in one process (`--processes 1`,
the reference), on a local Dask cluster of 1 worker and on one of 2 workers (one
process of one thread each; the scheduler in this process). The workers are warmed
first (spaCy and the embedding model loaded), as a standing cluster's are. With
`--repeat N` the two Dask runs alternate N times and the fastest of each counts (on a
shared machine, the run least disturbed by other work).

Printed: the wall seconds of each run and of each stage, the speed-up of 2 workers over
1 (target >= 1.6: analysis, embedding, claims and the story stage run on the workers;
reading, clustering and every store write stay in this process), and whether the Dask
runs stored the same stories (membership), links and claims as the single process
(target: yes). The load average before the runs, the cores each Dask run kept busy, and
the speed-up 2 processes get over 1 on pure CPU work before and after the runs (2.0 on
two idle cores) are printed too: on a shared machine, other work on the cores lowers
the speed-up, not the code.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import cpu_seconds, duc_clusters, write_jsonl
from harness import Table, require_data

from storydesk.engine import Engine, connect
from storydesk.pipeline import RunSummary, process
from storydesk.store.store import Store

SPEEDUP_TARGET = 1.6  # 2 workers over 1
BURN = 3_000_000  # loop steps of one calibration task (about 0.2 s)
FULL_CLUSTERS = 6
QUICK_CLUSTERS = 2


def _warm() -> None:
    """Load the models on a worker (each worker process loads them on its first task)."""
    from storydesk.analyze.nlp import load_nlp
    from storydesk.link.embed import embed_texts

    load_nlp()
    embed_texts(["The dam held through the night."])


def _burn(steps: int) -> int:
    total = 0
    for i in range(steps):
        total += i * i
    return total


def calibrate() -> float:
    """The speed-up 2 processes get over 1 on pure CPU work on this machine right now:
    2.0 on two idle cores, less when other work holds them."""
    tasks = [BURN] * 8
    started = time.perf_counter()
    for task in tasks:
        _burn(task)
    alone = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_burn, tasks, chunksize=1)
        return alone / (time.perf_counter() - started)


def run(source: Path, db: Path, **options: Any) -> tuple[float, RunSummary]:
    started = time.perf_counter()
    with Store(db) as store:
        summary = process(store, [source], command="bench", **options)
    return time.perf_counter() - started, summary


def on_dask(workers: int, source: Path, db: Path) -> tuple[float, RunSummary, float]:
    """A run on a fresh local cluster of `workers` processes of one thread; its wall
    seconds, its summary, and the cores it kept busy (CPU seconds of this process and
    the cluster's, start and warm-up included, over the wall seconds of the same)."""
    from distributed import LocalCluster

    cpu, started = cpu_seconds(), time.perf_counter()
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        engine: Engine = connect(cluster.scheduler_address, timeout=60)
        try:
            engine.client.run(_warm)  # type: ignore[attr-defined]
            wall, summary = run(source, db, engine=engine)
        finally:
            engine.close()
    # The workers' CPU time counts once the cluster has stopped (and waited for) them.
    return wall, summary, (cpu_seconds() - cpu) / (time.perf_counter() - started)


def stored(db: Path) -> dict[str, Any]:
    with Store(db, read_only=True) as store:
        stories = {s.id: sorted(store.story_article_ids(s.id)) for s in store.list_stories()}
        return {
            "stories": stories,
            "links": {s: store.links_of(s) for s in stories},
            "claims": {a.id: store.claims_of(a.id) for a in store.articles()},
        }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="2 DUC2006 clusters, not 6")
    parser.add_argument("--clusters", type=int, default=None, help="DUC2006 clusters to run")
    parser.add_argument("--repeat", type=int, default=1, help="Dask runs of each size")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: dask.distributed is not installed")
        return 0
    (clusters_path,) = require_data("duc2006/clusters.jsonl")
    count = args.clusters or (QUICK_CLUSTERS if args.quick else FULL_CLUSTERS)
    everything = duc_clusters(clusters_path, quick=False)
    step = max(1, len(everything) // count)
    clusters = everything[::step][:count]
    load = os.getloadavg()[0]
    machine_before = calibrate()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "duc.jsonl"
        articles = write_jsonl(clusters, source)
        single_s, single = run(source, folder / "single.sqlite", processes=1)
        reference = stored(folder / "single.sqlite")
        best: dict[int, tuple[float, RunSummary, float]] = {}
        same: dict[int, dict[str, bool]] = {1: {}, 2: {}}
        failures = len(single.stage_failures)
        for attempt in range(max(1, args.repeat)):
            for workers in (1, 2):
                db = folder / f"w{workers}-{attempt}.sqlite"
                outcome = on_dask(workers, source, db)
                failures += len(outcome[1].stage_failures)
                kept = stored(db)
                for part in ("stories", "links", "claims"):
                    equal = kept[part] == reference[part]
                    same[workers][part] = same[workers].get(part, True) and equal
                if workers not in best or outcome[0] < best[workers][0]:
                    best[workers] = outcome
    (one_s, one, one_cores), (two_s, two, two_cores) = best[1], best[2]
    machine_after = calibrate()

    table = Table(
        f"Dask: {articles} DUC2006 articles ({len(clusters)} clusters), a local cluster of "
        f"2 workers vs 1 (one thread each; best of {max(1, args.repeat)}), "
        f"{os.cpu_count()} cores, load {load:.2f} before"
    )
    table.add("speed-up, 2 workers over 1 (end to end)", one_s / two_s, 1.0, SPEEDUP_TARGET)
    table.add("wall s, 2 workers (baseline: 1 worker)", two_s, one_s)
    for stage, seconds in two.timings.items():
        table.add(f"  {stage} s", seconds, one.timings.get(stage))
    table.add("cores kept busy, 2 workers (baseline: 1 worker)", two_cores, one_cores)
    table.add("this machine now: 2 processes over 1 on pure CPU work, before", machine_before, 2.0)
    table.add("  the same, after", machine_after, 2.0)
    table.add("wall s, one process (--processes 1)", single_s)
    for workers, name in ((1, "1 worker"), (2, "2 workers")):
        for part, equal in same[workers].items():
            table.add(f"{part} as one process, {name} (1 = yes)", float(equal), 1.0, 1.0, "==")
    table.add("stage failures, all runs", float(failures), 0.0, 0.0, "<=")
    table.add("stories", float(len(reference["stories"])))
    return table.finish()


if __name__ == "__main__":  # Dask starts worker processes that import this file
    sys.exit(main())
