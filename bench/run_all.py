"""Run every benchmark (or the quick CI subset) and report which missed a target.

python bench/run_all.py            # all of bench/bench_*.py, full size
python bench/run_all.py --quick    # the CI subset, each with --quick
python bench/run_all.py ingest     # only bench_ingest.py
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Benchmarks CI runs with --quick (each must stay well under a few minutes there).
# bench_cluster is left out while its DUC2006 target (issue 3) is still missed: CI
# guards what is met; `make bench` runs everything and shows the miss.
# claim_support --quick scores the tuning half of its gold only, which has no target:
# it guards that the gold is found in the stored articles and that the harness runs;
# the reported half's targets are checked by the full run.
# bench_entities (issue 14) is left out while its junk-share target is missed, as
# bench_cluster; bench_speakers' PolNeAR row is also bench_claims' (quick) target.
# bench_conflicts (issue 14) runs in the full run only: it computes whole stories
# (links, facts, brief) for all 50 DUC clusters, minutes even with its caches warm.
# bench_web (issue 15, speed) runs in the full run only: its stores take 1.5-4 minutes
# to build once per code version (its loads then take ~15 s).
QUICK = (
    "ingest", "rewrites", "claims", "facts", "brief", "hostile", "pipeline", "claim_support",
    "discrepancies", "not_news", "metadata", "follow",
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", help="benchmark names (bench_NAME.py)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    names = args.names or (list(QUICK) if args.quick else available)
    failed: list[str] = []
    for name in names:
        script = HERE / f"bench_{name}.py"
        if not script.exists():
            print(f"no benchmark named {name!r}; have: {', '.join(available)}")
            return 2
        command = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        print(f"\n$ {' '.join(command)}", flush=True)
        started = time.perf_counter()
        status = subprocess.call(command)
        print(f"({name}: {time.perf_counter() - started:.0f} s, exit {status})", flush=True)
        if status != 0:
            failed.append(name)
    print("\nall targets met" if not failed else f"\ntargets missed in: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
