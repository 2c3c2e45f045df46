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


def article_evidence(record: ArticleRecord, hl: str | None) -> ArticleEvidence:
    """The page's text and bases; an `hl` that is not a span of this text is ignored
    (an old link to a text since updated still opens the article)."""
    span = parse_span(hl, len(record.text))
    sentences = record.analysis.sentences if record.analysis is not None else ()
    where = ""
    if span is not None:
        where = f"char {span[0]}" if span[0] == span[1] else f"chars {span[0]}–{span[1]}"
    return ArticleEvidence(highlighted(record.text, span, sentences), where, basis_rows(record))
