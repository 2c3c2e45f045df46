"""Credits, outlets and the direction of copying."""

from __future__ import annotations

from datetime import UTC, datetime

from storydesk.link.align import align_texts
from storydesk.link.provenance import credits, decide_direction, is_signed, outlet_of
from storydesk.model import Article, Provenance

TEXT = (
    "The mill closed on Friday after ninety years, leaving 200 workers without jobs. "
    "Owners blamed rising energy prices and a fall in orders from abroad. "
    "The town council said it would help workers find training and new posts."
)


def _article(aid: str, text: str, outlet: str | None = None, hour: int | None = None) -> Article:
    published = datetime(2025, 5, 2, hour, tzinfo=UTC) if hour is not None else None
    return Article(id=aid, text=text, provenance=Provenance(aid, "text"), outlet=outlet,
                   published=published)


def test_credit_patterns() -> None:
    assert credits("Prices rose, according to The Hill. More later.") == ["The Hill"]
    assert credits("Information from The Associated Press was used in this report.") == [
        "The Associated Press"]
    assert credits("LONDON (Reuters) — Markets fell.") == ["Reuters"]
    assert credits("The Harbor Gazette reported on Monday that talks failed.") == [
        "The Harbor Gazette"]
    assert credits("Talks failed on Monday.") == []


def test_outlet_and_signature_from_byline_or_dateline() -> None:
    signed = _article("a", "By Ana Ruiz, Valley Wire\n\nThe mill closed.")
    assert outlet_of(signed) == "Valley Wire" and is_signed(signed)
    assert outlet_of(_article("b", "PARIS (AFP) — The mill closed.")) == "AFP"
    assert not is_signed(_article("c", "The mill closed."))


def test_earlier_publication_decides() -> None:
    early, late = _article("early", TEXT, "Mill Times", 8), _article("late", TEXT, "Echo", 11)
    assert decide_direction(late, early, align_texts(TEXT, TEXT)).source == "early"
    assert decide_direction(early, late, align_texts(TEXT, TEXT)).source == "early"


def test_credit_decides_when_dates_are_missing() -> None:
    source = _article("src", TEXT, "Mill Times")
    copy = _article("copy", TEXT + " The closure was first reported by the Mill Times.", "Echo")
    direction = decide_direction(copy, source, align_texts(copy.text, TEXT))
    assert direction.source == "src"
    assert any("credits" in e for e in direction.evidence)


def test_no_evidence_means_unknown() -> None:
    a, b = _article("a", TEXT, "One", 9), _article("b", TEXT, "Two", 9)
    direction = decide_direction(a, b, align_texts(TEXT, TEXT))
    assert direction.source is None
    assert "does not decide" in direction.evidence[-1]
