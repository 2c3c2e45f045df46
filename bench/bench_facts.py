"""Facts, corroboration and conflicts (issues 6, 14): injected conflicts on DUC2006 +
seeds.

    .venv/bin/python bench/bench_facts.py [--quick] [--sweep]

DUC2006 (50 topic clusters of 25 articles): in each cluster one reported count is
changed in one article (bench/facts_inject.py says how: a digit count followed by
the same plural word in >= 2 articles, multiplied by 3 in the last article that
reports it). The whole changed cluster then goes through `extract_claims` and
`reconcile_story` like any story; a detection is a conflict one of whose two claims
covers the changed number. Each DUC article is its own derivation group (see
facts_duc). False conflicts are the conflicts found in the *unchanged* clusters that
the labelled set (bench/gold/conflict_labels.json, the conflict benchmark's) does not
mark true: a conflict the set does not hold, or that cannot be matched to it, counts
as false. Halves: clusters in file order, even index = the tuning half, odd index =
the reported half; the targets apply to the reported half (detection >= 0.85, <= 0.3
false conflicts per cluster) and to all clusters (detection >= 0.90).

--sweep: the four alignment constants of `FactParams` (facts_sweep.GRID) evaluated on
the tuning half only (objective: detection minus false conflicts per cluster), the
best setting then reported on the reported half, next to the defaults'. The choice is
recorded in bench/TUNING.md.

Seeds: the five articles of ../shared/data/seeds, grouped by the derivation links
storydesk finds (`find_links`; no known rewrite pair is given). Checked: the
400-strikes fact has 3 independent sources; the death tolls 13,300 / 15,207 are a
conflict whose claims name who said each; no conflict touches the hostage figures
(over 100 / 110 released, 136 held, 17 women and children).

--quick: the first 10 clusters plus the seeds; the DUC figures are printed without
targets there (5 clusters a half, 4 injected in all, are too few to judge by).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cluster_data import load_seeds
from bench.conflict_labels import LabelIndex, read_labels
from bench.facts_data import cached_analyses
from bench.facts_duc import HALVES, Score, evaluate, prepare
from bench.harness import Table, require_data
from storydesk.analyze.claims import extract_claims
from storydesk.link.links import find_links
from storydesk.reconcile.fact_params import DEFAULT
from storydesk.reconcile.facts import reconcile_story

DETECTION_ALL = 0.90
DETECTION_REPORTED = 0.85
FALSE_REPORTED = 0.3
HALF_NAMES = {"tuning": "tuning half (even)", "reported": "reported half (odd)", "all": "all"}


def _score_rows(
    table: Table, scores: dict[str, Score], label: str = "", targets: bool = True
) -> None:
    """Rows per half; the targets apply to the defaults (`targets`), not to a setting
    the sweep only reports."""
    for name in (*HALVES, "all"):
        s = scores[name]
        detect = {"reported": DETECTION_REPORTED, "all": DETECTION_ALL}.get(name)
        false = FALSE_REPORTED if name == "reported" else None
        if not targets:
            detect = false = None
        where = f"{label}{HALF_NAMES[name]}"
        table.add(
            f"{where}: injected conflicts detected (of {s.injected})", s.detection, None, detect
        )
        table.add(
            f"{where}: false conflicts per unchanged cluster ({s.clusters})",
            s.false_per_cluster,
            f"{s.unexplained} unexplained",
            false,
            "<=",
        )


def bench_duc(table: Table, path: Path, quick: bool, sweep: bool) -> None:
    cases = prepare(path, 10 if quick else None)
    labels = LabelIndex(read_labels())
    started = time.perf_counter()
    scores = evaluate(cases, labels)
    targets = not quick
    elapsed = time.perf_counter() - started
    every = scores["all"]
    table.add(f"DUC clusters (articles: {every.articles})", every.clusters)
    table.add("DUC clusters with a count to change (>= 2 articles)", every.injected)
    _score_rows(table, scores, targets=targets)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(every.kinds.items())) or "-"
    table.add(f"  detected as: {kinds}", every.detected)
    table.add(
        "reconcile speed (articles/s, reconcile only, x2 runs)",
        2 * every.articles / elapsed if elapsed else 0.0,
    )
    if sweep:
        from bench.facts_sweep import sweep as run_sweep

        points = run_sweep(cases, labels)
        print(f"sweep on the tuning half ({len(points)} settings), best 10 and the defaults:")
        default = next(p for p in points if p.params == DEFAULT)
        for rank, point in enumerate(points, 1):
            if rank <= 10 or point is default:
                t = point.tuning
                mark = " (defaults)" if point is default else ""
                print(
                    f"{rank:3d}. {point.describe()}{mark}: detection {t.detection:.3f}, "
                    f"false/cluster {t.false_per_cluster:.3f}, objective {point.objective:.3f}"
                )
        best = points[0]
        table.add(
            f"sweep's choice (tuning half): {best.describe()}",
            best.objective,
            f"defaults {default.objective:.3f}",
        )
        _score_rows(table, evaluate(cases, labels, best.params), "  choice, ", targets=False)


def bench_seeds(table: Table, folder: Path) -> None:
    articles = load_seeds(folder)
    analyses = cached_analyses(articles)
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    story = reconcile_story(articles, claims, links=find_links(articles))
    strikes = [f for f in story.facts if sum(c.value == 400 for c in f.claims) >= 3]
    support = max((f.support for f in strikes), default=0)
    table.add("seeds: '400 strikes' independent sources", support, "5 articles", 3, "==")
    tolls = [
        c
        for c in story.conflicts
        if {c.first.value, c.second.value} & {13300, 13000}
        and 15207 in (c.first.value, c.second.value)
    ]
    named = [c for c in tolls if c.first.attribution and c.second.attribution]
    table.add(
        "seeds: death toll 13,300 vs 15,207 flagged, both sources named",
        int(len(named) >= 1),
        None,
        1,
        "==",
    )
    if named:
        table.add(f"  explained as {named[0].kind}", 1)
    hostage = {100.0, 110.0, 136.0, 17.0}
    false = [c for c in story.conflicts if {c.first.value, c.second.value} & hostage]
    table.add("seeds: conflicts on hostage figures (false)", len(false), None, 0, "<=")
    table.add("seeds: conflicts in all", len(story.conflicts))
    table.add("seeds: quote groups with wording variants", len(story.quote_variants))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 clusters + the seeds")
    parser.add_argument(
        "--sweep", action="store_true", help="sweep the alignment constants on the tuning half"
    )
    args = parser.parse_args()
    duc, seeds = require_data("duc2006/clusters.jsonl", "seeds")
    table = Table("facts and conflicts (issues 6, 14)")
    started = time.perf_counter()
    bench_seeds(table, seeds)
    bench_duc(table, duc, args.quick, args.sweep)
    table.add(
        "wall time (s)", time.perf_counter() - started, None, None if args.sweep else 180, "<="
    )
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
