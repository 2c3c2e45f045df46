"""An article page's evidence: its text with the cited span (`?hl=START-END`) or
quotation (`?quote=N`) marked and scrolled to, where its outlet, date and byline come
from, and the copies and rewrites it takes part in, each with its side-by-side view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storydesk.model import ArticleRecord, Link
from storydesk.write.desk_basis import BasisRow, basis_rows
from storydesk.write.desk_refs import SHORT_ID, Linker
from storydesk.write.desk_spans import Segment, highlighted, parse_span


@dataclass(frozen=True, slots=True)
class ArticleDerivation:
    """This article against another: "This article is a rewrite of The Hill (4f61a1b0)"."""

    says: str
    other_href: str
    compare_href: str | None


@dataclass(frozen=True, slots=True)
class ArticleEvidence:
    segments: tuple[Segment, ...]
    hl_where: str  # "chars 120–146", "" when nothing is highlighted
    basis_rows: tuple[BasisRow, ...]
    outlet_href: str | None  # the outlet's page
    derivations: tuple[ArticleDerivation, ...] = ()


def quote_span(record: ArticleRecord, index: int | None) -> tuple[int, int] | None:
    """The span of the article's `index`-th quotation (as a story's quote variants
    name it), None when it has no such quotation."""
    quotes = record.claims.quotes if record.claims is not None else ()
    if index is None or not 0 <= index < len(quotes):
        return None
    quote = quotes[index]
    return (quote.start, quote.end) if 0 <= quote.start <= quote.end <= len(record.text) else None


def article_derivations(
    article_id: str, links: Sequence[Link], outlets: Mapping[str, str | None], linker: Linker
) -> tuple[ArticleDerivation, ...]:
    """The copies and rewrites the article is the derived or the source side of."""
    found = []
    for k in links:
        if k.kind == "independent" or article_id not in (k.source_id, k.derived_id):
            continue
        derived = k.derived_id == article_id
        other = k.source_id if derived else k.derived_id
        outlet = outlets.get(other)
        name = (
            f"{outlet} ({other[:SHORT_ID]})" if outlet else f"{other[:SHORT_ID]} (no outlet stated)"
        )
        noun = "a near-verbatim copy" if k.kind == "duplicate" else "a rewrite"
        if k.direction == "unknown":
            says = (
                f"This article and {name}: one is {noun} of the other (which came first is unknown)"
            )
        elif derived:
            says = f"This article is {noun} of {name}"
        else:
            says = f"{name} is {noun} of this article"
        found.append(
            ArticleDerivation(
                says, linker.article(other), linker.compare(k.derived_id, k.source_id)
            )
        )
    return tuple(found)


def article_evidence(
    record: ArticleRecord,
    hl: str | None,
    quote: int | None = None,
    linker: Linker | None = None,
    derivations: tuple[ArticleDerivation, ...] = (),
) -> ArticleEvidence:
    """The page's text and bases, the span `hl` ("START-END") or the quotation
    `quote` marked; one that is not in this text is ignored (an old link to a text
    since updated still opens the article)."""
    span = parse_span(hl, len(record.text)) or quote_span(record, quote)
    sentences = record.analysis.sentences if record.analysis is not None else ()
    where = ""
    if span is not None:
        where = f"char {span[0]}" if span[0] == span[1] else f"chars {span[0]}–{span[1]}"
    outlet_href = linker.outlet(record.outlet) if linker and record.outlet else None
    return ArticleEvidence(
        highlighted(record.text, span, sentences),
        where,
        basis_rows(record),
        outlet_href,
        derivations,
    )
