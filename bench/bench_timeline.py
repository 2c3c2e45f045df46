"""Timeline benchmark (issue 13, part 4): events, not sentences, on DUC 2006.

    .venv/bin/python bench/bench_timeline.py [--clusters N] [--cache FILE]

Each cluster's timeline from `build_timeline`, without claims (no gold labels reach
it; the claims come from reconciliation, which this script does not run), against the
sentence timeline it replaces as the baseline: a row per sentence with a resolved date
mention plus a "published" row per dated article. There is no gold timeline, so the
quality rows are checks a reader can make on any row: no row is worded by a
pronoun-only subject (`pronoun_subject`), no row is dated by a "since" mention, every
row's text is its first citation's span exactly. Speed: seconds of `build_timeline`
per cluster (analysis excluded; the clusters hold 470-1,300 sentences). --cache keeps
the spaCy analyses in a pickle so that reruns skip the segmentation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Table, require_data

from storydesk.analyze.dates import find_dates
from storydesk.model import Analysis, Article, TimelineEntry
from storydesk.write.brief_text import trim_dateline
from storydesk.write.pronoun_subject import subject_is_pronoun
from storydesk.write.timeline import build_timeline


def sentence_rows(article: Article, analysis: Analysis) -> list[str]:
    """The baseline's rows of one article: its dated sentences, and its publication."""
    mentions = [m for m in find_dates(article.text, article.published) if m.value]
    starts = sorted(m.start for m in mentions)
    rows = []
    for sentence in analysis.sentences:
        start = trim_dateline(article.text, sentence.start, sentence.end)
        if any(start <= s < sentence.end for s in starts):
            rows.append(article.text[start : sentence.end])
    if article.published is not None and analysis.sentences:
        first = analysis.sentences[0]
        rows.append(article.text[trim_dateline(article.text, first.start, first.end) : first.end])
    return rows


def since_dated(entry: TimelineEntry, texts: dict[str, str], published: dict[str, object]) -> bool:
    """Whether every date of the row's cited sentence that gives its date is a "since"."""
    first = entry.citations[0]
    text = texts[first.article_id]
    found = [
        m
        for m in find_dates(text, published[first.article_id])  # type: ignore[arg-type]
        if first.start <= m.start < first.end and m.value == entry.date
    ]
    return bool(found) and all(m.since for m in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=10, help="first N clusters (50: all)")
    parser.add_argument("--cache", type=Path, help="pickle of analyses to reuse or write")
    args = parser.parse_args()
    (path,) = require_data("duc2006/clusters.jsonl")
    from brief_duc import analyses_for, load_clusters

    clusters = load_clusters(path, args.clusters)
    analyses = analyses_for(clusters, args.cache)
    ours_rows: list[int] = []
    base_rows: list[int] = []
    ours_pronoun = base_pronoun = since = exact = total = background = 0
    seconds: list[float] = []
    per_sentence: list[float] = []
    for cluster in clusters:
        texts = {a.id: a.text for a in cluster.articles}
        published = {a.id: a.published for a in cluster.articles}
        sentences = sum(len(analyses[a.id].sentences) for a in cluster.articles)
        tick = time.perf_counter()
        entries = build_timeline(cluster.articles, analyses)
        seconds.append(time.perf_counter() - tick)
        per_sentence.append(1_000_000 * seconds[-1] / max(sentences, 1))
        baseline = [r for a in cluster.articles for r in sentence_rows(a, analyses[a.id])]
        ours_rows.append(len(entries))
        base_rows.append(len(baseline))
        base_pronoun += sum(subject_is_pronoun(r) for r in baseline)
        ours_pronoun += sum(subject_is_pronoun(e.text) for e in entries)
        since += sum(since_dated(e, texts, published) for e in entries)
        background += sum(e.background for e in entries)
        for entry in entries:
            first = entry.citations[0]
            exact += texts[first.article_id][first.start : first.end] == entry.text
        total += len(entries)

    table = Table(f"timeline: DUC 2006, {len(clusters)} clusters of 25 articles, no claims")
    table.add("rows per story (mean)", statistics.mean(ours_rows), statistics.mean(base_rows))
    table.add("rows folded as background (share)", background / max(total, 1))
    table.add("rows worded by a pronoun-only subject", ours_pronoun, base_pronoun, 0, "<=")
    table.add("rows dated only by a 'since' mention", since, None, 0, "<=")
    table.add("rows whose text is their cited span (share)", exact / max(total, 1), None, 1.0)
    table.add("seconds per story (mean, build_timeline only)", statistics.mean(seconds))
    table.add("seconds per story (max)", max(seconds), None, 1.0, "<=")
    table.add("ms per 1,000 sentences (max over stories)", max(per_sentence))
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
