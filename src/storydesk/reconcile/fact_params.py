"""The fact stage's thresholds: how claims are read, when two sources are one, when
two figures conflict.

Like `ClusterParams`, one frozen set of values for every kind of news, with a
`DEFAULT`; the functions that use a value take ``params: FactParams = DEFAULT``. The
conflict thresholds were set on `bench/bench_facts.py` (the seeds, and DUC 2006
clusters with injected conflicting figures: most injected conflicts found, at most
one false conflict per unchanged cluster); the four alignment constants are chosen on
its tuning half only, by `bench_facts.py --sweep` (bench/TUNING.md). How a hedge reads as a range
(`ranges.OVER_SHARE`, `ranges.SLACK`) is part of what a claim means, not a threshold,
and stays in `ranges`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactParams:
    """Every threshold of `facts`, `topics`, `sources`, `conflicts` and `similarity`."""

    # Reading a claim (facts, topics).
    # A number outside every sentence span: this many characters either side of it
    # stand in for its sentence.
    sentence_fallback_chars: int = 150
    # The text read after a number for its subject ("14 of the injured" is a part):
    # facts and conflicts must read the same, or a fact's claims would change subject.
    after_chars: int = 30
    part_before_chars: int = 60  # "including 17 women" is looked for this far before it
    verb_before_words: int = 4  # "killing at least 23": the verb is within this many words
    min_context_letters: int = 3  # shorter words are no content words of a sentence
    # Two quotations of one statement differ only in spelling when each changed word is
    # this close to the other ("fulfill" / "fulfil").
    spelling_ratio: float = 0.8
    # Two attributions are one source when this share of the shorter one's distinctive
    # words are in the other ("Gaza's Health Ministry" / "the Health Ministry in Gaza").
    same_source_share: float = 0.5

    # Conflicts by wording (conflicts): the two sentences share this share of the
    # shorter one's content words...
    min_context: float = 0.5
    min_local: float = 0.3  # ...and this share within `local_words` words of the number
    local_words: int = 6
    # Two reports of one count rarely differ tenfold; figures that far apart almost
    # always count different groups ("10 patients" in one ward / "1,500 patients").
    max_ratio: float = 10.0
    # Smaller figures ("one", "a") are too common to be told apart by the words around them.
    min_compared_value: float = 2
    # A currency named within this many characters after a figure makes it a sum of
    # money ("1.7 million U.S. dollars"), never a conflicting count.
    money_chars: int = 40
    # Candidate pairs examined per story at most. A 200-article story has ~2,000
    # (claims meet only claims of the same counted nouns or event); only crafted input
    # (thousands of figures for one thing, each from its own source) reaches this, and
    # it must not stall the run.
    max_pairs: int = 100_000

    # Conflicts by alignment (similarity.aligned), set on bench_facts: cosine 0.12
    # without the near-word condition found 25 of 27 injected conflicts but doubled
    # the false ones.
    # Disagreeing by at least this factor: a clear contradiction, not a revision ("27
    # dead" then "31 dead" is news updating itself; 113 vs 339 is not).
    clear_ratio: float = 2.0
    # Distinctive content words both use, the counted noun aside (one more without a
    # shared word next to the number). 2: with the comparability checks of issue 14
    # the tuning half of bench_facts cannot tell 1, 2 or 3 apart (bench/TUNING.md), so
    # the value held before that sweep stays.
    min_shared_words: int = 2
    # TF-IDF cosine of the two sentences' content words, with a shared word next to the
    # number ("the crash that killed"); without one, the sentences must be much closer
    # (`strong_cosine`): they may share a setting and count apart things.
    min_cosine: float = 0.14
    strong_cosine: float = 0.3
    # Small counts ("two engines", "six documents") recur in many roles within one
    # story; shared wording is too weak a sign that two of them count the same things.
    min_aligned_value: float = 10

    # Comparability (comparable), chosen on the even DUC2006 clusters of
    # bench/bench_conflicts.py and reported on the odd ones.
    # Running counts ("has signed", "employs") told more days apart than this may have
    # changed in between: the later updates the earlier.
    running_days: int = 7
    # A name that fewer than this share of a story's articles use, naming an event
    # before a figure ("The Lauda Air crash killed all 223"), marks a background event.
    background_share: float = 0.2


DEFAULT = FactParams()
