"""Which passage of a derived article was taken from which passage of its source.

The link stage's aligned spans come first. It leaves out quotations and sentences a
rewrite merged from two of its source's ("Veldoria had agreed to extend the truce ...
It released three prisoners for every hostage freed." -> one sentence), which are
where a rewrite most often changes a quote or drops a qualifier; so each derived
sentence no aligned span covers is paired here with the source sentence, or two
consecutive ones, that shares most of its content words, when it shares enough.

Every pair but the link stage's verbatim ones must share enough content words: a
paraphrase alignment of two sentences about different things ("Israel blamed Hamas ..." /
"Hamas blamed Israel and the United States ...") would otherwise read as changed
names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from storydesk.link.align import BOILERPLATE
from storydesk.model import Link
from storydesk.reconcile.diff_tokens import ArticleText
from storydesk.reconcile.discrepancy_params import DEFAULT, DiscrepancyParams
from storydesk.reconcile.wording import trim_dateline

# Editors' notes ("ETA: 9 p.m.", "EDITORS: ...") and service tags at a line's start
# ("(Cox News Service)"). Typesetting codes ("&QL;") are no words (diff_tokens).
_EDITORIAL = re.compile(r"\bETA:|\bEDITORS?:|^\s*\([A-Z][\w&.' -]{1,40} (?:News )?Service\)")


@dataclass(frozen=True, slots=True)
class Passage:
    """A source passage and the derived passage taken from it (character spans)."""

    source: tuple[int, int]
    derived: tuple[int, int]


def content_keys(doc: ArticleText, span: tuple[int, int]) -> frozenset[str]:
    return frozenset(t.key for t in doc.tokens(*span) if t.content)


def shared_share(a: frozenset[str], b: frozenset[str]) -> tuple[int, float, float]:
    """Shared content words, and their share of the smaller and of the larger side."""
    if not a or not b:
        return 0, 0.0, 0.0
    shared = len(a & b)
    return shared, shared / min(len(a), len(b)), shared / max(len(a), len(b))


def _similar(a: frozenset[str], b: frozenset[str], p: DiscrepancyParams) -> bool:
    shared, of_smaller, of_larger = shared_share(a, b)
    return (
        shared >= p.min_shared_words
        and of_smaller >= p.min_share_of_smaller
        and of_larger >= p.min_share_of_larger
    )


def _covered(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether most of `span` lies inside the given spans."""
    inside = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in spans)
    return inside * 2 > span[1] - span[0]


def _source_units(source: ArticleText) -> list[tuple[int, int]]:
    """Each source sentence, and each two consecutive ones."""
    sentences = source.sentences
    pairs = [(a[0], b[1]) for a, b in pairwise(sentences)]
    return [*sentences, *pairs]


class _SourceUnits:
    """The source's sentences and pairs of sentences, indexed by content word, so that
    a derived sentence is scored only against the units sharing enough words with it
    (a long article would otherwise cost sentences x sentences comparisons)."""

    def __init__(self, source: ArticleText) -> None:
        self.units = [(span, content_keys(source, span)) for span in _source_units(source)]
        self.index: dict[str, list[int]] = {}
        for position, (_, keys) in enumerate(self.units):
            for key in keys:
                self.index.setdefault(key, []).append(position)

    def best(self, derived_keys: frozenset[str], p: DiscrepancyParams) -> tuple[int, int] | None:
        counts: Counter[int] = Counter()
        for key in derived_keys:
            counts.update(self.index.get(key, ()))
        best: tuple[float, int, tuple[int, int]] | None = None
        for position, shared in counts.items():
            if shared < p.min_shared_words:
                continue
            span, keys = self.units[position]
            if not _similar(derived_keys, keys, p):
                continue
            # The harmonic mean of both shares: a single sentence wins over the same
            # sentence with its neighbour unless the neighbour adds shared words.
            score = 2 * shared / (len(derived_keys) + len(keys))
            candidate = (score, -(span[1] - span[0]), span)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best[2] if best else None


def passages(
    link: Link, source: ArticleText, derived: ArticleText, params: DiscrepancyParams = DEFAULT
) -> list[Passage]:
    """The passage pairs of one derivation, in the derived article's order."""
    found = []
    for span in link.spans:
        pair = Passage((span.source_start, span.source_end), (span.derived_start, span.derived_end))
        # A verbatim span has most of its words, in order, in its partner: trusted as it
        # is ("A verdict could come as early as Thursday." shares too few content words
        # to pass the test once its weekday changed).
        if span.label == "verbatim" or _similar(
            content_keys(source, pair.source), content_keys(derived, pair.derived), params
        ):
            found.append(pair)
    aligned = [(s.derived_start, s.derived_end) for s in link.spans]
    units: _SourceUnits | None = None
    for sentence in derived.sentences:
        if _covered(sentence, aligned):
            continue
        units = units or _SourceUnits(source)
        match = units.best(content_keys(derived, sentence), params)
        if match is not None:
            found.append(Passage(match, sentence))
    kept = []
    for pair in found:
        if not (_short_enough(source, pair.source, params)
                and _short_enough(derived, pair.derived, params)):  # fmt: skip
            continue
        if _furniture(source, pair.source) or _furniture(derived, pair.derived):
            continue
        # A dateline is where and by whom, not what: "CHICAGO (AP) --" rewritten as
        # "WASHINGTON, January 2 (Xinhua) --" changed no claim.
        source_start = trim_dateline(source.text, *pair.source)
        derived_start = trim_dateline(derived.text, *pair.derived)
        kept.append(Passage((source_start, pair.source[1]), (derived_start, pair.derived[1])))
    return sorted(kept, key=lambda p: p.derived)


def _furniture(doc: ArticleText, span: tuple[int, int]) -> bool:
    """A house line or an editors' note ("(Cox News Service) ETA: 9 p.m."): what the
    wire says to editors, not what the report claims."""
    text = doc.text[span[0] : span[1]]
    return bool(BOILERPLATE.search(text) or _EDITORIAL.search(text))


def _short_enough(doc: ArticleText, span: tuple[int, int], p: DiscrepancyParams) -> bool:
    return len(doc.tokens(*span)) <= p.max_passage_words
