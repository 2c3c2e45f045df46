"""Per-story canonical entities: which mentions, across a story's articles, are one.

    canonical_entities(items: Sequence[tuple[Article, Analysis, ArticleClaims | None]])
        -> list[CanonicalEntity]

Rules, in order (each one cheap string work on the spaCy mentions):

1. People with a full name are one entity when first and last names agree, allowing
   spelling variants of either ("David Barnea" / "David Barnia"); a different first
   name is a different person ("Joe Biden" / "Hunter Biden").
2. A surname alone ("Netanyahu") joins the person of that surname named last before
   it in the same article, else the only person of that surname in the story; when
   several share it and nothing decides, it stays on its own rather than be merged
   wrongly.
3. Places, organisations and groups with names spelt differently are one when their
   consonant skeletons agree and the names are close ("Jabalya" / "Jabalia", "Khan
   Yunis" / "Khan Younis"); "Ministry of Health" and "Health Ministry" are one.
   spaCy's label noise (a town tagged PERSON) is absorbed by merging equal names
   across labels and keeping the majority label.
4. Countries: "America", "U.S." and "United States" are one entity (the aliases of
   `lexicon.COUNTRY_ALIASES`), and a demonym joins its country when the story names
   the country: "Israeli" and "Israelis" become variants of "Israel" (a GPE). Where
   the story never names the country ("23 Thai hostages"), the demonym stays an entity
   of its own (NORP): storydesk does not name a country the story does not.
   The spelling variants a search may use are told apart from these other names
   (`spelling_variants`): "Israeli" is another word for Israel, not a spelling of it.
5. Mentions that name nothing are dropped first (`reconcile.entity_junk`): house
   lines, wire codes, section labels, kickers, tag lists, job titles and spans that
   are no name ("State" of "Secretary of State", "Israel Palestine Conflict: Hopes").
   A capital "The" inside a sentence belongs to the name ("according to The Hill"),
   so the outlet is "The Hill", never "Hill". Wire slugs, photo lines, notes to
   editors and addresses are furniture too; words that only look like names (see
   `entity_junk`) and two names in one span ("Beck and Garrett", when the story names
   each alone) are dropped; a descriptor opening a sentence ("Detective Bob Graybill")
   and a home town ("Rejeanne Gilbert of Jonquiere") are cut off a person's name.
   `drop_reason` says why a mention was dropped.
6. Titles before a name are kept as roles ("intelligence chief Petra Novak" →
   "intelligence chief"); a title standing alone ("the Israeli Prime Minister") is a mention of the
   one person holding it; "Netanyahu's office" is an entity of its own, related to
   its head.
7. An entity named once in the whole story with a weak label (not a place, not a
   person's full name, not an organisation's name ending in its head) is marked
   `also_mentioned` (`reconcile.entity_evidence`) and comes after the story's list:
   shown apart, labelled so, never dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, TypeVar

import numpy as np

from storydesk.lexicon import (
    COMMON_RANKS,
    COUNTRY_ALIASES,
    DEMONYMS,
    ROLE_TITLES,
    alternation,
    demonym_forms,
)
from storydesk.model import (
    Analysis,
    Article,
    ArticleClaims,
    CanonicalEntity,
    EntityMention,
    Mention,
)
from storydesk.reconcile.entity_evidence import weak_evidence
from storydesk.reconcile.entity_junk import (
    CaseEvidence,
    junk_reason,
    opens_sentence,
    strip_descriptor,
)
from storydesk.reconcile.entity_params import DEFAULT, EntityParams

Item = tuple[Article, Analysis, ArticleClaims | None]
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Titles and roles written before a name, and the ranks abbreviated there ("Sen.").
_TITLE_WORDS = (
    alternation(ROLE_TITLES, space=r"\s+") + "|" + alternation(f"{r}." for r in COMMON_RANKS)
)
_ROLE_BEFORE = re.compile(
    r"(?P<role>(?:(?:[A-Z][\w.'’-]*|of|the|for|and|foreign|defense|defence|health|"
    r"interior|finance|security|intelligence|military|army|agency)\s+){0,4}(?:"
    + _TITLE_WORDS
    + r"))\s+$"
)
_ROLE_AFTER = re.compile(r"^,\s+(?P<role>(?:the|a|an|its|his|her)\s+[^,.;:()“”\"]{3,60}?),")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Determiners spaCy sometimes takes into a name ("an International Olympic Committee"),
# and the quotes of wire copy ("``New Mexico").
_LEADING_DETERMINER = re.compile(r"^(?:an?|another|these|this|those|that)\s+(?=[A-Z])")
_LEADING_QUOTES = re.compile(r"^[-–—_`'‘\"“]+")  # and the dashes of lists ("--U.S.")
_TRAILING_QUOTES = re.compile(r"(?<!s)['’\"”]+$")  # "Lion King''", not "Jones'"
# The other names of each country, folded, to the folded usual name.
_ALIASES = {k.casefold().removeprefix("the "): v.casefold() for k, v in COUNTRY_ALIASES.items()}
# Each form of a demonym ("Israelis") to its country's usual name ("Israel").
_DEMONYM_OF = {form: country for d, country in DEMONYMS.items() for form in demonym_forms(d)}
_MINISTRY_OF = re.compile(r"^(?P<kind>Ministry|Department|Office)\s+of\s+(?P<what>.+)$", re.I)
_SUFFIXES = ("jr", "sr", "ii", "iii")
_Key = TypeVar("_Key")
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z]{2,5}")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "al", "el"})


@dataclass
class _Cluster:
    label_votes: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    # Other words for the entity that are no spelling of its name (a demonym joined to
    # its country): shown as variants, never chosen as the name.
    other_names: Counter[str] = field(default_factory=Counter)

    def add(self, article_id: str, start: int, end: int, text: str, name: str, label: str,
            is_name: bool = True) -> None:  # fmt: skip
        self.mentions.append(EntityMention(article_id, start, end, text))
        if is_name:  # a title standing in for a name ("the Israeli Prime Minister") is no name
            self.names[name] += 1
            self.label_votes[label] += 1


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def clean_name(text: str) -> str:
    """A mention's name: no leading article, no possessive, single spaces."""
    text = _LEADING_ARTICLE.sub("", re.sub(r"\s+", " ", text.strip()))
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "'", "’")) else text


