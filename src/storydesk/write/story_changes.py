"""What each derivation of a story changed, arranged for display: the story's
discrepancies grouped by the derivation that introduced them, and the words the
CLI and the HTML pages both use to name them.

The wording here carries no markup characters, so the HTML pages can use it as it is
and escape only what comes from articles (the `ref` callables they pass in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storydesk.model import Discrepancy, DiscrepancyKind, Link, StoryReport

KIND_LABELS: dict[DiscrepancyKind, str] = {
    "number": "figure",
    "date": "date",
    "name": "name",
    "negation": "negation",
    "qualifier": "qualifier",
    "quote": "quoted words",
    "event_date": "date of the event",
}


@dataclass(frozen=True, slots=True)
class DerivationChanges:
    """The discrepancies one derived article introduced against one source; `link`
    is the story's derivation between them (None when the story no longer lists it:
    results computed before the links changed)."""

    derived_id: str
    source_id: str
    link: Link | None
    discrepancies: tuple[Discrepancy, ...]


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def changes_by_derivation(story: StoryReport) -> list[DerivationChanges]:
    """The story's discrepancies per derivation, in the order the derivations are
    listed; discrepancies of a pair the story lists no derivation for come last."""
    grouped: dict[frozenset[str], list[Discrepancy]] = {}
    for d in story.discrepancies:
        grouped.setdefault(_pair(d.derived_id, d.source_id), []).append(d)
    changes = []
    for link in story.sources.derivations:
        found = grouped.pop(_pair(link.derived_id, link.source_id), None)
        if found:
            changes.append(DerivationChanges(link.derived_id, link.source_id, link, tuple(found)))
    for found in grouped.values():
        first = found[0]
        changes.append(DerivationChanges(first.derived_id, first.source_id, None, tuple(found)))
    return changes


def derivation_noun(link: Link | None) -> str:
    """ "copy" or "rewrite": what the derived article is of its source ("derived
    article" when the story no longer lists the link that would say which)."""
    if link is None:
        return "derived article"
    return "copy" if link.kind == "duplicate" else "rewrite"


def introduced_by(discrepancy: Discrepancy, link: Link | None, ref: Callable[[str], str]) -> str:
    """Who introduced the change: "Introduced by rewrite <ref>". When the link's
    direction is unknown the change is only said to lie between the two articles, since
    either may have introduced it. `ref` renders an article id (escaped, for HTML)."""
    kind = derivation_noun(link)
    if link is not None and link.direction == "unknown":
        return (
            f"Differs between {ref(discrepancy.derived_id)} and {ref(discrepancy.source_id)} "
            f"(one a {kind} of the other; which came first is unknown)"
        )
    return f"Introduced by {kind} {ref(discrepancy.derived_id)}"


def quoted(words: str) -> str:
    """Article words as the change lines quote them: one line, in single quotes."""
    return "'" + " ".join(words.split()) + "'"


def change_verb(discrepancy: Discrepancy) -> str:
    """ "changed", "dropped" (the derived article has no words there) or "added"."""
    if not discrepancy.derived_text:
        return "dropped"
    if not discrepancy.source_text:
        return "added"
    return "changed"
