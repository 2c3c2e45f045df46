"""The thresholds of the discrepancy stage (`reconcile.discrepancies`).

Set on the fictional recall story of the tests and on the seeds (the paraphrase
alignments there that pair sentences about different things must fail the pairing
test), and checked on the first half of `bench/bench_discrepancies.py`'s articles;
the second half is reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DiscrepancyParams:
    # Two passages are compared only when they share this many content words...
    min_shared_words: int = 4
    # ...making this share of the smaller side's content words...
    min_share_of_smaller: float = 0.5
    # ...and this share of the larger side's (a sentence and one clause of a long one).
    min_share_of_larger: float = 0.3
    # A changed number, date or name is one of at most this many words replacing as
    # many: a longer replaced stretch is a reworded clause, whose figures need not be
    # the same figures at all.
    max_replaced_words: int = 4
    # A rate ("for every hostage") belongs to the figure it follows within this many words.
    rate_window: int = 8
    # A date belongs to an event word within this many words of it, in one clause, with
    # no verb between ("since the end of the ceasefire in northern Gaza in the early
    # hours of Friday": 12 words).
    event_window: int = 15
    # Passages longer than this many words (a text without sentence ends) are not
    # compared: the word diff is quadratic in the worst case, and no sentence is so long.
    max_passage_words: int = 400
    # Words in a quotation replaced by words this close in spelling are one word
    # spelt two ways ("fulfill" / "fulfil"), not a changed quotation.
    spelling_ratio: float = 0.8


DEFAULT = DiscrepancyParams()
