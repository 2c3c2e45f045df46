"""Issue 13: claim support. Which articles of a story state the same claim, against a
hand-written gold on DUC2006 (bench/gold/claim_support_*.json).

    python bench/bench_claim_support.py [--quick] [--keep DIR] [--processes N] [--sweep]

The articles of the gold clusters (only those) are written to a JSONL file and run
through the whole pipeline (`pipeline.process`, as `storydesk run` does) into a fresh
store: clustering decides the stories, nothing sees the gold. Each gold sentence is
then found in its stored article (the docno is the article's `id` field; the sentence
is searched in the stored text, whitespace aside), and the story's claim groups
(`StoryResults.claims`) are scored on article pairs (claim_support_metrics.py says
how): precision, the share of the pairs of articles said to state a gold claim that
both state it; recall, the share of the pairs of articles that both state a gold
claim that are said to. Baselines, over the same stories' analysis sentences:
identical sentences (normalised), and the brief's support lists before claim groups
(near-identical copies, content-stem Jaccard >= 0.7).

The gold comes in halves by file: a = the tuning half (the thresholds of
`StatementParams` may be chosen on it; no target), b = the reported half (targets:
recall >= 0.85, precision >= 0.90). Both are printed, with both halves together.

--keep DIR keeps the store (and the JSONL) in DIR and reuses it when it holds every
gold article: a rerun then only scores (delete DIR after changing the code).
--quick: the first 3 gold clusters (tuning half first), for CI.
--sweep: on the tuning half only, the claim groups again under ~20 settings of
`StatementParams` (the stored stories, vectors and links; nothing reprocessed), with
their precision and recall (claim_support_sweep.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.claim_support_gold import (
    GoldClaim,
    GoldCluster,
    SqueezedText,
    gold_paths,
    load_gold,
    locate,
)
from bench.claim_support_groups import exact_groups, near_groups, system_groups
from bench.claim_support_metrics import (
    Group,
    GroupIndex,
    LocatedClaim,
    PairCount,
    Scores,
    bucket_names,
    score,
    size_bucket,
)
from bench.claim_support_sweep import regroup, story_inputs, sweep_settings
from bench.harness import REPO, Table, require_data
from storydesk.ingest import read_inputs
from storydesk.model import Article
from storydesk.pipeline import process
from storydesk.store.store import Store

GOLD = REPO / "bench" / "gold"
QUICK_CLUSTERS = 3
RECALL_TARGET = 0.85
PRECISION_TARGET = 0.90
UNLOCATED_TARGET = 2.0  # % of gold statements not found in their stored article
HALVES = ("report", "tune", "all")
STORE_NAME = "claim_support.sqlite"
JSONL_NAME = "claim_support.jsonl"


def duc_docs(path: Path, clusters: Sequence[str]) -> dict[str, list[dict]]:
    """The docs of the named clusters, by cluster, from DUC2006's clusters.jsonl."""
    wanted = set(clusters)
    found: dict[str, list[dict]] = {}
    with path.open() as stream:
        for line in stream:
            row = json.loads(line)
            if row["id"] in wanted:
                found[row["id"]] = row["docs"]
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"gold clusters not in {path}: {', '.join(sorted(missing))}")
    return found


def write_jsonl(docs: dict[str, list[dict]], path: Path) -> None:
    """The articles as `storydesk run` reads a JSONL file (bench_pipeline does the same)."""
    with path.open("w") as stream:
        for cluster_docs in docs.values():
            for doc in cluster_docs:
                record = {"id": doc["docno"], "title": doc.get("headline") or "",
                          "text": doc["text"], "published": doc.get("date")}  # fmt: skip
                stream.write(json.dumps(record) + "\n")


def article_ids_by_docno(path: Path) -> dict[str, str]:
    """Each docno's article id as the reader builds it: the id is a digest of the
    content, so a doc DUC repeats word for word is one stored article under two docnos."""
    found: dict[str, str] = {}
    for item in read_inputs([path]):
        if isinstance(item, Article) and isinstance(item.metadata.get("id"), str):
            found[item.metadata["id"]] = item.id
    return found


