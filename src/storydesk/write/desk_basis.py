"""Where an article's outlet, date and byline come from, as rows for its page: the
value, the basis in words ("from the byline “By Ana Ruiz, CNN”"), and whether it is a
guess (a page template, a dateline credit, a crawl date) that the article itself does
not state, so the page can mark it. A missing value says so plainly."""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.model import ArticleRecord, Basis

NOT_STATED = {
    "Outlet": "not stated by the article, and not found anywhere else",
    "Published": "no date found",
    "Byline": "no byline",
}


@dataclass(frozen=True, slots=True)
class BasisRow:
    field: str  # "Outlet", "Published", "Byline"
    value: str  # "" when missing
    basis: str  # "from the byline “By Ana Ruiz, CNN”", or why it is missing
    inferred: bool  # a guess: shown marked


def _row(field: str, value: str | None, basis: Basis | None) -> BasisRow:
    if not value:
        return BasisRow(field, "", NOT_STATED[field], False)
    said = basis.describe() if basis is not None else "basis not recorded"
    return BasisRow(field, value, said, basis is not None and basis.inferred)


def basis_rows(record: ArticleRecord) -> tuple[BasisRow, ...]:
    """The outlet, publication time and byline of an article with their bases."""
    basis = record.basis
    published = record.published.isoformat() if record.published else None
    return (
        _row("Outlet", record.outlet, basis.outlet),
        _row("Published", published, basis.published),
        _row("Byline", record.byline, basis.byline),
    )
