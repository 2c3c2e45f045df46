"""Which entities the story's list shows, and which it lists apart as "also mentioned".

    weak_evidence(entity: CanonicalEntity) -> bool

A desk reads a story's entity list as "who and what this story is about". A name the
whole story writes once is weak evidence of that, and it is where spaCy's tagging
errors gather: on the 10 tuning clusters of `bench/bench_entities.py`, 116 of the 132
junk names left after `entity_junk`'s rules are named once ("Ministry", "Royal
Horticultural", "Card Game"). Hiding every once-named entity would hide 63% of the
real names, though, so the single mention must also carry a weak label:

- a place (GPE) is kept: spaCy's places named once were 449 real, 7 junk;
- a person's full name (two words or more) is kept;
- a name of several words ending in the head of an organisation's name ("Columbia
  University", "General Accounting Office"... the heads of `entity_junk.names_head`)
  is kept.

Everything else named once (a one-word person, organisation or group; a multi-word
organisation, facility or place without such a head) is marked `also_mentioned`: the
CLI and the reports list it apart, labelled so, and report.json keeps it with the
flag. Nothing here was fitted: each condition is "named once" or a label, chosen on
the tuning clusters by the names it moves (see bench/TUNING.md, fourth round).
"""

from __future__ import annotations

from storydesk.model import CanonicalEntity
from storydesk.reconcile.entity_junk import names_head


def weak_evidence(entity: CanonicalEntity) -> bool:
    """Is `entity` named only once in the story, with a label that says little?"""
    if len(entity.mentions) != 1 or entity.label == "GPE":
        return False
    several_words = len(entity.name.split()) >= 2
    if several_words and entity.label == "PERSON":
        return False  # "Marla Runyan": a full name is a name
    return not (several_words and names_head(entity.name))
