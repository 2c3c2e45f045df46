"""The entity resolver's thresholds: when two spellings are one name.

Like `ClusterParams`, one frozen set of values for every kind of news, with a
`DEFAULT`; `canonical_entities` and `similar` take ``params: EntityParams = DEFAULT``.
The values were set on the variant pairs and distinct people of `bench/bench_claims.py`
(transliterations such as "Jabalya" / "Jabalia", namesakes such as "Marta" / "Luis
Oquendo") and the demo corpus: every listed variant joins, no two people merge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityParams:
    """Every threshold of `reconcile.entities`."""

    # Two spellings are one name when the difflib ratio of their folded forms reaches
    # `name_ratio` ("Barnea" / "Barnia" 0.83, "Jabalya" / "Jabalia" 0.86)...
    name_ratio: float = 0.8
    # ...or `short_name_ratio` when either has fewer than `short_name_letters` letters:
    # one letter weighs more in a short name, and "Marta" / "Maria" (0.8) are two names.
    short_name_letters: int = 6
    short_name_ratio: float = 0.86
    # Besides, their consonant skeletons must agree ("Khan Yunis" / "Khan Younis"),
    # unless the ratio reaches this: one consonant more in a long name changes the
    # skeleton, not the name ("Milosevic" / "Milosevich", 0.95).
    skeleton_free_ratio: float = 0.9
    # A person's title or role is looked for this many characters before the name
    # ("intelligence chief Petra Novak") and after it (", the agency's director,").
    role_window: int = 80
    # Drop the mentions that name nothing (`reconcile.entity_junk`: house lines, labels,
    # job titles, bad spans) and read "according to The Hill" as "The Hill". Off only
    # to measure what the rules change (`bench/bench_entities.py --baseline`).
    junk_rules: bool = True
    # Join a country's other names ("America") and its demonyms ("Israeli") to it.
    country_joins: bool = True
    # Mark an entity named once in the story with a weak label "also mentioned"
    # (`reconcile.entity_evidence`): listed apart from the story's entity list. Off
    # only to measure what it changes (`bench/bench_entities.py`).
    also_mentioned: bool = True

    @property
    def min_ratio(self) -> float:
        """The lowest ratio any pair may be joined at: a bound that rules pairs out
        before their ratio is computed."""
        return min(self.name_ratio, self.short_name_ratio)


DEFAULT = EntityParams()
