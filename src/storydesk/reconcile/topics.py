"""What a numeric claim is about, normalised so that differently worded claims meet.

"400 strikes", "hit more than 400 targets" and "carried out more than 400 strikes"
count one thing; "13,300 Palestinians have been killed", "killing over 13,000
Palestinians" and "the death toll rose to 13,300" another. A claim's `Subject` is:

- `event`: the state or act counted (dead, injured, released, held, ...), read from
  the counted words' participle ("Palestinians killed"), a toll ("death toll") or
  the verb right before the number ("killing at least 23", "freed over 100");
- `head`: the counted noun, singular and folded onto a synonym ("targets" ->
  strike, "houses" -> home, "persons" -> people) or onto its people ("Britons" ->
  british);
- `people`: the people counted: named ("Israelis", "South Koreans"), or those of
  the country a casualty toll is for ("the death toll in Israel", "Israel's death
  toll": no noun, the country kept as a place). Two different peoples never meet,
  so the toll meets "1,200 Israelis killed" and never "Palestinians killed";
- `rate`: what the figure is counted per ("three prisoners for every hostage" ->
  hostage, "500 trucks a day" -> day; `rates.split_rate`): a rate never meets a
  plain count of the same noun, nor a rate per something else;
- `part`: the count breaks down another ("including 17 women and children", "14 of
  the injured"): a part never stands for, nor conflicts with, the whole;
- `places`: the place phrases of its scope ("in southern Gaza");
- `period`: the start of the period counted ("since Oct. 7" as its ISO date, else
  the words: "since the end of the ceasefire").

Two claims naming different places or periods count different things; a claim
naming one that the other lacks may or may not count the same (`scope_gap`).

`same_subject(a, b)` compares two subjects; `context_overlap` tells whether two
sentences speak of the same circumstances (needed before calling two values a
conflict: agreeing values are evidence enough of sameness, disagreeing ones are not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydesk.analyze.peoples import people_named, people_of_country
from storydesk.analyze.rates import split_rate
from storydesk.lexicon import STOP_WORDS
from storydesk.reconcile.fact_params import DEFAULT, FactParams

# Event words: the participle, noun or verb of the counted state -> its class.
_EVENT_WORDS = {
    "dead": "killed killing kill kills death deaths dead died die dying fatalities fatality "
            "fatal toll lives slain perished claimed",
    "injured": "injured injuring injure injuries injury wounded wounding wounds hurt casualties",
    "ill": "ill sick sickened sickening infected infecting",
    "missing": "missing unaccounted disappeared",
    "released": "released releasing release freed freeing free",
    "held": "held holding captive captivity",
    "arrested": "arrested arresting arrests arrest detained detaining detention",
    "evacuated": "evacuated evacuating evacuation evacuate",
    "displaced": "displaced displacing homeless",
    "rescued": "rescued rescuing rescue",
}  # fmt: skip
EVENTS = {word: event for event, words in _EVENT_WORDS.items() for word in words.split()}
# Counted nouns that news uses interchangeably for one thing.
_SYNONYMS = {
    "target": "strike", "airstrike": "strike", "air-strike": "strike", "bombing": "strike",
    "house": "home", "dwelling": "home", "person": "people", "individual": "people",
    "kid": "child", "minor": "child", "children": "child", "men": "man", "women": "woman",
}  # fmt: skip
# Heads that name no particular group of people: they meet any head of the same event.
GENERIC_HEADS = frozenset({"people", "civilian", "resident", "victim", "body", "soul"})
# Heads of measures rather than counts: two of them differ for no reason worth flagging.
MEASURES = frozenset(
    "mile foot feet inch acre kilometer kilometre meter metre yard pound ton tonne degree "
    "year month week day hour minute second point percent cent time rate share".split()
)
_FILLER = frozenset(
    "still now already more additional other new further extra so far total some about "
    "nearly almost over least than only just".split()
)
_PART_BEFORE = re.compile(
    r"\b(?:including|includes|include|among\s+them|among\s+whom|of\s+whom|of\s+which|"
    r"among\s+the\s+dead|mostly|of\s+those)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(r"^\s+(?:of|out\s+of)\s+(?:the|them|those|these|its|their|all)\b")
_PLACE = re.compile(r"^(?:in|across|inside|within|throughout|near|outside)\s+(?:the\s+)?", re.I)
_DIRECTIONS = frozenset(
    "northern southern eastern western central north south east west occupied besieged".split()
)
_PLACE_NOUNS = frozenset("refugee camp province region district city area strip".split())
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")
# A toll's own place: "death toll in Israel" (counted.py writes it so).
_TOLL_PLACE = re.compile(r"\b(?:toll|tally)\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w'’.-]*"
                         r"(?:\s+[A-Z][\w'’.-]*)*)\s*$")  # fmt: skip
_TOLL_WORDS = frozenset({"toll", "tally"})
# Events whose count a country's toll gives: its dead, injured or missing people.
_CASUALTY_EVENTS = frozenset({"dead", "injured", "missing"})


@dataclass(frozen=True, slots=True)
class Subject:
    event: str | None
    head: str | None
    part: bool
    places: tuple[str, ...]
    unit: str | None
    words: str  # the counted words as written, for display
    period: str | None = None
    nouns: frozenset[str] = frozenset()  # every counted noun, folded ("truancy", "rate")
    rate: str | None = None  # what it is counted per ("hostage", "day"), folded
    people: str | None = None  # the people counted ("israeli"), named or a country's toll

    @property
    def key(self) -> str:
        """A readable key for the subject: "dead/palestinian", "-/strike",
        "released/prisoner per hostage"."""
        base = f"{self.event or '-'}/{self.head or self.people or '-'}"
        per = f" per {self.rate}" if self.rate else ""
        return ("part:" if self.part else "") + base + per + (f"@{self.unit}" if self.unit else "")


def lemma(word: str) -> str:
    """A crude singular, enough to meet plurals: "targets" -> "target"."""
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'")
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "sis")):
        word = word[:-1]
    return _SYNONYMS.get(word, word)


def subject_of(
    counted: str | None,
    before: str,
    after: str,
    scope: tuple[str, ...],
    unit: str | None,
    period: str | None = None,
    *,
    params: FactParams = DEFAULT,
) -> Subject:
    """The subject of a claim whose counted words are `counted`; `before` is the
    sentence text before the number, `after` the text right after it."""
    written = (counted or "").strip()
    counted, rate = split_rate(written)
    toll_place = _TOLL_PLACE.search(counted)
    if toll_place:  # "death toll in Israel": the place is not a counted noun
        counted = counted[: toll_place.start("place")]
    event: str | None = None
    nouns: list[str] = []
    head_capitalised = False
    head_closed = False
    tokens = _TOKEN.findall(counted)
    for raw in tokens:
        low = raw.lower()
        if low in EVENTS:
            event = event or EVENTS[low]
            head_closed = bool(nouns)
        elif low not in _FILLER and low not in STOP_WORDS:
            if nouns and low.endswith(("ed", "ing")):
                head_closed = True  # "workers besieged city hall": the head is "workers"
            if not head_closed:
                nouns.append(lemma(raw))
                head_capitalised = raw[:1].isupper()
    if event is None:
        # The verb right before the number: "killing at least 23", "freed over 100",
        # "the release of more than 100".
        for raw in reversed(_TOKEN.findall(before)[-params.verb_before_words :]):
            if raw.lower() in EVENTS:
                event = EVENTS[raw.lower()]
                break
    places = {p for p in (_place_key(s) for s in scope) if p}
    head, people = _head_and_people(nouns, head_capitalised, tokens, event, toll_place)
    if toll_place and people:
        places.add(toll_place.group("place").lower())
    part_before = before[-params.part_before_chars :]
    part = bool(_PART_BEFORE.search(part_before) or _PART_AFTER.match(after))
    return Subject(event, head, part, tuple(sorted(places)), unit, written, period,
                   frozenset(_folded_nouns(nouns, head, people)), rate, people)  # fmt: skip


def _folded_nouns(nouns: list[str], head: str | None, people: str | None) -> list[str]:
    """The counted nouns with a people folded ("south korean" for "South Koreans"); a
    country's toll counts no noun ("Israel's death toll")."""
    if people is None:
        return nouns
    return [head] if head else []


