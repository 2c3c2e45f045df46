"""The fictional demo corpus (src/storydesk/demo/corpus and its gold.json) as fixtures.

Another engineer wrote the corpus and its gold; here it checks, per gold item:
numeric claims (value and hedge), numbers that are not counts, quotes (speaker),
relative dates (resolved day or month) and, on the main story, entity spelling
variants and people sharing a surname.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.ingest.discover import read_inputs
from storydesk.model import Analysis, Article, ArticleClaims
from storydesk.reconcile.entities import canonical_entities

CORPUS = Path(__file__).resolve().parent.parent / "src" / "storydesk" / "demo" / "corpus"
_HEDGES = {None: "exact", "more than": "more_than", "over": "more_than", "at least": "at_least",
           "about": "about", "around": "about", "roughly": "about", "some": "about"}  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass
class DemoScore:
    numbers: tuple[int, int] = (0, 0)  # right, of
    not_counts: tuple[int, int] = (0, 0)
    quotes: tuple[int, int] = (0, 0)
    dates: tuple[int, int] = (0, 0)
    variants: tuple[int, int] = (0, 0)
    apart: tuple[int, int] = (0, 0)


def _load() -> tuple[dict, dict[str, tuple[Article, Analysis, ArticleClaims]]]:
    gold = json.loads((CORPUS.parent / "gold.json").read_text(encoding="utf-8"))
    read = [a for a in read_inputs([CORPUS]) if isinstance(a, Article)]
    wanted: dict[str, Article] = {}
    for entry in gold["articles"]:
        for article in read:
            same_file = Path(article.provenance.source).name == entry["file"]
            locator = entry["locator"]
            if same_file and (locator is None or str(article.provenance.locator) == str(locator)):
                wanted[entry["id"]] = article
                break
    articles = list(wanted.values())
    analyses = analyze_articles(articles, processes=2)
    items = {
        key: (article, analysis, extract_claims(article, analysis))
        for (key, article), analysis in zip(wanted.items(), analyses, strict=True)
    }
    return gold, items


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def score_demo() -> DemoScore:
    gold, items = _load()
    score = DemoScore()
    right = total = 0
    for claim in gold["numeric_claims"]:
        if claim["article"] not in items:
            continue
        total += 1
        ours = items[claim["article"]][2].numbers
        value = claim["value"]
        value = value.get("min", value.get("max")) if isinstance(value, dict) else value
        hedge = _HEDGES.get(claim["hedge"], claim["hedge"])
        if any(n.value == value and n.hedge == hedge for n in ours):
            right += 1
    score.numbers = (right, total)
    right = total = 0
    for item in gold["not_counts"]:
        # The team's numeric gold counts percentages as claims (a share of something).
        if item["article"] not in items or item["kind"] == "percentage":
            continue
        article, _, claims = items[item["article"]]
        where = article.text.find(item["evidence"])
        if where < 0:
            continue
        total += 1
        at = where + item["evidence"].find(item["text"])
        right += not any(n.start <= at < n.end for n in claims.numbers)
    score.not_counts = (right, total)
    right = total = 0
    for quote in gold["quotes"]:
        for key in quote["articles"]:
            if key not in items:
                continue
            total += 1
            words = _words(quote["text"])
            for ours in items[key][2].quotes:
                # a gold entry may give only one piece of a split or multi-paragraph quote
                theirs = _words(ours.text)
                if words <= theirs or len(words & theirs) / max(1, len(words | theirs)) >= 0.5:
                    right += bool(_words(quote["speaker"]) & _words(ours.speaker))
                    break
    score.quotes = (right, total)
    right = total = 0
    for mention in gold["relative_dates"]:
        article = items[mention["article"]][0] if mention["article"] in items else None
        if article is None or article.published is None:
            continue  # relative to a date the article does not carry
        total += 1
        claims = items[mention["article"]][2]
        where = article.text.find(mention["text"])
        found = [d for d in claims.dates if where >= 0 and where <= d.start < where + len(
            mention["text"]) + 1]  # fmt: skip
        right += any((d.value or "").startswith(mention["resolved"]) for d in found)
    score.dates = (right, total)
    main = [items[k] for k in gold["stories"]["main"]["articles"] if k in items]
    entities = canonical_entities(main)
    right = total = 0
    for variant in gold["entity_variants"]:
        names = [v for v in variant["variants"] if v[:1].isupper()]  # names, not "the service"
        holders = {e.id for e in entities for v in names if v == e.name or v in e.variants}
        if len(holders) == 0:
            continue
        total += 1
        right += len(holders) == 1
    score.variants = (right, total)
    right = total = 0
    for group in gold["distinct_same_surname"]:
        people = [p["name"] for p in group["people"]]
        holders = [next((e.id for e in entities if p == e.name or p in e.variants), None)
                   for p in people]  # fmt: skip
        total += 1
        right += None not in holders and len(set(holders)) == len(holders)
    score.apart = (right, total)
    return score
