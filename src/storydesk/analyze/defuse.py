"""What spaCy is shown of a text: the same text with its tokenizer traps disarmed.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one at a
time and re-searches the rest after each, so its cost grows with the square (or
worse) of the run's length: 8,000 quotation marks take 45 s, 10,000 "'s" 100 s. Real
prose has no such runs, so `defuse` cuts them before spaCy sees them:

- a run of more than `MAX_MARK_RUN` marks (punctuation, symbols) keeps its first
  marks and the rest become spaces ("!!!!!!!!!!!!" or a 60 KB rule of dashes);
- a whitespace-free run longer than `MAX_WORD_CHARS` (a pasted blob) gets a space
  every `MAX_WORD_CHARS` characters.

The result has the same length and the same line breaks as the text, so every
offset spaCy reports is an offset into the original (which is what is stored).
"""

from __future__ import annotations

import re

MAX_MARK_RUN = 8  # "?!”)." and the like end sentences; nine marks in a row end nothing
MAX_WORD_CHARS = 500  # longer than any real URL in news copy

_MARK_RUN = re.compile(rf"[^\w\s]{{{MAX_MARK_RUN + 1},}}")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


def _blank_tail(match: re.Match[str]) -> str:
    run = match.group()
    return run[:MAX_MARK_RUN] + " " * (len(run) - MAX_MARK_RUN)


def _space_out(match: re.Match[str]) -> str:
    run = match.group()
    step = MAX_WORD_CHARS
    return "".join(
        run[i : i + step - 1] + (" " if i + step - 1 < len(run) else "")
        for i in range(0, len(run), step)
    )


def defuse(text: str) -> str:
    """`text` with long runs of marks and of non-space characters broken (see above)."""
    text = _MARK_RUN.sub(_blank_tail, text)
    return _LONG_WORD.sub(_space_out, text)
