"""Whether a change a rewrite made is a conflict, or only a change worth listing.

Public API
----------
``why_not_a_conflict(kind, what, old, new, source, derived) -> str``
    "" when the change contradicts its source and is raised as a conflict; otherwise
    the reason, in a reader's words, why it is listed under what the rewrite changed
    but not flagged.

A desk acts on a flagged conflict, so only a change that says something the source
does not is raised. Listed but not raised (each a rule without a tuned constant):
- the derived article appeared a day or more after its source: a changed figure,
  date or name may be the later news (a toll that rose, the next chamber's vote);
  not a quotation's words, which later news does not change;
- a hedge made looser or exacter ("about" added, "more than" dropped) without
  turning a lower bound into an upper one: the figures still agree;
- a name spelt another way (two letters at most, in a name of four or more): a
  spelling fixed or broken, the same person;
- a country named where the source names a place or actor that is no country
  ("Kenya" for "Nairobi", "United States" for "Washington"): probably the same place
  named wider, which only a gazetteer could confirm;
- inside a quotation, only small words (function words) added, dropped or changed.
The event-date check (`event_dates`) and negations always raise: their evidence is
the story's other statements, or a meaning turned around.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from storydesk.lexicon import CONNECTIVES, DEMONYMS, FUNCTION_WORDS, word_set
from storydesk.model import Article
from storydesk.reconcile.change_words import HEDGES, POST_HEDGES

# A day: the shortest gap after which a later article may carry later news (a news
# cycle), chosen by reading, not on a benchmark.
LATER_NEWS = timedelta(days=1)
# The most letters in which two spellings of one name differ (a typo or a
# transliteration: "Nahcman" / "Nachman", "Barnia" / "Barnea").
SPELLING_EDITS = 2
SPELLING_MIN_LETTERS = 4

# Words whose change inside a quotation leaves its meaning: articles, prepositions,
# conjunctions, pronouns and auxiliaries; never a negation or a quantifier.
_SMALL_WORDS = (
    FUNCTION_WORDS | CONNECTIVES | word_set("within among upon across toward towards beyond")
) - word_set("no not nor all any both each few some more most only very never")
_LOWER_BOUNDS = frozenset({"more_than", "at_least"})
_UPPER_BOUNDS = frozenset({"less_than", "at_most"})
_COUNTRIES = frozenset(name.lower() for name in DEMONYMS.values()) | frozenset(
    {"america", "u.s.", "us", "usa", "u.s.a.", "britain", "great britain", "uk", "u.k."}
)


def _days_later(source: Article, derived: Article) -> int | None:
    """Whole days the derived article appeared after its source, when both dates are
    known and the gap is at least `LATER_NEWS`."""
    a, b = source.published, derived.published
    if not isinstance(a, datetime) or not isinstance(b, datetime):
        return None
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    gap = b - a
    return gap.days if gap >= LATER_NEWS else None


def _hedge_kind(words: str) -> str:
    key = tuple(words.lower().split())
    return HEDGES.get(key) or POST_HEDGES.get(key) or ("exact" if not key else "other")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _bare(name: str) -> str:
    name = name.strip().lower().replace("’", "'").removesuffix("'s")
    return name.removeprefix("the ").strip()


def _is_country(name: str) -> bool:
    return _bare(name) in _COUNTRIES


def _small_words_only(old: str, new: str) -> bool:
    words = (old + " " + new).lower().replace("’", "'").split()
    return bool(words) and all(w.strip(".,;:!?\"'“”") in _SMALL_WORDS for w in words)


def why_not_a_conflict(kind: str, what: str, old: str, new: str, source: Article,
                       derived: Article) -> str:  # fmt: skip
    """"" when the change is raised as a conflict, else why not (module docstring)."""
    if kind in ("event_date", "negation"):
        return ""
    later = _days_later(source, derived)
    if later is not None and kind != "quote":  # words once said do not change with news
        days = "a day" if later == 1 else f"{later} days"
        return f"published {days} after its source: it may report later news"
    if kind == "qualifier" and what == "hedge":
        kinds = {_hedge_kind(old), _hedge_kind(new)}
        if not (kinds & _LOWER_BOUNDS and kinds & _UPPER_BOUNDS):
            return "the figure is hedged differently, not changed: both can be true"
    if kind == "name":
        a, b = _bare(old), _bare(new)
        if min(len(a), len(b)) >= SPELLING_MIN_LETTERS and _edits(a, b) <= SPELLING_EDITS:
            return "the same name spelt another way"
        if _is_country(old) != _is_country(new) and old.strip() and new.strip():
            return "a country named for a place or actor in it: probably named wider, not changed"
    if kind == "quote" and _small_words_only(old, new):
        return "only small words differ inside the quotation: the same meaning"
    return ""
