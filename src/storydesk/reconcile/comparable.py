"""Whether two figures that disagree could be reports of one count at all.

    not_comparable(a, b, subject_a, subject_b, names: StoryNames, params=DEFAULT) -> str | None

Disagreeing figures conflict only when they count the same thing, for the same event,
place and period. `conflicts` checks the counted nouns and the wording; this module
checks what those miss, and says in words why two figures are *not* one count:

- a count word that counts nothing: "All 109 on board", "the two sides", "both", "a
  family of four" (a size, not a tally);
- the counted noun's modifiers: "68 more lives" (an increment), "two boys with the
  disease" (a part of "three boys"), "the first 50 people", "five on the ground";
- periods that do not meet: "in 1999" / "in 1990", "last year" in two articles a year
  apart, "the 1994 election" / "Monday's election"; or an undated figure against a
  period that ended more than a year before the other article or starts after it;
- a running count told in articles more than `FactParams.running_days` apart,
  neither naming its period: the later may simply update the earlier. That holds for
  any cumulative count ("have fled", "has signed") and for a standing one ("affects",
  "employs", "has 320 million smokers") that moved less than `clear_ratio`. What an
  event did ("killed", "were expelled") keeps being compared: the event is fixed,
  the reports of it disagree;
- a total over several places ("in Dar es Salaam, Tanzania, and Nairobi, Kenya")
  against a figure that names only one of them;
- a background event: a figure whose sentence names, before it, another event by a
  name few of the story's articles use ("The Lauda Air crash killed all 223", "the
  Hindenburg ..., when it crashed killing 35"), where the other figure's sentence
  does not name it; or figures whose sentences each name, before the figure,
  someone few articles mention and the other sentence does not ("Fraschilla ...
  pleaded guilty to 21 counts" / "a jury found Bennett ... guilty of 42 counts").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from storydesk.analyze.counted import noun_after
from storydesk.lexicon import MONTHS, WEEKDAYS
from storydesk.model import FactClaim
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.topics import Subject

# Counted "nouns" that are no count of their own.
_NO_COUNT = frozenset("all both each every either neither none side sides".split())
# "a family of four": a size. The noun before "of" says it is one.
_SIZE_OF = re.compile(
    r"\b(?:family|families|group|team|household|crew|party|class|panel|board|committee|"
    r"jury|couple|set|series|unit|squad)\s+of\s+(?:about\s+|some\s+|around\s+)?$",
    re.IGNORECASE,
)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|other|extra|further|new)\b", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|an\s+additional|an\s+extra|a\s+further)\s+$", re.I)
_RANK_BEFORE = re.compile(r"\b(?:first|last|top|next|final|remaining)\s+$", re.I)  # "the first 50"
# "bombings in Dar es Salaam, Tanzania, and Nairobi, Kenya": a total over several places.
_SEVERAL_PLACES = re.compile(r"\b(?:in|at|across)\s+[A-Z][\w.'’-]*(?:[\s,]+(?:[A-Z][\w.'’-]*|es|"
                             r"de|del|la|al|el|du|von|van))*,?\s+and\s+[A-Z]")  # fmt: skip
# What restricts a counted noun to part of what it names.
_RESTRICTIVE = re.compile(
    r"\s+(?:(?P<with>with|without)\s+(?:the\s+|a\s+)?(?P<what>[a-z][\w-]*)|(?P<who>who|whose)\b|"
    r"(?P<ground>on\s+the\s+ground)\b|"
    r"(?P<age>aged|under\s+\d|over\s+\d))",
    re.IGNORECASE,
)
# A count that accumulates ("have fled", "has signed", "so far"): any later figure
# may update it. "has" right before the figure is possession, a stock, not this.
_CUMULATIVE = re.compile(
    r"\b(?:has|have|had|'ve)\s+(?!(?:about|some|around|nearly|almost|more|over|roughly|"
    r"approximately|an?|the)\b|\d)[a-z]+|\b(?:already|so\s+far|to\s+date|thus\s+far)\b",
    re.IGNORECASE,
)
# A count of what stands ("China has 320 million smokers", "affects", "employs"):
# it changes slowly, so a later figure explains a gap only below `clear_ratio`.
_STOCK = re.compile(
    r"\b(?:is|are|has|have|affects?|afflicts?|employs?|covers?|provides?|includes?|"
    r"holds?|currently|now)\b",
    re.IGNORECASE,
)
_EVENT_NOUN = re.compile(
    r"\b(?:crash(?:ed|es)?|bombings?|attacks?|explosions?|blasts?|disasters?|wars?|elections?|"
    r"shootings?|accidents?|sinking|sank|fires?|earthquakes?|quakes?|hurricanes?|storms?|"
    r"massacres?|tragedy|collapsed?|derailment|outbreaks?|epidemics?)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<![\w.])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_NOT_NAMES = frozenset(
    [
        *(m.capitalize() for m in MONTHS),
        *(d.capitalize() for d in WEEKDAYS),
        *"The A An In On At But And It He She They We I This That Last Since After When".split(),
    ]
)
_NAME_MODIFIER_WORDS = 1  # "the Brandt Airways jet crash": words between a name and its event
_NAME_REACH = 70  # characters from a name to its event word ("the Hindenburg ended ...")


@dataclass
class StoryNames:
    """In how many of a story's articles each name occurs (case-sensitive), so that a
    name few of them use marks a background event."""

    texts: Mapping[str, str]
    _counts: dict[str, int] = field(default_factory=dict)
    _common: dict[str, bool] = field(default_factory=dict)

    def share(self, name: str) -> float:
        if name not in self._counts:
            pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
            self._counts[name] = sum(1 for t in self.texts.values() if pattern.search(t))
        return self._counts[name] / max(1, len(self.texts))

    def keys(self, text: str, record: FactClaim) -> frozenset[str]:
        """The names of the figure's sentence, each by its last word."""
        found = set()
        for name in _NAME.finditer(text, record.sentence_start, record.sentence_end):
            words = [w for w in name.group(0).split() if w not in _NOT_NAMES]
            if words and not (name.start() == record.sentence_start and len(words) == 1
                              and self.common(words[0])):  # fmt: skip
                found.add(words[-1].strip(".,'’"))
        return frozenset(found)

    def common(self, word: str) -> bool:
        """A capitalised word the story also writes in lower case: no name."""
        lowered = word.lower()
        if lowered not in self._common:
            pattern = re.compile(rf"(?<![\w]){re.escape(lowered)}(?![\w])")
            self._common[lowered] = any(pattern.search(t) for t in self.texts.values())
        return self._common[lowered]


