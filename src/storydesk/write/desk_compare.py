"""A derived article beside its source: the link's aligned spans (the evidence for
"who copied whom") as rows of two columns, verbatim or paraphrased, in the derived
article's order, with what the derived article wrote on its own between them and,
folded below, what it did not take. Each change it made (the story's discrepancies of
the pair) is marked on both sides, numbered, and listed with its explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storydesk.model import ArticleRecord, Discrepancy, Link
from storydesk.write.desk_refs import SHORT_ID, Linker
from storydesk.write.desk_spans import Mark, Segment, segments
from storydesk.write.outlet_names import outlet_name
from storydesk.write.story_changes import KIND_LABELS, change_verb

MIN_UNALIGNED = 3  # characters of the derived text between aligned spans worth a row


@dataclass(frozen=True, slots=True)
class Row:
    label: str  # "verbatim", "paraphrase", or "own" (the derived article's own words)
    source: tuple[Segment, ...]  # empty for the derived article's own words
    derived: tuple[Segment, ...]
    source_href: str | None
    derived_href: str


@dataclass(frozen=True, slots=True)
class MarkedChange:
    number: int
    label: str
    verb: str
    source_words: str
    derived_words: str
    explanation: str
    not_flagged: str  # why it is not raised as a conflict ("" when it is)


@dataclass(frozen=True, slots=True)
class Side:
    article_id: str
    label: str  # the outlet, or "no outlet stated (f39caec6)"
    title: str
    published: str
    href: str


@dataclass(frozen=True, slots=True)
class CompareView:
    source: Side
    derived: Side
    noun: str  # "a rewrite of", "a near-verbatim copy of", "not linked to"
    kind: str  # what the derived article is: "rewrite", "copy", "article"
    known: bool  # which came first is known
    verbatim: str
    paraphrased: str
    rows: tuple[Row, ...]
    untaken: tuple[tuple[Segment, ...], ...]  # source passages the derived one left out
    changes: tuple[MarkedChange, ...]


def _side(record: ArticleRecord, links: Linker) -> Side:
    label = (outlet_name(record.outlet, record.basis) if record.outlet
             else f"no outlet stated ({record.id[:SHORT_ID]})")  # fmt: skip
    when = record.published.date().isoformat() if record.published else "undated"
    return Side(record.id, label, record.display_title, when, links.article(record.id))


def _slice(text: str, start: int, end: int, marks: Sequence[Mark]) -> tuple[Segment, ...]:
    """The segments of text[start:end], with the marks that fall inside it."""
    inside = [
        Mark(m.start - start, m.end - start, m.css, m.anchor, m.title)
        for m in marks
        # An empty span (dropped words) belongs to the piece it starts, once.
        if start <= m.start and m.end <= end and (m.start < end or m.start < m.end)
    ]
    return segments(text[start:end], inside)


def _worth_a_row(text: str, start: int, end: int) -> bool:
    return end - start >= MIN_UNALIGNED and bool(text[start:end].strip())


def _uncovered(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a text of `length` that no span covers."""
    gaps, cursor = [], 0
    for start, end in sorted(spans):
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        gaps.append((cursor, length))
    return gaps


def compare_view(
    source: ArticleRecord,
    derived: ArticleRecord,
    link: Link | None,
    discrepancies: Sequence[Discrepancy],
    links: Linker,
) -> CompareView:
    """The pair side by side; `link` None shows that the story links them no more
    (both texts, no rows)."""
    own = [d for d in discrepancies if {d.source_id, d.derived_id} == {source.id, derived.id}]
    changes = tuple(
        MarkedChange(
            n,
            KIND_LABELS[d.kind],
            change_verb(d),
            d.source_text,
            d.derived_text,
            d.explanation,
            d.not_a_conflict,
        )
        for n, d in enumerate(own, 1)
    )
    source_marks = [
        Mark(d.source_span.start, d.source_span.end, "was", f"c{n}", f"change {n}: {d.explanation}")
        for n, d in enumerate(own, 1)
    ]
    derived_marks = [
        Mark(d.derived_span.start, d.derived_span.end, "now", None, f"change {n}: {d.explanation}")
        for n, d in enumerate(own, 1)
    ]

    def own_words(start: int, end: int) -> Row:
        """What the derived article wrote between the passages it took (its words
        only: the space around them is no evidence)."""
        stretch = derived.text[start:end]
        start, end = (
            start + len(stretch) - len(stretch.lstrip()),
            end - len(stretch) + len(stretch.rstrip()),
        )
        segs = _slice(derived.text, start, end, derived_marks)
        return Row("own", (), segs, None, links.span(derived.id, start, end))

    aligned = sorted(link.spans, key=lambda s: (s.derived_start, s.source_start)) if link else []
    rows: list[Row] = []
    cursor = 0
    for span in aligned:
        if _worth_a_row(derived.text, cursor, span.derived_start):
            rows.append(own_words(cursor, span.derived_start))
        rows.append(
            Row(
                span.label,
                _slice(source.text, span.source_start, span.source_end, source_marks),
                _slice(derived.text, span.derived_start, span.derived_end, derived_marks),
                links.span(source.id, span.source_start, span.source_end),
                links.span(derived.id, span.derived_start, span.derived_end),
            )
        )
        cursor = max(cursor, span.derived_end)
    if link and _worth_a_row(derived.text, cursor, len(derived.text)):
        rows.append(own_words(cursor, len(derived.text)))
    taken = [(s.source_start, s.source_end) for s in aligned]
    untaken = tuple(
        _slice(source.text, start, end, source_marks)
        for start, end in (_uncovered(taken, len(source.text)) if link else [])
        if source.text[start:end].strip()
    )
    noun, kind = "not linked to", "article"
    if link is not None:
        noun, kind = ("a near-verbatim copy of", "copy") if link.kind == "duplicate" else (
            "a rewrite of", "rewrite")  # fmt: skip
    return CompareView(
        _side(source, links),
        _side(derived, links),
        noun,
        kind,
        link is None or link.direction == "known",
        f"{link.verbatim_share:.0%}" if link else "",
        f"{link.paraphrase_share:.0%}" if link else "",
        tuple(rows),
        untaken,
        changes,
    )
