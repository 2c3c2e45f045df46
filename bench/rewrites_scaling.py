"""Link-stage cost by story size (issue 12): seconds and compared pairs per article.

    .venv/bin/python bench/rewrites_scaling.py [--quick] [--reference] [--neighbours K]

Stories are built from DUC 2006 (articles in publication order): 2-5 and 6-15 are the
first 4 / 10 reports of gold topics, 16-40 whole topics (25 reports), > 40 two related
topics together (50 reports: climate, schools, China). Each story runs `find_links`
with a fresh `EmbeddingCache`, so the seconds include embedding every sentence once;
they are CPU seconds of this process (the machine may be running other work).
Stories of 16 and more are also checked against every pair compared (the old regime for
stories up to 40): the copy links (duplicate/rewrite) found then, stored by
``--reference`` in gold/rewrites_scaling_reference.json (article ids only), must still
be found. --quick runs one story per bucket; --neighbours K overrides
`LinkParams.neighbours` (0: no nearest-neighbour pairs, and no embedding of sentences
that no compared pair needs).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_data import load_duc
from harness import Table, require_data

from storydesk.link.align import EmbeddingCache
from storydesk.link.link_params import DEFAULT, LinkParams
from storydesk.link.links import find_links
from storydesk.model import Article

REFERENCE = Path(__file__).resolve().parent / "gold" / "rewrites_scaling_reference.json"
SMALL = ("D0617H", "D0631D", "D0647B", "D0626H", "D0640D", "D0649D")
MEDIUM = ("D0622D", "D0642F", "D0616G")
WHOLE = ("D0647B", "D0631D", "D0617H")
MERGED = (("D0606F", "D0641E"), ("D0610A", "D0620B"), ("D0607G", "D0621C"))


def stories(path: Path, quick: bool) -> dict[str, list[tuple[str, list[Article]]]]:
    articles, gold = load_duc(path)
    topic: dict[str, list[Article]] = {}
    for article, g in zip(articles, gold, strict=True):
        topic.setdefault(g, []).append(article)

    def merged(names: tuple[str, ...]) -> list[Article]:
        # A few reports belong to both topics: a story holds each article once.
        chosen = set(names)
        return list({a.id: a for a, g in zip(articles, gold, strict=True) if g in chosen}.values())

    buckets = {
        "2-5": [(t, topic[t][:4]) for t in SMALL],
        "6-15": [(t, topic[t][:10]) for t in MEDIUM],
        "16-40": [(t, topic[t]) for t in WHOLE],
        "> 40": [("+".join(m), merged(m)) for m in MERGED],
    }
    if quick:
        buckets = {k: v[:1] for k, v in buckets.items()}
    return buckets


def copies(links: list) -> set[tuple[str, str]]:
    return {tuple(sorted((k.source_id, k.derived_id))) for k in links  # type: ignore[misc]
            if k.kind != "independent" and k.source_id != k.derived_id}


def measure(
    path: Path, quick: bool, params: LinkParams = DEFAULT
) -> tuple[dict[str, tuple[float, float]], dict]:
    """Per bucket (CPU seconds per article, pairs per article); copy links of stories of 16+."""
    rates: dict[str, tuple[float, float]] = {}
    found: dict[str, list[list[str]]] = {}
    EmbeddingCache().vectors(["The model loads once, before any story is timed."])
    for bucket, chosen in stories(path, quick).items():
        seconds = pairs = articles = 0.0
        for name, story in chosen:
            start, wall = time.process_time(), time.perf_counter()
            links = find_links(story, cache=EmbeddingCache(), params=params)
            cpu = time.process_time() - start
            seconds += cpu
            pairs += len(links)
            articles += len(story)
            if bucket in ("16-40", "> 40"):
                found[name] = sorted(map(list, copies(links)))
            print(f"  {bucket:6} {name:14} {len(story):3} articles  {len(links):5} pairs  "
                  f"{cpu:7.1f} s CPU  {time.perf_counter() - wall:7.1f} s wall", flush=True)
        rates[bucket] = (seconds / articles, pairs / articles)
    return rates, found


def write_reference(path: Path) -> None:
    """Every pair of the big stories compared: the copy links a full comparison finds."""
    out = json.loads(REFERENCE.read_text(encoding="utf-8")) if REFERENCE.exists() else {}
    cache = EmbeddingCache()
    chosen = stories(path, quick=False)
    for name, story in chosen["16-40"] + chosen["> 40"]:
        if name in out:
            continue
        pairs = [(a.id, b.id) for a, b in combinations(story, 2)]
        out[name] = sorted(map(list, copies(find_links(story, cache=cache, pairs=pairs))))
        print(f"  {name}: {len(out[name])} copy links over {len(pairs)} pairs", flush=True)
    REFERENCE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


def add_rows(table: Table, path: Path, quick: bool, params: LinkParams = DEFAULT) -> None:
    rates, found = measure(path, quick, params)
    for bucket, (seconds, pairs) in rates.items():
        table.add(f"link stage CPU s/article, stories of {bucket}", seconds,
                  f"{pairs:.1f} pairs/article")
    table.add("  largest bucket / smallest (CPU s per article)", rates["> 40"][0] / rates["2-5"][0],
              None, 2.0, "<=")
    if REFERENCE.exists():
        reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
        old = {(n, tuple(p)) for n, links in reference.items() if n in found
               for p in links if p[0] != p[1]}
        new = {(n, tuple(p)) for n, links in found.items() for p in links}
        table.add(f"  copy links of all pairs still found, 16+ ({len(old)} links)",
                  len(old & new) / max(len(old), 1), f"{len(new - old)} new", 0.95)


def main() -> int:
    (path,) = require_data("duc2006/clusters.jsonl")
    if "--reference" in sys.argv:
        write_reference(path)
        return 0
    quick = "--quick" in sys.argv
    params = DEFAULT
    if "--neighbours" in sys.argv:
        params = replace(DEFAULT, neighbours=int(sys.argv[sys.argv.index("--neighbours") + 1]))
    table = Table(f"link stage scaling (issue 12), {params.neighbours} neighbours"
                  + (" --quick" if quick else ""))
    add_rows(table, path, quick, params)
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