def _after_number(text: str, record: FactClaim) -> int:
    """Where the counted noun phrase after the number ends (the number's end if none)."""
    found = noun_after(text, record.end, record.sentence_end)
    return found[2] if found and found[1] - record.end < 4 else record.end


def _not_a_count(text: str, record: FactClaim, subject: Subject) -> str | None:
    words = (record.counted or "").lower().split()
    if words and (words[0] in _NO_COUNT or (subject.head or "") in _NO_COUNT):
        return f"“{record.counted}” counts nothing of its own"
    if _SIZE_OF.search(text, max(record.sentence_start, record.start - 30), record.start):
        return f"“{record.text}” is the size of a group, not a count"
    return None


def modifiers(text: str, record: FactClaim) -> frozenset[str]:
    """What narrows the counted noun: an increment ("68 more lives", "another 20") and
    restrictive phrases after it ("with the disease", "who fell ill", "on board")."""
    found: set[str] = set()
    if _INCREMENT_AFTER.match(text, record.end) or _INCREMENT_BEFORE.search(
        text, max(record.sentence_start, record.start - 16), record.start
    ):
        found.add("more")
    if _RANK_BEFORE.search(text, max(record.sentence_start, record.start - 12), record.start):
        found.add("ranked")
    match = _RESTRICTIVE.match(text, _after_number(text, record), record.sentence_end)
    if match:
        if match.group("with"):
            found.add(f"{match.group('with').lower()} {match.group('what').lower()}")
        else:
            found.add(next(k for k in ("who", "ground", "age") if match.group(k)))
    return frozenset(found)


def _clause(text: str, record: FactClaim) -> tuple[str, str]:
    """The number's clause around it: back to a comma or relative pronoun ("the crash
    that killed"), ahead to a comma (past "and" and "who": "the 127 men and women who
    have been executed")."""
    before = text[max(record.sentence_start, record.start - 200) : record.start]
    after = text[record.end : min(record.sentence_end, record.end + 50)]
    before = re.split(r"[,;:()]|\b(?:that|which|who)\b", before)[-1]
    return before, re.split(r"[,;:()]", after)[0]


