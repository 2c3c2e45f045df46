"""The words that decide whether a reworded passage says something else.

Each list is small and general (news prose in English); the comparers in
`word_changes` read a difference through them: a negation inserted or dropped, a hedge
on a figure changed ("more than 400" -> "400"), a rate or place qualifier dropped
("three prisoners for every hostage" -> "three prisoners"), a unit changed. Spelling
variants ("fulfil"/"fulfill", "honour"/"honor") are no change of wording.
"""

from __future__ import annotations

import re

from storydesk.lexicon import FUNCTION_WORDS, MONTHS, QUOTE_CUES, WEEKDAYS, word_set

# Words that negate what they attach to. "n't" is split off as "not" by the tokenizer.
NEGATIONS = word_set("not no never none nobody nothing neither nor cannot")
# Negation words that are part of a hedge or a fixed phrase, not a negation of the
# clause ("no fewer than 40", "no longer", "not only ... but").
NOT_NEGATING_AFTER = {
    "no": word_set("fewer less more longer one doubt matter"),
    "not": word_set("only just merely least"),
}
# Auxiliaries that come and go with a negation ("fulfilled" -> "did not fulfil").
AUXILIARIES = word_set(
    "do does did is are was were be been has have had will would can could should may "
    "might must shall"
)

# Hedges before a figure, by what they make of it (the classes of
# `analyze.number_words`): a hedge replaced by one of its own class says the same.
HEDGES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): kind
    for kind, phrases in {
        "more_than": "more than|well over|just over|over|above|upwards of|in excess of|exceeding",
        "at_least": "at least|no fewer than|no less than|a minimum of",
        "less_than": "less than|fewer than|just under|under|below",
        "at_most": "at most|up to|no more than|a maximum of|as many as",
        "about": "about|around|approximately|roughly|close to|some|an estimated|estimated|approx",
        "nearly": "nearly|almost",
    }.items()
    for phrase in phrases.split("|")
}
HEDGE_WORDS = frozenset(w for phrase in HEDGES for w in phrase)
# Hedges after a figure ("400 or more", "40-plus").
POST_HEDGES: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least",
    ("plus",): "at_least",
    ("or", "so"): "about",
    ("or", "fewer"): "at_most",
    ("or", "less"): "at_most",
}

# A rate or a denominator: "for every hostage", "per day", "a day", "each week".
RATE_STARTS = word_set("every each per")
RATE_PERIODS = word_set("day week month year hour night")
RATE_ADVERBS = word_set("daily weekly monthly yearly annually hourly nightly apiece")
# Prepositions opening a place qualifier of a figure ("in northern Gaza").
PLACE_PREPOSITIONS = word_set("in across inside within throughout near outside")

# Units a figure measures in: "300 miles" -> "300 kilometres" is a changed figure.
UNITS = word_set(
    "percent per cent miles mile kilometres kilometers kilometre kilometer km metres "
    "meters metre meter feet foot inches inch yards tons tonnes pounds kilograms kg grams "
    "litres liters gallons barrels acres hectares degrees dollars euros yen yuan rupees "
    "francs marks seconds minutes hours days weeks months years decades hour day week "
    "month year"
)

# Verbs of saying are how a rewrite re-attributes ("said" -> "reported"), never the
# event a date belongs to.
SAYING = frozenset(QUOTE_CUES) | word_set("say says reporting disclosed stating")
CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)
# Capitalised words that start clauses or titles and name nothing.
NOT_NAMES = (
    FUNCTION_WORDS
    | CALENDAR
    | word_set("mr mrs ms dr but however meanwhile despite although while as after before")
)

# Past forms that end no "-ed": with those that do, the verbs that stop the reading of
# which event a date belongs to ("the trucks that came after the end of the truce
# crossed on Saturday": Saturday dates the crossing, not the end).
IRREGULAR_PAST = word_set(
    "began begun broke broken came went gone took taken fell fallen rose risen struck "
    "left held saw seen said told made won lost fled sent ran met brought fought"
)

_OUR = re.compile(r"our(s?)$")
_DOUBLE_L = re.compile(r"ll(ed|ing|ment|s)?$")


def spelling_key(word: str) -> str:
    """A key under which British and American spellings of a word meet: "honour" and
    "honor", "fulfil" and "fulfill", "organise" and "organize", "cease-fire" and
    "ceasefire". Words of four letters or fewer are their own key ("four", "your")."""
    word = word.replace("-", "")
    if len(word) <= 4:
        return word
    word = _OUR.sub(r"or\1", word)
    word = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", word)
    word = re.sub(r"tre$", "ter", word)
    return _DOUBLE_L.sub(lambda m: "l" + (m.group(1) or ""), word)


def looks_like_verb(word: str) -> bool:
    """A past form ("crossed", "went"): the end of a date's reach in its clause."""
    return (len(word) >= 5 and word.endswith("ed")) or word in IRREGULAR_PAST


def stem(word: str) -> str:
    """A crude stem that joins a word's forms ("resumed", "resumes", "resumption" ->
    "resum"; "collapsing", "collapsed" -> "collap"): suffixes off, then six letters."""
    word = word.lower()
    for suffix in ("ption", "ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


# --- Events named two ways ------------------------------------------------------------
# A rewrite that re-words the event a date belongs to ("fighting ramped up again
# Saturday" -> "fighting resumed Saturday") is checked against the story's other dated
# statements of the event it now names. The same event is the same action word (its
# stem) with the same subject, or one of these equivalent phrasings: each is an action
# and the subjects it takes, as stems (`stem`); phrasings in one tuple name one event.
# Kept small and general on purpose: a wrong equivalence raises false alarms.
EventPhrasing = tuple[frozenset[str], frozenset[str]]  # (actions, subjects)


def _phrasing(actions: str, subjects: str) -> EventPhrasing:
    return (frozenset(stem(w) for w in actions.split()),
            frozenset(stem(w) for w in subjects.split()))  # fmt: skip


_FIGHTING = "fighting hostilities war combat clashes offensive bombing bombardment strikes"
_TRUCE = "truce ceasefire pause lull armistice"
EQUIVALENT_EVENTS: tuple[tuple[EventPhrasing, ...], ...] = (
    (  # fighting resumed = the truce ended
        _phrasing("resumed resumption restarted renewed", _FIGHTING),
        _phrasing("ended end collapsed collapse breakdown expired expiry", _TRUCE),
    ),
    (  # a truce began = fighting stopped (paused, halted)
        _phrasing("began begun start started", _TRUCE),
        _phrasing("stop stopped halt halted paused ceased", _FIGHTING),
    ),
)
