"""One name per speaker across a story: offices and their holders, titles and names.

    story_quote_groups(items, entities) -> list[QuoteGroup]

Outlets name one speaker in many ways: "the Israeli Prime Minister's office", "Prime
Minister Benjamin Netanyahu's office", "the Israeli prime minster's office" (sic) and
"the Israeli leader's office" are one office when the story says who holds it. The
entity stage already links titles to people ("Israeli Prime Minister Benjamin
Netanyahu" gives Netanyahu the role "Israeli Prime Minister") and surnames to full
names; this module reuses those links to name each quotation's speaker canonically
("Benjamin Netanyahu's office", "Antony Blinken") before the quotations are grouped,
and keeps the forms the articles used. A title links to a person only when exactly
one person of the story holds it: otherwise the article's own words stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from storydesk.analyze.quote_groups import group_quotes
from storydesk.model import CanonicalEntity, Quote, QuoteGroup

_BODY = r"office|ministry|government|campaign|spokesperson|spokesman|spokeswoman|team|cabinet"
_OFFICE = re.compile(r"^(?P<owner>.+?)['’]s?\s+(?P<body>" + _BODY + r")$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|The)\s+")
# "the Israeli leader": the head of government of that nation, the one person the
# story names with such a title.
_LEADER = re.compile(r"^(?P<nation>[A-Z][\w-]+)\s+(?:leader|head of government)$")
_HEAD_TITLES = ("prime minister", "president", "premier", "chancellor")
# Two spellings of one title word ("minster" / "minister") when this close.
TITLE_WORD_SIMILARITY = 0.85


def _fold(text: str) -> str:
    return " ".join(_LEADING_ARTICLE.sub("", text.replace("’", "'")).casefold().split())


def _same_title(a: str, b: str) -> bool:
    """Word by word equal, allowing a typo in a long word ("minster")."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    return _words_match(wa, wb)


def _title_of(phrase: str, role: str) -> bool:
    """`phrase` names `role`, whole or without its qualifiers: "Prime Minister" and
    "Velmoran prime minster" are both the role "Velmoran Prime Minister"."""
    wa, wb = phrase.split(), role.split()
    return 0 < len(wa) <= len(wb) and _words_match(wa, wb[len(wb) - len(wa) :])


def _words_match(wa: list[str], wb: list[str]) -> bool:
    return all(
        x == y or (min(len(x), len(y)) >= 5
                   and SequenceMatcher(None, x, y).ratio() >= TITLE_WORD_SIMILARITY)
        for x, y in zip(wa, wb, strict=True)
    )  # fmt: skip


class SpeakerNames:
    """Canonical speaker names from a story's canonical entities."""

    def __init__(self, entities: Sequence[CanonicalEntity]) -> None:
        self.people = [e for e in entities if e.label == "PERSON"]
        self.forms: dict[str, set[int]] = {}
        for index, entity in enumerate(entities):
            for form in (entity.name, *entity.variants):
                self.forms.setdefault(_fold(form), set()).add(index)
        self.entities = list(entities)

    def canonical(self, speaker: str) -> str:
        """The story's name for `speaker`: an office under its holder's name, a title
        or surname under the full name, else the speaker as written."""
        written = _LEADING_ARTICLE.sub("", speaker.strip()).replace("’", "'")
        office = _OFFICE.match(written)
        if office:
            holder = self.holder(office.group("owner"))
            if holder is not None:
                return f"{holder.name}'s {office.group('body').lower()}"
            return written
        exact = self.forms.get(_fold(written), set())
        if len(exact) == 1:
            return self.entities[next(iter(exact))].name
        holder = self.holder(written)
        return holder.name if holder is not None else written

    def holder(self, phrase: str) -> CanonicalEntity | None:
        """The one person of the story `phrase` names: by name (possibly after a title,
        "Prime Minister Benjamin Netanyahu"), by a title only they hold, or as a
        nation's leader when they are the only head of government named for it."""
        folded = _fold(phrase)
        if not folded:
            return None
        found = self._by_name(folded) or self._by_title(folded)
        if found is None:
            leader = _LEADER.match(_LEADING_ARTICLE.sub("", phrase.strip()))
            if leader:
                found = self._leader_of(leader.group("nation").casefold())
        return found

    def _one(self, matches: list[CanonicalEntity]) -> CanonicalEntity | None:
        unique = {e.id: e for e in matches}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def _by_name(self, folded: str) -> CanonicalEntity | None:
        words = folded.split()
        best: list[CanonicalEntity] = []
        best_length = 0
        for person in self.people:
            for form in (person.name, *person.variants):
                name = _fold(form).split()
                if name and words[-len(name) :] == name and len(name) >= best_length:
                    if len(name) > best_length:
                        best, best_length = [], len(name)
                    best.append(person)
        return self._one(best)

    def _by_title(self, folded: str) -> CanonicalEntity | None:
        return self._one([p for p in self.people
                          if any(_title_of(folded, _fold(r)) for r in p.roles)])  # fmt: skip

    def _leader_of(self, nation: str) -> CanonicalEntity | None:
        heads = []
        for person in self.people:
            for role in person.roles:
                words = _fold(role)
                if words.startswith(nation + " ") and any(
                    _same_title(words[len(nation) + 1 :], t) for t in _HEAD_TITLES
                ):
                    heads.append(person)
        return self._one(heads)


def story_quote_groups(
    items: Sequence[tuple[str, Sequence[Quote]]], entities: Sequence[CanonicalEntity]
) -> list[QuoteGroup]:
    """`group_quotes` with every speaker under the story's one name for them."""
    names = SpeakerNames(entities)
    return group_quotes(items, canonical=names.canonical)
