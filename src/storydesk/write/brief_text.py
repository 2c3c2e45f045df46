"""Text plumbing for the brief: which sentences may appear in it, and their concepts.

A brief sentence is always an exact slice of an article (so its citation can be
checked), but the slice may start later than the segmenter's sentence: a leading
dateline is cut off. The word-level helpers (stems, content words, datelines) live in
`reconcile.wording`, shared with the claim groups; they are re-exported here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from storydesk.analyze.contact import has_contact_details
from storydesk.lexicon import BRIEF_STOP_WORDS
from storydesk.link.align import BOILERPLATE
from storydesk.model import Citation
from storydesk.reconcile.wording import (
    content_stems,
    count_words,
    leans_on_context,
    stem,
    stems,
    tokens,
    trim_dateline,
)
from storydesk.write.brief_params import DEFAULT, BriefParams

__all__ = [
    "Candidate",
    "ChangedSentences",
    "concepts",
    "content_stems",
    "count_words",
    "is_briefable",
    "leans_on_context",
    "quotation_without_speaker",
    "stem",
    "stems",
    "tokens",
    "trim_dateline",
]

# Terminal punctuation, possibly followed by closing quotes or brackets.
_ENDS_LIKE_SENTENCE = re.compile(r"[.!]['\"’”)\]]*$|[.!]\s*''$")
_LOWER_RE = re.compile(r"[a-z]")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|added|according|wrote|writes|asked|declared|stated)\b"
)
_UPPER_RE = re.compile(r"[A-Z]")


def concepts(words: list[str]) -> set[tuple[str, str]]:
    """The bigram concepts of a text's stems: adjacent pairs, unless both are function
    words."""
    stop = BRIEF_STOP_WORDS
    return {(a, b) for a, b in itertools.pairwise(words) if not (a in stop and b in stop)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may appear in the brief, as an exact span of its article."""

    article_id: str
    index: int  # position of the sentence in its article (0 = first)
    start: int
    end: int
    text: str


def is_briefable(text: str, *, params: BriefParams = DEFAULT) -> bool:
    """Whether a sentence can stand in a brief: prose of reasonable length, no question,
    not shouting, not a house line, no phone number, e-mail address or call to action
    (a brief is pasted on: it must never pass on a number to call), not a piece of a
    quotation or a quotation without its speaker, ending like a sentence."""
    n = count_words(text)
    if n < params.min_words or n > params.max_words:
        return False
    if not _ENDS_LIKE_SENTENCE.search(text.rstrip()):
        return False
    if BOILERPLATE.search(text):  # house lines: "Information from Reuters was used ..."
        return False
    if has_contact_details(text):  # "Anyone with a missing relative can call 0800 ..."
        return False
    lower = len(_LOWER_RE.findall(text))
    if lower < len(_UPPER_RE.findall(text)):  # all-caps headings and tables
        return False
    return not quotation_without_speaker(text)


def quotation_without_speaker(text: str) -> bool:
    """A piece of a quotation (its marks do not pair up: the segmenter cut a longer
    quote) or a quotation with no speaker in the sentence ("“It's imperative ...”"):
    who said it is in another sentence."""
    if text.count('"') % 2 == 1 or text.count("``") != text.count("''"):
        return True
    if text.count("“") != text.count("”"):
        return True
    return text[:1] in "\"“'`" and not _ATTRIBUTION.search(text)


class ChangedSentences:
    """The sentences in which a copy or rewrite changed what its source says (the
    discrepancies' derived sentences): neither the brief nor the timeline shows them."""

    def __init__(self, changed: Iterable[Citation]) -> None:
        self._starts: dict[str, list[int]] = {}
        for citation in changed:
            self._starts.setdefault(citation.article_id, []).append(citation.start)

    def within(self, article_id: str, start: int, end: int) -> bool:
        """Whether a changed sentence starts inside [start, end) of the article."""
        return any(start <= s < end for s in self._starts.get(article_id, ()))
