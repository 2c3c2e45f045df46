"""The order in which a batch of articles is clustered."""

from __future__ import annotations

from collections.abc import Sequence

from storydesk.model import Article


def publication_order(articles: Sequence[Article]) -> list[int]:
    """Indices in publication order; an undated article stays right after the dated
    article that preceded it in the input."""
    keyed: list[tuple[float, int, int]] = []
    last = float("-inf")
    for i, a in enumerate(articles):
        if a.published is not None:
            last = a.published.timestamp()
            keyed.append((last, 0, i))
        else:
            keyed.append((last, 1, i))
    return [i for _, _, i in sorted(keyed)]