def mention_name(text: str, start: int, end: int) -> str:
    """The name a mention gives: `clean_name`, without quotes or a determiner in front
    ("an International Olympic Committee"), and keeping a capital "The" that stands
    inside a sentence before a one-word name ("according to The Hill": the outlet is
    "The Hill"; "The Pentagon said" opens a sentence and is "Pentagon")."""
    raw = _TRAILING_QUOTES.sub("", _LEADING_QUOTES.sub("", text[start:end].strip()))
    name = clean_name(clean_name(_LEADING_DETERMINER.sub("", raw)))  # "Park's'"
    if not raw.startswith("The ") and text[max(0, start - 4) : start] == "The ":
        start -= 4  # spaCy left the article out of the span: "The [Hill]"
    elif not raw.startswith("The "):
        return name
    if len(name.split()) == 1:
        # Inside a sentence: a word or a comma before it, not a full stop, a quote,
        # a line break or a bullet ("_ The Pacific ecosystem").
        before = text[max(0, start - 3) : start].rstrip(" \t")
        if before and (before[-1].isalnum() or before[-1] in ",;"):
            name = f"The {name}"
    return name


def spelling_variants(entity: CanonicalEntity) -> dict[str, set[str]]:
    """For each word of an entity's names, the other words its names spell it with:
    "Barnia" -> {"Barnea"} for "David Barnea" / "David Barnia" (`name_spellings`)."""
    return name_spellings([entity.name, *entity.variants])


def name_spellings(names: Sequence[str]) -> dict[str, set[str]]:
    """For each word of one entity's `names`, the other words they spell it with. Only
    words at the same place in names of as many words, and only real spelling
    variants: not a word and its inflection ("Palestinian" / "Palestinians") nor a
    demonym ("Israel" / "Israeli")."""
    found: dict[str, set[str]] = defaultdict(set)
    for a in names:
        for b in names:
            words_a, words_b = a.split(), b.split()
            if a == b or len(words_a) != len(words_b):
                continue
            for x, y in zip(words_a, words_b, strict=True):
                # "U.S." / "US" is one spelling, "Palestinian(s)" an inflection.
                fx, fy = re.sub(r"\W", "", _fold(x)), re.sub(r"\W", "", _fold(y))
                if fx == fy or fx.startswith(fy) or fy.startswith(fx):
                    continue
                if x in _DEMONYM_OF or y in _DEMONYM_OF:
                    continue
                # As the resolver joined them: close spellings, or one skeleton
                # ("Ilyas" / "Ilias", too short for the ratio alone).
                if not (similar(x, y) or skeleton(x) == skeleton(y)):
                    continue
                found[x].add(y)
    return found


