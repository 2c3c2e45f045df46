"""Brief benchmark (issues 6, 13): DUC 2006 ROUGE of 250-word briefs, corroboration,
speed, citations.

    .venv/bin/python bench/bench_brief.py [--quick] [--cache FILE]

Each of the 50 clusters (25 articles, read by storydesk's JSONL reader) is treated as
one story and gets the story stage's results (`pipeline.story_results`: derivation
links, independent sources, claim groups and a 250-word brief), using only the
articles (no topic title, no narrative). Corroboration: the share of brief sentences
that list >= 2 independent sources, and briefs holding two sentences of one claim.
ROUGE-1/2/Lsum recall x 100 with stemming, averaged over the 4 references, then over
clusters (see brief_duc). The random-sentence (mean of 3 seeds) and lead floors are
computed in the same run on the same sentences (analysis excluded from the seconds).
Citations: every brief sentence's text must equal its cited span, and every article
it cites as support must contain a near-identical sentence at the cited span.
Seconds per cluster time the whole story computation and `write_brief` alone.
--quick runs the first 10 clusters; --cache keeps the spaCy analyses (FILE) and the
sentence vectors (FILE.vectors) in pickles so that reruns skip minutes of work.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Table, require_data

from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.model import Brief, StoryClaim, StoryResults
from storydesk.pipeline import story_results
from storydesk.reconcile.statements import group_statements
from storydesk.write.brief import write_brief

BUDGET = 250
RANDOM_SEEDS = 3
NAMES = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}
PUBLISHED = {  # reported DUC 2006 figures (ECOSYSTEM.md) for the baseline column
    "rouge1": "LexRank 37.3",
    "rouge2": "LexRank 7.74, best DUC06 9.47",
    "rougeLsum": None,
}
TARGETS = {"rouge2": 9.5}


def _claim_of(claims: tuple[StoryClaim, ...]) -> dict[tuple[str, int, int], str]:
    return {(c.article_id, c.start, c.end): claim.id for claim in claims for c in claim.citations}


def citations_valid(brief: Brief, texts: dict[str, str], results: StoryResults
                    ) -> tuple[int, int]:  # fmt: skip
    """(valid, total) brief sentences: the source span holds the text exactly, and each
    supporting span is a member of the sentence's claim group or states the one figure
    the sentence states (a fact's sentence)."""
    claim_of = _claim_of(results.claims)
    fact_of: dict[tuple[str, int], set[str]] = {}
    for fact in results.facts:
        for claim in fact.claims:
            fact_of.setdefault((claim.article_id, claim.sentence_end), set()).add(fact.id)
    valid = 0
    for sentence in brief.sentences:
        source = sentence.source
        ok = texts[source.article_id][source.start : source.end] == sentence.text
        own = claim_of.get((source.article_id, source.start, source.end))
        figures = fact_of.get((source.article_id, source.end), set())
        for cite in sentence.supported_by:
            same_claim = own is not None and claim_of.get(
                (cite.article_id, cite.start, cite.end)) == own  # fmt: skip
            same_figure = bool(figures & fact_of.get((cite.article_id, cite.end), set()))
            ok = ok and (same_claim or same_figure)
        valid += ok
    return valid, len(brief.sentences)


def repeated_claims(brief: Brief, claims: tuple[StoryClaim, ...]) -> int:
    """Brief sentences that state a claim another sentence of the brief states."""
    claim_of = _claim_of(claims)
    seen = [claim_of.get((s.source.article_id, s.source.start, s.source.end))
            for s in brief.sentences]  # fmt: skip
    found = [c for c in seen if c is not None]
    return len(found) - len(set(found))


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
        from duc_cache import PickleVectors
    except ImportError as error:
        print(f"skipped: {error} (pip install rouge-score==0.1.2)")
        return 0
    clusters = load_clusters(path, 10 if args.quick else None)
    started = time.perf_counter()
    analyses = analyses_for(clusters, args.cache)
    analysis_s = time.perf_counter() - started
    backing = PickleVectors(args.cache.with_suffix(".vectors") if args.cache else None)
    cache = EmbeddingCache(backing=backing)

    rouge = Rouge()
    ours = dict.fromkeys(METRICS, 0.0)
    rand = dict.fromkeys(METRICS, 0.0)
    lead = dict.fromkeys(METRICS, 0.0)
    seconds: list[float] = []
    story_seconds: list[float] = []
    claim_seconds: list[float] = []  # the claim groups, within the story computation
    valid = total = corroborated = repeated = 0
    longest = 0
    halves = {"tuning": ([0.0], [0, 0]), "reported": ([0.0], [0, 0])}  # R-2 sum, (2+, all)
    for number, cluster in enumerate(clusters):
        half = halves["tuning" if number % 2 == 0 else "reported"]
        texts = {a.id: a.text for a in cluster.articles}
        articles = cluster.articles
        tick = time.perf_counter()
        claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
        links = find_links(articles, cache=cache)
        results = story_results(articles, analyses, claims, links, brief_words=BUDGET,
                                vectors=cache.vectors)  # fmt: skip
        story_seconds.append(time.perf_counter() - tick)
        brief = results.brief or Brief((), 0, BUDGET)
        tick = time.perf_counter()
        stated = group_statements(articles, analyses, claims, results.independent_groups,
                                  cache.vectors)  # fmt: skip
        claim_seconds.append(time.perf_counter() - tick)
        tick = time.perf_counter()
        write_brief(articles, analyses, words=BUDGET, independent_groups=results.independent_groups,
                    stated=stated, figures=results.facts)  # fmt: skip
        seconds.append(time.perf_counter() - tick)
        longest = max(longest, brief.words)
        ok, n = citations_valid(brief, texts, results)
        valid, total = valid + ok, total + n
        corroborated += sum(s.sources >= 2 for s in brief.sentences)
        half[1][0] += sum(s.sources >= 2 for s in brief.sentences)
        half[1][1] += len(brief.sentences)
        repeated += repeated_claims(brief, results.claims)
        scores = rouge.recall("\n".join(s.text for s in brief.sentences), cluster.refs)
        half[0][0] += scores["rouge2"]
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
        "brief sentences listing >= 2 independent sources (%)",
        100 * corroborated / max(total, 1),
        f"{total} sentences",
        None if args.quick else 60.0,
        ">=",
    )
    for name, (rouge2, (two, all_)) in halves.items():
        size = (n + (name == "tuning")) // 2
        table.add(f"  {name} half ({'even' if name == 'tuning' else 'odd'} clusters): R-2, "
                  f"% with >= 2 sources", f"{rouge2[0] / max(size, 1):.3f}, "
                  f"{100 * two / max(all_, 1):.1f}")  # fmt: skip
    table.add("brief sentences stating a claim another one states", repeated, None, 0, "<=")
    table.add(
        "seconds per cluster (mean, write_brief only)", statistics.mean(seconds), None, 1.0, "<="
    )
    table.add("seconds per cluster (mean, whole story computation)",
              statistics.mean(story_seconds))  # fmt: skip
    table.add(
        "claim groups' share of the story computation",
        sum(claim_seconds) / sum(story_seconds),
        f"{sum(claim_seconds):.1f} of {sum(story_seconds):.1f} s",
        0.20,
        "<=",
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
    backing.flush()
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
