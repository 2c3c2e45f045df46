"""Print what `find_discrepancies` reports on DUC2006's own copies and rewrites, for a
person to judge (no gold exists: these are real wire updates and rewrites).

    .venv/bin/python bench/discrepancy_review.py [CLUSTER_ID ...]

Each cluster goes through `find_links` (sentence vectors: about 10 s a cluster on one
core) and `find_discrepancies` without spaCy analyses (names are read from
capitalisation), as a quick look; every discrepancy is printed with both sentences.
Not a benchmark: it has no target and is not run by run_all.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.facts_data import load_clusters
from bench.harness import require_data
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.reconcile.discrepancies import find_discrepancies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters", nargs="*", help="cluster ids (default: all)")
    args = parser.parse_args()
    (path,) = require_data("duc2006/clusters.jsonl")
    cache = EmbeddingCache()
    derivations = reported = 0
    for cluster in load_clusters(path):
        if args.clusters and cluster.id not in args.clusters:
            continue
        articles = list(cluster.articles)
        texts = {a.id: a.text for a in articles}
        links = find_links(articles, cache=cache)
        found = find_discrepancies(articles, {}, {}, links)
        derivations += sum(lk.kind != "independent" for lk in links)
        reported += len(found)
        print(f"## {cluster.id}: {len(found)} discrepancies", flush=True)
        for d in found:
            source = texts[d.source_id][d.source_sentence.start : d.source_sentence.end]
            derived = texts[d.derived_id][d.derived_sentence.start : d.derived_sentence.end]
            print(f"  {d.kind}: {d.source_text!r} -> {d.derived_text!r}  ({d.explanation})")
            print(f"    {d.source_id}: {' '.join(source.split())[:300]}")
            print(f"    {d.derived_id}: {' '.join(derived.split())[:300]}")
    print(f"derivations {derivations}, discrepancies {reported}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
