"""Text plumbing for the brief: which sentences may appear in it, and their words.

A brief sentence is always an exact slice of an article (so its citation can be
checked), but the slice may start later than the segmenter's sentence: a leading
dateline ("PINE RIDGE, S.D. (AP) --") is wire furniture, not content, and is cut
off. Words are reduced to crude stems so that "strike", "strikes" and "striking"
count as one concept; a full Porter stemmer would need nltk at run time, and the
suffix rules below are enough to merge the variants that matter for coverage.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from storydesk.ingest.metadata import parse_dateline
from storydesk.lexicon import BRIEF_STOP_WORDS
from storydesk.write.brief_params import DEFAULT, BriefParams

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A dateline: an upper-case place (optionally ", State" or ", Month day"), an optional
# agency in parentheses, then a dash or underscore the wires use as a separator.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’\- ]{1,40}(?:,[^()\n]{0,40}?)?"  # PINE RIDGE, S.D.
    r"(?:\s*\([A-Za-z\- ]{1,30}\))?"  # (AP)
    r"\s*(?:--|—|–|_|-(?=\s))\s*"  # --
)
# Terminal punctuation, possibly followed by closing quotes or brackets.
_ENDS_LIKE_SENTENCE = re.compile(r"[.!]['\"’”)\]]*$|[.!]\s*''$")
_LOWER_RE = re.compile(r"[a-z]")
_UPPER_RE = re.compile(r"[A-Z]")

# Openers that lean on the sentence before: out of context a reader cannot tell who
# "he" is or what "but" contrasts with.
_DANGLING_RE = re.compile(
    r"(?:He|She|It|They|His|Her|Its|Their|This|That|These|Those|But|And|Also|However|Still|Yet"
    r"|So|Then|Meanwhile|Instead)\b"
)


def count_words(text: str) -> int:
    """Words as a reader (and the budget) counts them: whitespace-separated tokens."""
    return len(text.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to merge plural, past and gerund forms."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ings", ""),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "zes", "sses")):
                return word[:-1]  # "rates" -> "rate", not "rat"
            return word[: len(word) - len(suffix)] + keep
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, possessive "'s" dropped."""
    return [w.removesuffix("'s") for w in _WORD_RE.findall(text.lower().replace("’", "'"))]


def stems(text: str) -> list[str]:
    return [stem(w) for w in tokens(text)]


def concepts(words: list[str]) -> set[tuple[str, str]]:
    """The bigram concepts of a text's stems: adjacent pairs, unless both are function
    words."""
    stop = BRIEF_STOP_WORDS
    return {(a, b) for a, b in itertools.pairwise(words) if not (a in stop and b in stop)}


def content_stems(words: list[str]) -> set[str]:
    return {w for w in words if w not in BRIEF_STOP_WORDS}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may appear in the brief, as an exact span of its article."""

    article_id: str
    index: int  # position of the sentence in its article (0 = first)
    start: int
    end: int
    text: str


def trim_dateline(text: str, start: int, end: int) -> int:
    """The start of the sentence without its leading dateline (or `start` unchanged).

    Two forms are recognised: the ingest stage's ("Tel Aviv, Israel (CNN) —", title-case
    places) and the wires' upper-case ones with a date or "_" ("BEIJING, June 1
    (Xinhua) --", "WASHINGTON _").
    """
    found = parse_dateline(text[start:end])
    cut = start + found.end if found is not None else None
    if cut is None:
        match = _DATELINE_RE.match(text, start, end)
        cut = match.end() if match is not None else None
    if cut is None:
        return start
    rest = text[cut:end]
    # Cut only when what follows reads as a sentence start; otherwise the "dateline" was
    # the sentence itself (an all-caps heading, a dash in a name).
    return cut if rest[:1].isupper() or rest[:1] in "\"'`“" else start


def is_briefable(text: str, *, params: BriefParams = DEFAULT) -> bool:
    """Whether a sentence can stand in a brief: prose of reasonable length, no question,
    not shouting, ending like a sentence."""
    n = count_words(text)
    if n < params.min_words or n > params.max_words:
        return False
    if not _ENDS_LIKE_SENTENCE.search(text.rstrip()):
        return False
    lower = len(_LOWER_RE.findall(text))
    if lower < len(_UPPER_RE.findall(text)):  # all-caps headings and tables
        return False
    # A sentence opening inside a quotation that never closes is a fragment of a longer quote.
    return not (text.count('"') % 2 == 1 or text.count("``") != text.count("''"))


def leans_on_context(text: str) -> bool:
    """Whether the sentence opens with a pronoun or connective that needs the one before."""
    return _DANGLING_RE.match(text) is not None
