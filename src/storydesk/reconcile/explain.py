"""Why two figures for one counted thing differ, as far as the data tell.

`explain_conflict(a, b, subject_a, subject_b, raised)` returns the explanation kind,
one sentence for a reader, and the three obvious explanations checked one by one
(`ConflictCheck`: scope, time, source), each saying whether it accounts for the gap
and why. `raised` says why the two figures were taken to count one thing. The kind
is the first check that applies, in this order:

1. different_scope: the figures name different places or periods;
2. different_as_of: they are stated for different days or periods, or one is
   qualified with a point in time the other lacks ("until the truce began");
3. different_attribution: they come from different sources (the Gaza Health
   Ministry vs Al Jazeera; a ministry vs the outlet's own reporting);
4. different_scope, weaker: one names a place the other does not ("in southern
   Gaza"), so it may count a part;
5. unexplained.

The sentence names no article ids and no character offsets: each figure is given
with its range, who gave it and for when ("from 2023-10-07 until the truce began,
told 2023-12-02"). A source's place counts as the figure's place when the figure
names none ("the Health Ministry in Hamas-ruled Gaza" reports for Gaza).
"""

from __future__ import annotations

import re

from storydesk.model import ConflictCheck, ConflictKind, FactClaim
from storydesk.reconcile.comparable import describe_period
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.ranges import describe
from storydesk.reconcile.sources import same_attribution
from storydesk.reconcile.topics import Subject, places_differ

# "the Health Ministry in Hamas-ruled Gaza": the place a source speaks for.
_SOURCE_PLACE = re.compile(
    r"\b(?:in|of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*-(?:ruled|run|held)\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)


def _who(claim: FactClaim) -> str:
    if claim.attribution:
        return claim.attribution.strip()
    if claim.relayed_from:
        return claim.relayed_from
    return "the outlet's own reporting"


def figure_time(claim: FactClaim) -> str:
    """For when a figure holds, in words: its period, its qualifier, its day."""
    period = describe_period(claim)
    if period and claim.period_to is None and claim.as_of_note:
        period = f"from {claim.period_from} {claim.as_of_note}"
    parts = [period] if period else []
    if claim.as_of_note and not period:
        parts.append(claim.as_of_note)
    if claim.as_of:
        parts.append(f"as of {claim.as_of}" if claim.as_of_stated and not period
                     else f"told {claim.as_of}")  # fmt: skip
    return ", ".join(parts) if parts else "no date given"


def _figure(claim: FactClaim) -> str:
    return (f"“{claim.text}” ({describe(claim.value_low, claim.value_high)}; "
            f"{_who(claim)}; {figure_time(claim)})")  # fmt: skip


def _places(claim: FactClaim, subject: Subject) -> tuple[tuple[str, ...], str | None]:
    """The figure's places, and the source they come from when only its source names one."""
    if subject.places:
        return subject.places, None
    match = _SOURCE_PLACE.search(claim.attribution or "")
    return ((match.group(1).lower(),), claim.attribution) if match else ((), None)


def _scope_check(a: FactClaim, b: FactClaim, sa: Subject, sb: Subject) -> ConflictCheck:
    if places_differ(sa, sb):
        period_a = f"since {sa.period}" if sa.period else ""
        period_b = f"since {sb.period}" if sb.period else ""
        where_a = ", ".join([*sa.places, period_a][: 1 + bool(period_a)]) or "no scope given"
        where_b = ", ".join([*sb.places, period_b][: 1 + bool(period_b)]) or "no scope given"
        return ConflictCheck("scope", True, f"they are for different places or periods "
                                            f"({where_a} vs {where_b})")  # fmt: skip
    (places_a, via_a), (places_b, via_b) = _places(a, sa), _places(b, sb)
    if places_a and places_b:
        shared = sorted(set(places_a) & set(places_b))
        if shared:
            via = [f"“{c.text}” through its source, {v}" for c, v in ((a, via_a), (b, via_b)) if v]
            how = f" ({'; '.join(via)})" if via else ""
            return ConflictCheck("scope", False, f"both are for {shared[0].title()}{how}")
    for x, px, y in ((a, places_a, b), (b, places_b, a)):
        if px and not (places_b if x is a else places_a):
            return ConflictCheck("scope", True,
                                 f"“{x.text}” is for {', '.join(px).title()}; “{y.text}” names "
                                 "no place, so it may count more or less")  # fmt: skip
    return ConflictCheck("scope", False, "neither names a place or group the other does not")


def _time_check(a: FactClaim, b: FactClaim) -> ConflictCheck:
    if describe_period(a) or describe_period(b) or a.as_of_note or b.as_of_note:
        if (a.period_from, a.period_to, a.as_of_note) == (b.period_from, b.period_to,
                                                           b.as_of_note):  # fmt: skip
            return ConflictCheck("time", False, f"both hold for the same time ({figure_time(a)})")
        times = f"{figure_time(a)} vs {figure_time(b)}"
        reason = f"they hold for different times ({times}): one may count what the other cannot"
        return ConflictCheck("time", True, reason)
    if a.as_of and b.as_of and a.as_of != b.as_of:
        days = f"{a.as_of} vs {b.as_of}"
        return ConflictCheck("time", True, f"they are told on different days ({days}), so the "
                                           "later may update the earlier")  # fmt: skip
    return ConflictCheck("time", False, f"both are told for the same day ({a.as_of or 'undated'})")


def _source_check(a: FactClaim, b: FactClaim, params: FactParams) -> ConflictCheck:
    if not same_attribution(a.attribution, b.attribution, params=params):
        return ConflictCheck("source", True,
                             f"they come from different sources ({_who(a)} vs {_who(b)}), "
                             "who may count differently")  # fmt: skip
    return ConflictCheck("source", False, f"both come from {_who(a)}")


def explain_conflict(a: FactClaim, b: FactClaim, subject_a: Subject, subject_b: Subject,
                     raised: str = "", *, params: FactParams = DEFAULT
                     ) -> tuple[ConflictKind, str, tuple[ConflictCheck, ...]]:  # fmt: skip
    """The kind, the sentence and the checks of a conflict (see the module docstring)."""
    scope, time, source = (_scope_check(a, b, subject_a, subject_b), _time_check(a, b),
                           _source_check(a, b, params))  # fmt: skip
    kind: ConflictKind = "unexplained"
    if scope.applies and places_differ(subject_a, subject_b):
        kind = "different_scope"
    elif time.applies:
        kind = "different_as_of"
    elif source.applies:
        kind = "different_attribution"
    elif scope.applies:
        kind = "different_scope"
    counted = subject_a.words or subject_b.words or "the count"
    head = f"Conflicting figures for {counted}: {_figure(a)} vs {_figure(b)}"
    why = f" Raised because {raised}." if raised else ""
    applies = [c.reason for c in (scope, time, source) if c.applies]
    ruled_out = [c.reason for c in (scope, time, source) if not c.applies]
    if applies:
        tail = " It may be explained: " + "; ".join(applies) + "."
    else:
        tail = " Same source, place and time: the difference is unexplained."
    if ruled_out and applies:
        tail += " Not explained by: " + "; ".join(ruled_out) + "."
    return kind, f"{head}.{why}{tail}", (scope, time, source)
