"""Shared helpers for the extractor tests: the team's fictional fixtures, analysed once."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from storydesk.analyze.annotate import analyze_articles
from storydesk.model import Analysis, Article, Mention, Provenance

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claims"
PUBLISHED = {
    "harbour_wire.txt": "2026-05-09",
    "coastal_times.txt": "2026-05-10",
    "market_report.txt": "2026-04-15",
    "hostile_numbers.txt": "2026-05-05",
    "valdria_followup.txt": "2023-12-02",
}


def article(text: str, published: str | None = None, key: str = "mem") -> Article:
    when = datetime.fromisoformat(published) if published else None
    return Article(id=key, text=text, provenance=Provenance(key, "text"), published=when)


@lru_cache(maxsize=1)
def fixture_analyses() -> dict[str, tuple[Article, Analysis]]:
    """Every fixture article with its spaCy analysis (computed once per test run)."""
    articles = [
        article((FIXTURES / name).read_text(encoding="utf-8"), day, name)
        for name, day in PUBLISHED.items()
    ]
    analyses = analyze_articles(articles, processes=1)
    return {a.id: (a, an) for a, an in zip(articles, analyses, strict=True)}


def analysed(text: str, published: str | None = None) -> tuple[Article, Analysis]:
    item = article(text, published)
    [analysis] = list(analyze_articles([item], processes=1))
    return item, analysis


def with_mentions(text: str, names: list[tuple[str, str]]) -> tuple[Article, Analysis, None]:
    """(Article, Analysis, None) with each (name, label) marked as a spaCy mention at
    its every occurrence: what the entity resolver takes, without running spaCy."""
    article = Article.build(text, Provenance("t.txt", "text"))
    mentions = sorted(
        (Mention(m.start(), m.end(), name, label)
         for name, label in names for m in re.finditer(re.escape(name), text)),
        key=lambda m: m.start,
    )  # fmt: skip
    return article, Analysis(article.id, (), tuple(mentions), "test"), None
