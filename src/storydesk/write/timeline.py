"""The timeline: a story's events, one row each, dated by the reports that tell them.

    entries = build_timeline(articles, analyses, dated_events, claims=claims, groups=groups)

An *event* is a claim group (`StoryClaim`: the sentences of several articles that
state the same thing) or a sentence in no claim, provided its sentences date what they
report. All sentences of one claim make one row: its citations are every member, its
`sources` the independent groups among them (`groups`; an article in no group is its
own source), its `claim_id` the claim's. What a row says and when:

- The date is the event's own (write/timeline_dates.py): a date inside a "since"
  phrase, a bound ("before Friday's collapse"), a relative clause ("where ... last
  month") or an apposition relating it to another event (", his third trip ... in
  October") is a date merely mentioned, and a sentence whose only dates are such
  mentions dates nothing. A sentence's event date is its first remaining date; a
  range ("Thursday and Friday") is one date spanning both days. Dates resolve against the article's
  publication (analyze/dates.py); an unresolvable one places nothing.
- When a claim's members date it differently, the date most independent sources give
  wins (write/timeline_votes.py); no member's date, no row: a date is never invented.
- No row speaks through a pronoun-only subject ("He was taken hostage ...",
  write/pronoun_subject.py): a claim is worded by its first member that names its
  subject (the best-worded one when it does), and a claim or sentence with no such
  member has no row. A dated piece shorter than `min_event_words` (a dateline, a
  caption) is not a wording either.
- Events that ended before the story's window (its first publication less a week of
  lead-up, `WINDOW_LEAD_DAYS`) are kept with `background=True`: context a renderer
  folds away, not the story.
- Without claims (a caller that did not group statements), sentences in near-identical
  words (content-word Jaccard >= `same_wording`, the same figures and the same
  negation) on the same date are still one row; with claims, the claims are the
  grouping and a sentence in none is its own article's statement alone.

"Published" rows: a report's publication is not an event, but its lead often tells
the day's news without a date ("Israeli authorities recalled their team of
negotiators"). Such a lead becomes a "published" row, on the first day an article
stating it came out, only when (a) it is a claim at least two independent sources
state: news the outlets lead with, not one outlet's feature opening ("With muscular yet
elegant curves, the Rio Grande winds ..." on DUC 2006), and (b) the claim has no dated
row already. One such row per publication day at most (the most independent sources,
then the earliest): a row per article would repeat the day's news once per outlet.
Without claims there are no published rows.

Rows are in date order: finer dates before coarser ones starting the same day, then
story order. Everything is linear in the story's size: per sentence, a bisection into
its article's date mentions and a fixed look at its words; the near-identical merge
compares a sentence only with rows sharing a rare word (prefix filtering).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storydesk.analyze.contact import has_contact_details
from storydesk.analyze.dates import find_dates
from storydesk.model import (
    Analysis,
    Article,
    Citation,
    DateMention,
    Sentence,
    StoryClaim,
    TimelineEntry,
)
from storydesk.write.brief import story_order
from storydesk.write.brief_params import DEFAULT, BriefParams
from storydesk.write.brief_text import (
    ChangedSentences,
    content_stems,
    count_words,
    is_briefable,
    quotation_without_speaker,
    stems,
    trim_dateline,
)
from storydesk.write.pronoun_subject import subject_is_pronoun
from storydesk.write.timeline_dates import EventDate, event_dates
from storydesk.write.timeline_merge import SameDate, Signature, wording_signature
from storydesk.write.timeline_votes import (
    GRANULARITY_ORDER,
    agreed_date,
    count_sources,
    is_background,
    source_index,
    source_of,
    window_start,
)

_UnitKey = tuple[str, str, int]  # ("claim", claim id, index) or ("lone", article id, start)


@dataclass(slots=True)
class _Member:
    """One sentence of an event: where it is, what it says, when it dates the event."""

    citation: Citation
    text: str
    date: EventDate | None
    pronoun: bool  # it cannot word a row: a pronoun subject, no speaker, contact details
    position: tuple[int, int]  # the article's place in story order, the sentence start


@dataclass(slots=True)
class _Row:
    when: EventDate
    kind: str
    text: str
    citations: list[Citation]
    position: tuple[int, int]
    claim_id: str | None = None
    sources: int = 1
    background: bool = False
    words: set[str] = field(default_factory=set)
    signature: Signature = (frozenset(), False)


@dataclass(slots=True)
class _ArticleView:
    """An article with its sentences (datelines trimmed) and its date mentions."""

    article: Article
    place: int
    sentences: list[tuple[int, int]]
    mentions: list[DateMention]
    starts: list[int]

    def member(self, start: int, end: int) -> _Member:
        text = self.article.text
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        dates = event_dates(text, start, end, self.mentions[low:high])
        sentence = text[start:end]
        return _Member(
            Citation(self.article.id, start, end),
            sentence,
            dates[0] if dates else None,
            # Who did it is not in the sentence: a pronoun, or a quotation whose speaker
            # is in another sentence; or it is addressed to the reader (a number to call,
            # an address to write to). Such a sentence never words a row.
            subject_is_pronoun(sentence)
            or quotation_without_speaker(sentence)
            or has_contact_details(sentence),
            (self.place, start),
        )


def _sentences(article: Article, analysis: Analysis | None) -> Sequence[Sentence]:
    if analysis is not None:
        return analysis.sentences
    # No analysis: line by line, which is exact if coarse (a line is a paragraph).
    found, offset = [], 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            found.append(Sentence(start, start + len(stripped)))
        offset += len(line) + 1
    return found


def _view(
    article: Article,
    place: int,
    analysis: Analysis | None,
    dated_events: Mapping[str, Sequence[DateMention]] | None,
) -> _ArticleView:
    spans = []
    for sentence in _sentences(article, analysis):
        if sentence.end <= sentence.start:
            continue
        spans.append((trim_dateline(article.text, sentence.start, sentence.end), sentence.end))
    if dated_events is not None and article.id in dated_events:
        mentions = list(dated_events[article.id])
    else:
        mentions = find_dates(article.text, article.published)
    mentions.sort(key=lambda m: m.start)
    return _ArticleView(article, place, spans, mentions, [m.start for m in mentions])


def _voice(members: Sequence[_Member], params: BriefParams) -> _Member | None:
    """The member whose words the row shows: the first that names its subject."""
    return next(
        (m for m in members if not m.pronoun and count_words(m.text) >= params.min_event_words),
        None,
    )


def _citations(voice: _Member, members: Sequence[_Member]) -> list[Citation]:
    return [voice.citation, *(m.citation for m in members if m is not voice)]


def _event_row(
    members: Sequence[_Member], claim_id: str | None, sources: dict[str, str], params: BriefParams
) -> _Row | None:
    voice = _voice(members, params)
    if voice is None:
        return None
    when = agreed_date(
        [(m.date, source_of(m.citation.article_id, sources)) for m in members if m.date]
    )
    if when is None:
        return None
    return _Row(
        when, "event", voice.text, _citations(voice, members), voice.position, claim_id,
        count_sources((m.citation.article_id for m in members), sources),
    )  # fmt: skip


def _claim_id(key: _UnitKey) -> str | None:
    return key[1] if key[0] == "claim" else None


def _claim_units(
    claims: Sequence[StoryClaim], views: Mapping[str, _ArticleView]
) -> tuple[dict[_UnitKey, list[_Member]], dict[tuple[str, int], _UnitKey]]:
    """Each claim's members (citations of articles not in the story are left out), and
    the claim of each cited sentence, keyed by (article id, sentence end)."""
    units: dict[_UnitKey, list[_Member]] = {}
    claim_of: dict[tuple[str, int], _UnitKey] = {}
    for index, claim in enumerate(claims):
        key: _UnitKey = ("claim", claim.id, index)
        members = []
        for cite in claim.citations:
            view = views.get(cite.article_id)
            if view is None or not 0 <= cite.start < cite.end <= len(view.article.text):
                continue
            members.append(view.member(cite.start, cite.end))
            claim_of.setdefault((cite.article_id, cite.end), key)
        if members:
            units[key] = members
    return units, claim_of


def _lone_units_and_leads(
    views: Mapping[str, _ArticleView],
    claim_of: Mapping[tuple[str, int], _UnitKey],
    units: dict[_UnitKey, list[_Member]],
    params: BriefParams,
) -> list[_UnitKey]:
    """Add a unit for every sentence in no claim to `units`; return the unit of each
    article's lead (its first sentence that reads as one: not a byline or a kicker)."""
    leads: list[_UnitKey] = []
    for view in views.values():
        lead_found = False
        for start, end in view.sentences:
            key = claim_of.get((view.article.id, end))
            if key is None:
                key = ("lone", view.article.id, start)
                units[key] = [view.member(start, end)]
            if not lead_found and is_briefable(view.article.text[start:end], params=params):
                leads.append(key)
                lead_found = True
    return leads


