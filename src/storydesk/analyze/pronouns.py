"""Whom a speaker pronoun ("he said", "she told reporters") refers to.

The referent is the nearest person named before the pronoun outside quotation marks
(spaCy's PERSON mentions, plus capitalised names right before a verb of saying or an
appositive, which spaCy misses in title-heavy phrases), skipping a person whose gender
the article gives and the pronoun contradicts ("she" is not Antony Blinken). Only a
person of *known* gender is skipped (see `analyze.gender`); past `MAX_SKIP_CHARS` the
search gives up rather than reach for someone far back. "they" is never one person:
it refers to a group, which this module does not guess, so it stays unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from storydesk.analyze.gender import person_gender, pronoun_gender
from storydesk.lexicon import INTRODUCING_CUES, alternation
from storydesk.model import Mention

# How far before the pronoun a person may be and still be its referent once a nearer
# one was skipped for disagreeing: about a paragraph of news prose.
MAX_SKIP_CHARS = 1_200
# How far back names that spaCy missed are looked for.
INTRODUCED_WINDOW = 600

PERSONAL = frozenset({"he", "she", "him", "her", "i"})
PLURAL = frozenset({"they", "them", "we"})

_INTRODUCED_NAME = re.compile(
    r"\b((?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+)(?=,\s+(?:the|a|an|its|his|her)\s|\s+(?:"
    + alternation(INTRODUCING_CUES)
    + r"))"
)


def _outside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, -1)) - 1
    return i < 0 or spans[i][1] <= start


def full_name(mention: Mention, mentions: Sequence[Mention]) -> str:
    """The longest form of a person's name ending in the same word ("Netanyahu")."""
    name = mention.text.removesuffix("'s").removesuffix("’s")
    if mention.label != "PERSON":
        return name
    last = name.split()[-1] if name.split() else name
    best = name
    for other in mentions:
        other_text = other.text.removesuffix("'s").removesuffix("’s")
        words = other_text.split()
        if (other.label == "PERSON" and words and words[-1] == last
                and len(other_text) > len(best)):  # fmt: skip
            best = other_text
    return best


def _candidates(
    text: str, start: int, mentions: Sequence[Mention], quote_spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, name) of the people named before `start`, nearest first."""
    found: list[tuple[int, int, str]] = []
    for mention in mentions:
        if mention.end > start:
            continue
        if mention.label == "PERSON" and _outside(quote_spans, mention.start, mention.end):
            found.append((mention.start, mention.end, full_name(mention, mentions)))
    for match in _INTRODUCED_NAME.finditer(text, max(0, start - INTRODUCED_WINDOW), start):
        if _outside(quote_spans, match.start(), match.end()):
            found.append((match.start(1), match.end(1), match.group(1)))
    found.sort(key=lambda item: -item[1])
    return found


_SENTENCE_END = re.compile(r"(?:[.!?][”\"’']?\s+|\n\s*)")
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|for|and)$")


def _opens_sentence(text: str, position: int) -> bool:
    """A name that opens its sentence (after at most a few title words) is the
    sentence's subject: "Secretary of State Antony Blinken told ...", not "... Machado"."""
    lead = text[max(0, position - 80) : position]
    ends = list(_SENTENCE_END.finditer(lead))
    if not ends and position > 80:
        return False
    words = lead[ends[-1].end() :].split() if ends else lead.split()
    return len(words) <= 5 and all(_TITLE_WORD.match(w) for w in words)


def resolve_pronoun(
    text: str,
    pronoun: str,
    start: int,
    mentions: Sequence[Mention],
    quote_spans: Sequence[tuple[int, int]],
) -> str | None:
    """The person a singular pronoun at `start` refers to, or None when the text does
    not say (a plural pronoun, nobody named, or only people of the other gender)."""
    lowered = pronoun.lower()
    if lowered not in PERSONAL:
        return None
    wanted = pronoun_gender(lowered)
    candidates = _candidates(text, start, mentions, quote_spans)
    paragraph = text.rfind("\n", 0, start) + 1
    skipped = False
    for mention_start, mention_end, name in candidates:
        if wanted is None:
            return name
        if skipped and mention_end < start - MAX_SKIP_CHARS:
            return None
        gender = person_gender(text, name, mentions)
        subject = _opens_sentence(text, mention_start)
        if gender is not None and gender != wanted:
            if subject and mention_start >= paragraph:
                # "Harris said ... “…,” he said.": the paragraph's own subject is of
                # the other gender; the text contradicts itself, nobody is named.
                return None
            skipped = True
            continue
        # Past a person of the other gender, only a sentence's subject is taken:
        # the object of a nearer clause ("accusing Alicia Machado") rarely speaks next.
        if not skipped or subject:
            return name
    return None
