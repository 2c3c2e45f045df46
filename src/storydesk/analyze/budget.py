"""How much work one article may cost, and the one-line reason when it costs more.

Real news is small: the longest articles in the corpora we measure are well under
100,000 characters and 2,000 sentences. Input that is far bigger (a pasted log, a
100,000-line table, 60 KB of punctuation) is not news; analysing it anyway would
stall the run for minutes and then flood every later stage. So each article gets a
budget, checked as cheaply as possible before the expensive work and exactly after
it, and an article over it fails with a reason such as

    over the analysis budget: 104,233 sentences (limit 5,000)

instead of being analysed. The limits are a few times what real news needs, so no
real article comes near them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

# A token as spaCy's English tokenizer roughly counts them: a word or one mark.
_TOKEN = re.compile(r"\w+|[^\w\s]")
# A sentence ends at a line break, or at end punctuation followed by more text on the
# same line; an over-estimate (abbreviations count), never an under-estimate by much.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+(?=\S)")
_LINE = re.compile(r"\S[^\n]*")


class BudgetExceeded(Exception):
    """An article needs more work than its budget allows; `reason` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def over_budget(stage: str, amount: float, unit: str, limit: float) -> str:
    """ "over the analysis budget: 104,233 sentences (limit 5,000)"."""
    if isinstance(amount, float) or isinstance(limit, float):
        return f"over the {stage} budget: {amount:,.1f} {unit} (limit {limit:,.0f})"
    return f"over the {stage} budget: {amount:,} {unit} (limit {limit:,})"


def estimate_tokens(text: str) -> int:
    return sum(1 for _ in _TOKEN.finditer(text))


def estimate_sentences(text: str) -> int:
    """Non-empty lines plus the sentence ends inside them."""
    return sum(1 for _ in _LINE.finditer(text)) + sum(1 for _ in _SENTENCE_END.finditer(text))


@dataclass(frozen=True, slots=True)
class AnalysisBudget:
    """Per-article limits of sentence segmentation and entity recognition (spaCy)."""

    max_chars: int = 200_000
    max_sentences: int = 5_000
    max_tokens: int = 40_000
    max_seconds: float = 30.0  # wall-clock seconds of spaCy work on this article

    def precheck(self, text: str) -> str | None:
        """Why `text` is over budget judged before analysis (cheap), or None."""
        if len(text) > self.max_chars:
            return over_budget("analysis", len(text), "characters", self.max_chars)
        tokens = estimate_tokens(text)
        if tokens > self.max_tokens:
            return over_budget("analysis", tokens, "tokens", self.max_tokens)
        sentences = estimate_sentences(text)
        if sentences > self.max_sentences:
            return over_budget("analysis", sentences, "sentences", self.max_sentences)
        return None

    def postcheck(self, sentences: int, tokens: int, seconds: float) -> str | None:
        """Why an analysis that was made is over budget after all, or None."""
        if sentences > self.max_sentences:
            return over_budget("analysis", sentences, "sentences", self.max_sentences)
        if tokens > self.max_tokens:
            return over_budget("analysis", tokens, "tokens", self.max_tokens)
        if seconds > self.max_seconds:
            return over_budget("analysis", round(seconds, 1), "seconds", self.max_seconds)
        return None


@dataclass(frozen=True, slots=True)
class ClaimsBudget:
    """Per-article limits of claim extraction (dates, quotes, numbers, credits)."""

    max_chars: int = 200_000
    max_sentences: int = 5_000
    max_seconds: float = 20.0

    def deadline(self) -> Deadline:
        return Deadline("claims", self.max_seconds)


class Deadline:
    """Wall-clock time left to a stage's work on one article; `check` raises
    `BudgetExceeded` once it has run out. Cheap enough to call in inner loops."""

    def __init__(self, stage: str, seconds: float) -> None:
        self.stage = stage
        self.seconds = seconds
        self.started = time.monotonic()

    def check(self) -> None:
        spent = time.monotonic() - self.started
        if spent > self.seconds:
            raise BudgetExceeded(over_budget(self.stage, round(spent, 1), "seconds", self.seconds))


def failure_reason(error: BaseException) -> str:
    """One line saying what went wrong: the budget's reason, or the error's type and
    message (never a traceback)."""
    if isinstance(error, BudgetExceeded):
        return error.reason
    message = " ".join(str(error).split())
    line = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return line if len(line) <= 300 else line[:299] + "…"


DEFAULT_ANALYSIS_BUDGET = AnalysisBudget()
DEFAULT_CLAIMS_BUDGET = ClaimsBudget()
