"""Who a claim rests on: attribution kinds, the relay rule and independent sources.

- `attribution_kind(name)`: an official body, an outlet or agency, an anonymous
  source, a named person, something else, or nothing (the outlet's own reporting).
- `relay_of(...)`: the agency an article credits for a claim. A credit inside the
  claim's sentence ("according to AFP, ...", "Al Jazeera reported") relays that
  claim; a credit for the whole article ("(AP) --" datelines, "Information from
  Reuters was used in this report", "By Jane Doe, Reuters") relays all of it.
- `SourceGraph`: a union-find over derivation groups and agencies. Two outlets
  relaying one agency are one source for what they relay, so support is the number
  of components among the groups that state a fact.
- `source_label(outlets, credited)`: how a user sees one independent source. It is
  named by its own outlets; a credit ("(AP)", "according to The Hill") is said as
  "credits The Hill" and never renames it (The Hill's group once showed as
  "Associated Press" because a rewrite in it used AP material).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from storydesk.analyze.credits import KNOWN_OUTLETS, find_credits
from storydesk.grouping import UnionFind
from storydesk.ingest.outlets import canonical_outlet_name
from storydesk.lexicon import OFFICIAL_ROLES, alternation
from storydesk.model import AttributionKind, Credit
from storydesk.reconcile.fact_params import DEFAULT, FactParams

ARTICLE_LEVEL_CREDITS = frozenset({"dateline", "contributed", "byline", "agency_tag"})
_ANONYMOUS = re.compile(
    r"\b(?:sources?|familiar|anonymity|anonymous|insiders?|people\s+close|a\s+(?:senior\s+)?"
    r"(?:[\w-]+\s+)?(?:official|diplomat|aide)|officials|diplomats|aides)\b",
    re.IGNORECASE,
)
# Official bodies, and the roles of those who speak for them.
_OFFICIAL = re.compile(
    r"\b(?:ministry|military|army|forces|police|government|department|agency|office|"
    r"authority|authorities|service|council|commission|administration|hospital|court|"
    r"parliament|senate|congress|cabinet|bureau|embassy|IDF|UN|U\.N\.|WHO|UNICEF|UNRWA|"
    r"committee|board|" + alternation(OFFICIAL_ROLES) + r")\b",
    re.IGNORECASE,
)
_KNOWN = re.compile(r"(?:" + KNOWN_OUTLETS + r")")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_GENERIC = frozenset("the of in and ministry office said officials official".split())


def is_outlet(name: str) -> bool:
    """Whether `name` is a news outlet or agency, by the credit extractor's own lists.

    The extractor also takes any capitalised name ending in Service or Agency for an
    outlet; here a name with an official body's word in it is an official body
    ("Eastland Regional Emergency Service"), unless it says News or Press."""
    bare = _LEADING.sub("", name.strip().strip(",.;:"))
    if _KNOWN.fullmatch(bare) or re.search(r"\b(?:News|Press)\b", bare):
        return True
    if _OFFICIAL.search(bare):
        return False
    probe = f"according to {bare}."
    return any(c.source == bare for c in find_credits(probe))


def attribution_kind(name: str | None, person: bool = False) -> AttributionKind:
    """The kind of source a claim is attributed to; `person`: the name is a PERSON."""
    if not name or not name.strip():
        return "unattributed"
    if is_outlet(name):
        return "outlet"
    if _ANONYMOUS.search(name) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+", name):
        return "anonymous"
    if _OFFICIAL.search(name):
        return "official"
    if person:
        return "person"
    return "other"


def normal_name(name: str) -> str:
    """A source name for comparing and keying: "The Associated Press" -> "associated press"."""
    return re.sub(r"\s+", " ", _LEADING.sub("", name.strip().strip(",.;:"))).lower()


def same_attribution(a: str | None, b: str | None, *, params: FactParams = DEFAULT) -> bool:
    """ "the Health Ministry in Hamas-ruled Gaza" and "Gaza's Health Ministry" are one."""
    if a is None or b is None:
        return a is b
    wa = {w.lower().rstrip("'’s") for w in _WORD.findall(a)} - _GENERIC
    wb = {w.lower().rstrip("'’s") for w in _WORD.findall(b)} - _GENERIC
    if not wa or not wb:
        return normal_name(a) == normal_name(b)
    return len(wa & wb) / min(len(wa), len(wb)) >= params.same_source_share


def relay_of(
    credits: Sequence[Credit],
    attribution: str | None,
    sentence: tuple[int, int],
) -> str | None:
    """The agency or outlet a claim is relayed from, if the article credits one."""
    if attribution and is_outlet(attribution):
        return attribution.strip()
    start, end = sentence
    for credit in credits:
        # The credit extractor also takes "the Eastland Emergency Service" for an
        # outlet: an official body quoted is an attribution, not a relay.
        if (start <= credit.start < end and credit.kind not in ARTICLE_LEVEL_CREDITS
                and is_outlet(credit.source)):  # fmt: skip
            return credit.source
    for credit in credits:
        if credit.kind in ARTICLE_LEVEL_CREDITS:
            return credit.source
    return None


class SourceGraph:
    """Independent sources: derivation groups, joined where they relay one agency."""

    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        self._sets: UnionFind[str] = UnionFind()
        self.group_of: dict[str, str] = {}
        self.members: dict[str, tuple[str, ...]] = {}
        # What a source is called: its articles' outlets, and whom they credit.
        self.outlet_of: dict[str, str] = {}
        self.credited_by: dict[str, tuple[str, ...]] = {}
        for group in groups:
            key = f"group:{group[0]}"
            self.members[key] = tuple(group)
            for article_id in group:
                self.group_of[article_id] = key
            self._sets.add(key)

    def group(self, article_id: str) -> str:
        """The group key of an article (an article no group names is its own group)."""
        if article_id not in self.group_of:
            key = f"group:{article_id}"
            self.group_of[article_id] = key
            self.members[key] = (article_id,)
            self._sets.add(key)
        return self.group_of[article_id]

    def find(self, key: str) -> str:
        return self._sets.find(key)

    def union(self, a: str, b: str) -> None:
        # Keep an agency as the root so the component is named after it; otherwise
        # b's root stays.
        if self._sets.find(a).startswith("agency:"):
            self._sets.union(a, b)
        else:
            self._sets.union(b, a)

    def add_outlet(self, article_id: str, outlet: str) -> None:
        """The article's own outlet: another article crediting it relays its group."""
        self.outlet_of[article_id] = outlet
        self.union(self.group(article_id), agency_key(outlet))

    def add_credit(self, article_id: str, name: str) -> None:
        """An article-level credit (a dateline, "Information from X was used"): the
        article is the credited agency's copy, so it joins that agency's source."""
        known = self.credited_by.get(article_id, ())
        if name not in known:
            self.credited_by[article_id] = (*known, name)
        self.union(self.group(article_id), agency_key(name))

    def label(self, article_ids: Iterable[str], relays: Iterable[str] = ()) -> str:
        """The name of the source these articles (of one component) make, with
        `relays`, the agencies their claims credit: see `source_label`."""
        ids = list(dict.fromkeys(i for a in article_ids for i in self.members[self.group(a)]))
        credited = [*(c for i in ids for c in self.credited_by.get(i, ())), *relays]
        return source_label([self.outlet_of.get(i) for i in ids], credited)

    def copy(self) -> SourceGraph:
        clone = SourceGraph(())
        clone._sets = self._sets.copy()
        clone.group_of = dict(self.group_of)
        clone.members = dict(self.members)
        clone.outlet_of = dict(self.outlet_of)
        clone.credited_by = dict(self.credited_by)
        return clone


def agency_key(name: str) -> str:
    """The union-find key of an agency or outlet: internal, never shown (see `label`)."""
    return f"agency:{normal_name(name)}"


def credited_others(own: Iterable[str | None], credited: Iterable[str]) -> tuple[str, ...]:
    """The names credited, canonical and once each, less the crediting source's own
    outlets ("By Ana Ruiz, CNN" in a CNN article credits no one else)."""
    mine = {normal_name(canonical_outlet_name(o)) for o in own if o}
    # "according to the Marrow Valley Courier": the sentence's article is not the name's.
    names = (canonical_outlet_name(re.sub(r"^the\s+", "", c)) for c in credited if c.strip())
    return tuple(name for name in dict.fromkeys(names) if normal_name(name) not in mine)


def source_label(outlets: Iterable[str | None], credited: Iterable[str] = ()) -> str:
    """ "The Hill", "CNN, The Hill", "outlet unknown", "The Hill (credits Associated
    Press)": a source's own outlets, then whom it credits that is not one of them."""
    known = list(dict.fromkeys(canonical_outlet_name(o) for o in outlets if o))
    others = credited_others(known, credited)
    name = ", ".join(known) if known else "outlet unknown"
    return f"{name} (credits {', '.join(others)})" if others else name
