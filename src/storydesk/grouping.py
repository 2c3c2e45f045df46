"""Connected groups of items joined by pairs (union-find), shared by every stage that
groups things transitively: rewrite chains, near-identical sentences, quotes of one
statement."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def connected_groups(items: Sequence[T], pairs: Iterable[tuple[T, T]]) -> list[list[T]]:
    """The items split into groups joined (transitively) by `pairs`.

    Groups come in the order of their first item and keep the items' order; a pair
    naming an item not in `items` is ignored.
    """
    parent: dict[T, T] = {item: item for item in items}

    def root(x: T) -> T:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees flat
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
    groups: dict[T, list[T]] = {}
    for item in items:
        groups.setdefault(root(item), []).append(item)
    return list(groups.values())
