"""Conflict precision on real clusters (issue 14): every DUC 2006 cluster as a story,
every conflict flagged, scored against a labelled set.

    .venv/bin/python bench/bench_conflicts.py [--cache FILE] [--todo FILE]

Each of the 50 clusters (25 articles, read by storydesk's JSONL reader) is one story
and goes through `pipeline.story_results` with the derivation links storydesk finds
itself (`find_links`); no gold link or label is given to the system. A conflict is
what `storydesk show` lists under "conflicts": the fact stage's conflicts, the days
of one event that independent sources give apart, and the discrepancies a rewrite or
copy introduced that are flagged (not those only listed under their derivation, see
reconcile/discrepancy_weight). Each is looked up in
bench/gold/conflict_labels.json (see conflict_labels: exact spans, else overlapping
spans of the same two articles), where we labelled it true (a real disagreement a desk
should see) or false, with the reason.

Precision: strict counts unlabelled conflicts as false, lenient leaves them out.
False conflicts per cluster count labelled-false and unlabelled ones. Halves: clusters
in file order, even index = the tuning half (where the conflict logic may be tuned),
odd index = the reported half (targets apply to it and to all 50). Every unlabelled
or false conflict is listed below the table; --todo FILE writes the unlabelled ones
with their sentences (for labelling, outside the repository: never commit article
text) in the labels file's format, "true" left null.

--cache FILE keeps the spaCy analyses (FILE) and sentence vectors (FILE.vectors) in
pickles so that reruns skip minutes of work; without it, the analyses share the facts
benchmark's scratch file and the vectors go to /tmp/storydesk_conflict.vectors
(scratch files, never shipped). The first run embeds every sentence (~20 minutes on
two busy cores); a rerun takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conflict_data import DucCluster, analyses_of, load_clusters
from bench.conflict_labels import Flagged, LabelIndex, Side, read_labels
from bench.duc_cache import PickleVectors
from bench.harness import Table, require_data
from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.model import Analysis, Article, StoryResults
from storydesk.pipeline import story_results

VECTORS = Path("/tmp/storydesk_conflict.vectors")  # scratch, as facts_data.CACHE
PRECISION = 0.80
FALSE_PER_CLUSTER = 0.2
# Measured before issue 14's conflict work (commit e536ebe, these labels): the
# baseline column, per half.
BEFORE = {
    "all": ("0.259 before", "0.860 before"),
    "tuning": ("0.095 before", "0.760 before"),
    "reported": ("0.351 before", "0.960 before"),
}


def flagged_conflicts(cluster: DucCluster, results: StoryResults) -> list[Flagged]:
    """What `storydesk show` lists as conflicts, as docno spans."""
    texts = {a.id: a.text for a in cluster.articles}

    def side(article_id: str, start: int, end: int) -> Side:
        return Side(cluster.docnos[article_id], start, end, texts[article_id][start:end])

    found = [
        Flagged(
            cluster.id,
            side(c.first.article_id, c.first.start, c.first.end),
            side(c.second.article_id, c.second.start, c.second.end),
            f"fact: {c.kind}",
            c.explanation,
        )
        for c in results.conflicts
    ]
    for day in results.day_conflicts:
        found.append(
            Flagged(
                cluster.id,
                side(day.first.article_id, day.first.start, day.first.end),
                side(day.second.article_id, day.second.start, day.second.end),
                "day: different_day",
                day.explanation,
            )
        )
    for d in results.discrepancies:
        if d.not_a_conflict:
            continue  # listed under its derivation, not flagged (discrepancy_weight)
        s, r = d.source_span, d.derived_span
        found.append(
            Flagged(
                cluster.id,
                side(s.article_id, s.start, s.end),
                side(r.article_id, r.start, r.end),
                f"rewrite: {d.kind}",
                d.explanation,
            )
        )
    return found


def run_cluster(
    cluster: DucCluster, analyses: dict[str, Analysis], cache: EmbeddingCache
) -> StoryResults:
    articles: list[Article] = list(cluster.articles)
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    links = find_links(articles, cache=cache)
    return story_results(articles, analyses, claims, links, vectors=cache.vectors)


@dataclass
class Tally:
    clusters: int = 0
    true: int = 0
    false: int = 0
    unlabelled: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def flagged(self) -> int:
        return self.true + self.false + self.unlabelled

    def strict(self) -> float:
        return self.true / self.flagged if self.flagged else 1.0

    def lenient(self) -> float:
        labelled = self.true + self.false
        return self.true / labelled if labelled else 1.0

    def false_per_cluster(self) -> float:
        return (self.false + self.unlabelled) / max(self.clusters, 1)


def _sentence(text: str, start: int, end: int) -> str:
    """The text around a span, for labelling only (never written into the repository)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), -1) + 1
    right = min(
        (i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text)
    )
    return " ".join(text[left : right + 1].split())