def build_timeline(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    dated_events: Mapping[str, Sequence[DateMention]] | None = None,
    *,
    claims: Sequence[StoryClaim] = (),
    groups: Sequence[Sequence[str]] = (),
    changed: Sequence[Citation] = (),
    params: BriefParams = DEFAULT,
) -> list[TimelineEntry]:
    """The story's events, one row each, in date order.

    `dated_events` maps an article id to its resolved date mentions (as
    `extract_claims` produced them); an article missing from it is read with
    `find_dates` against its publication date. `claims`: the story's claim groups
    (sentence spans of >= 2 articles stating one thing); `groups`: the article ids of
    each independent source; `changed`: sentences in which a copy or rewrite changed
    what its source says (the discrepancies' derived sentences), which report no event.
    `params`: the thresholds (`brief_params`).
    """
    ordered = story_order(articles)
    views = {
        a.id: _view(a, place, analyses.get(a.id), dated_events) for place, a in enumerate(ordered)
    }
    sources = source_index(groups)
    units, claim_of = _claim_units(claims, views)
    leads = _lone_units_and_leads(views, claim_of, units, params)
    if changed:
        altered = ChangedSentences(changed)
        units = {key: [m for m in members if not altered.within(
                     m.citation.article_id, m.citation.start, m.citation.end)]
                 for key, members in units.items()}  # fmt: skip
        units = {key: members for key, members in units.items() if members}
        # A lead whose every sentence a rewrite changed has no unit left to date.
        leads = [key for key in leads if key in units]
    rows: list[_Row] = []
    dated_units: set[_UnitKey] = set()
    lone_rows: list[_Row] = []
    for key, members in units.items():
        row = _event_row(members, _claim_id(key), sources, params)
        if row is None:
            continue
        dated_units.add(key)
        if key[0] == "lone" and not claims:
            lone_rows.append(row)
        else:
            rows.append(row)
    if lone_rows:
        rows.extend(_merge_near_identical(lone_rows, sources, params))
    first_day = window_start(ordered)
    for row in rows:
        row.background = is_background(row.when, first_day)
    rows.extend(_published_rows(leads, units, dated_units, views, sources, params))
    rows.sort(
        key=lambda r: (
            r.when.date, GRANULARITY_ORDER.get(r.when.granularity, 4), r.when.date_end, r.position
        )
    )  # fmt: skip
    return [
        TimelineEntry(
            date=r.when.date,
            date_end=r.when.date_end,
            granularity=r.when.granularity,
            kind="published" if r.kind == "published" else "event",
            text=r.text,
            citations=tuple(r.citations),
            sources=r.sources,
            background=r.background,
            claim_id=r.claim_id,
        )
        for r in rows
    ]