def running(text: str, record: FactClaim) -> str | None:
    """"cumulative" for a count told as accumulated so far ("has signed ... with 28
    countries", "have been executed"), "stock" for one told as standing now ("affects
    37 million", "China has 320 million smokers"), None for what an event did."""
    before, after = _clause(text, record)
    if _CUMULATIVE.search(before) or _CUMULATIVE.search(after):
        return "cumulative"
    if _STOCK.search(before) or _STOCK.search(after):
        return "stock"
    return None


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _period(record: FactClaim) -> tuple[date, date] | None:
    first, last = _day(record.period_from), _day(record.period_to)
    if first is None:
        return None
    return first, last or date.max


def describe_period(record: FactClaim) -> str | None:
    """The period a figure holds for, in words: "in 1999", "2023-10-07 to 2023-12-02"."""
    first, last = record.period_from, record.period_to
    if first is None:
        return None
    if last is None:
        return f"from {first} to a day the text does not date"
    if first[:4] == last[:4] and first[5:] == "01-01" and last[5:] == "12-31":
        return f"in {first[:4]}"
    if first[:4] != last[:4] and first[5:] == "01-01" and last[5:] == "12-31":
        return f"in {first[:4]}-{last[:4]}"
    return f"from {first} to {last}"


def periods_apart(a: FactClaim, b: FactClaim, text_a: str, text_b: str, names: StoryNames
                  ) -> str | None:  # fmt: skip
    """Why the two figures are for different periods, or None when they may be one.

    Two periods must meet. A figure without one is taken to be of its article's day;
    a period starting after that day is another time, and so is one that ended more
    than a year before it, unless the two sentences name something in common (then
    they may tell one past event: "Yuan Yuan was caught with 13 vials" in January
    1998 and in 2000) and the undated count is no running one.
    """
    pa, pb = _period(a), _period(b)
    if pa and pb:
        if pa[1] < pb[0] or pb[1] < pa[0]:
            return f"one is {describe_period(a)}, the other {describe_period(b)}"
        return None
    for x, px, y, text_x, text_y in ((a, pa, b, text_a, text_b), (b, pb, a, text_b, text_a)):
        told = _day(y.as_of)
        if px is None or told is None:
            continue
        if y.as_of_stated and not px[0] <= told <= px[1]:
            return f"one is {describe_period(x)}, the other for {told.isoformat()}"
        if px[0] > told:
            return f"one is {describe_period(x)}, after the other was told ({told.isoformat()})"
        if (told - px[1]).days <= 366:
            continue
        shared = names.keys(text_x, x) & names.keys(text_y, y)
        if running(text_y, y) or not shared:
            return (f"one is {describe_period(x)}, more than a year before the other "
                    f"was told ({told.isoformat()})")  # fmt: skip
    return None


def update_gap(text_a: str, text_b: str, a: FactClaim, b: FactClaim, subject_a: Subject,
               subject_b: Subject, params: FactParams) -> str | None:  # fmt: skip
    """Running counts told far apart: the later may update the earlier."""
    day_a, day_b = _day(a.as_of), _day(b.as_of)
    for x, y, day_y, text_y in ((a, b, day_b, text_b), (b, a, day_a, text_a)):
        period = _period(x)
        if period is None or _period(y) is not None or day_y is None:
            continue
        # "In 1999 the virus sickened 60" against "has infected 38" told on 30 Sept
        # 1999: the running count stops where the period goes on.
        if period[1] != date.max and (period[1] - day_y).days > params.running_days \
                and running(text_y, y):  # fmt: skip
            return (f"one counts {describe_period(x)}, the other only up to "
                    f"{day_y.isoformat()}, when it was told")  # fmt: skip
        return None
    if a.period_from or b.period_from:
        return None
    if day_a is None or day_b is None or abs((day_a - day_b).days) <= params.running_days:
        return None
    kinds = {running(text_a, a), running(text_b, b)}
    if kinds == {None}:
        return None  # what an event did is fixed, however late it is told
    low, high = sorted((abs(a.value), abs(b.value)))
    if "cumulative" not in kinds and high >= params.clear_ratio * low:
        return None  # a standing count does not move that far: a clear contradiction
    return (f"the counts are told {abs((day_a - day_b).days)} days apart and may have "
            "changed in between")  # fmt: skip