def run_pipeline(store_path: Path, jsonl: Path, ids: set[str], processes: int | None,
                 keep: bool) -> str:  # fmt: skip
    """Process the articles into the store, or reuse a kept store holding them all."""
    if keep and store_path.exists():
        with Store(store_path, read_only=True) as store:
            stored = {a.id for a in store.articles(sorted(ids))}
        if stored == ids:
            return f"reused {store_path} (not reprocessed)"
    started = time.perf_counter()
    with Store(store_path) as store:
        summary = process(store, [jsonl], command="bench", processes=processes)
    counts = summary.counts()
    return (f"processed {counts.read} articles ({counts.new} new, {counts.stage_failures} "
            f"stage failures) in {time.perf_counter() - started:.0f} s")  # fmt: skip


def locate_claims(
    claims: Sequence[GoldClaim],
    docs: dict[str, list[dict]],
    ids: dict[str, str],
    store: Store,
) -> tuple[list[LocatedClaim], list[str]]:
    """The claims with their docnos mapped to stored articles and each gold sentence
    found in its article's stored text; the statements that could not be, and why."""
    raw = {doc["docno"]: (cluster, doc["text"]) for cluster, ds in docs.items() for doc in ds}
    texts: dict[str, SqueezedText | None] = {}
    located: list[LocatedClaim] = []
    lost: list[str] = []
    for claim in claims:
        articles: set[str] = set()
        spans: dict[str, list[tuple[int, int]]] = {}
        for s in claim.statements:
            where = f"{claim.id} {s.docno} {s.start}-{s.end}"
            if s.docno not in raw or raw[s.docno][0] != claim.cluster:
                lost.append(f"{where}: docno not in cluster {claim.cluster}")
                continue
            article_id = ids.get(s.docno)
            if article_id is not None and article_id not in texts:
                article = store.get_article(article_id)
                texts[article_id] = SqueezedText(article.text) if article else None
            text = texts.get(article_id) if article_id is not None else None
            if article_id is None or text is None:
                lost.append(f"{where}: article not stored")
                continue
            articles.add(article_id)  # a member even if its sentence is not found
            span = locate(raw[s.docno][1], s.start, s.end, text)
            if span is None:
                lost.append(f"{where}: sentence not found in the stored text")
                continue
            spans.setdefault(article_id, []).append(span)
        located.append(LocatedClaim(claim.id, claim.half, frozenset(articles),
                                    {k: tuple(v) for k, v in spans.items()}))  # fmt: skip
    return located, lost


def _of_half(claims: Sequence[LocatedClaim], half: str) -> list[LocatedClaim]:
    return [c for c in claims if half == "all" or c.half == half]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def add_half_rows(table: Table, half: str, claims: Sequence[LocatedClaim],
                  scores: dict[str, Scores]) -> None:  # fmt: skip
    """Precision and recall of one half: ours, the two baselines in the baseline column."""
    if not claims:
        table.add(f"{half}: claims", "no gold clusters")
        return
    ours, exact, near = scores["system"], scores["exact"], scores["near"]
    targeted = half == "report"
    pooled = ours.pooled
    gold_pairs = pooled.gold
    table.add(f"{half}: claims / gold pairs", f"{len(claims)} / {gold_pairs}")

    def add(metric: str, pick: str, target: float | None) -> None:
        values = {k: getattr(s.pooled, pick) for k, s in scores.items()}
        mine = values["system"]
        base = f"exact {_fmt(values['exact'])}, near {_fmt(values['near'])}"
        table.add(f"{half}: {metric}", "none said" if mine is None else mine, base,
                  target if targeted else None)  # fmt: skip

    add("support recall (article pairs)", "recall", RECALL_TARGET)
    add("support precision (article pairs)", "precision", PRECISION_TARGET)
    table.add(f"  {half}: said pairs (right)", f"{pooled.said} ({pooled.right})",
              f"exact {exact.pooled.said} ({exact.pooled.right}), "
              f"near {near.pooled.said} ({near.pooled.right})")  # fmt: skip
    for metric in ("recall", "precision"):
        macro = {k: _fmt(getattr(s, f"macro_{metric}")) for k, s in scores.items()}
        table.add(f"  {half}: mean over claims, {metric}", macro["system"],
                  f"exact {macro['exact']}, near {macro['near']}")  # fmt: skip


