"""Article text cut into segments with spans marked, for templates to wrap in <mark>
(the text itself is autoescaped there, never marked safe).

Spans are character offsets into the stored article text (`Article.text`), as every
citation, figure, quote and aligned span of the store counts them. The article page
marks the cited span (`?hl=START-END`) with the anchor "hl", so a link ending in
"#hl" scrolls it into view without any script, and shades the sentence around it; a
span of no characters (words a rewrite dropped) is shown as a caret where they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storydesk.model import Sentence

HL_ANCHOR = "hl"
_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to mark: `css` names it, `anchor` (an element id) is put on its first
    segment, `title` is shown on hover."""

    start: int
    end: int
    css: str
    anchor: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the marks covering it; `gap` is an empty span's caret."""

    text: str
    classes: tuple[str, ...] = ()
    anchor: str | None = None
    title: str = ""
    gap: bool = False


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """ "120-146" as (120, 146) when it lies within a text of `length` characters;
    None for anything else (a missing, malformed or out-of-range span is ignored)."""
    if not value:
        return None
    found = _HL.match(value.strip())
    if not found:
        return None
    start, end = int(found.group(1)), int(found.group(2))
    return (start, end) if 0 <= start <= end <= length else None


def segments(text: str, marks: Iterable[Mark]) -> tuple[Segment, ...]:
    """`text` cut at every mark's edges, each piece with the classes of the marks that
    cover it (in the order the marks are given); marks outside the text are dropped."""
    length = len(text)
    spans = [m for m in marks if 0 <= m.start <= m.end <= length]
    cuts = sorted({0, length, *(m.start for m in spans), *(m.end for m in spans)})
    gaps: dict[int, list[Mark]] = {}
    for m in spans:
        if m.start == m.end:
            gaps.setdefault(m.start, []).append(m)
    anchored: set[str] = set()
    out: list[Segment] = []

    def first_anchor(candidates: Iterable[Mark]) -> str | None:
        for m in candidates:
            if m.anchor and m.anchor not in anchored:
                anchored.add(m.anchor)
                return m.anchor
        return None

    for n, start in enumerate(cuts):
        for m in gaps.get(start, ()):
            out.append(Segment("", (m.css,), first_anchor((m,)), m.title, gap=True))
        if n + 1 == len(cuts):
            break
        end = cuts[n + 1]
        covering = [m for m in spans if m.start <= start and end <= m.end and m.start < m.end]
        starting = [m for m in covering if m.start == start]
        piece = Segment(
            text[start:end],
            tuple(dict.fromkeys(m.css for m in covering)),
            first_anchor(starting),
            next((m.title for m in covering if m.title), ""),
        )
        last = out[-1] if out else None
        if (last is not None and not last.gap and piece.anchor is None
                and last.classes == piece.classes and last.title == piece.title):  # fmt: skip
            out[-1] = Segment(last.text + piece.text, last.classes, last.anchor, last.title)
        else:
            out.append(piece)
    return tuple(out)


def sentence_around(sentences: Sequence[Sentence], start: int, end: int) -> Sentence | None:
    """The analysed sentence holding the span's start (None when none does)."""
    for s in sentences:
        if s.start <= start < s.end or (start == end and s.start <= start <= s.end):
            return s if end <= s.end else Sentence(s.start, max(end, s.end))
    return None


def highlighted(
    text: str, span: tuple[int, int] | None, sentences: Sequence[Sentence] = ()
) -> tuple[Segment, ...]:
    """The article text with the cited span marked "hl" (anchor "hl") and the
    sentence around it marked "ctx"."""
    if span is None:
        return segments(text, ())
    start, end = span
    marks = [Mark(start, end, "hl", HL_ANCHOR, "the cited span")]
    around = sentence_around(sentences, start, end)
    if around is not None:
        marks.append(Mark(around.start, around.end, "ctx"))
    return segments(text, marks)
