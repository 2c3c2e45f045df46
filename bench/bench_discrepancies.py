"""What each rewrite changed (issue 13, part 3): injected rewrite edits + the seeds.

    .venv/bin/python bench/bench_discrepancies.py [--quick]

Injected rewrite edits: DUC2006 articles (four per cluster, every cluster; --quick:
two per cluster of the first 20) each get a copy and a rewrite
(bench/discrepancy_inject.py says how: a gentle paraphrase that keeps numbers,
names, dates, negations and qualifiers, not the rewrite benchmark's random-word
substitution). Half of the derivations, drawn at random, get two edits of different
kinds at known places: a number, a weekday, a date, a name, or an inserted "not".
Each pair (original, derived) goes through the system as a story would: spaCy
analysis, `extract_claims`, `find_links` on the pair (the gold derivation is never
given), then `find_discrepancies`.

An edit is found when a discrepancy's derived span overlaps the changed words in the
derived text and its source span overlaps the original words (for an inserted
"not", the empty original span must touch the discrepancy's source span); when the
link's direction came out "unknown" and the system named the original as the derived
side, the spans are read the other way round. False discrepancies: every
discrepancy of an untouched derivation, per untouched derivation; and those of an
edited derivation matching no edit, per edited derivation.

Two halves of articles: the *tuning* half (the first two articles of each cluster;
--quick: the first one) is what the thresholds of `DiscrepancyParams` and the fixes
made while building this were checked and looked at on; the *held-out* half (the
third and fourth; --quick: the third) was added once those were set. Its first run
(recall 0.981, false 0.020 per untouched derivation) was then read: it showed a
tokenizer bug (a rejected range, "in 1972 to 40", hid the figure after it) and two
flaws of the generator (quotations opened with '' or left open, years changed), all
fixed since; no threshold was changed on it. Both halves are printed, and the
targets apply to each.

Seeds: `pipeline.process` runs on ../shared/data/seeds into a temporary store; each
story's articles, analyses, claims and links are read back from the store and given
to `find_discrepancies`. Checked: (a) seed 000 has an "event_date" discrepancy for
"fighting resumed Saturday" against 002's Friday resumption (002 among `others`;
003 and 004 there too are reported); (b) 001 has a "qualifier" discrepancy dropping
CNN's "for every hostage" (the prisoner ratio). Seeds are found by file name via
each article's provenance.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.discrepancy_inject import EDIT_KINDS, Derivation, Edit, derive
from bench.facts_data import cached_analyses, load_clusters
from bench.harness import Table, require_data
from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.model import Article, Discrepancy, Link
from storydesk.reconcile.discrepancies import find_discrepancies

ANALYSIS_CACHE = Path("/tmp/storydesk_discrepancy_analysis.pkl")
SEED = 13


@dataclass
class Tally:
    """Counts for one half of the articles."""

    derivations: int = 0
    linked: int = 0  # derivations the link stage found (duplicate or rewrite)
    untouched: int = 0
    edited: int = 0
    edits: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    false_untouched: int = 0
    false_edited: int = 0
    false_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in ("derivations", "linked", "untouched", "edited", "false_untouched",
                     "false_edited"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.edits.update(other.edits)
        self.found.update(other.found)
        self.false_kinds.update(other.false_kinds)

    def recall(self, kind: str | None = None) -> float:
        total = sum(self.edits.values()) if kind is None else self.edits[kind]
        hit = sum(self.found.values()) if kind is None else self.found[kind]
        return hit / total if total else 0.0


def _touches(edit: tuple[int, int], start: int, end: int) -> bool:
    """Whether a discrepancy's span [start, end) overlaps an edit's span. An empty
    span (an insertion point) touches a span it lies in or next to: one character of
    slack for the space between words."""
    a, b = edit
    if a == b or start == end:
        return max(a, start) <= min(b, end) + 1
    return a < end and start < b


@dataclass(frozen=True)
class Finding:
    """A discrepancy reduced to what scoring reads (ours or the baseline's)."""

    kind: str
    derived_id: str
    derived: tuple[int, int]
    source: tuple[int, int]

    @classmethod
    def of(cls, d: Discrepancy) -> Finding:
        return cls(d.kind, d.derived_id, (d.derived_span.start, d.derived_span.end),
                   (d.source_span.start, d.source_span.end))  # fmt: skip


def _matches(edit: Edit, d: Finding, derivation: Derivation) -> bool:
    if d.derived_id == derivation.derived.id:
        derived, source = d.derived, d.source
    else:  # direction unknown, sides named the other way round
        derived, source = d.source, d.derived
    return _touches(edit.derived, *derived) and _touches(edit.original, *source)


def baseline_findings(pair: list[Article], links: list[Link]) -> list[Finding]:
    """The baseline: every stretch of words that differs between the link's aligned
    spans (a plain word diff, no reading of what changed)."""
    texts = {a.id: a.text for a in pair}
    found = []
    word = re.compile(r"\S+")
    for link in links:
        if link.kind == "independent":
            continue
        source, derived = texts[link.source_id], texts[link.derived_id]
        for span in link.spans:
            a = list(word.finditer(source, span.source_start, span.source_end))
            b = list(word.finditer(derived, span.derived_start, span.derived_end))
            matcher = SequenceMatcher(None, [m.group() for m in a], [m.group() for m in b],
                                      autojunk=False)  # fmt: skip
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    continue
                s = (a[i1].start(), a[i2 - 1].end()) if i2 > i1 else _at(a, i1, span.source_end)
                d = (b[j1].start(), b[j2 - 1].end()) if j2 > j1 else _at(b, j1, span.derived_end)
                found.append(Finding("diff", link.derived_id, d, s))
    return found


def _at(words: list[re.Match[str]], index: int, end: int) -> tuple[int, int]:
    at = words[index].start() if index < len(words) else end
    return at, at


def _derivations(originals: list[Article], rng: random.Random) -> list[Derivation]:
    made = []
    for number, original in enumerate(originals):
        for kind in ("copy", "rewrite"):
            edits = 2 if rng.random() < 0.5 else 0
            made.append(derive(original, kind, edits, rng, number))
    return made


def _score(derivation: Derivation, links: list[Link], found: list[Finding]) -> Tally:
    tally = Tally(derivations=1)
    tally.linked = int(any(lk.kind in ("duplicate", "rewrite") for lk in links))
    if derivation.edits:
        tally.edited = 1
    else:
        tally.untouched = 1
    matched: set[int] = set()
    for edit in derivation.edits:
        tally.edits[edit.kind] += 1
        hits = [i for i, d in enumerate(found) if _matches(edit, d, derivation)]
        if hits:
            tally.found[edit.kind] += 1
            matched.update(hits)
    false = [d for i, d in enumerate(found) if i not in matched]
    if derivation.edits:
        tally.false_edited = len(false)
    else:
        tally.false_untouched = len(false)
    tally.false_kinds.update(d.kind for d in false)
    return tally


def run_injected(quick: bool, path: Path, verbose: bool
                 ) -> tuple[Tally, Tally, Tally, float]:  # fmt: skip
    clusters = load_clusters(path)
    per_half = 1 if quick else 2
    chosen = clusters[: 20 if quick else None]
    tuning = [a for c in chosen for a in c.articles[:per_half]]
    held_out = [a for c in chosen for a in c.articles[2 : 2 + per_half]]
    originals = tuning + held_out
    rng = random.Random(SEED)
    derivations = _derivations(originals, rng)
    started = time.perf_counter()
    everything = originals + [d.derived for d in derivations]
    analyses = cached_analyses(everything, ANALYSIS_CACHE)
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in everything}
    cache = EmbeddingCache()
    halves = (Tally(), Tally())
    baseline = Tally()
    half = {a.id: k for k, articles in enumerate((tuning, held_out)) for a in articles}
    for derivation in derivations:
        pair = [derivation.original, derivation.derived]
        links = find_links(pair, cache=cache)
        found = find_discrepancies(pair, analyses, claims, links)
        tally = _score(derivation, links, [Finding.of(d) for d in found])
        halves[half[derivation.original.id]].add(tally)
        baseline.add(_score(derivation, links, baseline_findings(pair, links)))
        if verbose:
            _show(derivation, found)
    return halves[0], halves[1], baseline, time.perf_counter() - started