def add_size_rows(table: Table, claims: Sequence[LocatedClaim], scores: Scores) -> None:
    """Recall and precision by how many articles state the claim (both halves)."""
    sizes: dict[str, int] = {}
    for claim in claims:
        name = size_bucket(len(claim.articles))
        sizes[name] = sizes.get(name, 0) + 1
    for name in bucket_names():
        count = scores.by_size.get(name, PairCount())
        if name not in sizes:
            continue
        table.add(f"  all: claims stated by {name} articles ({sizes[name]}): R / P",
                  f"{_fmt(count.recall)} / {_fmt(count.precision)}")  # fmt: skip


def print_clusters(clusters: Sequence[GoldCluster], used: Sequence[str]) -> None:
    for c in clusters:
        state = "" if c.cluster in used else " (not in this run)"
        print(f"gold {c.cluster}: {c.half} half ({c.file}), {c.claims} claims{state}")


def _canonical(groups: Iterable[Group]) -> list[list[tuple[str, int, int]]]:
    """Groups compared as sets of spans, whatever their order."""
    return sorted(sorted((c.article_id, c.start, c.end) for c in g) for g in groups)


def run_sweep(store: Store, claims: Sequence[LocatedClaim], table: Table) -> None:
    """The tuning half's figures under each sweep setting (stored stories, reprocessed
    by `group_statements` alone)."""
    tune = _of_half(claims, "tune")
    if not tune:
        print("sweep: no tuning-half claims in this run")
        return
    story_ids = sorted(set(store.story_ids_by_article(sorted({a for c in tune for a in c.articles})
                                                      ).values()))  # fmt: skip
    started = time.perf_counter()
    inputs = [story_inputs(store, s) for s in story_ids]
    stored = _canonical(system_groups(store, story_ids))
    rows: list[tuple[str, PairCount]] = []
    for name, params in sweep_settings():
        groups = [g for i in inputs for g in regroup(i, params)]
        if name == "default":
            same = _canonical(groups) == stored
            table.add("sweep: default params reproduce the stored claim groups",
                      1.0 if same else 0.0, None, 1.0)  # fmt: skip
        rows.append((name, score(tune, GroupIndex(groups)).pooled))
    embedded = sum(i.cache.computed for i in inputs)
    print(f"\n## sweep of StatementParams on the tuning half ({len(tune)} claims, "
          f"{len(story_ids)} stories, {time.perf_counter() - started:.0f} s, "
          f"{embedded} sentences not in the store embedded)")  # fmt: skip
    header = ("setting", "recall", "precision", "F1", "said", "right", "gold")
    lines = [header] + [(name, _fmt(c.recall), _fmt(c.precision), _fmt(c.f1), str(c.said),
                         str(c.right), str(c.gold)) for name, c in rows]  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    print(flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"the first {QUICK_CLUSTERS} gold clusters (tuning half first)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the store in DIR; reuse it when it holds every article",
    )
    parser.add_argument("--processes", type=int, default=None, help="default: one per core")
    parser.add_argument("--sweep", action="store_true",
                        help="also re-run the claim groups under ~20 StatementParams "
                             "settings on the tuning half")  # fmt: skip
    args = parser.parse_args()
    paths = gold_paths(GOLD)
    if not paths:
        print(f"skipped: no claim-support gold in {GOLD} (claim_support_a.json, _b.json)")
        return 0
    [clusters_path] = require_data("duc2006/clusters.jsonl")
    gold, clusters = load_gold(paths)
    names = [c.cluster for c in clusters]
    if args.quick:
        names = names[:QUICK_CLUSTERS]
    print_clusters(clusters, names)
    gold = [c for c in gold if c.cluster in names]
    docs = duc_docs(clusters_path, names)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        jsonl = workdir / JSONL_NAME
        write_jsonl(docs, jsonl)
        ids = article_ids_by_docno(jsonl)
        print(run_pipeline(workdir / STORE_NAME, jsonl, set(ids.values()), args.processes,
                           keep=args.keep is not None), flush=True)  # fmt: skip
        with Store(workdir / STORE_NAME, read_only=True) as store:
            return score_store(store, gold, docs, ids, len(names), args.sweep)


