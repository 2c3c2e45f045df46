"""Plain-text labels of a story's results, shared by the terminal views and the HTML
pages: a figure's range, a fact in a few words, a claim's source and time, a
timeline entry's date, a time."""

from __future__ import annotations

from datetime import datetime

from storydesk.model import Fact, FactClaim, TimelineEntry
from storydesk.reconcile.explain import figure_time

# The NER model's labels in the words a reader uses (its codes mean nothing to a desk).
_ENTITY_KINDS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
    "FAC": "building or site", "NORP": "nationality or group", "EVENT": "event",
    "PRODUCT": "product", "LAW": "law", "WORK_OF_ART": "title of a work",
    "LANGUAGE": "language",
}  # fmt: skip


def entity_kind(label: str) -> str:
    """ "PERSON" -> "person", "GPE" -> "place"; an unknown label lower-cased."""
    return _ENTITY_KINDS.get(label, label.lower().replace("_", " "))


def iso(moment: datetime | None) -> str:
    """A time as the pages print it: ISO 8601, or nothing when unknown."""
    return moment.isoformat() if moment is not None else ""


def value_range(low: float | None, high: float | None) -> str:
    """ "400", "400–440", "at least 400", "at most 20"."""

    def fmt(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    if low is not None and high is not None:
        return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    if low is not None:
        return f"at least {fmt(low)}"
    return f"at most {fmt(high)}" if high is not None else "unknown"


def fact_summary(fact: Fact) -> str:
    """ "more than 400 strikes (in southern Gaza)" from the fact's first claim."""
    scope = f" ({'; '.join(fact.scope)})" if fact.scope else ""
    return f"{fact.claims[0].text} {fact.counted}{scope}"


def claim_source(claim: FactClaim) -> str:
    said = claim.attribution or "the outlet's own reporting"
    return f"{claim.text} according to {said}, {figure_time(claim)}"


def when_label(entry: TimelineEntry) -> str:
    """ "1968", "2026-02", "2026-03-11", or a day range."""
    if entry.granularity == "year":
        return entry.date[:4]
    if entry.granularity == "month":
        return entry.date[:7]
    return entry.date if entry.date == entry.date_end else f"{entry.date}–{entry.date_end}"
