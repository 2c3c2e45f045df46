"""The thresholds of the claim groups (`reconcile.statements`): when two sentences of
different articles state the same thing.

One frozen set of values with a `DEFAULT`, like the other stages' params. The values
were chosen on the tuning half of the claim-support gold (bench/bench_claim_support.py
prints both halves; bench/TUNING.md has the figures).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatementParams:
    """Every threshold of `group_statements`."""

    # A sentence with fewer content words says too little to be matched on its own
    # ("He said so.", bylines, section labels).
    min_content_words: int = 4
    # Sentence-vector cosine (MiniLM) above which two sentences are one statement on
    # the vectors alone, provided that their numbers, dates, names and polarity agree.
    cosine_alone: float = 0.80
    # Below `cosine_alone`, a pair must also share words: cosine at least `cosine_floor`
    # and a Dice overlap of content stems of at least `shared_words`.
    cosine_floor: float = 0.70
    shared_words: float = 0.40
    # ... or at least this share of the shorter sentence's content words (a claim
    # stated briefly inside a longer sentence).
    contained_words: float = 0.5
    # Two groups merge only when this share of the pairs across them are matches
    # themselves (average linkage over the match graph), so that a chain of small
    # steps never joins two different statements.
    link_share: float = 0.5
    # The lead claim (stated by at least `lead_min_articles` articles) takes an article's
    # closest sentence when its cosine to the claim's mean vector is at least this.
    lead_min_articles: int = 3
    lead_cosine: float = 0.65
    lead_contained_words: float = 0.5
    # Rows of the cosine matrix computed at once (memory, not results).
    block_rows: int = 1024


DEFAULT = StatementParams()