def skeleton(name: str) -> str:
    """Consonant skeleton of a transliterated name: "Jabalya" and "Jabalia" -> "jbl"."""
    # "Tel Hamrah" / "Tel Hamra": a final -h after a vowel is a transliteration habit.
    folded = re.sub(r"[^a-z]", "", re.sub(r"([aeiou])h\b", r"\1", _fold(name)))
    folded = folded.replace("ou", "u").replace("y", "i").replace("ph", "f").replace("ee", "i")
    folded = re.sub(r"(.)\1+", r"\1", folded)
    return folded[:1] + re.sub(r"[aeiou]", "", folded[1:])


_ALPHABET = {c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}


@lru_cache(maxsize=65536)
def _letters(folded: str) -> tuple[int, ...]:
    """How often each letter a-z occurs, and (last) all other characters together."""
    counts = [0] * 27
    for c in folded:
        counts[_ALPHABET.get(c, 26)] += 1
    return tuple(counts)


def _ratio_bound(matches: int, length: int) -> float:
    """difflib's ratio formula, for its upper bounds computed without a matcher."""
    return 2.0 * matches / length if length else 1.0


def similar(a: str, b: str, params: EntityParams = DEFAULT) -> bool:
    """Spelling variants of one name: same skeleton (or nearly) and close letters."""
    return _matcher(params)(a, b)


@lru_cache(maxsize=8)
def _matcher(params: EntityParams) -> Callable[[str, str], bool]:
    """`similar` with its thresholds bound (and its cache kept) once per parameter set:
    every story asks it hundreds of thousands of times."""
    min_ratio = params.min_ratio

    @lru_cache(maxsize=262144)
    def similar(a: str, b: str) -> bool:
        fa, fb = _fold(a), _fold(b)
        if fa == fb:
            return True
        # Every story compares each new name with all names so far: reject the hopeless
        # pairs with cheap upper bounds of the ratio before computing it (the matcher's
        # own real_quick_ratio, and its quick_ratio loosened to count every character
        # outside a-z as one: both computed without building a matcher, which costs more).
        length = len(fa) + len(fb)
        if _ratio_bound(min(len(fa), len(fb)), length) < min_ratio:
            return False
        if _ratio_bound(sum(map(min, _letters(fa), _letters(fb))), length) < min_ratio:
            return False
        ratio = SequenceMatcher(None, fa, fb).ratio()
        short = min(len(fa), len(fb)) < params.short_name_letters
        threshold = params.short_name_ratio if short else params.name_ratio
        return ratio >= threshold and (
            skeleton(a) == skeleton(b) or ratio >= params.skeleton_free_ratio
        )

    return similar


def acronym(name: str) -> str | None:
    """The letters of an acronym ("U.S." and "US" -> "us"), None for other names."""
    if _ACRONYM.fullmatch(name):
        return name.replace(".", "").lower()
    return None


