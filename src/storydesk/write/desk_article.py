"""An article page's evidence: its text with the cited span (`?hl=START-END`)
marked and scrolled to, and where its outlet, date and byline come from."""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.model import ArticleRecord
from storydesk.write.desk_basis import BasisRow, basis_rows
from storydesk.write.desk_spans import Segment, highlighted, parse_span


@dataclass(frozen=True, slots=True)
class ArticleEvidence:
    segments: tuple[Segment, ...]
    hl_where: str  # "chars 120–146", "" when nothing is highlighted
    basis_rows: tuple[BasisRow, ...]


def quote_span(record: ArticleRecord, index: int | None) -> tuple[int, int] | None:
    """The span of the article's `index`-th quotation (as a story's quote variants
    name it), None when it has no such quotation."""
    quotes = record.claims.quotes if record.claims is not None else ()
    if index is None or not 0 <= index < len(quotes):
        return None
    quote = quotes[index]
    return (quote.start, quote.end) if 0 <= quote.start <= quote.end <= len(record.text) else None


def article_evidence(
    record: ArticleRecord, hl: str | None, quote: int | None = None
) -> ArticleEvidence:
    """The page's text and bases, the span `hl` ("START-END") or the quotation
    `quote` marked; one that is not in this text is ignored (an old link to a text
    since updated still opens the article)."""
    span = parse_span(hl, len(record.text)) or quote_span(record, quote)
    sentences = record.analysis.sentences if record.analysis is not None else ()
    where = ""
    if span is not None:
        where = f"char {span[0]}" if span[0] == span[1] else f"chars {span[0]}–{span[1]}"
    return ArticleEvidence(highlighted(record.text, span, sentences), where, basis_rows(record))
