"""The labelled set of the conflict benchmark: every conflict storydesk flagged on DUC
2006, labelled true or false by reading the articles (bench/gold/conflict_labels.json).

A flagged conflict is two spans of two articles (docno, character offsets into the
article text as storydesk stores it, the value as written). A label is found for it
exactly (same cluster, same two spans and values, in either order) or, failing that,
by overlap: same cluster and docnos, and each label span overlapping the conflict's
span in the same article (a change to how a claim's span is read, "109" becoming
"109 people", keeps its label). The file holds ids, offsets, short values and reasons
in our own words, never article text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).resolve().parent / "gold" / "conflict_labels.json"


@dataclass(frozen=True)
class Side:
    docno: str
    start: int
    end: int
    value: str

    def overlaps(self, other: Side) -> bool:
        """Same article and overlapping spans; an empty span (words dropped or added
        there) overlaps a span it touches."""
        if self.docno != other.docno:
            return False
        if self.start == self.end or other.start == other.end:
            return self.start <= other.end and other.start <= self.end
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Flagged:
    """One conflict as a user sees it: two sides, what raised it, and why."""

    cluster: str
    first: Side
    second: Side
    kind: str  # "fact: unexplained", "rewrite: number", ...
    explanation: str

    @property
    def key(self) -> tuple[str, frozenset[Side]]:
        return self.cluster, frozenset((self.first, self.second))


@dataclass(frozen=True)
class Label:
    cluster: str
    first: Side
    second: Side
    true: bool
    reason: str

    @property
    def key(self) -> tuple[str, frozenset[Side]]:
        return self.cluster, frozenset((self.first, self.second))

    def overlaps(self, flagged: Flagged) -> bool:
        if flagged.cluster != self.cluster:
            return False
        a, b = flagged.first, flagged.second
        return (self.first.overlaps(a) and self.second.overlaps(b)) or (
            self.first.overlaps(b) and self.second.overlaps(a)
        )


def _side(row: Mapping[str, object]) -> Side:
    return Side(str(row["docno"]), int(str(row["start"])), int(str(row["end"])), str(row["value"]))


def read_labels(path: Path = LABELS) -> list[Label]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Label(
            row["cluster"],
            _side(row["first"]),
            _side(row["second"]),
            bool(row["true"]),
            row["reason"],
        )
        for row in data["conflicts"]
    ]


class LabelIndex:
    """Labels found for flagged conflicts: exact key first, then overlapping spans."""

    def __init__(self, labels: Iterable[Label]) -> None:
        self.labels = list(labels)
        self._exact = {label.key: label for label in self.labels}
        self._by_cluster: dict[str, list[Label]] = {}
        for label in self.labels:
            self._by_cluster.setdefault(label.cluster, []).append(label)

    def find(self, flagged: Flagged) -> Label | None:
        exact = self._exact.get(flagged.key)
        if exact is not None:
            return exact
        return next(
            (x for x in self._by_cluster.get(flagged.cluster, ()) if x.overlaps(flagged)), None
        )


def label_rows(labels: Sequence[Label]) -> list[dict[str, object]]:
    """Labels as the JSON file holds them, sorted so that diffs stay small."""

    def side(s: Side) -> dict[str, object]:
        return {"docno": s.docno, "start": s.start, "end": s.end, "value": s.value}

    ordered = sorted(
        labels,
        key=lambda x: (x.cluster, x.first.docno, x.first.start, x.second.docno, x.second.start),
    )
    return [
        {
            "cluster": x.cluster,
            "first": side(x.first),
            "second": side(x.second),
            "true": x.true,
            "reason": x.reason,
        }
        for x in ordered
    ]
