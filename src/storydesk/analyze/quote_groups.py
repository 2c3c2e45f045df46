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
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from difflib import SequenceMatcher

from storydesk.grouping import UnionFind, connected_groups
from storydesk.model import Quote, QuoteGroup, QuoteVariant

MIN_OVERLAP = 0.6
MIN_WORDS = 4
# Candidate quotations looked at per story at most. A 200-article story looks at
# ~45,000; only crafted input (thousands of look-alike quotations in many copies)
# comes near this, and it must not stall the run: past it, no more pairs are joined.
MAX_VISITS = 1_000_000
_WORD = re.compile(r"\w+(?:['’]\w+)?")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def same_statement(a: str, b: str) -> bool:
    return _same_words(_words(a), _words(b))


def _same_words(wa: list[str], wb: list[str]) -> bool:
    if not wa or not wb:
        return False
    if min(len(wa), len(wb)) < MIN_WORDS:
        return wa == wb
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / min(len(sa), len(sb)) >= MIN_OVERLAP


def _candidate_pairs(flat: Sequence[tuple[str, int, Quote]], words: list[list[str]]
                     ) -> Iterator[tuple[int, int]]:  # fmt: skip
    """The pairs (of different articles) that can be one statement, found without
    comparing every pair (a 200-article story has ~800,000 pairs of quotations).

    Short quotations (under MIN_WORDS words) match only an equal word list. For the
    others, if the smaller word set (m words) shares ceil(MIN_OVERLAP * m) words with
    the other, it shares one of its m - ceil(MIN_OVERLAP * m) + 1 rarest words (by
    pigeonhole): only quotations holding one of those are candidates."""
    exact: dict[tuple[str, ...], list[int]] = {}
    sets = [set(w) for w in words]
    frequency: Counter[str] = Counter(w for found in sets for w in found)
    holding: dict[str, list[int]] = {}
    for i, found in enumerate(words):
        if not found:
            continue
        if len(found) < MIN_WORDS:
            exact.setdefault(tuple(found), []).append(i)
            continue
        for word in sets[i]:
            holding.setdefault(word, []).append(i)
    for same in exact.values():
        for x, i in enumerate(same):
            yield from ((i, j) for j in same[x + 1 :] if flat[i][0] != flat[j][0])
    # Only connectivity matters (groups are connected components): a pair already
    # joined through others is not verified again, which keeps a story whose
    # thousands of quotations are all one statement from verifying every pair.
    joined = UnionFind(range(len(flat)))
    visits = 0
    for i, own in enumerate(sets):
        if len(words[i]) < MIN_WORDS:
            continue
        ranked = sorted(own, key=lambda w: (frequency[w], w))
        # One word more than the bound needs: rounding of MIN_OVERLAP * m cannot cut it.
        prefix = ranked[: len(own) - math.ceil(MIN_OVERLAP * len(own)) + 2]
        near = {j for word in prefix for j in holding[word]}
        visits += len(near)
        if visits > MAX_VISITS:
            return
        for j in sorted(near):
            # Probed from the smaller set (either one when equal); verified exactly.
            smaller = len(sets[j]) >= len(own)
            if j == i or not smaller or flat[i][0] == flat[j][0]:
                continue
            if joined.find(i) == joined.find(j):
                continue  # already one statement through others
            if _same_words(words[i], words[j]):
                joined.union(i, j)
                yield (i, j) if i < j else (j, i)


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


def group_quotes(
    items: Sequence[tuple[str, Sequence[Quote]]],
    canonical: Callable[[str], str] = str,
) -> list[QuoteGroup]:
    """Statements quoted in more than one article of a story, largest group first.

    `canonical` maps a speaker as an article names them to the story's one name for
    them (`reconcile.speakers`: "the Israeli leader's office" -> "Benjamin
    Netanyahu's office"); the forms it unified are kept in `speaker_forms`."""
    flat = [(aid, i, q) for aid, quotes in items for i, q in enumerate(quotes)]
    words = [_words(q.text) for _, _, q in flat]
    members = connected_groups(range(len(flat)), _candidate_pairs(flat, words))
    groups = []
    for indices in members:
        if len({flat[i][0] for i in indices}) < 2:
            continue
        fullest = max(indices, key=lambda i: (len(flat[i][2].text), -i))
        reference = flat[fullest][2]
        written = [s for i in indices if (s := flat[i][2].speaker)]
        speakers = [canonical(s) for s in written]
        variants = tuple(
            QuoteVariant(flat[i][0], flat[i][1], flat[i][2].text,
                         wording_differences(reference.text, flat[i][2].text),
                         canonical(s) if (s := flat[i][2].speaker) else None)
            for i in indices
        )  # fmt: skip
        key = "|".join(sorted(f"{flat[i][0]}:{flat[i][1]}" for i in indices))
        # the most cited speaker; among equals the most specific (longest) name, then
        # the first in the alphabet (not the set's order, which varies from run to run)
        speaker = (max(set(speakers), key=lambda s: (speakers.count(s), len(s), s))
                   if speakers else None)  # fmt: skip
        groups.append(
            QuoteGroup(
                id=hashlib.sha1(key.encode()).hexdigest()[:12],
                speaker=speaker,
                text=reference.text,
                variants=variants,
                speaker_forms=_other_forms(written, speaker, canonical),
            )
        )
    groups.sort(key=lambda g: (-len(g.variants), g.text))
    return groups


def _other_forms(
    written: Sequence[str], speaker: str | None, canonical: Callable[[str], str]
) -> tuple[str, ...]:
    """The other names the articles gave the group's speaker ("Israeli leader's
    office" for "Benjamin Netanyahu's office"); a different speaker is not one."""
    def plain(name: str) -> str:
        return re.sub(r"^(?:the|The)\s+", "", name.replace("’", "'"))

    forms = {plain(w) for w in written if canonical(w) == speaker}
    return tuple(sorted(forms - {plain(speaker)})) if speaker else ()
