"""What the CLI prints: run summaries, article lists, one article in detail, story
lists, search results and one story in detail. Everything is read from model objects
(`RunSummary`, `StoryListing`, `StoryMatches`, `StoryReport`), by attribute."""

from __future__ import annotations

import shutil
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from storydesk.cli_claims import render_claims
from storydesk.model import (
    Analysis,
    Citation,
    Discrepancy,
    Fact,
    Link,
    StoryListing,
    StoryMatches,
    StoryReport,
    TimelineEntry,
    speaker_label,
)
from storydesk.pipeline import RunSummary
from storydesk.store.search import MARK_END, MARK_START
from storydesk.store.store import Store
from storydesk.write.desk_title import clean_title
from storydesk.write.outlet_names import (
    INFERRED_LEGEND,
    UNKNOWN_OUTLET,
    any_inferred,
    article_names,
    date_mark,
    is_inferred,
    listed_outlets,
    member_note,
    name_ids,
    outlet_name,
    with_basis,
)
from storydesk.write.story_changes import (
    KIND_LABELS,
    DerivationChanges,
    change_verb,
    changes_by_derivation,
    derivation_noun,
    introduced_by,
    quoted,
)
from storydesk.write.story_labels import (
    claim_source,
    entity_kind,
    fact_summary,
    value_range,
    when_label,
)

REFS_SHOWN = 6  # articles named after a sentence before "+ N more"
ESTABLISHED_SHOWN = 10  # claims listed before "... and N more (see the report)"
ALSO_SHOWN = 20  # "also mentioned" names printed before ", ..."

_ENTITY_ORDER = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "PRODUCT",
    "LAW",
    "DATE",
    "TIME",
)


def _width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 120)


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso(value: datetime | None, chars: int, missing: str) -> str:
    """A time as the store writes it, cut to `chars` ("2026-03-11T21:30" for 16)."""
    return value.isoformat()[:chars] if value is not None else missing


def print_summary(summary: RunSummary, db_path: Path, *, inputs_given: bool = True) -> None:
    c = summary.counts()
    print(
        f"read {c.read} articles ({c.new} new, {c.updated} updated, "
        f"{c.unchanged} already stored); analysed {c.analyzed}; "
        f"skipped {c.skipped}; failed {c.failed}"
    )
    if summary.timings:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in summary.timings.items())
        print(f"took {sum(summary.timings.values()):.1f} s ({stages})")
    for failure in summary.failures:
        status = "skipped" if failure.skipped else "FAILED "
        print(f"  {status} {failure.source}: {failure.reason}")
    if summary.stage_failures:
        print(
            f"{len(summary.stage_failures)} left out by a stage (recorded; retried when the "
            "input or storydesk changes; see `storydesk check`):"
        )
    for stage_failure in summary.stage_failures:
        print(f"  FAILED  {stage_failure.stage} {stage_failure.item_id}: {stage_failure.reason}")
    if summary.not_news > 0:
        print(f"{summary.not_news} not news (wire budgets, advisories, notices): kept out of "
              "stories; `storydesk articles --not-news` lists them")  # fmt: skip
    if summary.nothing_read and inputs_given:
        print("nothing was read: every input was missing, skipped or failed")
    if not inputs_given:
        print("no inputs given: the store's schema is current and every stage caught up")
    print(f"store: {db_path}")


def print_articles(store: Store, limit: int = 50) -> None:
    total = store.count_articles()
    width = _width()
    title_width = max(20, width - 16 - 12 - 20 - 6)
    print(f"{'ID':<16}  {'PUBLISHED':<10}  {'OUTLET':<18}  TITLE")
    shown = 0
    guessed = False
    for article in store.articles():
        if shown >= limit:
            break
        guessed = guessed or is_inferred(article.basis.outlet)
        published = article.published.strftime("%Y-%m-%d") if article.published else "-"
        title = article.display_title
        print(
            f"{article.id:<16}  {published:<10}  "
            f"{_cut(outlet_name(article.outlet, article.basis), 18):<18}  "
            f"{_cut(title, title_width)}"
        )
        shown += 1
    if guessed:
        print(f"{INFERRED_LEGEND}: `storydesk show ID` says from what")
    if total > shown:
        print(f"... {total - shown} more (use --limit)")


def print_not_news(store: Store, limit: int = 50) -> None:
    """The articles kept out of stories as not news, each with its reason."""
    total = store.count_not_news()
    width = _width()
    shown = store.list_not_news(limit=limit)
    print(f"{total} article{'s' if total != 1 else ''} not news (kept out of stories)")
    for article, verdict in shown:
        published = article.published.strftime("%Y-%m-%d") if article.published else "-"
        print(f"{article.id:<16}  {published:<10}  {_cut(article.display_title, width - 30)}")
        print(textwrap.fill(verdict.reason, width=width, initial_indent="    ",
                            subsequent_indent="    "))  # fmt: skip
    if total > len(shown):
        print(f"... {total - len(shown)} more (use --limit)")


def print_article(store: Store, article_id: str) -> None:
    article = store.get_article(article_id)
    if article is None:
        return
    analysis = store.get_analysis(article_id)
    width = _width()
    print(article.display_title)
    print("=" * min(width, len(article.display_title)))
    basis = article.basis
    published = article.published.isoformat() if article.published else None
    fields = [
        ("id", article.id),
        ("outlet", with_basis(article.outlet, basis.outlet, "unknown")),
        ("byline", with_basis(article.byline, basis.byline, "")),
        ("published", with_basis(published, basis.published, "")),
        ("dateline", article.dateline),
        ("url", article.url),
        ("language", article.language),
        (
            "source",
            f"{article.provenance.kind}: {article.provenance.source}"
            + (f" #{article.provenance.locator}" if article.provenance.locator else ""),
        ),
    ]
    if article.summary_only:
        fields.append(("note", "summary only: the feed carried no full text"))
    for version in store.versions_of(article_id):
        fields.append(
            (
                "version",
                f"{version.old_id} -> {version.new_id} ({version.recorded_at.isoformat()})",
            )
        )
    not_news = store.not_news_of(article_id)
    if not_news is not None:
        fields.append(("not news", f"kept out of stories: {not_news.reason}"))
    for name, value in fields:
        if value:
            print(f"{name:>10}: {value}")
    failures = store.failures_of(article_id)
    for failure in failures:
        print(f"{'FAILED':>10}: {failure.stage}: {failure.reason}")
    if analysis is None:
        print("\n(not analysed)" if failures else "\n(not analysed yet)")
    else:
        print(f"\nsentences: {len(analysis.sentences)}")
    claims = store.claims_of(article_id)
    if claims is not None:
        # The extractors' own listing: canonical entities, quotes, numbers, credits, dates.
        for line in render_claims(article, analysis, claims):
            print(textwrap.fill(line, width=width, subsequent_indent="      "))
    elif analysis is not None:
        _print_mentions(analysis, width)
    print("\ntext:")
    for paragraph in article.text.split("\n"):
        if paragraph.strip():
            print(
                textwrap.fill(paragraph, width=width, initial_indent="  ", subsequent_indent="  ")
            )


def _print_mentions(analysis: Analysis, width: int) -> None:
    grouped: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for mention in analysis.mentions:
        grouped[mention.label][mention.text].append(mention.start)
    print("entities:")
    for label in sorted(grouped, key=lambda x: (*_ENTITY_ORDER, x).index(x)):
        items = ", ".join(
            f"{text} @{','.join(map(str, starts[:3]))}{'…' if len(starts) > 3 else ''}"
            for text, starts in grouped[label].items()
        )
        print(
            textwrap.fill(
                items, width=width, initial_indent=f"  {entity_kind(label)}: ",
                subsequent_indent=" " * 4,
            )
        )


def print_stories(stories: Sequence[StoryListing]) -> None:
    width = _width()
    title_width = max(20, width - 8 - 5 - 23 - 6)
    print(f"{'STORY':<8} {'SIZE':>4}  {'SPAN':<21}  TITLE / OUTLETS")
    for story in stories:
        first = _iso(story.first_seen, 10, "")
        last = _iso(story.last_seen, 10, "")
        span = first if first == last else f"{first}..{last}"
        print(
            f"{story.id:<8} {story.size!s:>4}  {span:<21}  "
            f"{_cut(story.title, title_width)}"
        )
        outlets = ", ".join(listed_outlets(story))
        if outlets:
            print(f"{'':<37}{_cut(outlets, title_width)}")
    if any(story.inferred_outlets for story in stories):
        print(f"{INFERRED_LEGEND}: `storydesk show ID` says from what")


