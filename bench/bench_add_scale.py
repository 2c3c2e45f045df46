"""Issue 12: an add costs its own work, not the store's.

    python bench/bench_add_scale.py [--quick] [--repeats N] [--processes N]

`storydesk add` (`pipeline.process`, as the CLI runs it) of 10 held-out DUC2006
articles into a store that holds 2,000 articles and into one that holds 20,000.
Target: the add into the 20k store takes at most 1.5x the add into the 2k store
(the baseline). The seconds of the cluster step alone are printed for both.

Analysing 20,000 articles with spaCy would take half an hour here, so the stores are
built from copies: the DUC2006 articles (less the held-out ones; with --quick only
eight clusters) are analysed, given claims and stored once, and each copy k >= 1 is
made by offset-preserving changes whose analysis can be copied: 1 word in 5 of four
letters or more replaced by a word of the same length (the same way throughout the
copy, so a copy's stories keep a vocabulary of their own), every digit changed,
hence a new id and title, and the publication dates moved back by k times the
originals' time span plus 731 days. Copies are then further apart than the
clusterer's max_gap_days, so each copy forms stories of its own rather than making
every story k times larger (then the add would touch larger stories, and the story
stage, not the store's size, would set its cost). The copies are stored oldest
first and the original articles last, as a stream would have brought them.

The held-out articles are the 4th and 5th reports of five DUC clusters whose first
three reports are in the store (and whose later ones are left out): the add joins
five developing stories, so the story stage recomputes stories of five reports, the
same work in both stores. The originals' analyses, claims and `embedded` marks are
copied through the Store API; only the five stories the add joins have sentence
vectors. Every story is then clustered by the pipeline's cluster stage and marked up
to date.

One untimed add into each store comes first (see `warm_up`). Then each add runs on
a fresh copy of its store, the sizes taking turns, `--repeats` times; the medians
are printed. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Table, require_data

from storydesk.analyze import CLAIMS_VERSION
from storydesk.embed_stage import embed_pending
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.links import sentences_to_embed
from storydesk.model import Analysis, Article, ArticleClaims, Mention, content_id
from storydesk.pipeline import (
    analyze_pending,
    cluster_pending,
    extract_pending_claims,
    ingest,
    process,
    update_stories,
)
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors

SIZES = (2_000, 20_000)
RATIO_TARGET = 1.5  # the 20k add's seconds over the 2k add's
HELD_OUT_CLUSTERS = 5  # clusters the 10 held-out articles come from: of each,
STORED_FIRST = 3  # the first reports are stored,
HELD_OUT_PER_CLUSTER = 2  # the next ones held out (and the rest left out)
QUICK_CLUSTERS = 8  # --quick: the held-out clusters and three more
COPY_MARGIN = timedelta(days=731)  # beyond the clusterer's max_gap_days (730)
CLAIMS_NAME = f"claims/v{CLAIMS_VERSION}"
_WORD = re.compile(r"[A-Za-z]{4,}")
_DIGIT = re.compile(r"\d")


def note(message: str) -> None:
    """Progress on stderr: the table on stdout stays clean."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- data -------------------------------------------------------------------------


