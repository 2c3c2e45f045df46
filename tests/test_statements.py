"""Claim groups: sentences of different articles that state the same thing, with the
independent sources behind them (reconcile/statements.py), on a fictional story."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from storydesk.link.align import EmbeddingCache
from storydesk.model import Analysis, Article, ArticleClaims, Provenance, Sentence
from storydesk.reconcile.statements import StatedClaims, group_statements

TEXTS = {
    "north": (
        "The Corvale bridge over the Ambry River collapsed on Tuesday evening, "
        "sending two lorries into the water.\n"
        "Fire crews rescued four drivers from the river within an hour, the county fire "
        "service said.\n"
        "The bridge was built in 1971 and had been due for repairs since the spring.\n"
        "Mayor Elsa Brandt ordered all traffic diverted through the town of Hollin."
    ),
    "south": (
        "Two lorries plunged into the Ambry River when the Corvale bridge gave way on "
        "Tuesday evening.\n"
        "Four drivers were pulled from the river by fire crews within an hour, according "
        "to the county fire service.\n"
        "Engineers will inspect the three other bridges on the same road next week.\n"
        "Mayor Elsa Brandt said the bridge did not fail because of the heavy lorries."
    ),
    "coast": (
        "The Corvale bridge over the Ambry River collapsed on Tuesday evening, "
        "sending two lorries into the water.\n"
        "Fire crews rescued nine drivers from the river within an hour, the county fire "
        "service said.\n"
        "Mayor Elsa Brandt ordered all traffic diverted through the town of Hollin."
    ),
    "copy": (  # a rewrite of "north": one source with it
        "The Corvale bridge over the Ambry River collapsed on Tuesday evening, sending "
        "two lorries into the water.\n"
        "Mayor Elsa Brandt ordered all traffic diverted through the town of Hollin, "
        "officials said."
    ),
}
_LINE = re.compile(r"[^\n]+")


def _story() -> tuple[list[Article], dict[str, Analysis | None], dict[str, ArticleClaims | None]]:
    articles, analyses = [], {}
    for name, text in TEXTS.items():
        article = Article(id=name, text=text, provenance=Provenance("fixture", "text"),
                          published=datetime(2031, 4, 2, tzinfo=UTC))  # fmt: skip
        articles.append(article)
        spans = tuple(Sentence(m.start(), m.end()) for m in _LINE.finditer(text))
        analyses[name] = Analysis(article_id=name, analyzer="lines", sentences=spans, mentions=())
    return articles, analyses, dict.fromkeys(TEXTS)


@pytest.fixture(scope="module")
def stated() -> StatedClaims:
    articles, analyses, claims = _story()
    groups = [["north", "copy"], ["south"], ["coast"]]
    return group_statements(articles, analyses, claims, groups, EmbeddingCache().vectors,
                            derived={"copy"})  # fmt: skip


def _claim_with(stated: StatedClaims, article_id: str, line: int) -> int | None:
    return stated.claim_of.get((article_id, line))


def test_a_paraphrase_across_outlets_is_one_claim(stated: StatedClaims) -> None:
    # "collapsed ... sending two lorries" and "Two lorries plunged ... gave way".
    claim = _claim_with(stated, "north", 0)
    assert claim is not None
    assert _claim_with(stated, "south", 0) == claim
    assert _claim_with(stated, "coast", 0) == claim


def test_a_rewrite_adds_no_independent_source(stated: StatedClaims) -> None:
    claim = stated.claims[stated.claim_of[("north", 0)]]
    assert {c.article_id for c in claim.citations} == {"north", "south", "coast", "copy"}
    assert claim.support == 3  # north and its copy count once
    assert ("north", "copy") in claim.sources
    # The original's wording is shown, not the rewrite's.
    assert claim.citations[0].article_id != "copy"


def test_a_changed_number_is_not_support(stated: StatedClaims) -> None:
    four = _claim_with(stated, "north", 1)
    assert four is not None and _claim_with(stated, "south", 1) == four
    assert _claim_with(stated, "coast", 1) != four  # nine drivers, not four


def test_claims_are_best_supported_first(stated: StatedClaims) -> None:
    supports = [c.support for c in stated.claims]
    assert supports == sorted(supports, reverse=True)
    assert all(len({c.article_id for c in claim.citations}) == len(claim.citations)
               for claim in stated.claims)  # fmt: skip


def test_a_sentence_said_by_one_article_is_in_no_claim(stated: StatedClaims) -> None:
    assert _claim_with(stated, "south", 2) is None  # engineers' inspection: south only
    assert _claim_with(stated, "south", 3) is None  # "did not fail": said by south only


def test_a_negated_paraphrase_is_not_support() -> None:
    articles, analyses, claims = _story()
    flipped = Article(id="flip", text="The Corvale bridge over the Ambry River did not collapse "
                      "on Tuesday evening, and no lorries went into the water.",
                      provenance=Provenance("fixture", "text"))  # fmt: skip
    analyses["flip"] = Analysis(
        article_id="flip", sentences=(Sentence(0, len(flipped.text)),), mentions=(), analyzer="x"
    )
    claims["flip"] = None
    stated = group_statements([*articles, flipped], analyses, claims, [],
                              EmbeddingCache().vectors)  # fmt: skip
    assert stated.claim_of.get(("flip", 0)) != stated.claim_of.get(("north", 0))
    assert stated.claim_of.get(("north", 0)) is not None
