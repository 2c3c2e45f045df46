"""Nearest earlier articles, through an inverted index over their heaviest terms.

A story centroid smooths over its members; a bare headline that repeats a few words
of one earlier report can still score low against it. The clusterer therefore also
asks which earlier articles a new one resembles most, and lets a close neighbour
vouch for its story. Each posting list keeps only its most recent entries, so memory
and look-up cost stay bounded on an endless stream.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

from storydesk.link.tfidf import top_terms


class ArticleIndex:
    """Posting lists: term -> {article id: the term's weight in that article}."""

    def __init__(self, postings: dict[str, dict[str, float]] | None = None) -> None:
        self.postings: dict[str, dict[str, float]] = postings if postings is not None else {}

    def add(self, article_id: str, vec: Mapping[str, float], terms: int, cap: int) -> None:
        for term in top_terms(vec, terms):
            plist = self.postings.setdefault(term, {})
            plist[article_id] = vec[term]
            if len(plist) > cap:  # forget the oldest article under this term
                del plist[next(iter(plist))]

    def neighbours(self, query: Mapping[str, float], limit: int) -> list[tuple[str, float]]:
        """Earlier articles by the (partial) dot product over the indexed terms."""
        scores: dict[str, float] = {}
        for term, weight in query.items():
            plist = self.postings.get(term)
            if not plist:
                continue
            for aid, w in plist.items():
                scores[aid] = scores.get(aid, 0.0) + weight * w
        best = heapq.nlargest(limit, scores, key=scores.__getitem__)
        return [(aid, scores[aid]) for aid in best]
