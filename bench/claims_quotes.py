"""PolNeAR quote evaluation: gold direct quotations and how our quotes score on them.

Gold: the attribution relations of the first annotator whose Content span begins
with a quotation mark (a direct quotation; split quotations are one Content span
running over the "she said" in the middle). A predicted quote matches a gold one
when their word sets have Jaccard >= 0.5 (one-to-one, best first).

Precision leaves out predicted quotes lying inside a gold Content that is *not* a
direct quotation: those are fragments quoted within an indirect attribution
("reports that Clinton's team wanted to “keep the details under wraps”"), which the
annotators recorded as part of the indirect one. The strict figure, counting them as
false positives, is reported too.

Speaker: correct when the speaker mention we found overlaps the gold Source span, or
the name we resolved it to shares a word with the gold Source text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from storydesk.model import Quote

_WORD = re.compile(r"\w+")
_OPEN_MARKS = "\"“‘`'«„"


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[int, int]
    source: tuple[int, int] | None
    direct: bool


def parse_brat(annotation: str, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[int, int]] = {}
    for line in annotation.splitlines():
        if line.startswith("T"):
            tid, middle, *_ = line.split("\t")
            parts = middle.replace(";", " ").split()
            spans[tid] = (int(parts[1]), int(parts[-1]))
    gold = []
    for line in annotation.splitlines():
        if not line.startswith("E"):
            continue
        roles = dict(part.split(":", 1) for part in line.split("\t")[1].split())
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        start, end = spans[roles["Content"]]
        if end <= start:
            continue
        content = text[start:end].strip()
        source = spans.get(roles.get("Source", ""))
        gold.append(GoldAttribution((start, end), source, content[:1] in _OPEN_MARKS))
    return gold


def load_polnear(path: Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows.append((row["id"], row["text"], parse_brat(row["annotations"][0], row["text"])))
    return rows


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass
class QuoteScore:
    gold: int = 0
    predicted: int = 0
    excluded: int = 0  # predictions inside an indirect attribution's content
    matched: int = 0
    speaker_right: int = 0

    def add(self, other: QuoteScore) -> None:
        for name in ("gold", "predicted", "excluded", "matched", "speaker_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, strict: bool = False) -> float:
        predicted = self.predicted if strict else self.predicted - self.excluded
        precision = self.matched / predicted if predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0


def score_article(text: str, gold: list[GoldAttribution], quotes: list[Quote]) -> QuoteScore:
    direct = [g for g in gold if g.direct]
    indirect = [g for g in gold if not g.direct]
    score = QuoteScore(gold=len(direct), predicted=len(quotes))
    gold_words = [_words(text[g.content[0] : g.content[1]]) for g in direct]
    pairs = []
    for qi, quote in enumerate(quotes):
        # Gold Content spans run over the "she said" of a split quotation: so do ours.
        words = _words(text[quote.start : quote.end])
        for gi, gw in enumerate(gold_words):
            similarity = _jaccard(words, gw)
            if similarity >= 0.5:
                pairs.append((similarity, qi, gi))
    used_q: set[int] = set()
    used_g: set[int] = set()
    for _, qi, gi in sorted(pairs, reverse=True):
        if qi in used_q or gi in used_g:
            continue
        used_q.add(qi)
        used_g.add(gi)
        score.matched += 1
        if _speaker_right(text, quotes[qi], direct[gi]):
            score.speaker_right += 1
    for qi, quote in enumerate(quotes):
        if qi not in used_q and any(
            g.content[0] <= quote.start and quote.end <= g.content[1] + 2 for g in indirect
        ):
            score.excluded += 1
    return score


def _speaker_right(text: str, quote: Quote, gold: GoldAttribution) -> bool:
    if gold.source is None:
        return quote.speaker is None
    s, e = gold.source
    local = quote.speaker_start, quote.speaker_end
    if local[0] is not None and local[1] is not None and local[0] < e and s < local[1]:
        return True
    if quote.speaker:
        ignore = {"the", "a", "an", "of", "s", "mr", "mrs", "ms"}
        return bool((_words(quote.speaker) - ignore) & (_words(text[s:e]) - ignore))
    return False