def score_store(store: Store, gold: Sequence[GoldClaim], docs: dict[str, list[dict]],
                ids: dict[str, str], cluster_count: int, sweep: bool) -> int:  # fmt: skip
    located, lost = locate_claims(gold, docs, ids, store)
    statements = sum(len(c.statements) for c in gold)
    article_ids = sorted(set(ids.values()))
    story_of = store.story_ids_by_article(article_ids)
    story_ids = sorted(set(story_of.values()))
    groupings = {
        "system": GroupIndex(system_groups(store, story_ids)),
        "exact": GroupIndex(exact_groups(store, story_ids)),
        "near": GroupIndex(near_groups(store, story_ids)),
    }
    table = Table(
        f"claim support: {len(gold)} gold claims in {cluster_count} DUC2006 clusters, "
        f"{len(article_ids)} stored articles in {len(story_ids)} stories (clustering's)"
    )
    for line in lost[:10]:
        print(f"not located: {line}")
    table.add("gold statements not located %", 100.0 * len(lost) / max(1, statements), None,
              UNLOCATED_TARGET, "<=")  # fmt: skip
    docnos = {s.docno for c in gold for s in c.statements}
    collapsed = len(docnos) - len({ids[d] for d in docnos if d in ids})
    if collapsed:
        table.add("  gold docnos that are one stored article (DUC repeats)", collapsed)
    gold_pairs = [(a, b) for c in located for a in c.articles for b in c.articles if a < b]
    together = sum(1 for a, b in gold_pairs if story_of.get(a) == story_of.get(b) is not None)
    # Clustering's share of the recall: a pair split across stories cannot be said.
    table.add("gold pairs whose articles share a story %",
              100.0 * together / max(1, len(gold_pairs)))  # fmt: skip
    table.add("system claim groups (stated by >= 2 articles)", len(groupings["system"].members),
              f"exact {len(groupings['exact'].members)}, "
              f"near {len(groupings['near'].members)}")  # fmt: skip
    for half in HALVES:
        claims = _of_half(located, half)
        scores = {name: score(claims, index) for name, index in groupings.items()}
        add_half_rows(table, half, claims, scores)
        if half == "all" and claims:
            add_size_rows(table, claims, scores["system"])
    if sweep:
        run_sweep(store, located, table)
    [seeds] = require_data("seeds")
    add_seed_rows(table, seeds)
    return table.finish()


def add_seed_rows(table: Table, folder: Path) -> None:
    """What a reader must see of the seeds (issue 13): the recall of the negotiators is
    one claim of 3 independent sources (002 The Hill, 003 CNN, 004 ABP Live); 1,200
    Israelis killed is one fact of 2 independent sources."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "seeds.sqlite") as store:
        process(store, [folder], processes=1)
        reports = [r for s in store.list_stories() if (r := store.story_report(s.id))]
        name = {a.id: Path(a.provenance.source).name[:3]
                for r in reports for i in store.story_article_ids(r.id)
                if (a := store.get_article(i)) is not None}  # fmt: skip
    claims = [c for r in reports for c in r.claims]
    recall = [c for c in claims if "negotiators" in c.text
              and {"002", "003", "004"} <= {name[x.article_id] for x in c.citations}]  # fmt: skip
    for claim in recall:
        print(
            f"  seeds: claim [{claim.support} independent: "
            f"{', '.join(sorted(name[x.article_id] for x in claim.citations))}] {claim.text}"
        )
    table.add("seeds: the recall of the negotiators, one claim of 3 independent sources",
              int(len(recall) == 1 and recall[0].support == 3), None, 1, ">=")  # fmt: skip
    facts = [f for r in reports for f in r.facts if "Israel" in f.counted]
    killed = [f for f in facts if f.value_low is not None
              and f.value_low <= 1200 <= (f.value_high or 1200)]  # fmt: skip
    for fact in killed:
        print(
            f"  seeds: fact {fact.counted} {fact.value_low:g}-{fact.value_high or 0:g}: "
            f"{fact.support} independent"
        )
    table.add("seeds: 1,200 Israelis killed, one fact of 2 independent sources",
              int(len(killed) == 1 and killed[0].support == 2), None, 1, ">=")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