def _head_and_people(nouns: list[str], head_capitalised: bool, tokens: list[str],
                     event: str | None, toll_place: re.Match[str] | None
                     ) -> tuple[str | None, str | None]:  # fmt: skip
    """The counted noun and the people counted: a people named ("Israelis", "South
    Koreans", folded: "Britons" -> british), or the people of the country a casualty
    toll is for ("the death toll in Israel", "Israel's death toll": no noun, so the
    toll still meets "soldiers killed", but never another people)."""
    head = nouns[-1] if nouns else None
    named = people_named(nouns, head_capitalised)
    if named:
        return named, named
    toll = event in _CASUALTY_EVENTS and bool(_TOLL_WORDS & {t.lower() for t in tokens})
    if not toll:
        return head, None
    if toll_place:
        return head, people_of_country(toll_place.group("place").split())
    country = people_of_country(nouns) if nouns else None
    return (None, country) if country else (head, None)


def _place_key(phrase: str) -> str | None:
    """ "in southern Gaza" -> "southern gaza"; None for what is no place ("in Israeli
    attacks": a capitalised adjective before a common noun)."""
    if not _PLACE.match(phrase):
        return None
    rest = _PLACE.sub("", phrase).strip()
    words = rest.split()
    while words and words[0].lower() in _DIRECTIONS:
        words.pop(0)
    if not words or any(not w[:1].isupper() and w.lower() not in _PLACE_NOUNS for w in words):
        return None
    # "the New York area" is New York: reports of one count use either.
    return re.sub(r"\s+area$", "", rest.lower())


