"""Light text helpers for the link stage: sentence spans, word tokens, quotations.

The link stage compares texts that the per-article analysis may not have seen yet
(an incoming article is fingerprinted before it is analysed), so it carries its own
cheap, dependency-free splitter. Every span is a pair of character offsets into the
original text, so alignments can point at their evidence.
"""

from __future__ import annotations

import re

from storydesk.lexicon import HONORIFICS, NAME_ABBREVIATIONS, STOP_WORDS, alternation

# A sentence ends at ., ! or ? (plus closing quotes/brackets) followed by space and
# an upper-case letter, a digit or an opening quote; or at a blank/line break.
_BOUNDARY = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*")
# Abbreviations after which a full stop does not end the sentence. Capt., Rev. and
# Pres. are not among them (the splitter has always ended a sentence there).
_NAME_TITLES = [t for t in HONORIFICS + NAME_ABBREVIATIONS if t not in ("Capt", "Rev", "Pres")]
_ABBREV = re.compile(
    r"\b(?:" + alternation(_NAME_TITLES) + r"|Inc|Corp|Co|Ltd|No|Vol|"
    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|[A-Z])\.$"
)
_ABBREV_CHARS = 8  # longer than any abbreviation above with its full stop ("Sept.")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
_QUOTE = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]|‘([^‘’]{12,}?)’")

# Function words carry no evidence of copying: two independent reports share them.
STOPWORDS = STOP_WORDS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, empty pieces dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + len(match.group(1) or "")  # closing quotes stay in
        # Only the few characters before the stop can hold the abbreviation; searching
        # the whole sentence so far made a run of initials ("A. B. C. ...") quadratic.
        window = max(start, match.start() - _ABBREV_CHARS)
        if "\n" not in match.group(0) and _ABBREV.search(text, window, match.start()):
            continue  # "Mr. Smith": not a boundary
        _append_trimmed(text, start, end, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits, with inner apostrophes)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotations (inside double quotes, or long single-quoted runs)."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def strip_quotes(text: str) -> str:
    """The text with its quotations blanked: what the reporter wrote in their own words."""
    return _QUOTE.sub(" ", text)
