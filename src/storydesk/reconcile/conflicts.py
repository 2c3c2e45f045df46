"""Conflicts: pairs of facts whose values cannot both be true, each explained.

    find_conflicts(facts, texts: Mapping[str, str], *, params=DEFAULT) -> list[Conflict]

Disagreeing values alone are no evidence that two numbers count the same thing, so
two facts conflict only when a claim of each has the same subject with the same
counted nouns and no different places or periods; ranges that share no value;
figures within `max_ratio` of each other; and evidence that the two sentences
report one thing (the thresholds are fields of `fact_params.FactParams`). That
evidence is either of:

- wording: sentences about the same circumstances (content-word overlap >=
  `min_context`) and the same words around the number (>= `min_local`), unless two
  named sources give their figures for the same day;
- alignment (`similarity.aligned`): figures of 10 or more, at least `clear_ratio`
  apart, in different articles and not stated for different named days, whose
  sentences share distinctive words besides the counted noun (2 with one of them
  next to both numbers, else 3) and are close by TF-IDF cosine (idf over the
  story's claim sentences). Rewordings of one fact across
  outlets ("the crash that killed 113 people" / "what triggered the crash that
  killed 113") rarely share half their words, but they do share what makes the
  sentence specific.

No conflict either where the figures are told apart or are no counts: one article
giving two figures from one source is breaking a count down; a sentence that gives
both figures, or gives another figure agreeing with the rival one, counts two
different things (unless it sets them against each other: "a higher toll than the
figure of 27"); two sentences whose other figures of the event disagree as well
("seven killed and 24 wounded" / "25 killed and 81 wounded") tell two incidents;
and `comparable.not_comparable` rules out figures of different periods, qualified
things, background events and running counts told far apart; sums of money are
measures, even when the extractor left them without a unit ("1.7 million U.S.
dollars"). Each conflict is explained
(`explain.explain_conflict`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from storydesk.lexicon import TFIDF_STOP_WORDS
from storydesk.model import Conflict, Fact, FactClaim
from storydesk.reconcile.comparable import StoryNames, not_comparable
from storydesk.reconcile.explain import explain_conflict
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.ranges import compatible
from storydesk.reconcile.similarity import NOISE, aligned, idf_weights
from storydesk.reconcile.sources import same_attribution
from storydesk.reconcile.topics import (
    Subject,
    context_overlap,
    context_words,
    is_measure,
    places_differ,
    same_subject,
    subject_of,
)

# Sums of money are measures, not counts: they differ for countless reasons (aid vs
# loans, one year vs several). The extractor leaves some without a unit when the
# currency is abbreviated ("1.7 million U.S. dollars", "205 million HK dlr").
_MONEY_AFTER = re.compile(
    r"\s+(?:(?:U\.S\.|US|HK|Hong\s+Kong|Canadian|Australian|Singapore|N\.T\.)\s*)?"
    r"(?:dollars?|dlrs?|yuan|yen|euros?|marks|francs|pounds|rupees|pesos|rubles|won)\b",
    re.IGNORECASE,
)
# Words that set two figures of one sentence against each other.
_CONTRAST = re.compile(
    r"\b(?:than|compared|contradict\w*|disput\w*|versus|vs|rather|whereas|"
    r"instead|against|revised|corrected|raised|lowered)\b"
)
_CURRENCIES = frozenset("dollar dlr yuan yen euro mark franc rupee peso ruble won".split())


class _Entry:
    """A fact's claim with what conflict detection compares."""

    __slots__ = (
        "context",
        "counted_words",
        "local",
        "money",
        "position",
        "range",
        "record",
        "sentence",
        "subject",
    )

    def __init__(self, position: int, record: FactClaim, subject: Subject, text: str,
                 params: FactParams) -> None:  # fmt: skip
        sentence = text[record.sentence_start : record.sentence_end]
        self.position = position
        self.record = record
        self.subject = subject
        self.range = (record.value_low, record.value_high)
        self.context = context_words(sentence, params=params)
        self.counted_words = context_words(record.counted or "", params=params)
        self.local = _local_words(text, record, params)
        money_end = record.end + params.money_chars
        self.money = bool(
            _MONEY_AFTER.match(text, record.end, money_end) or subject.nouns & _CURRENCIES
        )
        self.sentence = sentence.lower()


def _local_words(text: str, record: FactClaim, params: FactParams) -> frozenset[str]:
    before = text[record.sentence_start : record.start].split()[-params.local_words :]
    after = text[record.end : record.sentence_end].split()[: params.local_words]
    return context_words(" ".join(before + after), params=params)


def _rival_sources(a: FactClaim, b: FactClaim, params: FactParams) -> bool:
    """Two named sources giving a figure on the same day: the classic disagreement,
    worth flagging even when the two sentences are worded apart ("the hospital said
    31 had died" / "the toll rose to 27, according to the emergency service")."""
    return bool(a.attribution and b.attribution and a.as_of == b.as_of
                and not same_attribution(a.attribution, b.attribution, params=params))  # fmt: skip


