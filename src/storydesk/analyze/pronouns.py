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

from storydesk.analyze.gender import (
    GENDERED_TITLES,
    Gender,
    first_name_gender,
    person_gender,
    pronoun_gender,
    title_gender,
)
from storydesk.lexicon import HONORIFICS, INTRODUCING_CUES, QUOTE_CUES, alternation
from storydesk.model import Mention

# How far before the pronoun a person may be and still be its referent once a nearer
# one was skipped for disagreeing: about a paragraph of news prose.
MAX_SKIP_CHARS = 1_200
# How far back names that spaCy missed are looked for.
INTRODUCED_WINDOW = 600

# "I" outside quotation marks is the writer, not someone named before: it is not here.
PERSONAL = frozenset({"he", "she", "him", "her"})
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


# A "person" right after one of these is a place spaCy mislabelled ("in Dunmore").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|into|outside|across)\s+$")


def _as_person(text: str, mention: Mention) -> tuple[str, Gender | None] | None:
    """The name and gender of an ORG mention that is a person spaCy mislabelled: it
    opens with a gendered title ("Dame Ottoline Ockley", "Spokeswoman Ilka Varga"),
    which is left out of the name, or with a known first name."""
    words = mention.text.split()
    if len(words) < 2 or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return None
    if words[0].lower() in GENDERED_TITLES and len(words) >= 3:
        return " ".join(words[1:]), title_gender(words[0])
    gender = first_name_gender(mention.text)
    return (mention.text, gender) if gender else None


def _candidates(
    text: str, start: int, mentions: Sequence[Mention], quote_spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str, Gender | None]]:
    """(start, end, name, gender) of the people named before `start`, nearest first;
    the gender is known here only for a person spaCy took for an organisation."""
    found: list[tuple[int, int, str, Gender | None]] = []
    for mention in mentions:
        if mention.end > start or not _outside(quote_spans, mention.start, mention.end):
            continue
        if mention.label == "PERSON":
            if not _PLACE_BEFORE.search(text, max(0, mention.start - 12), mention.start):
                found.append((mention.start, mention.end, full_name(mention, mentions), None))
        elif mention.label == "ORG" and (person := _as_person(text, mention)):
            found.append((mention.start, mention.end, *person))
    for match in _INTRODUCED_NAME.finditer(text, max(0, start - INTRODUCED_WINDOW), start):
        if _outside(quote_spans, match.start(), match.end()):
            found.append((match.start(1), match.end(1), match.group(1), None))
    found.sort(key=lambda item: -item[1])
    return found


# A sentence ends at a full stop that closes no abbreviation ("Ms.", "J.") or a newline.
_SENTENCE_END = re.compile(r"(?:(?P<word>\w*)[.!?][”\"’']?\s+|\n\s*)")
_ABBREVIATIONS = frozenset(HONORIFICS)
_SPEECH_AFTER = re.compile(r"\s+(?:also\s+)?(?:" + alternation(QUOTE_CUES) + r")\b")
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|for|and)$")


def _opens_sentence(text: str, position: int) -> bool:
    """A name that opens its sentence (after at most a few title words) is the
    sentence's subject: "Secretary of State Antony Blinken told ...", not "... Machado"."""
    lead = text[max(0, position - 80) : position]
    ends = [end for end in _SENTENCE_END.finditer(lead)
            if end.group("word") is None or not (end.group("word") in _ABBREVIATIONS
                                                  or len(end.group("word")) == 1)]  # fmt: skip
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
    fallback: str | None = None
    for mention_start, mention_end, name, known in candidates:
        if wanted is None:
            return name
        if skipped and mention_end < start - MAX_SKIP_CHARS:
            break
        gender = known or person_gender(text, name, mentions)
        subject = _opens_sentence(text, mention_start)
        if gender is not None and gender != wanted:
            if subject and mention_start >= paragraph and _SPEECH_AFTER.match(text, mention_end):
                # "Harris said ... “…,” he said.": the paragraph's speaker is of the
                # other gender; the text contradicts itself, nobody is named.
                return None
            skipped = True
            continue
        # Past a person of the other gender, a sentence's subject is preferred to the
        # object of a nearer clause ("accusing Alicia Machado"), which rarely speaks
        # next; the nearest agreeing object serves only when no subject agrees.
        if not skipped or subject:
            return name
        fallback = fallback or name
    return fallback
