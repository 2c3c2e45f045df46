"""Entity checks for one story: spelling variants resolved, distinct people kept apart.

`VARIANT_PAIRS` are surface forms that must end up in one canonical entity;
`DISTINCT_PEOPLE` must not. Beyond the listed pairs, `merged_people` flags any
person entity holding two full names whose first names disagree ("Joe Biden" with
"Hunter Biden"): the generic form of "no two distinct people merged".
"""

from __future__ import annotations

from collections.abc import Sequence

from storydesk.model import CanonicalEntity
from storydesk.reconcile.entities import similar, skeleton

VARIANT_PAIRS = (
    ("David Barnea", "David Barnia"),
    ("Jabalya", "Jabalia"),
    ("Khan Yunis", "Khan Younis"),
    ("Benjamin Netanyahu", "Netanyahu"),
    ("Ilyas Barnavi", "Ilias Barnavi"),
    ("Tel Hamra", "Tel Hamrah"),
    ("Port Aleyn", "Port Alain"),
    ("Andrej Orsolo", "Orsolo"),
    ("United States", "U.S."),
    ("US", "U.S."),
)
DISTINCT_PEOPLE = (
    ("Benjamin Netanyahu", "Sara Netanyahu"),
    ("Marta Oquendo", "Luis Oquendo"),
    ("Andrej Orsolo", "Lena Orsolo"),
)


def _holder(entities: Sequence[CanonicalEntity], name: str) -> CanonicalEntity | None:
    for entity in entities:
        if name == entity.name or name in entity.variants:
            return entity
    return None


def pair_results(
    entities: Sequence[CanonicalEntity], pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str, bool | None]]:
    """(a, b, same entity?) per pair; None when a form does not occur in the story."""
    results = []
    for a, b in pairs:
        ea, eb = _holder(entities, a), _holder(entities, b)
        results.append((a, b, None if ea is None or eb is None else ea.id == eb.id))
    return results


def merged_people(entities: Sequence[CanonicalEntity]) -> list[str]:
    """Person entities whose full names disagree on the first name."""
    bad = []
    for entity in entities:
        if entity.label != "PERSON":
            continue
        full = [n.split() for n in (entity.name, *entity.variants) if len(n.split()) >= 2]
        firsts = [words[0] for words in full if words[0][:1].isupper()]
        if any(not similar(a, b) and skeleton(a) != skeleton(b) for a in firsts for b in firsts):
            bad.append(f"{entity.name} <- {', '.join(entity.variants)}")
    return bad


def office_linked(entities: Sequence[CanonicalEntity], person: str) -> bool:
    """Some office entity of the story is related to `person`'s entity."""
    head = _holder(entities, person)
    return head is not None and any(head.id in e.related for e in entities)