def initials(name: str) -> str | None:
    """What a name of several capitalised words is abbreviated to: "United Nations" ->
    "un", "Israel Defense Forces" -> "idf" (small words skipped); None otherwise."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _MINOR_WORDS]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


def _org_key(name: str) -> str:
    """ "Ministry of Health" and "Health Ministry" share a key, "U.S." and "US" too,
    "The Hill" and "Hill" as well."""
    name = name.removeprefix("The ")
    short = acronym(name)
    if short:
        return short
    match = _MINISTRY_OF.match(name)
    if match:
        return _fold(f"{match.group('what')} {match.group('kind')}")
    return _fold(re.sub(r"^(?:[A-Z][\w-]*-(?:run|ruled|led|controlled)\s+)", "", name))


def _person_parts(name: str) -> tuple[str, str] | None:
    words = [w for w in name.split() if w.lower().rstrip(".") not in _SUFFIXES]
    if len(words) < 2:
        return None
    return words[0], words[-1]


def _role_for(text: str, start: int, end: int, window: int) -> str | None:
    before = _ROLE_BEFORE.search(text[max(0, start - window) : start])
    if before:
        role = re.sub(r"\s+", " ", before.group("role")).rsplit(". ", 1)[-1]
        role = re.sub(r"^(?:(?:of|the|for|and)\s+)+", "", role)
        return role or None
    after = _ROLE_AFTER.match(text[end : end + window])
    return re.sub(r"\s+", " ", after.group("role")) if after else None


def _entity_id(label: str, name: str) -> str:
    return hashlib.sha1(f"{label}:{name}".encode()).hexdigest()[:12]


class _LetterTable(Generic[_Key]):
    """Keys in the order they were added, each with a name's letter counts, so that the
    keys whose name may be `similar` to a new one are found by one array operation:
    those passing the upper bound of the ratio that `similar` tests first (exactly its
    formula, so the answer is the same as asking `similar` of every key)."""

    def __init__(self, min_ratio: float) -> None:
        self.min_ratio = min_ratio
        self.keys: list[_Key] = []
        self._letters = np.zeros((64, 27), dtype=np.int64)
        self._lengths = np.zeros(64, dtype=np.int64)

    def add(self, key: _Key, name: str) -> None:
        folded = _fold(name)
        n = len(self.keys)
        if n == len(self._lengths):  # full: double the room
            self._letters = np.concatenate([self._letters, np.zeros_like(self._letters)])
            self._lengths = np.concatenate([self._lengths, np.zeros_like(self._lengths)])
        self._letters[n] = _letters(folded)
        self._lengths[n] = len(folded)
        self.keys.append(key)

    def near(self, name: str) -> list[_Key]:
        n = len(self.keys)
        if not n:
            return []
        folded = _fold(name)
        matches = np.minimum(self._letters[:n], np.array(_letters(folded))).sum(axis=1)
        total = self._lengths[:n] + len(folded)
        bound = np.divide(2.0 * matches, total, out=np.ones(n), where=total > 0)
        return [self.keys[i] for i in np.flatnonzero(bound >= self.min_ratio)]


class _Builder:
    def __init__(self, params: EntityParams) -> None:
        self.params = params
        self.similar = _matcher(params)
        self.clusters: list[_Cluster] = []
        self.people: dict[tuple[str, str], int] = {}  # (first, last) -> cluster
        self.named: dict[str, int] = {}  # folded/org key of non-person names -> cluster
        self.kinds: dict[int, str] = {}  # cluster -> place, ORG or NORP
        # "UN" and "United Nations": acronyms and the initials of long names, per kind.
        self.acronyms: dict[tuple[str, str], int] = {}
        self.initials: dict[tuple[str, str], int] = {}
        # The keys of `named`, and the people by surname, in the order they came, with
        # their letter counts: a new name is compared only with those that pass
        # `similar`'s first test (a long story has thousands of names).
        self.named_table: _LetterTable[str] = _LetterTable(params.min_ratio)
        self.people_table: _LetterTable[tuple[str, str]] = _LetterTable(params.min_ratio)

    def _name(self, key: str, index: int) -> None:
        """Record a new key of `named`."""
        self.named[key] = index
        self.named_table.add(key, key)

    def _comparable(self, key: str) -> list[str]:
        """The keys of `named` that may be `similar` to `key`, in `named`'s order."""
        return self.named_table.near(key)

    def people_near(self, last: str) -> list[tuple[str, str]]:
        """The keys of `people` whose surname may be `similar` to `last`, in order."""
        return self.people_table.near(last)

    def person(self, first: str, last: str) -> int:
        for known_first, known_last in self.people_near(last):
            index = self.people[(known_first, known_last)]
            # With the surname spelt alike, a first name need only share its skeleton
            # ("Ilyas" / "Ilias"); two variant spellings at once must be closer.
            f = known_first
            same_last = _fold(last) == _fold(known_last)
            if self.similar(last, known_last) and (
                self.similar(first, f) or (same_last and skeleton(first) == skeleton(f))
            ):
                return index
        self.clusters.append(_Cluster())
        self.people[(first, last)] = len(self.clusters) - 1
        self.people_table.add((first, last), last)
        return len(self.clusters) - 1

    def other(self, name: str, label: str) -> int:
        """Places, organisations and groups: equal names always join, whatever spaCy's
        label; spelling variants only within one kind ("Israel" is not "Israeli")."""
        key = _org_key(name)
        if self.params.country_joins and label != "PERSON":
            key = _ALIASES.get(_fold(name), key)  # "America", "U.S." -> "united states"
        kind = _kind(label)
        if key in self.named:
            return self.named[key]
        short, long_form = acronym(name), initials(name)
        # An acronym and the name it abbreviates are one entity when spaCy gave them
        # the same kind ("US"/"United States" places, "IDF"/"Israel Defense Forces").
        found = (self.initials.get((short, kind)) if short
                 else self.acronyms.get((long_form, kind)) if long_form else None)  # fmt: skip
        if found is not None:
            self._name(key, found)
            self._remember(found, short, long_form, kind)
            return found
        for known in self._comparable(key):
            index = self.named[known]
            # A name spaCy tagged PERSON here but not a person elsewhere may be any kind.
            loose = label == "PERSON" or self.kinds[index] == "PERSON"
            if (self.kinds[index] == kind or loose) and self.similar(known, key):
                self._name(key, index)
                self._remember(index, short, long_form, kind)
                return index
        self.clusters.append(_Cluster())
        index = len(self.clusters) - 1
        self._name(key, index)
        self.kinds[index] = kind
        self._remember(index, short, long_form, kind)
        return index

    def _remember(self, index: int, short: str | None, long_form: str | None, kind: str) -> None:
        if short:
            self.acronyms.setdefault((short, kind), index)
        if long_form:
            self.initials.setdefault((long_form, kind), index)


