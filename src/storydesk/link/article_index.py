"""Nearest earlier articles, through an inverted index over their heaviest terms.

A story centroid smooths over its members; a bare headline that repeats a few words
of one earlier report can still score low against it. The clusterer therefore also
asks which earlier articles a new one resembles most, and lets a close neighbour
vouch for its story. Each posting list keeps only its most recent entries, so memory
and look-up cost stay bounded on an endless stream.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, MutableMapping

from storydesk.link.lazy_rows import prefetch
from storydesk.link.tfidf import top_terms


class ArticleIndex:
    """Posting lists: term -> {article id: the term's weight in that article}, in a
    dict or in lazy rows (link.lazy_rows)."""

    def __init__(self, postings: MutableMapping[str, dict[str, float]] | None = None) -> None:
        self.postings: MutableMapping[str, dict[str, float]] = (
            postings if postings is not None else {}
        )

    def add(self, article_id: str, vec: Mapping[str, float], terms: int, cap: int) -> None:
        top = top_terms(vec, terms)
        prefetch(self.postings, top)
        for term in top:
            plist = self.postings.get(term)
            if plist is None:
                plist = {}
            plist[article_id] = vec[term]
            if len(plist) > cap:  # forget the oldest article under this term
                del plist[next(iter(plist))]
            self.postings[term] = plist  # (re)assigned: lazy rows write back what changed

    def neighbours(self, query: Mapping[str, float], limit: int) -> list[tuple[str, float]]:
        """Earlier articles by the (partial) dot product over the indexed terms."""
        scores: dict[str, float] = {}
        prefetch(self.postings, query)
        for term, weight in query.items():
            plist = self.postings.get(term)
            if not plist:
                continue
            for aid, w in plist.items():
                scores[aid] = scores.get(aid, 0.0) + weight * w
        best = heapq.nlargest(limit, scores, key=scores.__getitem__)
        return [(aid, scores[aid]) for aid in best]
