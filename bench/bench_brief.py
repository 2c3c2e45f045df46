"""Brief benchmark (issue 6): DUC 2006 ROUGE of 250-word briefs, speed, citations.

    .venv/bin/python bench/bench_brief.py [--quick] [--cache FILE]

Each of the 50 clusters (25 articles) gets a 250-word brief from `write_brief`, using
only the articles (no topic title, no narrative). ROUGE-1/2/Lsum recall x 100 with
stemming, averaged over the 4 references, then over clusters (see brief_duc). The
random-sentence (mean of 3 seeds) and lead floors are computed in the same run on the
same sentences. Seconds per cluster time `write_brief` alone (analysis excluded).
Citations: every brief sentence's text must equal its cited span, and every article
it cites as support must contain a near-identical sentence at the cited span.
--quick runs the first 10 clusters; --cache keeps the spaCy analyses in a pickle so
that reruns skip the ~1 minute of segmentation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Table, require_data

from storydesk.model import Brief
from storydesk.write.brief import write_brief
from storydesk.write.brief_near import jaccard
from storydesk.write.brief_text import content_stems, stems

BUDGET = 250
RANDOM_SEEDS = 3
NAMES = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}
PUBLISHED = {  # reported DUC 2006 figures (ECOSYSTEM.md) for the baseline column
    "rouge1": "LexRank 37.3",
    "rouge2": "LexRank 7.74, best DUC06 9.47",
    "rougeLsum": None,
}
TARGETS = {"rouge2": 9.5}


def citations_valid(brief: Brief, texts: dict[str, str]) -> tuple[int, int]:
    """(valid, total) brief sentences: the source span holds the text exactly and every
    supporting span holds a near-identical sentence (content-word Jaccard >= 0.7)."""
    valid = 0
    for sentence in brief.sentences:
        source = sentence.source
        ok = texts[source.article_id][source.start : source.end] == sentence.text
        words = content_stems(stems(sentence.text))
        for cite in sentence.supported_by:
            cited = texts.get(cite.article_id, "")[cite.start : cite.end]
            ok = ok and jaccard(words, content_stems(stems(cited))) >= 0.7
        valid += ok
    return valid, len(brief.sentences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="first 10 clusters only")
    parser.add_argument("--cache", type=Path, help="pickle of analyses to reuse or write")
    args = parser.parse_args()
    (path,) = require_data("duc2006/clusters.jsonl")
    try:  # a bench-only dependency: not installed with storydesk itself
        from brief_duc import (
            METRICS,
            Rouge,
            analyses_for,
            lead_summary,
            load_clusters,
            random_summary,
        )
    except ImportError as error:
        print(f"skipped: {error} (pip install rouge-score==0.1.2)")
        return 0
    clusters = load_clusters(path, 10 if args.quick else None)
    started = time.perf_counter()
    analyses = analyses_for(clusters, args.cache)
    analysis_s = time.perf_counter() - started

    rouge = Rouge()
    ours = dict.fromkeys(METRICS, 0.0)
    rand = dict.fromkeys(METRICS, 0.0)
    lead = dict.fromkeys(METRICS, 0.0)
    seconds: list[float] = []
    valid = total = 0
    longest = 0
    for cluster in clusters:
        texts = {a.id: a.text for a in cluster.articles}
        tick = time.perf_counter()
        brief = write_brief(cluster.articles, analyses, words=BUDGET)
        seconds.append(time.perf_counter() - tick)
        longest = max(longest, brief.words)
        ok, n = citations_valid(brief, texts)
        valid, total = valid + ok, total + n
        scores = rouge.recall("\n".join(s.text for s in brief.sentences), cluster.refs)
        floor = rouge.recall(lead_summary(cluster, analyses, BUDGET), cluster.refs)
        for metric in METRICS:
            ours[metric] += scores[metric]
            lead[metric] += floor[metric]
        for seed in range(RANDOM_SEEDS):
            noise = rouge.recall(random_summary(cluster, analyses, BUDGET, seed), cluster.refs)
            for metric in METRICS:
                rand[metric] += noise[metric] / RANDOM_SEEDS

    n = len(clusters)
    table = Table(f"brief: DUC 2006, {n} clusters, {BUDGET}-word briefs (ROUGE recall x100)")
    for metric in METRICS:
        table.add(
            f"{NAMES[metric]} ours",
            ours[metric] / n,
            PUBLISHED[metric],
            None if args.quick else TARGETS.get(metric),
        )
    for metric in METRICS:
        table.add(
            f"{NAMES[metric]} lead floor", lead[metric] / n, "6.2" if metric == "rouge2" else None
        )
    for metric in METRICS:
        table.add(
            f"{NAMES[metric]} random floor (3 seeds)",
            rand[metric] / n,
            "5.0" if metric == "rouge2" else None,
        )
    table.add(
        "seconds per cluster (mean, write_brief only)", statistics.mean(seconds), None, 1.0, "<="
    )
    table.add("seconds per cluster (max)", max(seconds))
    table.add("analysis seconds (all clusters, spaCy; cached when --cache hit)", analysis_s)
    table.add("longest brief (words)", longest, None, BUDGET, "<=")
    table.add(
        "brief sentences with valid citations (%)",
        100 * valid / max(total, 1),
        f"{total} sentences",
        100.0,
        ">=",
    )
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