def write_todo(path: Path, todo: Sequence[Flagged], clusters: Sequence[DucCluster]) -> None:
    texts = {c.docnos[a.id]: a.text for c in clusters for a in c.articles}
    rows = []
    for f in todo:
        row: dict[str, object] = {
            "cluster": f.cluster,
            "kind": f.kind,
            "explanation": f.explanation,
        }
        for name, s in (("first", f.first), ("second", f.second)):
            row[name] = {
                "docno": s.docno,
                "start": s.start,
                "end": s.end,
                "value": s.value,
                "context": _sentence(texts[s.docno], s.start, s.end),
            }
        row |= {"true": None, "reason": ""}
        rows.append(row)
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="pickle of analyses (and FILE.vectors)")
    parser.add_argument("--todo", type=Path, help="write the unlabelled conflicts here")
    args = parser.parse_args()
    (path,) = require_data("duc2006/clusters.jsonl")
    clusters = load_clusters(path)
    started = time.perf_counter()
    analyses = analyses_of(clusters, args.cache)
    backing = PickleVectors(args.cache.with_suffix(".vectors") if args.cache else VECTORS)
    cache = EmbeddingCache(backing=backing)
    index = LabelIndex(read_labels())
    halves = {"tuning": Tally(), "reported": Tally()}
    listed: list[tuple[Flagged, str]] = []
    todo: list[Flagged] = []
    story_s = time.perf_counter()
    for number, cluster in enumerate(clusters):
        tally = halves["tuning" if number % 2 == 0 else "reported"]
        tally.clusters += 1
        found = flagged_conflicts(cluster, run_cluster(cluster, analyses, cache))
        print(f"{cluster.id}: {len(found)} conflicts", file=sys.stderr, flush=True)
        for flagged in found:
            tally.kinds[flagged.kind] = tally.kinds.get(flagged.kind, 0) + 1
            label = index.find(flagged)
            if label is None:
                tally.unlabelled += 1
                listed.append((flagged, "UNLABELLED"))
                todo.append(flagged)
            elif label.true:
                tally.true += 1
            else:
                tally.false += 1
                listed.append((flagged, f"false: {label.reason}"))
    story_s = time.perf_counter() - story_s
    backing.flush()
    every = Tally(
        sum(t.clusters for t in halves.values()),
        sum(t.true for t in halves.values()),
        sum(t.false for t in halves.values()),
        sum(t.unlabelled for t in halves.values()),
    )
    for t in halves.values():
        for kind, n in t.kinds.items():
            every.kinds[kind] = every.kinds.get(kind, 0) + n

    table = Table(
        f"conflicts on DUC 2006: {every.clusters} clusters as stories, "
        f"{len(index.labels)} labelled conflicts"
    )
    table.add("conflicts flagged", every.flagged)
    for kind, n in sorted(every.kinds.items()):
        table.add(f"  {kind}", n)
    table.add(
        "labelled true / false / unlabelled", f"{every.true} / {every.false} / {every.unlabelled}"
    )
    for name, t in (("all", every), *halves.items()):
        target = None if name == "tuning" else PRECISION
        fpc = None if name == "tuning" else FALSE_PER_CLUSTER
        side = {
            "all": "all clusters",
            "tuning": "tuning half (even)",
            "reported": "reported half (odd)",
        }[name]
        table.add(
            f"{side}: flagged (true / false / unlabelled)",
            f"{t.flagged} ({t.true} / {t.false} / {t.unlabelled})",
        )
        table.add(
            f"{side}: precision, strict (unlabelled = false)",
            t.strict(),
            BEFORE[name][0],
            target,
        )
        table.add(f"{side}: precision, lenient (unlabelled left out)", t.lenient())
        table.add(
            f"{side}: false conflicts per cluster (unlabelled = false)",
            t.false_per_cluster(),
            BEFORE[name][1],
            fpc,
            "<=",
        )
    table.add("seconds, story stage of all clusters (links, facts, brief, ...)", story_s)
    table.add("seconds in all (analyses: cached or spaCy)", time.perf_counter() - started)
    status = table.finish()
    if listed:
        print(f"\nfalse or unlabelled conflicts ({len(listed)}):")
    for f, why in listed:
        print(
            f"- {f.cluster} {f.first.docno}@{f.first.start} {f.first.value!r} vs "
            f"{f.second.docno}@{f.second.start} {f.second.value!r} [{f.kind}]: {why}"
        )
    if args.todo is not None:
        write_todo(args.todo, todo, clusters)
        print(f"\n{len(todo)} unlabelled conflicts written to {args.todo}")
    return status


if __name__ == "__main__":
    sys.exit(main())
