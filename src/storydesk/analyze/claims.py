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

Work is bounded per article (`analyze.budget.ClaimsBudget`): an article too long,
with too many sentences, or whose extraction runs out of time raises
`BudgetExceeded` with a one-line reason; the caller records it and goes on.
Cross-article steps live elsewhere: `analyze.quote_groups.group_quotes` (one
statement quoted in several outlets) and `reconcile.entities.canonical_entities`.
"""

from __future__ import annotations

from storydesk.analyze.budget import (
    DEFAULT_CLAIMS_BUDGET,
    BudgetExceeded,
    ClaimsBudget,
    over_budget,
)
from storydesk.analyze.credits import find_credits
from storydesk.analyze.dates import find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.analyze.quotes import find_quotes
from storydesk.model import Analysis, Article, ArticleClaims


def extract_claims(
    article: Article, analysis: Analysis | None, budget: ClaimsBudget = DEFAULT_CLAIMS_BUDGET
) -> ArticleClaims:
    """Quotes, numeric claims, credits and dates of one article.

    Raises `BudgetExceeded` when the article is over `budget`."""
    text = article.text
    if len(text) > budget.max_chars:
        raise BudgetExceeded(over_budget("claims", len(text), "characters", budget.max_chars))
    sentences = len(analysis.sentences) if analysis else 0
    if sentences > budget.max_sentences:
        raise BudgetExceeded(over_budget("claims", sentences, "sentences", budget.max_sentences))
    deadline = budget.deadline()
    dates = find_dates(text, article.published)
    deadline.check()
    quotes = find_quotes(text, analysis, deadline)
    deadline.check()
    numbers = find_numeric_claims(text, analysis, dates, article.published, deadline)
    deadline.check()
    credits = find_credits(text)
    deadline.check()
    return ArticleClaims(
        article_id=article.id,
        quotes=tuple(quotes),
        numbers=tuple(numbers),
        credits=tuple(credits),
        dates=tuple(dates),
    )