def _comparable(a: FactClaim, b: FactClaim, params: FactParams) -> bool:
    """Figures that could be two reports of one count (see `FactParams.max_ratio`);
    "one" and "a" are too common to be told apart from the words around them."""
    low, high = sorted((abs(a.value), abs(b.value)))
    return low >= params.min_compared_value and high <= params.max_ratio * low


def _same_for_conflict(a: Subject, b: Subject) -> bool:
    """Stricter than `same_subject`: "people" meets "Palestinians" only when the values
    agree; disagreeing values need the same noun (or a toll without one) and no
    different places or periods."""
    if not same_subject(a, b) or places_differ(a, b) or is_measure(a) or is_measure(b):
        return False
    if a.head is None or b.head is None:
        return True
    # "truancy rate" and "unemployment rate" share a head, not a subject.
    return a.nouns == b.nouns


def _apart(x: _Entry, offset: int) -> bool:
    """x's sentence also gives a figure at `offset` (into the sentence) and does not
    set the two against each other: its writer counts two different things ("Of the
    23 states ..., only seven have"), unless comparing them ("31 people had died, a
    higher toll than the figure of 27 given by ...")."""
    mine = x.record.start - x.record.sentence_start
    low, high = sorted((mine, offset))
    return not _CONTRAST.search(x.sentence, low, high + 1)


def _states_both(a: _Entry, b: _Entry) -> bool:
    """One sentence gives both figures ("two students ... shot 12 students")."""
    for x, y in ((a, b), (b, a)):
        words = y.record.text.lower().split()  # "more than 300", "1.7 million", "seven"
        figure = next((w for w in words if any(c.isdigit() for c in w)), words[-1])
        for match in re.finditer(rf"(?<![\w.,]){re.escape(figure)}(?![\w]|[.,]\d)",
                                 x.sentence):  # fmt: skip
            if _apart(x, match.start()):
                return True
    return False


def _told_apart(x: _Entry, y: _Entry, sentences: Mapping[tuple[str, int], list[_Entry]]
                ) -> bool:  # fmt: skip
    """x's sentence gives another figure for y's subject that agrees with y ("killed
    114 people including five on the ground, ... the Hindenburg crash killing 35"
    against "113 killed"): its writer counts y's thing apart from x's."""
    key = (x.record.article_id, x.record.sentence_start)
    return any(c is not x and compatible(c.range, y.range) and _same_for_conflict(
        c.subject, y.subject) and _apart(x, c.record.start - x.record.sentence_start)
        for c in sentences[key])  # fmt: skip


def _companions_disagree(x: _Entry, y: _Entry,
                         sentences: Mapping[tuple[str, int], list[_Entry]]) -> bool:  # fmt: skip
    """Each sentence gives a second figure of another kind of one event, and those
    disagree too ("seven killed and 24 wounded" / "killed at least 25 and wounded
    81"): two incidents, not two counts of one. Reports of one incident that differ on
    the wounded mostly agree on the dead."""
    ours = x.subject.event
    for c in sentences[(x.record.article_id, x.record.sentence_start)]:
        if c is x or c.subject.event is None or c.subject.event == ours:
            continue
        for d in sentences[(y.record.article_id, y.record.sentence_start)]:
            if d is not y and d.subject.event == c.subject.event \
                    and not compatible(c.range, d.range):  # fmt: skip
                return True
    return False


def _self_breakdown(a: FactClaim, b: FactClaim, params: FactParams) -> bool:
    # One report giving two figures for one thing from one source is breaking it
    # down, not contradicting itself; two named sources in one report ("the
    # hospital said 31") can disagree.
    return a.article_id == b.article_id and (
        not a.attribution
        or not b.attribution
        or same_attribution(a.attribution, b.attribution, params=params)
    )


_Cell = tuple[str, str]  # article id, attribution ("" for none)


def _cells(bucket: Sequence[_Entry], members: Iterable[int]) -> dict[_Cell, list[int]]:
    cells: dict[_Cell, list[int]] = defaultdict(list)
    for i in members:
        record = bucket[i].record
        cells[(record.article_id, record.attribution or "")].append(i)
    return cells


def _pair_up(bucket: Sequence[_Entry], left: Iterable[int], right: Iterable[int],
             found: set[tuple[int, int]], limit: int) -> None:  # fmt: skip
    """Add to `found` the pairs of a left and a right entry that are not one article's
    figures from one source (or none): `_self_breakdown` would drop those anyway, and
    a long article would make millions of them."""
    right_cells = _cells(bucket, right)
    for (article_a, who_a), xs in _cells(bucket, left).items():
        for (article_b, who_b), ys in right_cells.items():
            if article_a == article_b and (not who_a or not who_b or who_a == who_b):
                continue
            for i in xs:
                for j in ys:
                    if i != j:
                        found.add((i, j) if i < j else (j, i))
                        if len(found) >= limit:
                            return


