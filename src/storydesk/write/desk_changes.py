"""What each derivation of a story changed, for the desk: every copy and rewrite with
its evidence (shares copied verbatim and paraphrased, the reason for its direction, a
link to the side-by-side view), and under it each change it made to what it took,
either flagged as a conflict or listed with the reason it is not ("not flagged: the
same name spelt another way").

A derivation with no recorded change is listed too: "no change found" is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.model import Link, StoryReport
from storydesk.write.desk_refs import Linker, Ref, Refs, name_articles
from storydesk.write.story_changes import KIND_LABELS, change_verb, changes_by_derivation


@dataclass(frozen=True, slots=True)
class Change:
    label: str  # "figure", "date of the event", ...
    verb: str  # "changed", "dropped", "added"
    source_words: str
    derived_words: str
    source: Ref
    derived: Ref
    explanation: str
    flagged: bool  # also raised as a conflict
    not_flagged: str  # why not ("" when flagged)


@dataclass(frozen=True, slots=True)
class DerivationView:
    derived: Ref  # the derived article (its whole text: char 0)
    source: Ref
    noun: str  # "a rewrite", "a near-verbatim copy", "derived"
    known: bool  # which came first is known
    verbatim: str  # "24%"
    paraphrased: str
    aligned: int  # aligned spans
    reason: str  # the evidence for the link and its direction, ids named
    compare_href: str | None
    changes: tuple[Change, ...]

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.changes if c.flagged)


def derivation_views(story: StoryReport, links: Linker) -> tuple[DerivationView, ...]:
    """Every derivation, in the story's order, with what it changed; changes of a pair
    the story no longer links come last, as derivations of unknown kind."""
    refs = Refs(story, links)
    by_pair = {frozenset((c.derived_id, c.source_id)): c for c in changes_by_derivation(story)}
    views = []
    seen: set[frozenset[str]] = set()
    pairs: list[tuple[str, str, Link | None]] = [
        (k.derived_id, k.source_id, k) for k in story.sources.derivations
    ] + [(c.derived_id, c.source_id, None) for c in by_pair.values() if c.link is None]
    for derived_id, source_id, link in pairs:
        pair = frozenset((derived_id, source_id))
        if pair in seen:
            continue
        seen.add(pair)
        found = by_pair.get(pair)
        changes = tuple(
            Change(
                KIND_LABELS[d.kind],
                change_verb(d),
                d.source_text,
                d.derived_text,
                refs.ref(d.source_span),
                refs.ref(d.derived_span),
                d.explanation,
                not d.not_a_conflict,
                d.not_a_conflict,
            )
            for d in (found.discrepancies if found else ())
        )
        noun = "derived from"
        if link is not None:
            noun = "a near-verbatim copy of" if link.kind == "duplicate" else "a rewrite of"
        views.append(
            DerivationView(
                derived=refs.ref_article(derived_id),
                source=refs.ref_article(source_id),
                noun=noun,
                known=link is None or link.direction == "known",
                verbatim=f"{link.verbatim_share:.0%}" if link else "",
                paraphrased=f"{link.paraphrase_share:.0%}" if link else "",
                aligned=len(link.spans) if link else 0,
                reason=name_articles(link.reason, refs.short) if link else "",
                compare_href=links.compare(derived_id, source_id) if link else None,
                changes=changes,
            )
        )
    return tuple(views)
