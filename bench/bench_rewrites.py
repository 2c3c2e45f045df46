"""Rewrite detection benchmark (issue 4): quality and speed of the link stage.

    .venv/bin/python bench/bench_rewrites.py [--quick]

Clough & Stevenson: label 0 -> independent, 1 and 2 (heavy and light revision) ->
rewrite, 3 (cut-and-paste) -> near-verbatim (duplicate); the two pair models are
fit on the training folds of a 5-fold CV, averaged over 5 random splits (95 pairs: one
split alone swings macro-F1 by +-0.04). MSRP: 10-fold CV of the paraphrase model.
Injected copies: DUC2006 articles plus token-edited (5-20%) and paragraph-reordered
copies, all indexed together; a predicted pair is a candidate from the LSH index
that link_pair calls duplicate or rewrite; precision counts every predicted pair that
involves a copy. Speed: fingerprint + LSH on one core against datasketch in the same
run; alignment pairs/s over those candidate pairs, sentence embeddings included.
--quick uses subsets (for CI) and reports MSRP without its target (1,200 pairs).
Incremental update (full run only, see rewrites_incremental): the link stage when a
reworded report joins a 60-report story, with and without stored sentence vectors.
Scaling (full run only, see rewrites_scaling): link-stage CPU seconds and compared
pairs per article by story size, and the copy links of every pair compared that the
candidate pairs still find.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rewrites_cs
import rewrites_incremental
import rewrites_scaling
from harness import DATA, Table, require_data
from rewrites_injected import load_duc, make_copies
from rewrites_msrp import cross_validate, features_and_labels
from rewrites_seeds import read_seeds

from storydesk.link.align import EmbeddingCache
from storydesk.link.fingerprint import FingerprintIndex
from storydesk.link.links import (
    count_independent_sources,
    find_links,
    link_pair,
)


def clough_stevenson(table: Table, quick: bool) -> None:
    (path,) = require_data("clough-stevenson/pairs.jsonl")
    x, gold = rewrites_cs.load(path, EmbeddingCache())
    f1, accuracy = rewrites_cs.cross_validate(x, gold, seeds=2 if quick else 5)
    table.add("C&S 3-way macro-F1 (5-fold CV, mean of splits)", f1, 0.69, 0.75)
    table.add("C&S copied-vs-not accuracy", accuracy, 0.96, 0.96)


def msrp(table: Table, quick: bool) -> None:
    (path,) = require_data("msrp/train.jsonl")
    x, y = features_and_labels(path, 1000 if quick else None)
    scores = cross_validate(x, y)
    table.add(f"MSRP paraphrase accuracy (10-fold CV, {len(y)} pairs)", 100 * scores["model"],
              f"Jaccard {100 * scores['jaccard']:.1f} / cosine {100 * scores['cosine']:.1f}",
              None if quick else 76.0)


def seeds(table: Table) -> None:
    (folder,) = require_data("seeds")
    articles = read_seeds(folder)
    links = find_links(articles)
    found = {(lk.source_id, lk.derived_id, lk.kind, lk.direction) for lk in links
             if lk.kind != "independent"}
    expected = {("002", "000", "rewrite", "known"), ("003", "001", "rewrite", "known")}
    table.add("seeds: expected rewrite links found, with direction", float(len(found & expected)),
              None, 2.0)
    table.add("seeds: unexpected copy links", float(len(found - expected)), None, 0.0, "<=")
    table.add("seeds: independent sources", float(count_independent_sources(
        [a.id for a in articles], links)), None, 3.0, "==")


def injected(table: Table, quick: bool) -> None:
    (path,) = require_data("duc2006/clusters.jsonl")
    originals = load_duc(path, 300 if quick else None)
    copies, truth = make_copies(originals, 30 if quick else 150, 15 if quick else 60)
    everything = originals + copies
    by_id = {a.id: a for a in everything}

    # CPU time ("per core", whatever else the machine runs); ours and the baseline
    # alternate for three rounds and each keeps its fastest: one run of each was seen
    # to swing their ratio across the target on a shared machine.
    ours = baseline = 0.0
    for _ in range(3):
        start = time.process_time()
        index = FingerprintIndex()
        candidates = [(a.id, other) for a in everything for other in index.add(a.id, a.text)]
        ours = max(ours, len(everything) / (time.process_time() - start))
        baseline = max(baseline, _datasketch_rate(everything[:300]))
    # The machines' speed varies by 2x from day to day (datasketch itself has run at
    # 416 and 890/s): the quick CI run judges the ratio to the same-process baseline,
    # the full run also the absolute rate.
    table.add("fingerprint+LSH articles/s (CPU time, 1 core)", ours,
              f"datasketch {baseline:,.0f}", None if quick else 5000)
    table.add("  ratio to datasketch", ours / baseline, None, 5)

    to_check = [(x, y) for x, y in candidates if x in truth or y in truth]
    cache = EmbeddingCache()
    start = time.process_time()
    predicted = set()
    for x, y in to_check:
        if link_pair(by_id[x], by_id[y], cache).kind != "independent":
            predicted.add(frozenset((x, y)))
    cold = len(to_check) / max(time.process_time() - start, 1e-9)
    # Sentence vectors are made once per article (and shared with clustering); the
    # alignment rate proper is measured with them cached.
    start = time.process_time()
    for x, y in to_check:
        link_pair(by_id[x], by_id[y], cache)
    warm = len(to_check) / max(time.process_time() - start, 1e-9)
    table.add(f"alignment pairs/s, sentence vectors cached ({len(to_check)} pairs)", warm,
              f"{cold:.1f} with embedding", 50)
    gold = {frozenset((c, o)) for c, o in truth.items()}
    # DUC itself holds AP updates of one story: a copy of X that matches Y is right
    # when X and Y are copies of each other already (the copy inherits the relation).
    inherited = set()
    for pair in predicted - gold:
        x, y = sorted(pair, key=lambda i: i not in truth)  # x is a copy
        if y not in truth and link_pair(by_id[truth[x]], by_id[y], cache).kind != "independent":
            inherited.add(pair)
    correct = len(predicted & gold) + len(inherited)
    recall = len(predicted & gold) / len(gold)
    precision = correct / max(len(predicted), 1)
    table.add(f"injected copies: pair recall ({len(gold)} copies)", recall, None, 0.99)
    table.add(f"injected copies: pair precision ({len(inherited)} inherited DUC pairs)",
              precision, None, 0.99)


def _datasketch_rate(articles: list) -> float:
    from datasketch import MinHash, MinHashLSH

    start = time.process_time()
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    for a in articles:
        tokens = a.text.lower().split()
        m = MinHash(num_perm=128)
        grams = zip(tokens, tokens[1:], tokens[2:], strict=False)
        m.update_batch([" ".join(g).encode() for g in grams])
        lsh.query(m)
        lsh.insert(a.id, m)
    return len(articles) / (time.process_time() - start)


def incremental(table: Table) -> None:
    (path,) = require_data("duc2006/clusters.jsonl")
    found = rewrites_incremental.measure(path)
    size = int(found["story_size"])
    table.add(f"reworded report joins a {size}-report story: link stage s, vectors stored",
              found["with"], f"{found['without']:.1f} s re-embedding")
    # Since a report is compared only with its closest few (issue 12), a join without
    # stored vectors embeds those few reports, not the whole story (43 s then, 2.4 s
    # now): what the stored vectors save is those sentences, all of them.
    table.add("  sentences embedded, vectors stored (target: the joining report's)",
              found["embedded_with"], f"{found['embedded_without']:.0f} without",
              found["joining_sentences"], "<=")
    table.add("  speed-up from stored sentence vectors (same process)",
              found["without"] / max(found["with"], 1e-9))
    table.add("  same links with and without stored vectors", found["same_links"], None, 1, "==")
    table.add("  the reworded copy is linked to its source", found["copy_found"], None, 1, "==")


def main() -> int:
    quick = "--quick" in sys.argv
    require_data("seeds")
    if not DATA.exists():
        return 0
    table = Table("rewrite detection (issue 4)" + (" --quick" if quick else ""))
    start = time.perf_counter()
    seeds(table)
    clough_stevenson(table, quick)
    injected(table, quick)
    msrp(table, quick)
    if not quick:
        incremental(table)
        rewrites_scaling.add_rows(table, require_data("duc2006/clusters.jsonl")[0], quick)
    table.add("wall seconds", time.perf_counter() - start, None, None)
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
