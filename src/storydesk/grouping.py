"""Connected groups of items joined by pairs (union-find), shared by every stage that
groups things transitively: rewrite chains, near-identical sentences, quotes of one
statement, the independent sources of a fact."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of items; an item not seen before is a set of its own."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def add(self, item: T) -> None:
        self._parent.setdefault(item, item)

    def find(self, item: T) -> T:
        """The root of `item`'s set (the item itself when it is new)."""
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    def union(self, keep: T, other: T) -> T:
        """Join the sets of `keep` and `other`; the root of `keep`'s set stays the root
        (a caller that names a set after its root chooses which name survives)."""
        root, other_root = self.find(keep), self.find(other)
        if root != other_root:
            self._parent[other_root] = root
        return root

    def copy(self) -> UnionFind[T]:
        clone: UnionFind[T] = UnionFind()
        clone._parent = dict(self._parent)
        return clone


def connected_groups(items: Sequence[T], pairs: Iterable[tuple[T, T]]) -> list[list[T]]:
    """The items split into groups joined (transitively) by `pairs`.

    Groups come in the order of their first item and keep the items' order; a pair
    naming an item not in `items` is ignored.
    """
    sets = UnionFind(items)
    for a, b in pairs:
        if a in sets and b in sets:
            sets.union(a, b)
    groups: dict[T, list[T]] = {}
    for item in items:
        groups.setdefault(sets.find(item), []).append(item)
    return list(groups.values())
