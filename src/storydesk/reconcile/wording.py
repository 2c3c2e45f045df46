"""Sentence wording shared by the claim groups, the brief and the timeline: crude
stems, content words, word counts, a leading wire dateline, and openers that lean on
the sentence before.

Words are reduced to crude stems so that "strike", "strikes" and "striking" count as
one; a full Porter stemmer would need nltk at run time, and the suffix rules below are
enough to merge the variants that matter. A dateline ("PINE RIDGE, S.D. (AP) --") is
wire furniture, not content: a cited sentence starts after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storydesk.ingest.metadata import parse_dateline
from storydesk.lexicon import BRIEF_STOP_WORDS

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A dateline: an upper-case place (optionally ", State" or ", Month day"), an optional
# agency in parentheses, then a dash or underscore the wires use as a separator.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’\- ]{1,40}(?:,[^()\n]{0,40}?)?"  # PINE RIDGE, S.D.
    r"(?:\s*\([A-Za-z\- ]{1,30}\))?"  # (AP)
    r"\s*(?:--|—|–|_|-(?=\s))\s*"  # --
)
# Openers that lean on the sentence before: out of context a reader cannot tell who
# "he" is or what "but" contrasts with.
_DANGLING_RE = re.compile(
    r"(?:He|She|It|They|Them|His|Her|Its|Their|This|That|These|Those|But|And|Also|However"
    r"|Still|Yet|So|Then|Meanwhile|Instead)\b"
    # "Many of them died ...": the subject is still a pronoun.
    r"|(?:Many|Some|Most|All|Few|None|Both|Each|One|Several|Two|Three|Dozens|Hundreds)"
    r"\s+of\s+(?:them|those|these|whom|which)\b"
)
# A section label: up to six capitalised words and a colon, then a capitalised sentence.
_SECTION_LABEL = re.compile(r"(?:[A-Z][\w'’&-]*\s+){0,5}[A-Z][\w'’&-]*:\s+(?=[A-Z\"“])")


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


def content_stems(words: list[str]) -> set[str]:
    return {w for w in words if w not in BRIEF_STOP_WORDS}


def trim_dateline(text: str, start: int, end: int) -> int:
    """The start of the sentence without the furniture before it: a leading dateline
    or a section label (or `start` unchanged).

    Two dateline forms are recognised: the ingest stage's ("Tel Aviv, Israel (CNN) —",
    title-case places) and the wires' upper-case ones with a date or "_" ("BEIJING, June
    1 (Xinhua) --", "WASHINGTON _"). A section label is a few capitalised words and a
    colon before a capitalised sentence ("Israel Palestine Conflict: Hopes of ...").
    """
    start = _trim_wire_dateline(text, start, end)
    label = _SECTION_LABEL.match(text, start, end)
    return label.end() if label is not None and label.end() < end else start


def _trim_wire_dateline(text: str, start: int, end: int) -> int:
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


def leans_on_context(text: str) -> bool:
    """Whether the sentence opens with a pronoun or connective that needs the one before."""
    return _DANGLING_RE.match(text) is not None
