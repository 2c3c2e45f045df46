"""A small fictional story told like the five seed reports: negotiators are recalled.

Veldoria recalls its negotiators from talks with the Ostrian Front in the mediator city
of Marsel. Five articles, all published on Saturday 10 May 2031:

- "A" (The Capital Ledger): fighting "resumed on Friday"; "As fighting ramped up again
  Saturday, the army said it struck 300 targets"; 1,200 Veldorians killed in the
  March 3 attack; a quote from the prime minister's office.
- "R1" (no outlet): a rewrite of A. "ramped up again Saturday" becomes "resumed
  Saturday" (the story dates the resumption to Friday), the recall sentence is
  paraphrased, the quote has one word changed ("honour" -> "respect"), a date
  ("on Thursday and Friday") is dropped.
- "B" (Northwind News, bylined): the truce "collapsed on Friday morning"; "Despite the
  resumption of hostilities, the two sides on Friday continued to talk"; "three Ostrian
  prisoners for every hostage freed".
- "R2" (no outlet): a rewrite of B in which the ratio becomes "having already released
  three Ostrian prisoners in exchange" ("for every hostage" dropped).
- "C" (Delta Live): the recall in its own words; "since the end of the ceasefire in the
  early hours of Friday"; "1,200 people were killed in the March 3 attack"; the prime
  minister misspelt "Aldren Voss"; a section label ("Veldoria Conflict:") opening a
  sentence.

Independent sources: {A, R1}, {B, R2}, {C}. Everything here is invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from storydesk.ingest.text import article_from_text
from storydesk.model import Article, Provenance

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "recall_story"

RECALL = {
    "A": "a_capital_ledger.txt",
    "R1": "r1_rewrite_of_a.txt",
    "B": "b_northwind.txt",
    "R2": "r2_rewrite_of_b.txt",
    "C": "c_delta_live.txt",
}
OUTLETS: dict[str, str | None] = {
    "A": "The Capital Ledger",
    "R1": None,
    "B": "Northwind News",
    "R2": None,
    "C": "Delta Live",
}
PUBLISHED = datetime(2031, 5, 10, 9, 0, tzinfo=UTC)  # a Saturday
DERIVED_FROM = {"R1": "A", "R2": "B"}  # the true derivations (for assertions only)
INDEPENDENT_GROUPS = [{"A", "R1"}, {"B", "R2"}, {"C"}]


def _read(key: str) -> Article:
    path = FIXTURE_DIR / RECALL[key]
    provenance = Provenance(str(path), "text")
    read = article_from_text(path.read_text(encoding="utf-8"), provenance)
    if not isinstance(read, Article):
        raise ValueError(f"fixture {path.name} did not read as an article: {read.reason}")
    # The fictional outlets are not in the outlet registry, so the loader names them.
    return Article.build(
        read.text,
        provenance,
        title=read.title,
        outlet=OUTLETS[key],
        byline=read.byline,
        published=PUBLISHED,
        dateline=read.dateline,
        language=read.language,
        metadata=dict(read.metadata),
    )


@lru_cache(maxsize=1)
def _articles() -> tuple[Article, ...]:
    return tuple(_read(key) for key in RECALL)


def recall_articles() -> list[Article]:
    """The five articles in the order A, R1, B, R2, C (ids are content hashes)."""
    return list(_articles())


def recall_ids() -> dict[str, str]:
    """Fixture key ("A", "R1", ...) -> article id."""
    return {key: article.id for key, article in zip(RECALL, _articles(), strict=True)}
