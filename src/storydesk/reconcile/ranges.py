"""Hedged numbers as the ranges news prose means, and whether two of them can agree.

The claim extractor keeps a hedge's *logical* range: "more than 13,300" is (13,300,
∞). Read that way it agrees with "at least 15,207", yet no reader takes the two
figures as the same report. A journalist who writes "more than X" rounds down to the
precision X is written in, so the figure is above X by about one unit of that
precision ("over 100" is up to 200) or, for figures written precisely, by a small
share (`OVER_SHARE`: "more than 13,300" is up to 14,630), whichever is more.
"at most X", "fewer than X" mirror it below. A bare round figure ("400 strikes") is
itself a rounding: it stands for half a unit of its precision either side, but never
more than `OVER_SHARE` ("1,000" is 900-1,100).

A count (a claim without a unit) counts whole things, so its range has whole
bounds: "at least 15,207" is 15,207-16,727, never "16,727.70".

`plausible_range(claim)` gives that reading; `compatible(a, b)` says whether two
ranges overlap, allowing `SLACK` for the rounding of figures written exactly.
"""

from __future__ import annotations

import math

from storydesk.model import NumericClaim

OVER_SHARE = 0.10  # "more than X" is at most this share above X, even for X = 100
SLACK = 0.01  # relative tolerance when comparing bounds (rounding of exact figures)

_ABOVE = frozenset({"more_than", "at_least"})
_BELOW = frozenset({"less_than", "at_most"})


def precision(value: float) -> float:
    """The unit of the last significant digit: 13,300 -> 100, 400 -> 100, 23 -> 1."""
    if not math.isfinite(value):
        return 0.0  # infinity or NaN (a stored claim from before values were capped)
    if value <= 0 or value != int(value):
        return 0.0 if value <= 0 else 10.0 ** math.floor(math.log10(abs(value)) - 2)
    unit = 1.0
    number = int(value)
    while number and number % 10 == 0:
        number //= 10
        unit *= 10
    return unit


def plausible_range(claim: NumericClaim) -> tuple[float | None, float | None]:
    """The range a reader takes `claim` to state (see the module docstring)."""
    low, high = _hedged_range(claim)
    return whole_bounds(low, high) if claim.unit is None else (low, high)


def whole_bounds(low: float | None, high: float | None) -> tuple[float | None, float | None]:
    """A count's range with whole bounds (the low one up, the high one down); a range
    too narrow to hold a whole number ("1.5 people") is left as written."""
    whole_low = float(math.ceil(low)) if low is not None and math.isfinite(low) else low
    whole_high = float(math.floor(high)) if high is not None and math.isfinite(high) else high
    if whole_low is not None and whole_high is not None and whole_low > whole_high:
        return low, high
    return whole_low, whole_high


def _hedged_range(claim: NumericClaim) -> tuple[float | None, float | None]:
    value = claim.value
    step = precision(value)
    if claim.hedge in _ABOVE:
        low = claim.value_low if claim.value_low is not None else value
        return low, value + max(step, OVER_SHARE * value)
    if claim.hedge in _BELOW:
        high = claim.value_high if claim.value_high is not None else value
        return max(0.0, value - max(step, OVER_SHARE * value)), high
    if claim.hedge == "exact" and step >= 10:
        spread = min(step / 2, OVER_SHARE * value)
        return value - spread, value + spread
    return claim.value_low, claim.value_high


def compatible(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    """Whether two ranges (None: unbounded) share a value, with `SLACK` tolerance."""
    return _below(a[0], b[1]) and _below(b[0], a[1])


def _below(low: float | None, high: float | None) -> bool:
    if low is None or high is None:
        return True
    return low <= high + SLACK * max(abs(low), abs(high), 1.0)


def intersect(
    a: tuple[float | None, float | None], b: tuple[float | None, float | None]
) -> tuple[float | None, float | None]:
    """The common part of two compatible ranges (the looser bound where they barely meet)."""
    lows = [x for x in (a[0], b[0]) if x is not None]
    highs = [x for x in (a[1], b[1]) if x is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        low, high = high, low  # within SLACK: keep an ordered, non-empty range
    return low, high


def describe(low: float | None, high: float | None) -> str:
    """A range for a sentence: "13,300-14,630", "at least 400", "110"."""
    if low is None and high is None:
        return "any value"
    if low is None:
        return f"at most {_number(high)}"
    if high is None:
        return f"at least {_number(low)}"
    if low == high:
        return _number(low)
    return f"{_number(low)}-{_number(high)}"


def _number(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "?"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