def duc_records(path: Path, quick: bool) -> tuple[list[dict], list[dict], set[str]]:
    """(base records, held-out records, docnos of the held-out clusters' base records)."""
    with path.open() as stream:
        clusters = [json.loads(line) for line in stream]
    step = len(clusters) // HELD_OUT_CLUSTERS
    held_clusters = {c["id"] for c in clusters[::step][:HELD_OUT_CLUSTERS]}
    if quick:
        rest = [c for c in clusters if c["id"] not in held_clusters]
        keep = held_clusters | {c["id"] for c in rest[:: len(rest) // 3][:3]}
        clusters = [c for c in clusters if c["id"] in keep]
        assert len(clusters) == QUICK_CLUSTERS
    base: list[dict] = []
    held: list[dict] = []
    touched: set[str] = set()
    for cluster in clusters:
        records = sorted((_record(d) for d in cluster["docs"]), key=lambda r: r["published"])
        if cluster["id"] in held_clusters:
            held += records[STORED_FIRST : STORED_FIRST + HELD_OUT_PER_CLUSTER]
            records = records[:STORED_FIRST]
            touched.update(r["id"] for r in records)
        base += records
    return base, held, touched


def _record(doc: dict) -> dict:
    return {"id": doc["docno"], "title": doc.get("headline") or "", "text": doc["text"],
            "published": doc.get("date")}  # fmt: skip


def write_jsonl(records: Sequence[dict], path: Path) -> Path:
    with path.open("w") as stream:
        for record in records:
            stream.write(json.dumps(record) + "\n")
    return path


# ---- the analysed originals ------------------------------------------------------------


@dataclasses.dataclass
class Original:
    article: Article
    analysis: Analysis
    claims: ArticleClaims
    vectors: dict  # sentence text -> vector, for the articles of the stories the add joins


def analyse_originals(base: list[dict], touched: set[str], workdir: Path,
                      processes: int | None) -> list[Original]:  # fmt: skip
    """Every base article read, analysed and given claims by the pipeline's own stages,
    in a scratch store; sentence vectors only for the stories the add will join."""
    with Store(workdir / "originals.sqlite") as store:
        summary = ingest(store, [write_jsonl(base, workdir / "base.jsonl")])
        analyze_pending(store, processes=processes)
        extract_pending_claims(store)
        vectors = _vectors(store)
        ids = summary.article_ids
        articles = {a.id: a for a in store.articles(ids)}
        docnos = {a.id: a.metadata.get("id") for a in articles.values()}
        untouched = [i for i in ids if docnos[i] not in touched]
        with store.transaction():  # only the joined stories' articles are embedded
            vectors.mark_embedded(untouched)
        embed_pending(store, processes=processes)
        out = []
        for article_id in dict.fromkeys(ids):
            article = articles[article_id]
            analysis, claims = store.get_analysis(article_id), store.claims_of(article_id)
            assert analysis is not None and claims is not None, article_id
            texts = sentences_to_embed(article) if docnos[article_id] in touched else []
            out.append(Original(article, analysis, claims, vectors.load(texts)))
    return out


# ---- copies -----------------------------------------------------------------------------


def _shift(word: str, k: int) -> str:
    step = 7 * k % 25 + 1
    return "".join(
        chr((ord(c) - base + step) % 26 + base)
        for c in word
        for base in (ord("a") if c.islower() else ord("A"),)
    )


def perturb(text: str, k: int) -> str:
    """The same length, so every offset of the analysis and claims still holds."""

    def word(match: re.Match[str]) -> str:
        w = match.group()
        if zlib.crc32(f"{w.lower()}|{k}".encode()) % 5:
            return w
        return _shift(w, k)

    text = _WORD.sub(word, text)
    return _DIGIT.sub(lambda m: str((int(m.group()) + k) % 10), text)


def copy_gap(originals: Sequence[Original]) -> timedelta:
    """How far back each copy is moved: the originals' time span, and a margin."""
    dates = [o.article.published for o in originals if o.article.published]
    return max(dates) - min(dates) + COPY_MARGIN


def copy_of(original: Original, k: int, gap: timedelta) -> Original:
    """Copy k of an original (k = 0: the original itself)."""
    if k == 0:
        return original
    a = original.article
    text = perturb(a.text, k)
    title = perturb(a.title, k) if a.title else a.title
    # (An undated copy would not be kept apart by its date; DUC2006 has none.)
    published = a.published - gap * k if a.published else None
    # A document of its own (another locator): the same source and locator would make
    # the copy a new version of the original, which it would then supersede.
    where = dataclasses.replace(a.provenance, locator=f"{a.provenance.locator}~copy{k}")
    # The copy number joins the id's basis: a short report may have nothing to change.
    article_id = content_id(text, title, f"{a.outlet or ''}~copy{k}")
    article = dataclasses.replace(
        a, id=article_id, text=text, title=title, published=published, provenance=where
    )
    mentions = tuple(
        Mention(m.start, m.end, text[m.start : m.end], m.label) for m in original.analysis.mentions
    )
    analysis = dataclasses.replace(original.analysis, article_id=article.id, mentions=mentions)
    claims = dataclasses.replace(original.claims, article_id=article.id)
    return Original(article, analysis, claims, {})


def build_store(path: Path, originals: list[Original], size: int) -> tuple[float, float]:
    """A store of `size` articles: copies oldest first, then the originals; every
    article analysed, given claims and clustered, every story up to date. Returns the
    seconds to store the articles and the seconds of the cluster stage."""
    copies = math.ceil((size - len(originals)) / len(originals))
    gap = copy_gap(originals)
    order: list[Original] = []
    for k in range(copies, 0, -1):
        order += [copy_of(o, k, gap) for o in originals]
    order = order[len(order) - (size - len(originals)) :] + originals
    started = time.perf_counter()
    with Store(path) as store:
        vectors = _vectors(store)
        for start in range(0, len(order), 500):
            part = order[start : start + 500]
            store.add_batch([c.article for c in part])
            with store.transaction():
                for c in part:
                    store.save_analysis(c.analysis)
                    store.save_claims(c.article.id, CLAIMS_NAME, c.claims)
                    vectors.write(c.vectors)
                vectors.mark_embedded([c.article.id for c in part])
        store.ensure_search_index()  # as the first `add` into a store builds it
        stored = time.perf_counter() - started
        started = time.perf_counter()
        cluster_pending(store)
        clustered = time.perf_counter() - started
        update_stories(store, story_ids=[])  # records the brief setting, computes nothing
        with store.transaction():
            for story_id in store.dirty_story_ids():
                store.mark_story_clean(story_id)
        assert store.count_articles() == size
    return stored, clustered


# ---- the timed add ------------------------------------------------------------------------


@dataclasses.dataclass
class AddTiming:
    seconds: float
    cluster: float
    stages: dict[str, float]
    placement: frozenset[frozenset[str]]  # the articles of each story the add changed
    changed: int  # stories the add changed


def timed_add(store_path: Path, held: Path, workdir: Path, processes: int | None,
              keep_vectors: bool = False) -> AddTiming:  # fmt: skip
    """The add on a fresh copy of the store. `keep_vectors`: the sentence vectors of the
    stories it changed are written back into the store (see `warm_up`)."""
    trial = workdir / "trial.sqlite"
    shutil.copyfile(store_path, trial)
    # Written to disk before the clock starts: else the add's first checkpoint (an
    # fsync of the store) would pay for writing out the whole copy, 10x more for the
    # 20k store than for the 2k one.
    descriptor = os.open(trial, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        with Store(trial) as store:
            started = time.perf_counter()
            summary = process(store, [held], processes=processes)
            seconds = time.perf_counter() - started
            assert summary.new == len(summary.article_ids) and not summary.stage_failures
            members = [store.story_article_ids(story) for story in summary.stories_changed]
            placement = frozenset(frozenset(ids) for ids in members)
            if keep_vectors:  # (not the held-out articles': embedding them is the add's work)
                stored = {i for ids in members for i in ids} - set(summary.article_ids)
                texts = [
                    text
                    for article in store.articles(sorted(stored))
                    for text in sentences_to_embed(article)
                ]
                vectors = _vectors(store).load(texts)
        if keep_vectors:
            with Store(store_path) as base, base.transaction():
                _vectors(base).write(vectors)
    finally:
        for leftover in workdir.glob("trial.sqlite*"):
            leftover.unlink()
    cluster = summary.timings.get("cluster", 0.0)
    return AddTiming(seconds, cluster, summary.timings, placement, len(summary.stories_changed))


def warm_up(store_path: Path, held: Path, workdir: Path, processes: int | None) -> None:
    """One untimed add first. Only the stories the held-out articles were meant to join
    have sentence vectors (embedding every original would take minutes), but an add
    may join another story: its story stage then embeds that story's sentences. Those
    vectors (not the held-out articles' own) are kept in the store, as a store built
    by `add` would have them."""
    timed_add(store_path, held, workdir, processes, keep_vectors=True)


def _vectors(store: Store) -> SentenceVectors:
    return SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help=f"copies of {QUICK_CLUSTERS} DUC2006 clusters, not all 50")
    parser.add_argument("--repeats", type=int, default=None, help="adds per size (3; quick 2)")
    parser.add_argument("--processes", type=int, default=None, help="default: one per core")
    args = parser.parse_args()  # fmt: skip
    repeats = args.repeats or (2 if args.quick else 3)
    (clusters_path,) = require_data("duc2006/clusters.jsonl")
    base, held, touched = duc_records(clusters_path, args.quick)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        note(f"analysing {len(base)} originals")
        originals = analyse_originals(base, touched, workdir, args.processes)
        analysed = time.perf_counter() - began
        held_path = write_jsonl(held, workdir / "held_out.jsonl")
        builds = {}
        for size in SIZES:
            note(f"building the store of {size:,} articles")
            builds[size] = build_store(workdir / f"store_{size}.sqlite", originals, size)
        for size in SIZES:
            note(f"warm-up add into {size:,}")
            warm_up(workdir / f"store_{size}.sqlite", held_path, workdir, args.processes)
        timings: dict[int, list[AddTiming]] = {size: [] for size in SIZES}
        for _ in range(repeats):  # the sizes take turns: load on the machine hits both
            for size in SIZES:
                path = workdir / f"store_{size}.sqlite"
                timings[size].append(timed_add(path, held_path, workdir, args.processes))
                note(f"add into {size:,}: {timings[size][-1].seconds:.2f} s")
        store_mb = {s: (workdir / f"store_{s}.sqlite").stat().st_size / 1e6 for s in SIZES}
    small, large = SIZES
    add = {s: statistics.median(t.seconds for t in timings[s]) for s in SIZES}
    cluster = {s: statistics.median(t.cluster for t in timings[s]) for s in SIZES}
    table = Table(
        f"add of {len(held)} held-out DUC2006 articles: {small:,} vs {large:,} stored "
        f"(copies of {len(base)} analysed articles; median of {repeats})"
    )
    table.add(f"add s, {large:,} stored", add[large], add[small])
    table.add(f"  {large:,} / {small:,} stored (add s)", add[large] / add[small], 1.0,
              RATIO_TARGET, "<=")  # fmt: skip
    table.add(f"add s, {small:,} stored (baseline)", add[small])
    table.add(f"cluster step s, {large:,} stored", cluster[large], cluster[small])
    table.add(f"cluster step s, {small:,} stored", cluster[small])
    for stage in timings[large][0].stages:
        for size in SIZES:
            seconds = statistics.median(t.stages.get(stage, 0.0) for t in timings[size])
            table.add(f"  {stage} s, {size:,} stored", seconds)
    # The IDF differs between the stores (the copies), so a held-out article may be
    # placed otherwise; both stores run the same code, and each add the same way.
    alike = sum(
        1 for group in timings[large][0].placement if group in timings[small][0].placement
    )
    table.add(f"stories the add changed, {large:,} / {small:,} stored",
              f"{timings[large][0].changed} / {timings[small][0].changed}")  # fmt: skip
    table.add("  of them, the same originals and held-out articles", alike)
    for size in SIZES:
        stored, clustered = builds[size]
        table.add(f"setup: store {size:,} articles s", stored)
        table.add(f"setup: cluster {size:,} articles s (cluster stage)", clustered)
        table.add(f"setup: store file MB, {size:,} articles", store_mb[size])
    table.add("setup: analyse the originals s", analysed)
    table.add("bench wall time s", time.perf_counter() - began)
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