def _kind(label: str) -> str:
    return "place" if label in _PLACE_LABELS else label


def canonical_entities(
    items: Sequence[Item], *, params: EntityParams = DEFAULT
) -> list[CanonicalEntity]:
    """The story's entities, most mentioned first; those only also mentioned (named
    once, weak label: `entity_evidence`) come after all the others."""
    builder = _Builder(params)
    surnames: list[tuple[Article, int, int, str, str]] = []
    # A name spaCy also tagged as a place or organisation is not a person ("Khan Yunis").
    not_people = {skeleton(clean_name(m.text)) for _, analysis, _ in items
                  for m in analysis.mentions if m.label in NAME_LABELS - {"PERSON"}}  # fmt: skip
    cases = CaseEvidence(a.text for a, _, _ in items) if params.junk_rules else None
    for article, analysis, _ in items:
        text = article.text
        for m in analysis.mentions:
            if m.label not in NAME_LABELS:
                continue
            if params.junk_rules:
                if cases is not None and drop_reason(text, m, cases):
                    continue
                name = mention_name(text, m.start, m.end)
                if m.label == "PERSON":
                    name = strip_descriptor(name, cases, opens_sentence(text, m.start))
            else:
                name = clean_name(m.text)
            is_person = m.label == "PERSON" and skeleton(name) not in not_people
            parts = _person_parts(name) if is_person else None
            if is_person and parts is None:
                surnames.append((article, m.start, m.end, name, m.label))
                continue
            index = builder.person(*parts) if parts else builder.other(name, m.label)
            builder.clusters[index].add(article.id, m.start, m.end, m.text, name, m.label)
            if m.label == "PERSON":
                role = _role_for(text, m.start, m.end, params.role_window)
                if role:
                    builder.clusters[index].roles.append(role)
    _merge_people_tagged_otherwise(builder)
    _attach_surnames(builder, surnames, items)
    _attach_titles_and_offices(builder, items)
    if params.country_joins:
        _join_demonyms(builder)
    entities = _finish(builder)
    if not params.also_mentioned:
        return entities
    marked = [replace(e, also_mentioned=True) if weak_evidence(e) else e for e in entities]
    # The story's list first, then what is only also mentioned: a reader taking the
    # first names takes the list.
    return sorted(marked, key=lambda e: e.also_mentioned)


def drop_reason(text: str, mention: Mention, cases: CaseEvidence) -> str | None:
    """Why a spaCy mention in `text` names nothing (`entity_junk.junk_reason`, or a
    word the story's `cases` show to be common); None when it may name something."""
    reason = junk_reason(text, mention.start, mention.end, mention.label)
    if reason is None and cases.common_word(text, mention.start, mention.end):
        return "a common word"
    if reason is None and cases.capital_for_its_place(text, mention.start, mention.end):
        return "a common word capitalised for its place"
    if reason is None and cases.two_names(text[mention.start : mention.end].strip()):
        return "two names in one span"
    return reason


