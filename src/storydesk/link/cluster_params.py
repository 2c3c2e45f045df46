"""The clusterer's parameters: one default set for every kind of news stream.

No setting depends on the corpus: thresholds depend on the article's length (a
headline's cosines run higher than a 600-word report's) and on whether the story is a
lone report, and were tuned by hand, one parameter at a time, on DUC 2006, MStream
headlines and SemEval-2022 pairs together (`bench/bench_cluster.py` prints the
figures). The comments below say what each knob does; the tuning log (what each
value gained, what was tried and not kept, the ceiling on DUC) is in bench/TUNING.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterParams:
    """Every knob of `OnlineClusterer`; saved with its state so a resumed run keeps them."""

    # The cosine of two reports of one event falls as the texts get longer (more
    # terms, each with less weight), so thresholds are set for a bare headline
    # (`short_terms` distinct terms or fewer) and for a full report (`long_terms` or
    # more) and interpolated on the log of the term count in between.
    join_short: float = 0.2  # min score for a headline to join a story
    join_long: float = 0.12  # min score for a full report to join a story
    merge_short: float = 0.25  # min centroid score for two stories of headlines to merge
    merge_long: float = 0.4  # min centroid score for two stories of full reports to merge
    short_terms: int = 8
    long_terms: int = 200
    lone_story_factor: float = 1.2  # a one-report story needs this multiple to be joined
    late_join_size: int = 2  # a story this small merges as a late join...
    late_join_factor: float = 1.2  # ...at this multiple of its join threshold
    cohesion_factor: float = 0.5  # a grown story takes only articles scoring this share...
    cohesion_joins: int = 3  # ...of its members' mean join score, once this many joined
    entity_weight: float = 0.5  # an entity mention counts as this many words
    decay_days: float = 60.0  # time scale of the decay with the gap to a story
    decay_floor: float = 0.8  # the decay never goes below this factor...
    max_gap_days: float = 730.0  # ...until the gap passes this: then no match at all
    title_weight: float = 2.0  # the title counts this many times the body words
    lead_words: int = 300  # body words used (the lead)
    query_terms: int = 12  # article terms looked up in the index
    posted_terms: int = 20  # terms (and entities) a story is posted under
    centroid_terms: int = 150  # terms kept in a story centroid
    max_sum_terms: int = 500  # terms kept in a story's running sums
    postings_cap: int = 300  # most recent stories read per posting list
    candidates: int = 20  # stories scored exactly per article
    neighbour_weight: float = 0.5  # weight of the neighbours' votes against a centroid
    neighbour_terms: int = 20  # terms an article is indexed under
    neighbour_cap: int = 200  # most recent articles kept per term
    neighbours: int = 10  # nearest earlier articles consulted
    neighbour_vote: float = 0.5  # each close earlier article adds this share of its cosine
    # Online split (see cluster_split): checked at split_first members, then each
    # split_growth times larger; split_long = 0 turns it off. A story splits when
    # its two groups' cosine over their tightness is below split_short (headlines)
    # to split_long (full reports), interpolated like the join thresholds...
    split_short: float = 0.6
    split_long: float = 0.8
    split_min: int = 3  # ...and each group holds at least this many members
    split_first: int = 25
    split_growth: float = 1.6
    member_terms: int = 100  # terms kept per member for the split
    # Sweep (see OnlineClusterer._sweep): every sweep_every articles, the lone reports
    # among the last sweep_window articles are offered again to the stories of at
    # least sweep_min_size reports that have grown since; sweep_every = 0 turns it off.
    sweep_every: int = 100
    sweep_window: int = 2000
    sweep_min_size: int = 5
    sweep_factor: float = 1.0  # a lone report joins at this multiple of the join threshold

    def length_threshold(self, terms: int, short: float, long: float) -> float:
        """The threshold for a text of `terms` distinct terms: `short` up to
        `short_terms`, `long` from `long_terms`, on the log of the count in between."""
        if terms <= self.short_terms:
            return short
        if terms >= self.long_terms:
            return long
        x = math.log(terms / self.short_terms) / math.log(self.long_terms / self.short_terms)
        return short + (long - short) * x
