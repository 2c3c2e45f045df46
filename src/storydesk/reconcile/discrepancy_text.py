"""One human sentence per discrepancy, saying what changed and, only when the link
stage knows which article is the copy, who changed it."""

from __future__ import annotations

from storydesk.reconcile.word_changes import Change


def _what(change: Change, old: str, new: str) -> str:
    """What the derived text did, as a verb phrase ("changes ... to ...")."""
    kind, what = change.kind, change.what
    if kind == "negation":
        return (f"drops the negation {old!r} of its source" if what == "dropped"
                else f"inserts {new!r} where its source has no negation")  # fmt: skip
    if kind == "qualifier" and what in ("rate", "place"):
        noun = f"the {what} qualifying a figure"
        if old:
            instead = f", writing {new!r} there instead" if new else ""
            return f"drops {noun}, {old!r} in its source{instead}"
        return f"adds {noun}, {new!r}, which its source does not have"
    noun = {
        ("number", "figure"): "the figure",
        ("number", "unit"): "the unit",
        ("date", "date"): "the date",
        ("name", "name"): "the name",
        ("qualifier", "hedge"): "the hedge on a figure",
        ("quote", "words replaced"): "the quoted words",
    }.get((kind, what), "words inside a quotation")
    if old and new:
        return f"changes {noun} {old!r} of its source to {new!r}"
    if old:
        return f"drops {noun} {old!r} of its source"
    return f"adds {noun} {new!r}, which its source does not have"


def explain(change: Change, old: str, new: str, *, kind: str, known: bool) -> str:
    """`old`/`new`: the differing words in the source and the derived text."""
    if known:
        actor = "The copy" if kind == "duplicate" else "The rewrite"
        return f"{actor} {_what(change, old, new)}."
    shown_old = repr(old) if old else "nothing"
    shown_new = repr(new) if new else "nothing"
    return (
        f"The two versions differ ({change.kind}): one has {shown_old} where the other has "
        f"{shown_new}; which one changed it is not known."
    )


def explain_event_date(
    change: Change, old: str, new: str, *, event: str, day: str, other_day: str, others: int,
    kind: str, known: bool,
) -> str:  # fmt: skip
    statements = f"{others} other statement{'s' if others != 1 else ''} of the story"
    if known:
        actor = "The copy" if kind == "duplicate" else "The rewrite"
        was = f"where its source has {old!r}" if old else "where its source names no event"
        return (
            f"{actor} dates {event!r} to {day} by writing {new!r} {was}; "
            f"{statements} date that event to {other_day}."
        )
    return (
        f"One version dates {event!r} to {day} by writing {new!r} where the other has "
        f"{old!r} (which one changed it is not known); {statements} date that event to "
        f"{other_day}."
    )
