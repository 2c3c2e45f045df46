"""The claim-support gold (bench/gold/claim_support_*.json) and where its sentences are
in the articles as the pipeline stored them.

A gold file holds, per DUC2006 cluster, claims written by an annotator, each with the
sentences (docno, start, end: offsets into the raw DUC text) of every article of the
cluster that states it. The file's letter says which half its clusters belong to:
`a` the tuning half (constants may be chosen on it), `b` the reported half (targets).

    claims = load_gold(gold_paths(folder))
    where = locate(raw_text, start, end, SqueezedText(article.text))  # -> (start, end) | None
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HALVES = {"a": "tune", "b": "report"}
_GOLD_NAME = re.compile(r"claim_support_([a-z])\.json$")


@dataclass(frozen=True)
class GoldStatement:
    docno: str
    start: int  # offsets into the raw DUC text of the doc
    end: int


@dataclass(frozen=True)
class GoldClaim:
    id: str
    claim: str
    cluster: str
    half: str  # "tune" or "report"
    statements: tuple[GoldStatement, ...]

    @property
    def docnos(self) -> frozenset[str]:
        return frozenset(s.docno for s in self.statements)


@dataclass(frozen=True)
class GoldCluster:
    cluster: str
    half: str
    file: str
    claims: int


def gold_paths(folder: Path) -> list[Path]:
    """The gold files present, a (tune) before b (report)."""
    return sorted(folder.glob("claim_support_*.json"))


def half_of(path: Path) -> str:
    match = _GOLD_NAME.search(path.name)
    if match is None or match.group(1) not in HALVES:
        known = ", ".join(f"{k} = {v}" for k, v in HALVES.items())
        raise ValueError(f"{path.name}: not a claim-support gold file name ({known})")
    return HALVES[match.group(1)]


def load_gold(paths: list[Path]) -> tuple[list[GoldClaim], list[GoldCluster]]:
    """Every gold claim, and each cluster with its half; a cluster in two files is an
    error (it would be both tuned and reported on)."""
    claims: list[GoldClaim] = []
    clusters: dict[str, GoldCluster] = {}
    for path in paths:
        half = half_of(path)
        data = json.loads(path.read_text("utf-8"))
        for cluster in data["clusters"]:
            name = cluster["cluster"]
            if name in clusters:
                raise ValueError(f"cluster {name} is in {clusters[name].file} and {path.name}")
            clusters[name] = GoldCluster(name, half, path.name, len(cluster["claims"]))
            for claim in cluster["claims"]:
                statements = tuple(
                    GoldStatement(s["docno"], int(s["start"]), int(s["end"]))
                    for s in claim["statements"]
                )
                claims.append(GoldClaim(claim["id"], claim["claim"], name, half, statements))
    return claims, list(clusters.values())


class SqueezedText:
    """A stored article text without its whitespace, and where each kept character
    was: the stored text may differ from the raw DUC text in spacing (the readers
    already normalised it to NFC, as `squeeze` does to the raw sentence)."""

    def __init__(self, text: str) -> None:
        self.positions = [offset for offset, char in enumerate(text) if not char.isspace()]
        self.text = "".join(text[p] for p in self.positions)


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def locate(raw: str, start: int, end: int, article: SqueezedText) -> tuple[int, int] | None:
    """The span of the article text holding raw[start:end], whitespace aside; of several
    occurrences (a sentence repeated), the one nearest the raw offset."""
    needle = squeeze(raw[start:end])
    if not needle:
        return None
    found: list[int] = []
    at = article.text.find(needle)
    while at >= 0:
        found.append(at)
        at = article.text.find(needle, at + 1)
    if not found:
        return None
    best = min(found, key=lambda i: abs(article.positions[i] - start))
    return article.positions[best], article.positions[best + len(needle) - 1] + 1
