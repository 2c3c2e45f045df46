"""Speakers a desk can trust (issue 14): pronouns, offices, unknown speakers.

    STORYDESK_DATA=../shared/data .venv/bin/python bench/bench_speakers.py

- The team's fictional cases (tests/fixtures/speakers/cases.json, 51 quotations in
  pronoun and office stories): the speaker the story gives each quotation, exactly
  (None for "speaker unknown"). Needs no evaluation data.
- PolNeAR dev speaker accuracy on matched direct quotations (bench/claims_quotes.py),
  on all documents and on each half (even / odd positions in the file). No constant
  of the speaker stage was chosen on PolNeAR; the halves are printed so that any
  later choice can be made on one and reported on the other.
- The issue's seed faults, on the seeds: 001's "devastating" is Harris's, Blinken's
  "This is going to be very important ..." is Blinken's, the Prime Minister's office
  is one speaker under three names, and no quotation names a place for a person.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from speaker_cases import score_cases

from bench.claims_quotes import QuoteScore, load_polnear, score_article
from bench.harness import DATA, Table
from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.quotes import find_quotes
from storydesk.model import Article, ArticleClaims, Provenance, QuoteGroup
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.speakers import SpeakerNames, story_quote_groups

# Speaker accuracy on PolNeAR dev before issue 14 (main at e536ebe), for comparison.
BEFORE = 0.910
_SEED_DATE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s*")


def _article(key: str, text: str, published: datetime | None = None) -> Article:
    return Article(id=key, text=text, provenance=Provenance(key, "text"), published=published)


def bench_cases(table: Table) -> None:
    results = score_cases(processes=2)
    for result in results:
        if not result.right:
            print(f"  wrong: {result.story} “{result.quote}”: {result.found!r}, "
                  f"expected {result.expected!r}")  # fmt: skip
    right = sum(r.right for r in results)
    table.add(f"fixture cases: speaker right ({right}/{len(results)})",
              right / len(results), None, 0.90)  # fmt: skip


def bench_polnear(table: Table, path: Path) -> None:
    rows = load_polnear(path)
    articles = [_article(pid, text) for pid, text, _ in rows]
    halves = (QuoteScore(), QuoteScore())
    total = QuoteScore()
    for index, ((_, text, gold), analysis) in enumerate(
        zip(rows, analyze_articles(articles, processes=2), strict=True)
    ):
        score = score_article(text, gold, find_quotes(text, analysis))
        total.add(score)
        halves[index % 2].add(score)
    table.add(f"PolNeAR dev: speaker accuracy ({total.matched} matched quotes)",
              total.speaker_accuracy, BEFORE, 0.90)  # fmt: skip
    for name, half in zip(("even", "odd"), halves, strict=True):
        table.add(f"  {name} half ({half.matched} matched)", half.speaker_accuracy)


def _seed_results(
    seeds: Path,
) -> tuple[list[tuple[Article, ArticleClaims]], list[QuoteGroup], SpeakerNames]:
    articles = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = _SEED_DATE.match(text)
        published = datetime.fromisoformat(found.group(1)) if found else None
        articles.append(_article(path.stem, text, published))
    analyses = list(analyze_articles(articles, processes=2))
    items = [(a, an, extract_claims(a, an)) for a, an in zip(articles, analyses, strict=True)]
    entities = canonical_entities(items)
    groups = story_quote_groups([(a.id, c.quotes) for a, _, c in items], entities)
    return [(a, c) for a, _, c in items], groups, SpeakerNames(entities)


def bench_seeds(table: Table, seeds: Path) -> None:
    claims, groups, names = _seed_results(seeds)
    quotes = [(a.id, q) for a, c in claims for q in c.quotes]

    def speaker_of(words: str) -> set[str | None]:
        return {names.canonical(q.speaker) if q.speaker else None
                for _, q in quotes if words in q.text}  # fmt: skip

    faults = []
    if speaker_of("devastating") != {"Kamala Harris"}:
        faults.append(f"“devastating”: {speaker_of('devastating')}")
    if speaker_of("This is going to be very important") - {"Antony Blinken"}:
        faults.append(f"“This is going to be ...”: {speaker_of('This is going to be')}")
    office = next((g for g in groups if "did not fulfil" in g.text), None)
    forms = {"Israeli Prime Minister's office", "Israeli prime minster's office"}
    if office is None or office.speaker != "Benjamin Netanyahu's office" \
            or not forms <= set(office.speaker_forms):  # fmt: skip
        faults.append(f"the Prime Minister's office: {office and office.speaker}")
    leader = speaker_of("Following a deadlock in negotiations")
    if leader != {"Benjamin Netanyahu's office"}:
        faults.append(f"the Israeli leader's office: {leader}")
    for fault in faults:
        print(f"  seed fault: {fault}")
    table.add("seeds: the issue's speaker faults remaining (of 4)", len(faults), None, 0, "<=")
    unknown = sum(1 for _, q in quotes if q.speaker is None)
    table.add(f"seeds: quotations with speaker unknown (of {len(quotes)})", unknown)


def main() -> int:
    table = Table("speakers: fixture cases, PolNeAR dev, the seeds (baseline: before issue 14)")
    bench_cases(table)
    polnear, seeds = DATA / "polnear" / "dev.jsonl", DATA / "seeds"
    if polnear.exists():
        bench_polnear(table, polnear)
    else:
        print(f"skipped PolNeAR: {polnear} not found")
    if seeds.exists():
        bench_seeds(table, seeds)
    else:
        print(f"skipped the seeds: {seeds} not found")
    return table.finish()


if __name__ == "__main__":
    sys.exit(main())