def _show(derivation: Derivation, found: list[Discrepancy]) -> None:
    """Print what was injected and what was found (--verbose)."""
    text = derivation.derived.text
    print(f"== {derivation.derived.id}")
    for e in derivation.edits:
        hit = any(_matches(e, Finding.of(d), derivation) for d in found)
        print(f"   {'found' if hit else 'MISSED'} injected {e.kind}: {e.before!r} -> {e.after!r} "
              f"... {text[max(0, e.derived[0] - 40) : e.derived[1] + 40]!r}")  # fmt: skip
    for d in found:
        print(f"   found {d.kind}: {d.source_text!r} -> {d.derived_text!r}")


def add_injected_rows(table: Table, first: Tally, second: Tally, baseline: Tally) -> None:
    both = Tally()
    both.add(first)
    both.add(second)
    table.add(f"derivations (copies and rewrites of {both.derivations // 2} DUC articles)",
              both.derivations)  # fmt: skip
    table.add("  found as copy or rewrite by find_links", both.linked / both.derivations)
    table.add(f"injected edits found with the right spans ({sum(both.edits.values())} edits)",
              both.recall(), f"word diff {baseline.recall():.3f}", 0.90)  # fmt: skip
    for name, part in (("tuning half", first), ("held-out half", second)):
        table.add(f"  {name}", part.recall(), None, 0.90)
    for kind in EDIT_KINDS:
        table.add(f"  recall: {kind} ({both.edits[kind]})", both.recall(kind))
    table.add(f"false discrepancies per untouched derivation ({both.untouched})",
              both.false_untouched / max(both.untouched, 1),
              f"word diff {baseline.false_untouched / max(baseline.untouched, 1):.2f}",
              0.1, "<=")  # fmt: skip
    for name, part in (("tuning half", first), ("held-out half", second)):
        table.add(f"  {name}", part.false_untouched / max(part.untouched, 1), None, 0.1, "<=")
    table.add(f"unmatched discrepancies per edited derivation ({both.edited})",
              both.false_edited / max(both.edited, 1), None, 0.1, "<=")  # fmt: skip
    for name, part in (("tuning half", first), ("held-out half", second)):
        table.add(f"  {name}", part.false_edited / max(part.edited, 1), None, 0.1, "<=")
    if both.false_kinds:
        table.add("  false ones by kind: " + ", ".join(
            f"{k} {v}" for k, v in sorted(both.false_kinds.items())), "")  # fmt: skip