def _names_before(text: str, record: FactClaim, names: StoryNames
                  ) -> list[tuple[re.Match[str], list[str]]]:  # fmt: skip
    """The names before the figure in its sentence, each with its words."""
    found = []
    for name in _NAME.finditer(text, record.sentence_start, record.start):
        words = [w for w in name.group(0).split() if w not in _NOT_NAMES]
        if not words or (name.start() == record.sentence_start and len(words) == 1
                         and names.common(words[0])):  # fmt: skip
            continue  # "Jurors convicted ...": a sentence's first word, not a name
        found.append((name, words))
    return found


def background_names(text: str, record: FactClaim, names: StoryNames,
                     params: FactParams) -> list[str]:  # fmt: skip
    """Names of events, before the figure in its sentence, that few of the story's
    articles use: the figure may be that other event's."""
    found = []
    for name, words in _names_before(text, record, names):
        phrase = " ".join(words)
        event = _EVENT_NOUN.search(text, name.end(), min(record.start, name.end() + _NAME_REACH))
        if event is None or names.share(phrase) >= params.background_share:
            continue
        between = text[name.end() : event.start()].split()
        verb = event.group(0).lower().endswith("ed") or event.group(0).lower() == "sank"
        # "it crashed" says what the named thing did; "the crash" is the story's own
        # event unless the name is its modifier ("the Lauda Air crash").
        if verb or len(between) <= _NAME_MODIFIER_WORDS:
            found.append(phrase)
    return found


def rare_names(text: str, record: FactClaim, names: StoryNames, params: FactParams
               ) -> list[str]:  # fmt: skip
    """Names before the figure in its sentence that few of the story's articles use,
    each by its last word ("Admiral Mikhail Motsak" is "Motsak" elsewhere)."""
    keys = (words[-1].strip(".,'’") for _, words in _names_before(text, record, names))
    return [k for k in keys if len(k) > 2 and names.share(k) < params.background_share]


def _several_places(text: str, record: FactClaim) -> bool:
    return bool(_SEVERAL_PLACES.search(text, record.sentence_start, record.start))


def not_comparable(a: FactClaim, b: FactClaim, subject_a: Subject, subject_b: Subject,
                   names: StoryNames, *, params: FactParams = DEFAULT) -> str | None:  # fmt: skip
    """Why figures `a` and `b` cannot be two reports of one count, or None."""
    text_a, text_b = names.texts.get(a.article_id, ""), names.texts.get(b.article_id, "")
    for text, record, subject in ((text_a, a, subject_a), (text_b, b, subject_b)):
        reason = _not_a_count(text, record, subject)
        if reason:
            return reason
    mods_a, mods_b = modifiers(text_a, a), modifiers(text_b, b)
    if mods_a != mods_b:
        return (f"they count differently qualified things ({', '.join(sorted(mods_a)) or 'plain'}"
                f" vs {', '.join(sorted(mods_b)) or 'plain'})")  # fmt: skip
    reason = periods_apart(a, b, text_a, text_b, names) or update_gap(
        text_a, text_b, a, b, subject_a, subject_b, params
    )
    if reason:
        return reason
    sentence_a = text_a[a.sentence_start : a.sentence_end]
    sentence_b = text_b[b.sentence_start : b.sentence_end]
    for text, record, other in ((text_a, a, sentence_b), (text_b, b, sentence_a)):
        elsewhere = [n for n in background_names(text, record, names, params) if n not in other]
        if elsewhere:
            return f"“{record.text}” is told of another event ({elsewhere[0]})"
    own_a = [n for n in rare_names(text_a, a, names, params) if n not in sentence_b]
    own_b = [n for n in rare_names(text_b, b, names, params) if n not in sentence_a]
    if own_a and own_b:
        return f"they are told of different people or things ({own_a[0]} vs {own_b[0]})"
    if _several_places(text_a, a) != _several_places(text_b, b):
        return "one is a total over several places, the other is not"
    return None
