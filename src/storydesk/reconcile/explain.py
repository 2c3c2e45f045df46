"""Why two figures for one counted thing differ, as far as the data tell.

`explain_conflict(a, b, subject_a, subject_b)` returns the explanation kind and one
sentence. The kind is the first difference that can account for the disagreement:

1. different_scope: the figures name different places or periods;
2. different_as_of: they are stated as of different days, or one is qualified with
   a different point in time ("until the truce began");
3. different_attribution: they come from different sources (the Gaza Health
   Ministry vs Al Jazeera; a ministry vs the outlet's own reporting);
4. different_scope, weaker: one names a place or period the other does not
   ("in southern Gaza", "since Oct. 7"), so it may count a part;
5. unexplained.

The sentence names every difference found, not only the first, and says who gave
each figure and as of when.
"""

from __future__ import annotations

from storydesk.model import ConflictKind, FactClaim
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.ranges import describe
from storydesk.reconcile.sources import same_attribution
from storydesk.reconcile.topics import Subject, places_differ, scope_gap


def _who(claim: FactClaim) -> str:
    if claim.attribution:
        return claim.attribution.strip()
    if claim.relayed_from:
        return claim.relayed_from
    return "the outlet's own reporting"


def _when(claim: FactClaim) -> str:
    parts = [p for p in (claim.as_of_note, f"as of {claim.as_of}" if claim.as_of else None) if p]
    return ", ".join(parts) if parts else "no date given"


def _figure(claim: FactClaim) -> str:
    return (
        f"“{claim.text}” ({describe(claim.value_low, claim.value_high)}; {_who(claim)}; "
        f"{_when(claim)}; article {claim.article_id} [{claim.start}:{claim.end}])"
    )


def _scope(subject: Subject) -> str:
    parts = list(subject.places) + ([f"since {subject.period}"] if subject.period else [])
    return ", ".join(parts) or "no scope given"


def different_as_of(a: FactClaim, b: FactClaim) -> bool:
    if a.as_of and b.as_of and a.as_of != b.as_of:
        return True
    note_a = (a.as_of_note or "").lower()
    note_b = (b.as_of_note or "").lower()
    return note_a != note_b


def explain_conflict(
    a: FactClaim,
    b: FactClaim,
    subject_a: Subject,
    subject_b: Subject,
    *,
    params: FactParams = DEFAULT,
) -> tuple[ConflictKind, str]:
    reasons: list[tuple[ConflictKind, str]] = []
    if places_differ(subject_a, subject_b):
        reasons.append(
            (
                "different_scope",
                "they are for different places or periods ("
                f"{_scope(subject_a)} vs {_scope(subject_b)})",
            )
        )
    if different_as_of(a, b):
        if a.as_of == b.as_of:  # the same day: only the qualifiers differ
            times = f"{a.as_of_note or 'no qualifier'} vs {b.as_of_note or 'no qualifier'}"
        else:
            times = f"{_when(a)} vs {_when(b)}"
        reasons.append(
            (
                "different_as_of",
                f"they are stated as of different times "
                f"({times}), so the later may update the earlier",
            )
        )
    if not same_attribution(a.attribution, b.attribution, params=params):
        reasons.append(
            ("different_attribution", f"they come from different sources ({_who(a)} vs {_who(b)})")
        )
    gap = scope_gap(subject_a, subject_b)
    if gap and not places_differ(subject_a, subject_b):
        # Weaker than the rest: the figure without a place may well be for it too.
        reasons.append(("different_scope", gap))
    counted = subject_a.words or subject_b.words or "the count"
    head = f"Conflicting figures for {counted}: {_figure(a)} vs {_figure(b)}"
    if not reasons:
        return "unexplained", f"{head}; same source, place and time: the difference is unexplained."
    return reasons[0][0], f"{head}; " + "; ".join(r for _, r in reasons) + "."