def _join_demonyms(builder: _Builder) -> None:
    """A demonym's entity ("Israeli", "Israelis") joins its country's ("Israel") when
    the story names the country; its names become the country's other names."""
    for index in list(builder.named.values()):
        cluster = builder.clusters[index]
        if not cluster.names or builder.kinds.get(index) == "PERSON":
            continue
        countries = {_DEMONYM_OF.get(n) for n in cluster.names}
        if len(countries) != 1 or None in countries:
            continue  # no demonym, or one mixed with other names ("Russian-Israelis")
        (country,) = countries
        assert country is not None
        target = builder.named.get(_ALIASES.get(_fold(country), _fold(country)))
        if target is None or target == index or builder.kinds.get(target) != "place":
            continue
        joined = builder.clusters[target]
        joined.mentions.extend(cluster.mentions)
        joined.other_names.update(cluster.names)
        cluster.mentions.clear()
        cluster.names.clear()
        for other_key, other_index in list(builder.named.items()):
            if other_index == index:
                builder.named[other_key] = target


def _merge_people_tagged_otherwise(builder: _Builder) -> None:
    """A full name spaCy tagged ORG in one article ("Ilse Vargha") joins the person
    of that name (or a spelling of it) named elsewhere in the story."""
    for key, index in list(builder.named.items()):
        cluster = builder.clusters[index]
        if not cluster.names or cluster.label_votes["PERSON"] == sum(cluster.label_votes.values()):
            continue
        name = max(cluster.names, key=lambda n: cluster.names[n])
        parts = _person_parts(name)
        if parts is None or len(name.split()) > 3 or not all(w[:1].isupper() for w in name.split()):
            continue
        for (first, last), person in builder.people.items():
            if _fold(first) == _fold(parts[0]) and builder.similar(parts[1], last):
                target = builder.clusters[person]
                target.mentions.extend(cluster.mentions)
                target.names.update(cluster.names)
                # The titles go with the name: left behind, they would make the empty
                # cluster the holder of "the Prime Minister", a cluster with no name.
                target.roles.extend(cluster.roles)
                cluster.mentions.clear()
                cluster.names.clear()
                cluster.roles.clear()
                builder.named[key] = person
                builder.kinds[person] = "PERSON"
                break


def _attach_surnames(builder: _Builder, surnames: list[tuple[Article, int, int, str, str]],
                     items: Sequence[Item]) -> None:  # fmt: skip
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (position, cluster)
    for index, cluster in enumerate(builder.clusters):
        for mention in cluster.mentions:
            by_article[mention.article_id].append((mention.start, index))
    for positions in by_article.values():
        positions.sort()  # once, not once per surname
    for article, start, end, name, label in surnames:
        matches = {builder.people[key] for key in builder.people_near(name)
                   if builder.similar(name, key[1])}  # fmt: skip
        earlier = [i for pos, i in by_article[article.id] if pos < start and i in matches]
        if earlier:
            index = earlier[-1]
        elif len(matches) == 1:
            index = matches.pop()
        elif name in builder.named or not matches:
            index = builder.other(name, label)  # a lone name, or one spaCy mislabelled
        else:
            continue  # several people share this surname and nothing decides: no guess
        builder.clusters[index].add(article.id, start, end, article.text[start:end], name, label)
        role = _role_for(article.text, start, end, builder.params.role_window)
        if role:
            builder.clusters[index].roles.append(role)


_OFFICE = re.compile(r"(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+){0,4}[A-Z][\w-]*)['’]s\s+office\b")