def same_subject(a: Subject, b: Subject) -> bool:
    """Whether two claims count the same thing (their places may still differ)."""
    if a.unit != b.unit or a.part != b.part or a.rate != b.rate:
        return False
    if a.people and b.people and a.people != b.people:
        return False  # "Palestinians killed" is not "the death toll in Israel"
    if a.event != b.event:
        # One wording names the state and the other does not ("60,000 children have
        # died" / "60,000 children, infants to teen-agers, have died"): the same
        # specific noun, or the same people, still meets; a generic one ("people")
        # does not.
        one_silent = a.event is None or b.event is None
        same_noun = a.head == b.head and a.head and a.head not in GENERIC_HEADS
        return bool(one_silent and (same_noun or (a.people and a.people == b.people)))
    if a.head == b.head:
        return a.head is not None or a.event is not None
    if a.event is None:
        return False  # without an event, only the same noun says it is one thing
    # "death toll" (no noun) or "people" meets "Palestinians killed".
    return a.head is None or b.head is None or a.head in GENERIC_HEADS or b.head in GENERIC_HEADS


def is_measure(subject: Subject) -> bool:
    """A distance, duration or other measure ("70 miles north"), not a count of things."""
    return subject.unit is not None or subject.head in MEASURES


def places_differ(a: Subject, b: Subject) -> bool:
    """Both name a place (or a period) and they are not the same; a place may contain
    the other ("southern gaza" / "gaza" differ: a part is not the whole)."""
    if a.period and b.period and a.period != b.period:
        return True
    if not a.places or not b.places:
        return False
    return not set(a.places) & set(b.places)


def scope_gap(a: Subject, b: Subject) -> str | None:
    """A place or period that one claim names and the other does not, described."""
    for x, y in ((a, b), (b, a)):
        if x.places and not y.places:
            return f"one figure is for {', '.join(x.places)}, the other names no place"
        if x.period and not y.period:
            return f"one figure counts since {x.period}, the other gives no start"
    return None


def context_words(sentence: str, *, params: FactParams = DEFAULT) -> frozenset[str]:
    """The content words of a sentence (numbers dropped), for `context_overlap`."""
    shortest = params.min_context_letters
    return frozenset(
        lemma(w) for w in _TOKEN.findall(sentence)
        if len(w) >= shortest and w.lower() not in STOP_WORDS and w.lower() not in _FILLER
    )  # fmt: skip


def context_overlap(a: frozenset[str], b: frozenset[str], exclude: frozenset[str]) -> float:
    """Overlap coefficient of two sentences' content words, the counted words excluded."""
    a, b = a - exclude, b - exclude
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
