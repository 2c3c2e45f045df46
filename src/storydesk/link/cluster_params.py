"""The clusterer's parameters: one default set for every kind of news stream.

How the defaults were chosen
----------------------------
They were tuned by hand, one parameter at a time, on the dev data in ../shared/data
(`bench/bench_cluster.py` prints the result): DUC 2006 (25 long reports per topic,
spread over up to four years), MStream News (11k bare, lower-cased headlines) and
the English pairs of SemEval-2022 Task 8. No setting depends on the corpus:

- Thresholds depend on the article's length only. Cosines between reports of one
  event are high for headlines (few terms) and low for 600-word reports (many terms,
  each light): MStream wanted a join threshold near 0.2, DUC near 0.12, SemEval's
  ~160-word texts in between, which the log-interpolation gives.
- The time decay is gentle (floor 0.8) because DUC topics run for years with gaps of
  months between reports; the hard window (730 days) still keeps a 2023 event from
  joining a 1999 story (the seeds inside the DUC stream).
- Entities count half a word: on DUC they raised precision a little and cost recall;
  at a full word they cost more than they gave.
- The nearest-earlier-article evidence (`neighbour_*`) lifted MStream's BCubed F1
  from 0.71 to 0.75 and changed nothing on long reports.
- The index sizes (`query_terms`, `posted_terms`, `postings_cap`, `candidates`)
  were set as small as possible without changing the quality figures; raising them
  (to 50 candidates, 1,000 per posting list) changed nothing on DUC.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterParams:
    # The cosine of two reports of one event falls as the texts get longer (more
    # terms, each with less weight), so thresholds are set for a bare headline
    # (`short_terms` distinct terms or fewer) and for a full report (`long_terms` or
    # more) and interpolated on the log of the term count in between.
    join_short: float = 0.2  # min score for a headline to join a story
    join_long: float = 0.12  # min score for a full report to join a story
    merge_short: float = 0.25  # min centroid score for two stories of headlines to merge
    merge_long: float = 0.4  # min centroid score for two stories of full reports to merge
    short_terms: int = 8
    late_join_size: int = 2  # a story this small merges as a late join...
    late_join_factor: float = 1.6  # ...at this multiple of its join threshold
    long_terms: int = 200
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
    neighbour_weight: float = 0.5  # a close earlier article vouches for its story this much
    neighbour_terms: int = 20  # terms an article is indexed under
    neighbour_cap: int = 200  # most recent articles kept per term
    neighbours: int = 10  # nearest earlier articles consulted
    neighbour_vote: float = 0.5  # each close earlier article adds this share of its cosine