def _attach_titles_and_offices(builder: _Builder, items: Sequence[Item]) -> None:
    """ "the Israeli Prime Minister" -> its holder; "Netanyahu's office" -> an office."""
    holders: dict[str, set[int]] = defaultdict(set)
    for index, cluster in enumerate(builder.clusters):
        for role in cluster.roles:
            holders[_fold(clean_name(role))].add(index)
    # A title names one person only when one person in the story holds it and it is
    # more than a bare common noun ("chief", "official").
    titles = {
        role: min(held)
        for role, held in holders.items()
        if len(held) == 1 and (len(role.split()) >= 2 or role in ("president", "emir"))
    }
    offices: dict[int, int] = {}
    patterns = {
        role: re.compile(r"\b(?:the\s+)?" + re.escape(role) + r"\b(?!\s+[A-Z])(?!['’]s)",
                         re.IGNORECASE)
        for role in titles
    }  # fmt: skip
    for article, _, _ in items:
        text = article.text
        folded_text = text.casefold()
        for match in _OFFICE.finditer(text):
            owner = clean_name(match.group("owner"))
            head = _holder(builder, titles, owner)
            if head is None:
                continue
            if head not in offices:
                builder.clusters.append(_Cluster(related=[head]))
                offices[head] = len(builder.clusters) - 1
            name = f"{_best_name(builder.clusters[head])}'s office"
            builder.clusters[offices[head]].add(article.id, match.start(), match.end(),
                                                match.group(0), name, "ORG")  # fmt: skip
        for role, index in titles.items():
            if role.casefold() not in folded_text:
                continue  # cheaper than a case-blind regular expression over the text
            # The holder's mentions in this article (all of its mentions, in a long
            # story, are too many to scan for every title found).
            own: list[tuple[int, int]] | None = None
            for match in patterns[role].finditer(text):
                if own is None:
                    own = [(m.start, m.end) for m in builder.clusters[index].mentions
                           if m.article_id == article.id]  # fmt: skip
                if any(start <= match.start() < end + 2 for start, end in own):
                    continue
                builder.clusters[index].add(article.id, match.start(), match.end(),
                                            match.group(0), clean_name(match.group(0)), "PERSON",
                                            is_name=False)  # fmt: skip
                own.append((match.start(), match.end()))


def _holder(builder: _Builder, titles: dict[str, int], owner: str) -> int | None:
    folded = _fold(owner)
    if folded in titles:
        return titles[folded]
    words = owner.split()
    # "Netanyahu", "Benjamin Netanyahu", "Prime Minister Benjamin Netanyahu"; a bare
    # surname several people share goes to the one the story is most about.
    candidates = [
        index
        for (first, last), index in builder.people.items()
        if builder.similar(words[-1], last)
        and (len(words) == 1 or any(builder.similar(w, first) for w in words))
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda i: len(builder.clusters[i].mentions))


def _best_name(cluster: _Cluster) -> str:
    """The most frequent of the longest names: "Benjamin Netanyahu" over "Netanyahu".

    A cluster known only by a title ("the Prime Minister") has no name: its most
    frequent title stands in, so that no entity is left nameless."""
    names = cluster.names or Counter(clean_name(m.text) for m in cluster.mentions)
    names = +names  # drop counts of zero or less, which `max` must not see
    if not names:
        return cluster.roles[0] if cluster.roles else ""
    longest = max(len(n.split()) for n in names)
    return max((n for n in names if len(n.split()) == longest),
               key=lambda n: (names[n], n))  # fmt: skip


def _finish(builder: _Builder) -> list[CanonicalEntity]:
    non_people = set(builder.named.values())
    ids = []
    for cluster in builder.clusters:
        label = cluster.label_votes.most_common(1)[0][0] if cluster.label_votes else "ORG"
        named = cluster.names or cluster.mentions
        ids.append(_entity_id(label, _best_name(cluster)) if named else "")
    entities = []
    for index, cluster in enumerate(builder.clusters):
        if not cluster.mentions:
            continue
        label = cluster.label_votes.most_common(1)[0][0] if cluster.label_votes else "PERSON"
        others = [lab for lab, _ in cluster.label_votes.most_common() if lab != "PERSON"]
        if label == "PERSON" and index in non_people and others:
            label = others[0]  # a place spaCy sometimes took for a person
        if cluster.label_votes["GPE"] + cluster.label_votes["LOC"] + cluster.label_votes["FAC"] \
                >= cluster.label_votes[label] and label not in _PLACE_LABELS:  # fmt: skip
            label = "GPE"  # a town spaCy also tagged PERSON or NORP
        name = _best_name(cluster)
        roles = tuple(dict.fromkeys(r for r in cluster.roles))
        variants = set(cluster.names) | set(cluster.other_names)
        entities.append(
            CanonicalEntity(
                id=ids[index], name=name, label=label,
                variants=tuple(sorted(n for n in variants if n != name)),
                roles=roles,
                mentions=tuple(sorted(cluster.mentions, key=lambda m: (m.article_id, m.start))),
                related=tuple(ids[i] for i in cluster.related),
            )
        )  # fmt: skip
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities
