"""Facts of a story: numeric claims aligned across articles, corroborated, contrasted.

    reconcile_story(articles, claims_by_id, links=(), groups=None) -> StoryFacts
    align_facts(items: Sequence[tuple[Article, ArticleClaims]], groups) -> list[Fact]
    find_conflicts(facts, texts: Mapping[str, str]) -> list[Conflict]
    quote_variants(items) -> list[QuoteGroup]

Each takes ``params: FactParams = DEFAULT`` (`fact_params`), the stage's thresholds.

Alignment. Each numeric claim gets a subject (`topics.subject_of`: the counted event
and noun, part-of-a-whole, places) and the range its hedge means in news prose
(`ranges.plausible_range`). Claims join one `Fact` when every pair has the same
subject (a rate only meets a rate per the same thing; a country's toll only meets
its own people), no two name different places, and all their ranges share a value; a
claim that fits several facts joins the one with most claims. Agreeing values are
taken as evidence enough that two wordings mean one thing ("struck 400 targets" /
"more than 400 strikes").

Support. A fact's support is the number of independent sources among the articles
stating it: derivation groups (a rewrite or duplicate collapses onto its source),
joined where the articles relay one agency (`sources.SourceGraph`).

Conflicts (`conflicts.find_conflicts`, re-exported here): pairs of facts whose
values cannot both be true, each with its explanation.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher

from storydesk.analyze.dates import count_period
from storydesk.analyze.quote_groups import group_quotes
from storydesk.lexicon import COMMON_RANKS, COURTESY_TITLES, WEEKDAYS, alternation
from storydesk.link.links import independent_groups
from storydesk.link.text import sentence_spans
from storydesk.model import (
    Article,
    ArticleClaims,
    DateMention,
    Fact,
    FactClaim,
    Link,
    QuoteGroup,
    StoryFacts,
)
from storydesk.reconcile.conflicts import find_conflicts
from storydesk.reconcile.fact_params import DEFAULT, FactParams
from storydesk.reconcile.ranges import compatible, intersect, plausible_range
from storydesk.reconcile.sources import (
    ARTICLE_LEVEL_CREDITS,
    SourceGraph,
    agency_key,
    attribution_kind,
    relay_of,
)
from storydesk.reconcile.topics import (
    GENERIC_HEADS,
    Subject,
    context_words,
    places_differ,
    same_subject,
    subject_of,
)

Item = tuple[Article, ArticleClaims]
_AS_OF_NOTE = re.compile(
    r"\b(?:until|till|before|as\s+of|as\s+at|up\s+to|through|by\s+(?:the\s+)?(?:end|time|"
    r"morning|evening|night|afternoon|" + alternation(d.capitalize() for d in WEEKDAYS) + r"))"
    r"\b[^,.;:]{0,40}",
)
_QUOTE_WORD = re.compile(r"\w+(?:['’]\w+)?")
_SINCE = re.compile(r"\b[Ss]ince\s+(?:the\s+)?([^,.;:]{3,40})")
_PERIOD_END = re.compile(r"\s+(?:and|until|till|when|but|after|before|as|according)\b")
_PERSON_NAME = re.compile(
    r"(?:(?:" + alternation(COURTESY_TITLES + COMMON_RANKS) + r")\.\s+)?(?:[A-Z][a-z'’-]+\s?){2,4}"
)

__all__ = ["align_facts", "find_conflicts", "quote_variants", "reconcile_story"]


class _Claim:
    """A claim with what alignment needs and the model record it becomes."""

    __slots__ = ("context", "counted_words", "index", "local", "range", "record", "subject")

    def __init__(self, record: FactClaim, subject: Subject, context: frozenset[str],
                 counted_words: frozenset[str], index: int,
                 local: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.record = record
        self.local = local
        self.subject = subject
        self.range = (record.value_low, record.value_high)
        self.context = context
        self.counted_words = counted_words
        self.index = index


def _sentence(spans: list[tuple[int, int]], starts: list[int], position: int, length: int,
              fallback: int) -> tuple[int, int]:  # fmt: skip
    """The sentence holding `position` (spans in text order, `starts` their starts), or
    `fallback` characters either side of it."""
    i = bisect.bisect_right(starts, position) - 1
    if i >= 0 and spans[i][0] <= position < spans[i][1]:
        return spans[i]
    return max(0, position - fallback), min(length, position + fallback)


class _Dates:
    """An article's date mentions by position, so that a sentence reads only its own
    (scanning them all for every number made a long article quadratic)."""

    def __init__(self, claims: ArticleClaims) -> None:
        self.mentions = sorted(claims.dates, key=lambda d: d.start)
        self.starts = [d.start for d in self.mentions]

    def within(self, start: int, end: int) -> list[DateMention]:
        """The mentions starting in [start, end), in the order `claims.dates` has them."""
        first = bisect.bisect_left(self.starts, start)
        return self.mentions[first : bisect.bisect_left(self.starts, end)]


def _day_named(dates: _Dates, start: int, end: int) -> bool:
    return any(d.value and not d.since and d.granularity == "day"
               for d in dates.within(start, end))  # fmt: skip


def _period(dates: _Dates, text: str, start: int, end: int) -> str | None:
    """Where the counted period starts: a resolved "since" date, else its words."""
    for mention in dates.within(start, end):
        if mention.since and mention.value:
            return mention.value
    match = _SINCE.search(text, start, end)
    if match is None:
        return None
    words = _PERIOD_END.split(match.group(1))[0]  # "May 1 and until the truce" -> "May 1"
    return re.sub(r"\s+", " ", words).strip().lower()


def _claims_of(article: Article, claims: ArticleClaims, graph: SourceGraph,
               first_index: int, params: FactParams) -> list[_Claim]:  # fmt: skip
    text = article.text
    group = graph.group(article.id)
    if article.outlet:  # another article crediting this outlet relays this group
        graph.add_outlet(article.id, article.outlet)
    for credit in claims.credits:
        if credit.kind in ARTICLE_LEVEL_CREDITS:  # the whole article is that agency's copy
            graph.add_credit(article.id, credit.source)
    spans = sentence_spans(text)
    starts = [start for start, _ in spans]
    dates = _Dates(claims)
    found: list[_Claim] = []
    for number in claims.numbers:
        if number.counted is None and number.unit is None:
            continue  # counts nothing nameable: nothing to align it with
        sent_start, sent_end = _sentence(spans, starts, number.start, len(text),
                                         params.sentence_fallback_chars)  # fmt: skip
        before = text[sent_start : number.start]
        period = _period(dates, text, sent_start, sent_end)
        after = text[number.end : number.end + params.after_chars]
        subject = subject_of(number.counted, before, after, number.scope, number.unit, period,
                             params=params)  # fmt: skip
        if subject.event is None and subject.head is None:
            continue
        low, high = plausible_range(number)
        sentence = text[sent_start:sent_end]
        note = _AS_OF_NOTE.search(sentence)
        relay = relay_of(claims.credits, number.attribution, (sent_start, sent_end))
        attribution = number.attribution
        is_person = bool(attribution and _PERSON_NAME.fullmatch(attribution.strip()))
        period_from, period_to = count_period(text, dates.within(sent_start, sent_end),
                                              (number.start, number.end),
                                              (sent_start, sent_end), number.as_of)  # fmt: skip
        record = FactClaim(
            article_id=article.id, start=number.start, end=number.end, text=number.text,
            value=number.value, value_low=low, value_high=high, hedge=number.hedge,
            counted=number.counted, scope=number.scope, attribution=attribution,
            attribution_kind=attribution_kind(attribution, is_person),
            attribution_start=number.attribution_start, attribution_end=number.attribution_end,
            as_of=number.as_of, as_of_stated=_day_named(dates, sent_start, sent_end),
            as_of_note=note.group(0).strip() if note else None,
            period=period,
            source=agency_key(relay) if relay else group, relayed_from=relay,
            sentence_start=sent_start, sentence_end=sent_end,
            period_from=period_from, period_to=period_to,
        )  # fmt: skip
        found.append(_Claim(record, subject, context_words(sentence, params=params),
                            context_words(number.counted or "", params=params),
                            first_index + len(found)))  # fmt: skip
    return found


def _fits(claim: _Claim, subjects: set[Subject], consensus: tuple[float | None, float | None]
          ) -> bool:  # fmt: skip
    """Whether a claim may join a fact: its range meets the fact's consensus and its
    subject meets each distinct subject of the fact's members (the test depends on
    the subjects only, so each distinct one is asked once)."""
    return compatible(claim.range, consensus) and all(
        same_subject(claim.subject, subject) and not places_differ(claim.subject, subject)
        for subject in subjects
    )


def _out_of_reach(low: float | None, consensus: tuple[float | None, float | None]) -> bool:
    """A fact no claim from `low` up can join: its consensus ends below `low` (with the
    slack of `compatible`). Claims come in rising order of their low bound, so such a
    fact is passed over for the rest of the pass instead of being tried again."""
    high = consensus[1]
    return (
        low is not None
        and low > 0
        and high is not None
        and not compatible((low, None), (None, high))
    )


def _cluster(claims: list[_Claim]) -> list[list[_Claim]]:
    """Value-consistent groups of same-subject claims (see the module docstring)."""

    # Specific nouns first, so that "the death toll" or "people" joins the fact its
    # value fits instead of founding one that a specific claim then cannot enter.
    def generic(c: _Claim) -> bool:
        return c.subject.head is None or c.subject.head in GENERIC_HEADS

    order = sorted(claims, key=lambda c: (generic(c), c.range[0] or 0.0, c.index))
    # NaN (from a claim stored before values were checked) would break the rising order.
    sweep = not any(math.isnan(c.range[0] or 0.0) for c in claims)
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    # The facts still within reach of this pass (the specific claims, then the generic
    # ones: each pass rises through the low bounds again), per bucket.
    live: dict[tuple[object, ...], list[int]] = defaultdict(list)
    clusters: list[list[_Claim]] = []
    subjects: list[set[Subject]] = []
    consensus: list[tuple[float | None, float | None]] = []
    current_pass = False
    for claim in order:
        if generic(claim) != current_pass:
            current_pass = generic(claim)
            live = defaultdict(list, {k: list(v) for k, v in buckets.items()})
        s = claim.subject
        key = (s.unit, s.part, s.rate)  # claims of different kinds never join
        reachable = live[key]
        if sweep:
            reachable = [i for i in reachable if not _out_of_reach(claim.range[0], consensus[i])]
            live[key] = reachable
        fitting = [i for i in reachable if _fits(claim, subjects[i], consensus[i])]
        if fitting:
            best = max(fitting, key=lambda i: (len(clusters[i]), -i))
            clusters[best].append(claim)
            subjects[best].add(s)
            consensus[best] = intersect(consensus[best], claim.range)
        else:
            buckets[key].append(len(clusters))
            live[key].append(len(clusters))
            clusters.append([claim])
            subjects.append({s})
            consensus.append(claim.range)
    return clusters


def _fact(members: list[_Claim], graph: SourceGraph) -> Fact:
    members.sort(key=lambda c: c.index)
    records = tuple(c.record for c in members)
    local = graph.copy()  # a claim-level relay joins sources for this fact only
    for record in records:
        if record.relayed_from:
            local.union(local.group(record.article_id), agency_key(record.relayed_from))
    components: dict[str, list[str]] = {}
    relays: dict[str, list[str]] = {}
    for record in records:
        root = local.find(local.group(record.article_id))
        ids = components.setdefault(root, [])
        if record.article_id not in ids:
            ids.append(record.article_id)
        if record.relayed_from:
            relays.setdefault(root, []).append(record.relayed_from)
    consensus: tuple[float | None, float | None] = members[0].range
    for claim in members[1:]:
        consensus = intersect(consensus, claim.range)
    specific = [c for c in members if c.subject.head not in GENERIC_HEADS and c.subject.head]
    lead = max(specific or members, key=lambda c: len(c.subject.words))
    attributions = tuple(dict.fromkeys(r.attribution for r in records if r.attribution))
    kinds = tuple(dict.fromkeys(r.attribution_kind for r in records))
    key = "|".join(f"{r.article_id}:{r.start}" for r in records)
    return Fact(
        id=hashlib.sha1(key.encode()).hexdigest()[:12],
        topic=lead.subject.key,
        counted=lead.subject.words,
        unit=lead.subject.unit,
        scope=tuple(dict.fromkeys(s for r in records for s in r.scope)),
        claims=records,
        value_low=consensus[0],
        value_high=consensus[1],
        support=len(components),
        sources=tuple(tuple(ids) for ids in components.values()),
        # Named by the outlets of its articles; a relayed agency is what it credits.
        source_names=tuple(
            local.label(ids, relays.get(root, ())) for root, ids in components.items()
        ),
        attributions=attributions,
        attribution_kinds=kinds,
    )


def _prepare(items: Sequence[Item], groups: Sequence[Sequence[str]], params: FactParams
             ) -> tuple[list[_Claim], SourceGraph]:  # fmt: skip
    graph = SourceGraph(groups)
    claims: list[_Claim] = []
    for article, article_claims in items:
        claims.extend(_claims_of(article, article_claims, graph, len(claims), params))
    return claims, graph


def align_facts(
    items: Sequence[Item], groups: Sequence[Sequence[str]], *, params: FactParams = DEFAULT
) -> list[Fact]:
    """Facts of a story, most supported first; `groups` are its independent groups
    (`link.links.independent_groups`): each a list of article ids."""
    claims, graph = _prepare(items, groups, params)
    facts = [_fact(members, graph) for members in _cluster(claims)]
    facts.sort(key=lambda f: (-f.support, -len(f.claims), f.topic, f.id))
    return facts


def quote_variants(items: Iterable[Item], *, params: FactParams = DEFAULT) -> list[QuoteGroup]:
    """Statements quoted by several articles in materially different words."""
    groups = group_quotes([(claims.article_id, claims.quotes) for _, claims in items])
    ratio = params.spelling_ratio
    return [g for g in groups if any(_material(g.text, v.text, ratio) for v in g.variants)]


def _material(reference: str, variant: str, spelling_ratio: float) -> bool:
    """Wording that differs beyond spelling ("fulfill"/"fulfil") and beyond quoting
    less of the statement (words missing only at either end)."""
    ref, var = (_QUOTE_WORD.findall(t.lower().replace("’", "'")) for t in (reference, variant))
    opcodes = SequenceMatcher(None, ref, var, autojunk=False).get_opcodes()
    inner = [op for op in opcodes if op[0] != "equal"]
    if inner and inner[0][0] in ("insert", "delete") and inner[0] is opcodes[0]:
        inner = inner[1:]  # the variant starts later in the statement
    if inner and inner[-1][0] in ("insert", "delete") and inner[-1] is opcodes[-1]:
        inner = inner[:-1]  # or stops earlier
    for op, i1, i2, j1, j2 in inner:
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            return True
        if SequenceMatcher(None, ref[i1], var[j1]).ratio() < spelling_ratio:
            return True
    return False


def reconcile_story(
    articles: Sequence[Article],
    claims_by_id: Mapping[str, ArticleClaims],
    links: Iterable[Link] = (),
    groups: Sequence[Sequence[str]] | None = None,
    *,
    params: FactParams = DEFAULT,
) -> StoryFacts:
    """Facts, conflicts and quote variants of one story. `groups` (independent
    groups of article ids) default to those of `links`."""
    items = [(a, claims_by_id[a.id]) for a in articles if a.id in claims_by_id]
    if groups is None:
        groups = independent_groups([a.id for a, _ in items], list(links))
    facts = align_facts(items, groups, params=params)
    conflicts = find_conflicts(facts, {a.id: a.text for a, _ in items}, params=params)
    variants = quote_variants(items, params=params)
    return StoryFacts(tuple(facts), tuple(conflicts), tuple(variants))
