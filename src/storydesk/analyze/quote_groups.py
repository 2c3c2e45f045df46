"""One statement, quoted by several outlets: grouping quotations across articles.

    group_quotes(items: Sequence[tuple[str, Sequence[Quote]]]) -> list[QuoteGroup]

takes (article id, that article's quotes) pairs for one story. Two quotations are one
statement when most words of the shorter are in the longer (overlap coefficient
>= 0.6 over at least four words; equal text for shorter ones such as "dead end").
Groups are connected components of that relation, so a statement quoted in pieces by
one outlet and whole by another still ends up as one group. Each variant keeps its
word edits against the fullest wording ("fulfill -> fulfil", "+ children").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from storydesk.grouping import connected_groups
from storydesk.model import Quote, QuoteGroup, QuoteVariant

MIN_OVERLAP = 0.6
MIN_WORDS = 4
_WORD = re.compile(r"\w+(?:['’]\w+)?")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def same_statement(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if min(len(wa), len(wb)) < MIN_WORDS:
        return wa == wb
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / min(len(sa), len(sb)) >= MIN_OVERLAP


def wording_differences(reference: str, variant: str) -> tuple[str, ...]:
    """Word-level edits turning `reference` into `variant`."""
    ref, var = _words(reference), _words(variant)
    edits = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ref, var, autojunk=False).get_opcodes():
        if op == "replace":
            edits.append(f"{' '.join(ref[i1:i2])} -> {' '.join(var[j1:j2])}")
        elif op == "delete":
            edits.append(f"- {' '.join(ref[i1:i2])}")
        elif op == "insert":
            edits.append(f"+ {' '.join(var[j1:j2])}")
    return tuple(edits)


def group_quotes(items: Sequence[tuple[str, Sequence[Quote]]]) -> list[QuoteGroup]:
    """Statements quoted in more than one article of a story, largest group first."""
    flat = [(aid, i, q) for aid, quotes in items for i, q in enumerate(quotes)]
    same = (
        (i, j)
        for i in range(len(flat))
        for j in range(i + 1, len(flat))
        if flat[i][0] != flat[j][0] and same_statement(flat[i][2].text, flat[j][2].text)
    )
    members = connected_groups(range(len(flat)), same)
    groups = []
    for indices in members:
        if len({flat[i][0] for i in indices}) < 2:
            continue
        fullest = max(indices, key=lambda i: (len(flat[i][2].text), -i))
        reference = flat[fullest][2]
        speakers = [s for i in indices if (s := flat[i][2].speaker)]
        variants = tuple(
            QuoteVariant(flat[i][0], flat[i][1], flat[i][2].text,
                         wording_differences(reference.text, flat[i][2].text))
            for i in indices
        )  # fmt: skip
        key = "|".join(sorted(f"{flat[i][0]}:{flat[i][1]}" for i in indices))
        groups.append(
            QuoteGroup(
                id=hashlib.sha1(key.encode()).hexdigest()[:12],
                # the most cited speaker; among equals the most specific (longest) name
                speaker=max(set(speakers), key=lambda s: (speakers.count(s), len(s)))
                if speakers
                else None,
                text=reference.text,
                variants=variants,
            )
        )
    groups.sort(key=lambda g: (-len(g.variants), g.text))
    return groups
