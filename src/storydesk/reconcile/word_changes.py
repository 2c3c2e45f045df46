"""What a derived passage changed in the passage it took, read word by word.

The two passages' tokens (`diff_tokens`) are aligned by a longest-matching-blocks
diff; each stretch that differs is read for one kind of change, most specific first:

- number: a figure replaced by another ("400" -> "500"; "three" -> "3" is the same),
  or its unit ("300 miles" -> "300 kilometres");
- date: a date or weekday replaced by one denoting another day ("Friday" -> "Saturday");
- name: a name replaced by another ("Aldran Voss" -> "Aldren Voss"; "Israel" ->
  "Israeli" is the same name);
- negation: a "not", "no", "never" ... inserted or dropped, all else equal;
- qualifier: a figure kept but its hedge changed ("more than 400" -> "400"), or a rate
  or place qualifier after it dropped or added ("three prisoners for every hostage"
  -> "three prisoners"; "50 in southern Gaza" -> "50");
- quote: other words changed inside a quotation (not a spelling variant).

A changed figure, date or name must be a small replacement (at most
`max_replaced_words` words on either side) whose old value the new passage holds
fewer times than the old one, and whose new value it holds more times: a longer
reworded stretch may put other figures there, and a value found as often as before
was moved, not changed ("Ahmed Saad said ... Saad said" -> "Ahmed Lindqvist said
... Saad said" is a change; "Israel and Hamas" -> "Hamas and Israel" is not). A stretch
dropped or added whole (a date dropped, a clause added) is no change of what the
passage says, except a qualifier or a negation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from storydesk.lexicon import WEEKDAYS
from storydesk.model import DiscrepancyKind
from storydesk.reconcile.change_words import (
    AUXILIARIES,
    HEDGES,
    NEGATIONS,
    NOT_NEGATING_AFTER,
    PLACE_PREPOSITIONS,
    POST_HEDGES,
    RATE_ADVERBS,
    RATE_PERIODS,
    RATE_STARTS,
    UNITS,
    stem,
)
from storydesk.reconcile.diff_tokens import Token
from storydesk.reconcile.discrepancy_params import DEFAULT, DiscrepancyParams

Span = tuple[int, int]
Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]
# Finds a qualifier after the figure at an index: token indices [lo, hi), or None.
Finder = Callable[[Sequence[Token], int, int], tuple[int, int] | None]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between a source passage and its derived passage."""

    kind: DiscrepancyKind
    source: Span  # the differing words in the source (empty: where they would be)
    derived: Span  # the differing words in the derived text
    what: str  # what changed, for the explanation: "figure", "hedge", "rate", ...


def diff(source: Sequence[Token], derived: Sequence[Token]) -> list[Opcode]:
    matcher = SequenceMatcher(None, [t.norm for t in source], [t.norm for t in derived],
                              autojunk=False)  # fmt: skip
    return matcher.get_opcodes()


def _span(tokens: Sequence[Token]) -> Span:
    return tokens[0].start, tokens[-1].end


def _place(tokens: Sequence[Token], index: int) -> Span:
    """An empty span where a token would be inserted before `tokens[index]`."""
    if index > 0:
        return tokens[index - 1].end, tokens[index - 1].end
    at = tokens[0].start if tokens else 0
    return at, at


def _chunk_span(tokens: Sequence[Token], lo: int, hi: int) -> Span:
    return _span(tokens[lo:hi]) if hi > lo else _place(tokens, lo)


# Two names sharing their first this many letters, and this share of the shorter,
# are forms of one name.
_NAME_STEM = 8
_NAME_STEM_SHARE = 0.8
# Dates said relative to the publication ("today", "yesterday") and a weekday a day
# apart may be one day: the wire's clock and time zone decide ("officials said
# Wednesday" / "said today" in a report stamped shortly after midnight).
_DEICTIC = frozenset({"today", "tonight", "yesterday", "tomorrow"})


def _value(token: Token) -> str:
    """What a figure or date stands for: a resolved date by its days."""
    return f"{token.day[0]}/{token.day[1]}" if token.day else token.norm


def same_name(a: str, b: str) -> bool:
    """One name in two forms: one starts the other ("Israel" / "Israeli", "Veldoria" /
    "Veldorian"), or they differ only after a long shared start ("Palestinians" /
    "Palestines"): a changed ending there is a form, not another name."""
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    shared = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                  min(len(a), len(b)))  # fmt: skip
    return shared >= _NAME_STEM and shared >= _NAME_STEM_SHARE * min(len(a), len(b))


