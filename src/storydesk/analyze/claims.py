"""What each article claims: the one entry point over the cheap extractors.

    extract_claims(article: Article, analysis: Analysis | None) -> ArticleClaims

runs, over the article's text, its sentences and entity mentions (from
`analyze.annotate.analyze_articles`) and its publication date:

- `dates.find_dates`            date expressions resolved against `article.published`
- `quotes.find_quotes`          direct quotations, speakers and cue verbs
- `numbers.find_numeric_claims` counts with hedge ranges, counted thing, scope, source
- `credits.find_credits`        outlets and agencies the article credits

All are regular-expression passes (no second NLP pipeline), so they add a small
fraction to the cost of the spaCy analysis. Offsets are into `article.text`.
Cross-article steps live elsewhere: `analyze.quote_groups.group_quotes` (one
statement quoted in several outlets) and `reconcile.entities.canonical_entities`.
"""

from __future__ import annotations

from storydesk.analyze.credits import find_credits
from storydesk.analyze.dates import find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.analyze.quotes import find_quotes
from storydesk.model import Analysis, Article, ArticleClaims


def extract_claims(article: Article, analysis: Analysis | None) -> ArticleClaims:
    """Quotes, numeric claims, credits and dates of one article."""
    text = article.text
    dates = find_dates(text, article.published)
    quotes = find_quotes(text, analysis)
    numbers = find_numeric_claims(text, analysis, dates, article.published)
    return ArticleClaims(
        article_id=article.id,
        quotes=tuple(quotes),
        numbers=tuple(numbers),
        credits=tuple(find_credits(text)),
        dates=tuple(dates),
    )