# --- Seeds through the pipeline -------------------------------------------------------


def seed_discrepancies(folder: Path) -> tuple[list[Discrepancy], dict[str, str], dict[str, str]]:
    """Every discrepancy of the seeds' stories, the seed number ("000") per article id,
    and the article texts."""
    from storydesk.pipeline import process
    from storydesk.store.store import Store

    found: list[Discrepancy] = []
    names: dict[str, str] = {}
    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "seeds.sqlite") as store:
        process(store, [folder], processes=1)
        for listing in store.list_stories():
            ids = store.story_article_ids(listing.id)
            articles = [a for a in (store.get_article(i) for i in ids) if a is not None]
            for article in articles:
                names[article.id] = Path(article.provenance.source).name[:3]
                texts[article.id] = article.text
            analyses = {a.id: store.get_analysis(a.id) for a in articles}
            claims = {a.id: store.claims_of(a.id) for a in articles}
            found += find_discrepancies(articles, analyses, claims, store.links_of(listing.id))
    return found, names, texts


def add_seed_rows(table: Table, folder: Path) -> None:
    found, names, texts = seed_discrepancies(folder)
    for d in found:
        print(f"  seeds: {names.get(d.derived_id)} <- {names.get(d.source_id)} {d.kind}: "
              f"{d.source_text!r} -> {d.derived_text!r}  [{d.explanation}]")  # fmt: skip
    resumed = [
        d for d in found
        if d.kind == "event_date" and names.get(d.derived_id) == "000"
        and names.get(d.source_id) == "002" and "resumed" in d.derived_text
        and "Saturday" in texts[d.derived_id][d.derived_sentence.start : d.derived_sentence.end]
        and any(names.get(c.article_id) == "002" for c in d.others)
    ]  # fmt: skip
    table.add("seeds: 000 'fighting resumed Saturday' vs Friday in 002 (event_date)",
              int(bool(resumed)), None, 1, "==")  # fmt: skip
    if resumed:
        others = sorted({names.get(c.article_id, "?") for c in resumed[0].others})
        table.add("  others cited: " + ", ".join(others), len(others))
    ratio = [
        d for d in found
        if d.kind == "qualifier" and names.get(d.derived_id) == "001"
        and names.get(d.source_id) == "003" and "every hostage" in d.source_text
    ]  # fmt: skip
    table.add("seeds: 001 drops 003's 'for every hostage' (qualifier)", int(bool(ratio)),
              None, 1, "==")  # fmt: skip
    table.add("seeds: discrepancies in all", len(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 articles + the seeds")
    parser.add_argument("--verbose", action="store_true", help="print every edit and finding")
    args = parser.parse_args()
    duc, seeds = require_data("duc2006/clusters.jsonl", "seeds")
    table = Table("what each rewrite changed (issue 13, part 3)")
    started = time.perf_counter()
    first, second, baseline, elapsed = run_injected(args.quick, duc, args.verbose)
    add_injected_rows(table, first, second, baseline)
    table.add("  time for analysis, links and discrepancies (s)", elapsed)
    add_seed_rows(table, seeds)
    table.add("wall time (s)", time.perf_counter() - started, None, 60 if args.quick else 180,
              "<=")  # fmt: skip
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