def _is_negation(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if token.kind != "word" or token.norm not in NEGATIONS:
        return False
    after = tokens[index + 1].norm if index + 1 < len(tokens) else ""
    return after not in NOT_NEGATING_AFTER.get(token.norm, frozenset())


class _Reader:
    """The comparison of one pair of passages."""

    def __init__(self, source: Sequence[Token], derived: Sequence[Token],
                 params: DiscrepancyParams) -> None:  # fmt: skip
        self.src = source
        self.der = derived
        self.p = params
        self.ops = diff(source, derived)
        self.src_equal = [False] * len(source)
        self.der_equal = [False] * len(derived)
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == "equal":
                self.src_equal[i1:i2] = [True] * (i2 - i1)
                self.der_equal[j1:j2] = [True] * (j2 - j1)
        self.src_values = Counter(_value(t) for t in source if t.kind != "word")
        self.der_values = Counter(_value(t) for t in derived if t.kind != "word")
        self.src_names = [t.norm for t in source if t.proper]
        self.der_names = [t.norm for t in derived if t.proper]

    def _moved_value(self, old: Token, new: Token) -> bool:
        """Whether a figure or date replaced by another was only moved: the old one is
        still as often in the new passage, or the new one was as often in the old."""
        a, b = _value(old), _value(new)
        return self.der_values[a] >= self.src_values[a] or self.src_values[b] >= self.der_values[b]

    def _moved_name(self, old: Sequence[Token], new: Sequence[Token]) -> bool:
        def count(names: list[str], tokens: Sequence[Token]) -> int:
            return sum(same_name(t.norm, n) for t in tokens for n in names)

        return count(self.der_names, old) >= count(self.src_names, old) or count(
            self.src_names, new
        ) >= count(self.der_names, new)

    def changes(self) -> list[Change]:
        found: list[Change] = []
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == "equal":
                found.extend(self._qualifiers(i1, i2, j1))
            else:
                found.extend(self._replaced(i1, i2, j1, j2))
        return found

    # --- Replaced, dropped or added stretches -------------------------------------

    def _replaced(self, i1: int, i2: int, j1: int, j2: int) -> list[Change]:
        small = max(i2 - i1, j2 - j1) <= self.p.max_replaced_words
        if small and i2 > i1 and j2 > j1:
            for reader in (self._numbers, self._units, self._dates, self._names):
                found = reader(i1, i2, j1, j2)
                if found:
                    return found
        negation = self._negation(i1, i2, j1, j2)
        if negation:
            return [negation]
        quote = self._quote(i1, i2, j1, j2)
        return [quote] if quote else []

    def _numbers(self, i1: int, i2: int, j1: int, j2: int) -> list[Change]:
        old = [t for t in self.src[i1:i2] if t.kind == "number"]
        new = [t for t in self.der[j1:j2] if t.kind == "number"]
        return [
            Change("number", (a.start, a.end), (b.start, b.end), "figure")
            for a, b in zip(old, new, strict=False)
            if a.norm != b.norm and not self._moved_value(a, b)
        ]

    def _units(self, i1: int, i2: int, j1: int, j2: int) -> list[Change]:
        old, new = self.src[i1:i2], self.der[j1:j2]
        follows_figure = (i1 > 0 and j1 > 0 and self.src[i1 - 1].kind == "number"
                          and self.src_equal[i1 - 1] and self.der_equal[j1 - 1])  # fmt: skip
        if (
            follows_figure
            and len(old) <= 2
            and len(new) <= 2
            and all(t.norm in UNITS for t in (*old, *new))
            and stem(old[0].norm) != stem(new[0].norm)
        ):
            return [Change("number", _span(old), _span(new), "unit")]
        return []

    def _dates(self, i1: int, i2: int, j1: int, j2: int) -> list[Change]:
        old = [t for t in self.src[i1:i2] if t.kind == "date"]
        new = [t for t in self.der[j1:j2] if t.kind == "date"]
        found = []
        for a, b in zip(old, new, strict=False):
            same_day = a.day is not None and a.day == b.day
            if same_day or _maybe_same_day(a, b):
                continue
            if a.norm != b.norm and not self._moved_value(a, b):
                found.append(Change("date", (a.start, a.end), (b.start, b.end), "date"))
        return found

    def _names(self, i1: int, i2: int, j1: int, j2: int) -> list[Change]:
        old = [t for t in self.src[i1:i2] if t.proper]
        new = [t for t in self.der[j1:j2] if t.proper]
        if not old or not new:
            return []
        if any(same_name(a.norm, b.norm) for a in old for b in new):
            return []
        if self._moved_name(old, new):
            return []  # as often in the other passage as before: moved, not replaced
        return [Change("name", _span(old), _span(new), "name")]

    def _negation(self, i1: int, i2: int, j1: int, j2: int) -> Change | None:
        old_neg = [k for k in range(i1, i2) if _is_negation(self.src, k)]
        new_neg = [k for k in range(j1, j2) if _is_negation(self.der, k)]
        if bool(old_neg) == bool(new_neg):
            return None
        rest_old = sorted(stem(t.norm) for k, t in enumerate(self.src[i1:i2], i1)
                          if k not in old_neg and t.norm not in AUXILIARIES)  # fmt: skip
        rest_new = sorted(stem(t.norm) for k, t in enumerate(self.der[j1:j2], j1)
                          if k not in new_neg and t.norm not in AUXILIARIES)  # fmt: skip
        if rest_old != rest_new:
            return None  # more than a negation changed: a reworded clause
        if old_neg:
            return Change("negation", _span([self.src[k] for k in old_neg]),
                          _chunk_span(self.der, j1, j2), "dropped")  # fmt: skip
        return Change("negation", _chunk_span(self.src, i1, i2),
                      _span([self.der[k] for k in new_neg]), "inserted")  # fmt: skip

    def _quote(self, i1: int, i2: int, j1: int, j2: int) -> Change | None:
        old, new = self.src[i1:i2], self.der[j1:j2]

        def within(tokens: Sequence[Token], lo: int, hi: int) -> bool:
            if hi > lo:
                return all(t.quoted for t in tokens[lo:hi])
            # Nothing here on this side: inside a quotation when both neighbours are.
            return 0 < lo < len(tokens) and tokens[lo - 1].quoted and tokens[lo].quoted

        if not (within(self.src, i1, i2) and within(self.der, j1, j2)):
            return None
        if (
            old
            and new
            and len(old) == len(new)
            and all(
                _spelt_alike(a.norm, b.norm, self.p.spelling_ratio)
                for a, b in zip(old, new, strict=True)
            )
        ):
            return None
        if old and not new and len(old) > self.p.max_replaced_words:
            return None  # a long cut from a quotation is a shortened quotation
        if not any(t.content for t in (*old, *new)):
            return None  # "from a variety" / "from variety": no word that says anything
        what = "words replaced" if old and new else ("words added" if new else "words dropped")
        return Change("quote", _chunk_span(self.src, i1, i2), _chunk_span(self.der, j1, j2), what)

    # --- Qualifiers of a figure both passages keep --------------------------------

    def _qualifiers(self, i1: int, i2: int, j1: int) -> list[Change]:
        found = []
        for k in range(i2 - i1):
            i, j = i1 + k, j1 + k
            if self.src[i].kind != "number":
                continue
            for reader in (self._hedge, self._rate, self._place):
                change = reader(i, j)
                if change:
                    found.append(change)
        return found

    def _hedge(self, i: int, j: int) -> Change | None:
        old, old_kind = _hedge_at(self.src, i)
        new, new_kind = _hedge_at(self.der, j)
        if old_kind == new_kind:
            return None
        window = self.p.rate_window
        if (old and _holds(self.der[j : j + window + 1], old)) or (
            new and _holds(self.src[i : i + window + 1], new)
        ):
            return None  # moved past a rate: "$12,000 per year or less" / "or less per year"
        old_span = _span(old) if old else (self.src[i].start, self.src[i].start)
        new_span = _span(new) if new else (self.der[j].start, self.der[j].start)
        return Change("qualifier", old_span, new_span, "hedge")

    def _rate(self, i: int, j: int) -> Change | None:
        return self._after_figure(i, j, _rate_after, "rate")

    def _place(self, i: int, j: int) -> Change | None:
        return self._after_figure(i, j, _place_after, "place")

    def _after_figure(self, i: int, j: int, find: Finder, what: str) -> Change | None:
        """A qualifier after the figure on one side only, in a stretch the diff
        says differs (dropped, added, or replaced by other words)."""
        window = self.p.rate_window
        old = find(self.src, i, window)
        new = find(self.der, j, window)
        if old and _holds(self.der, self.src[old[0] : old[1]]):
            return None  # the derived passage has it elsewhere: moved, not dropped
        if new and _holds(self.src, self.der[new[0] : new[1]]):
            return None
        if old and not new and not any(self.src_equal[k] for k in range(*old)):
            return Change("qualifier", _span(self.src[old[0]:old[1]]),
                          self._counterpart(old, to_derived=True), what)  # fmt: skip
        if new and not old and not any(self.der_equal[k] for k in range(*new)):
            return Change("qualifier", self._counterpart(new, to_derived=False),
                          _span(self.der[new[0]:new[1]]), what)  # fmt: skip
        return None

    def _counterpart(self, qualifier: tuple[int, int], *, to_derived: bool) -> Span:
        """What stands on the other side where the qualifier's tokens were: the words
        that replaced them, or an empty span where they were dropped."""
        lo = qualifier[0]
        for tag, i1, i2, j1, j2 in self.ops:
            a1, a2, b1, b2, other = ((i1, i2, j1, j2, self.der) if to_derived
                                     else (j1, j2, i1, i2, self.src))  # fmt: skip
            if tag != "equal" and a1 <= lo < max(a2, a1 + 1):
                return _chunk_span(other, b1, b2)
        return _place(self.der if to_derived else self.src, 0)


def _maybe_same_day(a: Token, b: Token) -> bool:
    """Whether two dates read as different days may still be one: a weekday and a
    date relative to the publication ("set for Tuesday" / "set for tomorrow") naming
    the same weekday (a bare weekday may look back or ahead), or a day apart."""
    if not (a.day and b.day) or a.day[0] != a.day[1] or b.day[0] != b.day[1]:
        return False
    relative = {a.norm, b.norm} & (_DEICTIC | frozenset(WEEKDAYS))
    if not relative:
        return False
    first, second = date.fromisoformat(a.day[0]), date.fromisoformat(b.day[0])
    if first.weekday() == second.weekday():
        return True
    gap = (first - second).days
    if {a.norm, b.norm} & frozenset(WEEKDAYS):
        # A bare weekday read a week off ("will be available ..., officials said
        # Wednesday" is read ahead): only its place in the week counts.
        gap = (gap + 3) % 7 - 3
    return bool({a.norm, b.norm} & _DEICTIC) and abs(gap) <= 1


def _spelt_alike(a: str, b: str, ratio: float) -> bool:
    return len(a) >= 4 and len(b) >= 4 and SequenceMatcher(None, a, b).ratio() >= ratio


def _holds(tokens: Sequence[Token], phrase: Sequence[Token]) -> bool:
    """Whether the words of `phrase` occur, in order, together in `tokens`."""
    words = [t.norm for t in phrase]
    norms = [t.norm for t in tokens]
    n = len(words)
    return any(norms[k : k + n] == words for k in range(len(norms) - n + 1))


def _hedge_at(tokens: Sequence[Token], index: int) -> tuple[list[Token], str]:
    """The hedge words before (or after) the figure at `index`, and their kind."""
    for length in (3, 2, 1):
        lo = index - length
        if lo < 0:
            continue
        phrase = tuple(t.norm for t in tokens[lo:index])
        if phrase in HEDGES and all(t.kind == "word" for t in tokens[lo:index]):
            return list(tokens[lo:index]), HEDGES[phrase]
    for length in (2, 1):
        hi = index + 1 + length
        phrase = tuple(t.norm for t in tokens[index + 1 : hi])
        if phrase in POST_HEDGES:
            return list(tokens[index + 1 : hi]), POST_HEDGES[phrase]
    return [], "exact"


def _rate_after(tokens: Sequence[Token], index: int, window: int) -> tuple[int, int] | None:
    """The rate after the figure at `index` ("for every hostage", "per day", "a day",
    "daily"), as token indices [lo, hi), within `window` words and one clause."""
    end = min(len(tokens), index + 1 + window)
    for k in range(index + 1, end):
        token = tokens[k]
        if token.breaks or token.kind != "word":
            return None
        if token.norm in RATE_ADVERBS:
            return k, k + 1
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None or nxt.breaks:
            continue
        if token.norm in RATE_STARTS:
            lo = k - 1 if k > 0 and tokens[k - 1].norm in ("for", "in") else k
            return lo, k + 2
        if token.norm in ("a", "an") and nxt.norm in RATE_PERIODS:
            return k, k + 2
    return None


def _place_after(tokens: Sequence[Token], index: int, window: int) -> tuple[int, int] | None:
    """A place qualifier after the figure at `index` ("in southern Gaza", "across the
    north of Veldoria"): a place preposition and the name it leads to."""
    end = min(len(tokens), index + 1 + window)
    for k in range(index + 1, end):
        token = tokens[k]
        if token.breaks or token.kind != "word":
            return None
        if token.norm not in PLACE_PREPOSITIONS:
            continue
        for m in range(k + 1, min(len(tokens), k + 4)):
            if tokens[m].breaks:
                return None
            if tokens[m].proper:
                hi = m + 1
                while hi < len(tokens) and tokens[hi].proper and not tokens[hi].breaks:
                    hi += 1
                return k, hi
        return None
    return None


def word_changes(source: Sequence[Token], derived: Sequence[Token],
                 params: DiscrepancyParams = DEFAULT) -> list[Change]:  # fmt: skip
    """Every change the derived passage made to the source passage."""
    return _Reader(source, derived, params).changes()