def _merge_near_identical(
    rows: list[_Row], sources: dict[str, str], params: BriefParams
) -> list[_Row]:
    """Lone sentences in near-identical words on one date, as one row each (used when
    no claims were given)."""
    for row in rows:
        row.words = content_stems(stems(row.text))
        row.signature = wording_signature(row.text)
    # Rarest words first in every prefix: they make the fewest candidates.
    frequency = Counter(w for row in rows for w in row.words)
    # Rows that cannot merge (other figures, other negation) are never compared.
    by_date: dict[tuple[EventDate, Signature], SameDate[_Row]] = {}
    for row in sorted(rows, key=lambda r: r.position):
        key = (row.when, row.signature)
        by_date.setdefault(key, SameDate(frequency, params.same_wording)).add(row)
    merged = [row for same in by_date.values() for row in same.rows]
    for row in merged:
        row.sources = count_sources((c.article_id for c in row.citations), sources)
    return merged


def _published_rows(
    leads: Sequence[_UnitKey],
    units: Mapping[_UnitKey, list[_Member]],
    dated_units: set[_UnitKey],
    views: Mapping[str, _ArticleView],
    sources: dict[str, str],
    params: BriefParams,
) -> list[_Row]:
    """At most one "published" row per day: the best-supported lead that two or more
    independent sources state and no dated row tells, placed on the first day an
    article stating it came out."""
    best_of_day: dict[str, _Row] = {}
    placed: set[_UnitKey] = set()
    for key in leads:
        if key[0] != "claim" or key in dated_units or key in placed:
            continue
        placed.add(key)
        members = units[key]
        if count_sources((m.citation.article_id for m in members), sources) < 2:
            continue
        voice = _voice(members, params)
        days = [
            published.date().isoformat()
            for m in members
            if (published := views[m.citation.article_id].article.published) is not None
        ]
        if voice is None or not days:
            continue
        day = min(days)
        row = _Row(
            EventDate(day, day, "day"), "published", voice.text, _citations(voice, members),
            voice.position, _claim_id(key),
            count_sources((m.citation.article_id for m in members), sources),
        )  # fmt: skip
        current = best_of_day.get(day)
        if current is None or (-row.sources, row.position) < (-current.sources, current.position):
            best_of_day[day] = row
    return list(best_of_day.values())