def print_search(results: Sequence[StoryMatches], query: str) -> None:
    """Stories matching a search, each with its matching articles and a snippet in
    which the matched words are [bracketed]."""
    if not results:
        print(f"nothing matches {query!r}")
        return
    width = _width()
    for story in results:
        head = story.id or "-"
        print(f"{head:<8} {story.matches}/{story.size} articles  "
              f"{_cut(story.title, width - 26)}")
        for hit in story.articles[:3]:
            snippet = _around_first_mark(" ".join(hit.snippet.split()), max(40, width - 30))
            snippet = snippet.replace(MARK_START, "[").replace(MARK_END, "]")
            print(f"  {_short(hit.id)} {_cut(outlet_name(hit.outlet), 18):<18} {snippet}")


def _around_first_mark(snippet: str, width: int) -> str:
    """At most `width` characters of a snippet, with its first match in view."""
    if len(snippet) <= width:
        return snippet
    start = max(0, min(snippet.find(MARK_START) - width // 3, len(snippet) - width + 1))
    piece = snippet[start : start + width - 1]
    return ("…" if start else "") + piece + "…"


def _short(article_id: str) -> str:
    return article_id[:8]


def print_story(report: StoryReport) -> None:
    width = _width()
    title = clean_title(report)  # the best headline, as the story page shows it
    print(title)
    print("=" * min(width, len(title)))
    print(
        f"story {report.id}"
        + (f" (merged: {', '.join(report.aliases)})" if report.aliases else "")
    )
    span = f"{_iso(report.first_seen, 16, '?')} .. {_iso(report.last_seen, 16, '?')}"
    sources = report.sources
    print(f"{report.size} articles, {sources.independent} independent sources; {span}")
    names = article_names(report)
    print("\narticles:")
    for article in report.articles:
        mark = date_mark(article.basis) if article.published else ""
        when = _iso(article.published, 16, "-") + mark
        print(
            f"  {_short(article.id)}  {when:<17} {_cut(names[article.id], 18):<18}  "
            f"{_cut(article.title, max(20, width - 50))}"
        )
    if any_inferred(report):
        legend = f"{INFERRED_LEGEND}: `storydesk show ID` says from what"
        para = textwrap.fill(legend, width=width, initial_indent="  ",
                             subsequent_indent="    ")  # fmt: skip
        print(para)
    print("\nsources:")
    notes = {a.id: member_note(a) for a in report.articles}
    for number, group in enumerate(sources.groups, start=1):
        members = ", ".join(f"{_short(i)} ({notes.get(i, UNKNOWN_OUTLET)})" for i in group)
        print(
            textwrap.fill(
                f"{number}. {members}", width=width, initial_indent="  ", subsequent_indent="     "
            )
        )
    changes = {(c.derived_id, c.source_id): c for c in changes_by_derivation(report)}
    for link in sources.derivations:
        relation = "a near-verbatim copy" if link.kind == "duplicate" else "a rewrite"
        direction = "" if link.direction == "known" else " (direction unknown)"
        line = (
            f"{_short(link.derived_id)} ({names.get(link.derived_id, '?')}) is {relation} of "
            f"{_short(link.source_id)} ({names.get(link.source_id, '?')}){direction}: "
            f"{link.verbatim_share:.0%} verbatim, {link.paraphrase_share:.0%} paraphrased, "
            f"{len(link.spans)} aligned spans"
        )
        print(textwrap.fill(line, width=width, initial_indent="  - ", subsequent_indent="    "))
        print(
            textwrap.fill(
                name_ids(link.reason, names),
                width=width,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
        found = changes.pop((link.derived_id, link.source_id), None)
        if found is not None:
            _print_changes(found, width)
    # Changes between articles the story lists no derivation for any more (results
    # computed before the links changed) are still what the data say: shown apart.
    for found in changes.values():
        print(
            f"  - {_short(found.derived_id)} ({names.get(found.derived_id, '?')}) against "
            f"{_short(found.source_id)} ({names.get(found.source_id, '?')}):"
        )
        _print_changes(found, width)


def _at(span: Citation) -> str:
    """ "1a2b3c4d @120-146" (an empty span: "@120", where the words were or would be)."""
    where = str(span.start) if span.start == span.end else f"{span.start}-{span.end}"
    return f"{_short(span.article_id)} @{where}"


def change_line(d: Discrepancy) -> str:
    """ "figure: changed '27' (1a2b3c4d @10-12) -> '31' (5e6f7a8b @8-10)"."""
    verb = change_verb(d)
    if verb == "dropped":
        what = (
            f"dropped {quoted(d.source_text)} ({_at(d.source_span)}; not in {_at(d.derived_span)})"
        )
    elif verb == "added":
        what = (
            f"added {quoted(d.derived_text)} ({_at(d.derived_span)}; not in {_at(d.source_span)})"
        )
    else:
        what = (
            f"changed {quoted(d.source_text)} ({_at(d.source_span)}) -> "
            f"{quoted(d.derived_text)} ({_at(d.derived_span)})"
        )
    return f"{KIND_LABELS[d.kind]}: {what}"


def _print_changes(changes: DerivationChanges, width: int) -> None:
    print("    what it changed:")
    for d in changes.discrepancies:
        # The explanation sits deeper than the change line's own continuation.
        print(textwrap.fill(change_line(d), width=width, initial_indent="    * ",
                            subsequent_indent="      "))  # fmt: skip
        held = f" Not flagged: {d.not_a_conflict}." if d.not_a_conflict else ""
        explanation = d.explanation + held
        print(textwrap.fill(explanation, width=width, initial_indent="        ",
                            subsequent_indent="        "))  # fmt: skip


def _refs(article_ids: Iterable[str], names: dict[str, str], limit: int | None = None) -> str:
    """ "Harbor Ledger 1a2b3c4d; ..." for the cited articles, each once, in order; past
    `limit` articles the rest are counted ("+ 4 more"): report.json lists them all."""
    seen = list({f"{names.get(i, '?')} {_short(i)}": None for i in article_ids})
    if limit is None or len(seen) <= limit:
        return "; ".join(seen)
    return "; ".join(seen[:limit]) + f" + {len(seen) - limit} more"


def _support(sources: int, citations: Iterable[Citation], names: dict[str, str]) -> str:
    """ "[3 independent: Harbor Ledger 1a2b3c4d; ...]": every article that states it."""
    refs = _refs((c.article_id for c in citations), names, REFS_SHOWN)
    return f"[{sources} independent: {refs}]"


def print_story_results(report: StoryReport, show_all: bool = False) -> None:
    """Brief, established claims, facts, conflicts (with what rewrites changed),
    timeline, quotes and entities of a story, when computed. The timeline's background
    events (dated before the story) are folded into one line unless `show_all`."""
    width = _width()
    names = article_names(report)

    def para(text: str, first: str = "  ", rest: str = "     ") -> None:
        print(textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest))

    brief = report.brief
    if brief is not None and brief.sentences:
        print(f"\nbrief ({brief.words} words; [sources] after each sentence):")
        for number, sentence in enumerate(brief.sentences, start=1):
            para(
                f"{number}. {sentence.text} {_support(sentence.sources, sentence.citations, names)}"
            )
    established = [c for c in report.claims if c.support >= 2]
    if established:
        print(f"\nestablished by several independent sources ({len(established)}):")
        for stated in established[:ESTABLISHED_SHOWN]:
            para(f"- {stated.text} {_support(stated.support, stated.citations, names)}",
                 "  ", "    ")  # fmt: skip
        if len(established) > ESTABLISHED_SHOWN:
            print(f"  ... and {len(established) - ESTABLISHED_SHOWN} more (see the report)")
    facts = report.facts
    if facts:
        corroborated = [f for f in facts if f.support >= 2]
        single = [f for f in facts if f.support < 2]
        print(f"\nfacts confirmed by several independent sources ({len(corroborated)}):")
        for fact in corroborated:
            para(f"- {fact_line(fact, names)}", "  ", "    ")
        if single:
            print(f"  ... and {len(single)} figures reported by one source only (see the report)")
    conflicts = report.conflicts
    changes = changes_by_derivation(report)
    introduced = [(d, c.link) for c in changes for d in c.discrepancies if not d.not_a_conflict]
    days = report.day_conflicts
    if conflicts or introduced or days:
        count = f"{len(conflicts) + len(days) + len(introduced)}"
        if introduced:
            count += f"; {len(introduced)} introduced by rewrites or copies"
        print(f"\nconflicts ({count}):")
        for conflict in conflicts:
            para(f"! {name_ids(conflict.explanation, names)}", "  ", "    ")
            for claim in (conflict.first, conflict.second):
                para(f"{claim_source(claim)} [{_refs([claim.article_id], names)}]",
                     "      ", "        ")  # fmt: skip
        for day in days:
            para(f"! {day.explanation}", "  ", "    ")
            for when, cited in ((day.first_day, day.first), (day.second_day, day.second)):
                para(f"{when} [{_refs([cited.article_id], names)}]", "      ", "        ")
        for d, link in introduced:
            for indent, text in introduced_lines(d, link, names):
                para(text, indent, indent + "  ")
    if report.timeline:
        print("\ntimeline:")
        for line in timeline_lines(report.timeline, names, show_all):
            para(line, "  ", " " * 14)
    groups = report.quote_groups
    if groups:
        print("\nquotes carried by several articles (wording variants):")
        for group in groups:
            para(f"- {speaker_label(group.speaker)}: “{group.text}”", "  ", "    ")
            if group.speaker_forms:
                para(f"also named: {'; '.join(group.speaker_forms)}", "      ", "        ")
            for variant in group.variants:
                diff = "; ".join(variant.differences) or "same wording"
                said = variant.speaker_note(group.speaker)
                para(
                    f"{names.get(variant.article_id, '?')} {_short(variant.article_id)}{said}: "
                    f"{diff}",
                    "      ",
                    "        ",
                )
    entities = [e for e in report.entities if not e.also_mentioned]
    if entities:
        print("\nentities (spelling variants unified):")
        for entity in entities[:20]:
            variants = [v for v in entity.variants if v != entity.name]
            roles = f"; {', '.join(entity.roles)}" if entity.roles else ""
            also = f" (also: {', '.join(variants)})" if variants else ""
            para(
                f"- {entity.name} [{entity_kind(entity.label)}, {len(entity.mentions)} mentions]"
                f"{also}{roles}",
                "  ",
                "    ",
            )
    apart = [e.name for e in report.entities if e.also_mentioned]
    if apart:
        # Named once with a weak label (reconcile.entity_evidence): shown, but apart
        # from the story's list and said to be so.
        print(f"\nalso mentioned (named once, not checked as names): {len(apart)}")
        para(", ".join(apart[:ALSO_SHOWN]) + (", ..." if len(apart) > ALSO_SHOWN else ""),
             "  ", "  ")  # fmt: skip


def fact_line(fact: Fact, names: dict[str, str]) -> str:
    reporters = _refs((c.article_id for c in fact.claims), names)
    said = ", ".join(a for a in fact.attributions if a) or "own reporting"
    return (
        f"{fact_summary(fact)} = {value_range(fact.value_low, fact.value_high)}: "
        f"{fact.support} independent source(s); attributed to {said} [{reporters}]"
    )


def introduced_lines(
    d: Discrepancy, link: Link | None, names: dict[str, str]
) -> list[tuple[str, str]]:
    """A discrepancy as a conflict of its own kind: (indent, text) lines naming who
    introduced it, both spans and, for a re-dated event, the other articles that date
    it as the source does."""

    def ref(article_id: str) -> str:
        return f"{_short(article_id)} ({names.get(article_id, '?')})"

    def words(text: str) -> str:
        return quoted(text) if text else "(no such words)"

    def where(span: Citation) -> str:
        return f"{names.get(span.article_id, '?')} {_at(span)}"

    lines = [
        ("  ", f"! {introduced_by(d, link, ref)} [{KIND_LABELS[d.kind]}]: {d.explanation}"),
        ("      ", f"source {where(d.source_span)}: {words(d.source_text)}"),
        ("      ", f"{derivation_noun(link)} {where(d.derived_span)}: {words(d.derived_text)}"),
    ]
    if d.others:
        others = _refs((c.article_id for c in d.others), names, REFS_SHOWN)
        lines.append(("      ", f"as the source has it, also: {others}"))
    return lines


def timeline_lines(
    timeline: Sequence[TimelineEntry], names: dict[str, str], show_all: bool
) -> list[str]:
    """One line per event, each with its independent sources; the background events
    (before the story's window) become one line where they would be, unless `show_all`."""
    background = sum(1 for e in timeline if e.background)
    lines = []
    folded = False
    for entry in timeline:
        if entry.background and not show_all:
            if not folded:
                lines.append(
                    f"{background} earlier background event{'s' if background != 1 else ''} "
                    "(show --all to list them)"
                )
                folded = True
            continue
        lines.append(
            f"{when_label(entry):<10}  {entry.text} "
            f"{_support(entry.sources, entry.citations, names)}"
        )
    return lines
