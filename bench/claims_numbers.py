"""Scoring numeric claims against the hand-written gold (bench/gold/numeric_claims.json).

A gold claim is located by its number expression (`text`, the n-th `occurrence`)
in the article; the predicted claim overlapping that span is its prediction.

- value and hedge: the value equal (to 1e-6, relative) and the hedge's name equal;
- counted thing: the content words of the two phrases (stop words and digits out,
  crude stems: the first five letters) agree when one set holds the other or their
  Jaccard is at least 0.5;
- attribution: none on both sides, or the same agreement with any accepted name.

Every gold claim counts: one we did not find is wrong on every field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dateutil.parser import parse as parse_date

from storydesk.model import NumericClaim

_STOP = frozenset(
    "the a an of in on at to for by with from and or its their his her our who that which "
    "were was are is be been have has had did not no than more percent per".split()
)


@dataclass(frozen=True)
class GoldArticle:
    key: str  # docno or fixture path
    text: str
    published: datetime | None
    claims: list[dict]


def duc_date(value: str | None) -> datetime | None:
    """DUC dates come as "1999-07-07 08:30:27", "1997-11-16" or "08/12/1998"."""
    if not value:
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        return None


def load_gold(gold_path: Path, repo: Path, duc_path: Path | None) -> list[GoldArticle]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    duc: dict[str, dict] = {}
    if duc_path is not None and duc_path.exists():
        for line in duc_path.read_text(encoding="utf-8").splitlines():
            for doc in json.loads(line)["docs"]:
                duc[doc["docno"]] = doc
    articles = []
    for entry in gold["articles"]:
        if entry["source"] == "fixture":
            text = (repo / entry["file"]).read_text(encoding="utf-8")
            published = datetime.fromisoformat(entry["published"])
            articles.append(GoldArticle(entry["file"], text, published, entry["claims"]))
        elif entry["docno"] in duc:
            doc = duc[entry["docno"]]
            published = duc_date(doc.get("date"))
            articles.append(GoldArticle(entry["docno"], doc["text"], published, entry["claims"]))
    return articles


def locate(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int] | None:
    pattern = re.compile(r"(?<![\w$])" + re.escape(phrase) + r"(?!\w)")
    for index, match in enumerate(pattern.finditer(text), start=1):
        if index == occurrence:
            return match.span()
    return None


def _content(phrase: str | None) -> set[str]:
    if not phrase:
        return set()
    words = re.findall(r"[a-z][a-z'’-]*", phrase.lower())
    stems = (w.removesuffix("'s").removesuffix("’s").removesuffix("s") for w in words)
    return {w[:5] for w in stems if w and w not in _STOP}


def phrases_agree(gold: str | None, predicted: str | None) -> bool:
    g, p = _content(gold), _content(predicted)
    if not g or not p:
        return not g and not p
    return g <= p or p <= g or len(g & p) / len(g | p) >= 0.5


@dataclass
class NumberScore:
    gold: int = 0
    found: int = 0
    value_hedge: int = 0
    counted: int = 0
    attribution: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        return getattr(self, name) / self.gold if self.gold else 0.0


def score_numbers(article: GoldArticle, claims: list[NumericClaim], score: NumberScore) -> None:
    used: set[int] = set()
    for gold in article.claims:
        score.gold += 1
        span = locate(article.text, gold["text"], gold.get("occurrence", 1))
        match = None
        if span is not None:
            for index, claim in enumerate(claims):
                if index not in used and claim.start < span[1] and span[0] < claim.end:
                    match = index
                    break
        if match is None:
            score.misses.append(f"{article.key}: {gold['text']!r} not found")
            continue
        used.add(match)
        claim = claims[match]
        score.found += 1
        value_ok = abs(claim.value - gold["value"]) <= 1e-6 * max(1.0, abs(gold["value"]))
        if value_ok and claim.hedge == gold["hedge"]:
            score.value_hedge += 1
        else:
            score.misses.append(f"{article.key}: {gold['text']!r} value/hedge "
                                f"{claim.value:g}/{claim.hedge}")  # fmt: skip
        if phrases_agree(gold["counted"], claim.counted):
            score.counted += 1
        else:
            score.misses.append(f"{article.key}: {gold['text']!r} counted {claim.counted!r} "
                                f"(gold {gold['counted']!r})")  # fmt: skip
        accepted = gold["attribution"]
        options = accepted if isinstance(accepted, list) else [accepted]
        if any(phrases_agree(option, claim.attribution) for option in options):
            score.attribution += 1
        else:
            score.misses.append(f"{article.key}: {gold['text']!r} attribution "
                                f"{claim.attribution!r} (gold {accepted!r})")  # fmt: skip
    score.predicted += len(claims)
    score.predicted_matched += len(used)
