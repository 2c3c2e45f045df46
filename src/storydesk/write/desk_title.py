"""A story's clean title: the best headline among its articles' titles.

The stored story title is whatever headline the clusterer met first, which can be a
run-on ("Israel Hamas War Israel Says ... | Israel Hamas War: Another blow ..."), an
all-caps wire slug or the start of an untitled text. The desk shows one headline
instead, chosen among the articles' real titles (and the pieces of a title joined
with " | "), stripped of a short kicker ("Israel Hamas War: "):

- of a headline's length (HEADLINE_WORDS), not all capitals, not a slug
  ("BC-US-STRIKE-FERRY"), not the cut start of a text (ending in "…");
- the one most central to the story: the mean, over its content words, of how many
  of the story's titles and claims use the word, so a headline about the story's
  main event beats one about a side detail.

When no title qualifies the stored title is kept: a clean title is never invented.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storydesk.model import StoryReport

HEADLINE_WORDS = (4, 14)  # fewer is a label; more is a run-on (headlines run 6-12)
MAX_HEADLINE_CHARS = 140
KICKER_WORDS = 4  # "Israel Hamas War: ..." - a section label of at most this many words

_SPLIT = re.compile(r"\s+[|•]\s+")
_KICKER = re.compile(r"^([^:]{2,40}):\s+(?=\S)")
_SLUG = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+){2,}\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but is are was were be been as "
    "its it his her their that this after over says said say new".split()
)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP and len(w) > 1}


def _pieces(title: str) -> list[str]:
    """A title's candidate headlines: its " | " pieces, each without a kicker."""
    pieces = []
    for piece in _SPLIT.split(title.strip()):
        kicker = _KICKER.match(piece)
        if kicker and len(kicker.group(1).split()) <= KICKER_WORDS:
            piece = piece[kicker.end() :]
        pieces.append(piece.strip())
    return [p for p in pieces if p]


def is_headline(text: str) -> bool:
    """Whether `text` reads as a headline: its length, not shouting, not a slug, not
    the cut start of an untitled article."""
    count = len(text.split())
    letters = [c for c in text if c.isalpha()]
    return (
        HEADLINE_WORDS[0] <= count <= HEADLINE_WORDS[1]
        and len(text) <= MAX_HEADLINE_CHARS
        and not text.endswith("…")
        and not (letters and all(c.isupper() for c in letters))
        and not _SLUG.match(text)
    )


def centrality(candidate: str, weights: Counter[str]) -> float:
    """The mean weight of the candidate's content words (0 when it has none)."""
    words = _content(candidate)
    return sum(weights[w] for w in words) / len(words) if words else 0.0


def clean_title(story: StoryReport) -> str:
    """The story's best headline; its stored title when no article has one."""
    titles = [a.title for a in story.articles]
    candidates = list(dict.fromkeys(p for t in titles for p in _pieces(t) if is_headline(p)))
    if not candidates:
        return story.title
    # Each title and claim votes once for each of its content words.
    texts: Iterable[str] = (*titles, *(c.text for c in story.claims))
    weights: Counter[str] = Counter(w for text in texts for w in _content(text))
    # Ties go to the shorter headline, then to the earlier one.
    return max(
        enumerate(candidates),
        key=lambda item: (round(centrality(item[1], weights), 6), -len(item[1]), -item[0]),
    )[1]