def _candidate_pairs(bucket: Sequence[_Entry], limit: int) -> list[tuple[int, int]]:
    """The index pairs (i < j, in the order `combinations` gives) that can pass
    `_same_for_conflict` and `_self_breakdown`, at most `limit` of them.

    `_same_for_conflict` holds only for two counts (no measures) with the same
    counted nouns, or with the same event where one names no noun ("the death toll"),
    so entries are grouped by those keys and pairs are made within the groups only:
    a story's claims of different things are never paired."""
    by_nouns: dict[frozenset[str], list[int]] = defaultdict(list)
    by_event: dict[str, list[int]] = defaultdict(list)
    headless: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(bucket):
        subject = entry.subject
        if is_measure(subject):
            continue
        if subject.head is not None:
            by_nouns[subject.nouns].append(i)
        if subject.event is not None:
            by_event[subject.event].append(i)
            if subject.head is None:
                headless[subject.event].append(i)
    found: set[tuple[int, int]] = set()
    for members in by_nouns.values():
        _pair_up(bucket, members, members, found, limit)
    for event, members in headless.items():
        _pair_up(bucket, members, by_event[event], found, limit)
    return sorted(found)[:limit] if limit > 0 else []


def find_conflicts(
    facts: Sequence[Fact], texts: Mapping[str, str], *, params: FactParams = DEFAULT
) -> list[Conflict]:
    """Pairs of facts whose values cannot both be true, each with its explanation;
    `texts` maps article ids to their text (the sentences are compared)."""
    entries: list[_Entry] = []
    for position, fact in enumerate(facts):
        for record in fact.claims:
            text = texts.get(record.article_id, "")
            subject = subject_of(
                record.counted,
                text[record.sentence_start : record.start],
                text[record.end : record.end + params.after_chars],
                record.scope,
                fact.unit,
                record.period,
                params=params,
            )
            entries.append(_Entry(position, record, subject, text, params))
    idf = idf_weights({(e.record.article_id, e.record.sentence_start): e.context
                       for e in entries}.values())  # fmt: skip
    by_kind: dict[tuple[object, ...], list[_Entry]] = defaultdict(list)
    sentences: dict[tuple[str, int], list[_Entry]] = defaultdict(list)
    for entry in entries:
        sentences[(entry.record.article_id, entry.record.sentence_start)].append(entry)
        by_kind[(entry.subject.unit, entry.subject.part)].append(entry)
    best: dict[tuple[int, int], tuple[float, _Entry, _Entry, str]] = {}
    names = StoryNames(texts)
    budget = params.max_pairs
    for bucket in by_kind.values():
        candidates = _candidate_pairs(bucket, budget)
        budget -= len(candidates)
        for i, j in candidates:
            a, b = bucket[i], bucket[j]
            if a.position == b.position or not _same_for_conflict(a.subject, b.subject):
                continue
            if compatible(a.range, b.range) or not _comparable(a.record, b.record, params):
                continue
            if _self_breakdown(a.record, b.record, params) or a.money or b.money:
                continue
            if _states_both(a, b):
                continue
            if _told_apart(a, b, sentences) or _told_apart(b, a, sentences):
                continue
            if _companions_disagree(a, b, sentences):
                continue
            counted = a.counted_words | b.counted_words
            overlap = context_overlap(a.context, b.context, counted)
            worded = overlap >= params.min_context and (
                context_overlap(a.local, b.local, counted) >= params.min_local
                or _rival_sources(a.record, b.record, params)
            )
            if not worded and not aligned(a.record, b.record, a.context, b.context, a.local,
                                          b.local, counted, idf, params=params):  # fmt: skip
                continue
            if not_comparable(a.record, b.record, a.subject, b.subject, names, params=params):
                continue
            pair = (min(a.position, b.position), max(a.position, b.position))
            if pair not in best or overlap > best[pair][0]:
                first, second = (a, b) if a.position < b.position else (b, a)
                raised = _raised(a, b, counted, idf, worded, params)
                best[pair] = (overlap, first, second, raised)
    conflicts = []
    for (fa, fb), (_, a, b, raised) in sorted(best.items()):
        kind, sentence, checks = explain_conflict(a.record, b.record, a.subject, b.subject,
                                                  raised, params=params)  # fmt: skip
        conflicts.append(Conflict(facts[fa].topic, (facts[fa].id, facts[fb].id), a.record,
                                  b.record, kind, sentence, raised, checks))  # fmt: skip
    return conflicts


def _raised(a: _Entry, b: _Entry, counted: frozenset[str], idf: Mapping[str, float],
            worded: bool, params: FactParams) -> str:  # fmt: skip
    """Why the two figures were taken to count one thing, in words."""
    what = a.subject.words or b.subject.words or "the same thing"
    shared = sorted((a.context & b.context) - counted - NOISE - TFIDF_STOP_WORDS,
                    key=lambda w: (-idf.get(w, 1.0), w))[:4]  # fmt: skip
    words = ", ".join(f"“{w}”" for w in shared)
    if worded and _rival_sources(a.record, b.record, params):
        how = "two named sources give them on the same day"
    elif worded:
        how = "the two sentences share most of their words"
    else:
        how = "the two sentences share what makes them specific"
    return (f"both count {what}, with the same qualifiers and nothing in the text that keeps "
            f"their places or periods apart, and {how}" + (f" ({words})" if words else ""))
