"""HTML for what the per-story stages computed: brief, established claims, facts,
conflicts (with what rewrites changed), timeline, quote variants, entities. Every piece
of text is escaped; every claim links to the article it came from, with the cited
characters shown on hover."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from storydesk.model import Fact, FactClaim, StoryReport, TimelineEntry, speaker_label
from storydesk.reconcile.explain import figure_time
from storydesk.write.html_cite import REFS_SHOWN, cite_links, outlet_names
from storydesk.write.html_claims import changes_section, established_section, introduced_items
from storydesk.write.outlet_names import name_ids


def brief_section(story: StoryReport) -> str:
    brief = story.brief
    if brief is None or not brief.sentences:
        return ""
    refs = cite_links(story, REFS_SHOWN)
    items = "".join(
        f'<li>{escape(s.text)} <span class="muted">[{s.sources} independent: '
        f"{refs(s.citations)}]</span></li>"
        for s in brief.sentences
    )
    return f'<h4>Brief ({brief.words} words)</h4><ol class="brief">{items}</ol>'


def value_range(low: float | None, high: float | None) -> str:
    """ "400", "400–440", "at least 400", "at most 20"."""

    def fmt(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    if low is not None and high is not None:
        return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    if low is not None:
        return f"at least {fmt(low)}"
    return f"at most {fmt(high)}" if high is not None else "unknown"


def fact_summary(fact: Fact) -> str:
    """ "more than 400 strikes (in southern Gaza)" from the fact's first claim."""
    scope = f" ({'; '.join(fact.scope)})" if fact.scope else ""
    return f"{fact.claims[0].text} {fact.counted}{scope}"


def claim_source(claim: FactClaim) -> str:
    said = claim.attribution or "the outlet's own reporting"
    return f"{claim.text} according to {said}, {figure_time(claim)}"


def facts_section(story: StoryReport) -> str:
    """Where sources disagree (conflicting figures, then what rewrites and copies
    changed, each labelled as such), then the facts: corroborated, then folded away
    the figures of one source."""
    facts, conflicts = story.facts, story.conflicts
    refs = cite_links(story, REFS_SHOWN)
    introduced = introduced_items(story, refs)
    if not facts and not conflicts and not introduced and not story.day_conflicts:
        return ""
    names = outlet_names(story)
    conflict_items = "".join(
        f'<li><span class="warn">{escape(name_ids(c.explanation, names))}</span><br>'
        f"{escape(claim_source(c.first))} {refs([c.first])}<br>"
        f"{escape(claim_source(c.second))} {refs([c.second])}</li>"
        for c in conflicts
    ) + "".join(
        f'<li><span class="warn">{escape(d.explanation)}</span><br>'
        f"{escape(d.first_day)} {refs([d.first])}<br>"
        f"{escape(d.second_day)} {refs([d.second])}</li>"
        for d in story.day_conflicts
    ) + "".join(introduced)
    disagreements = len(conflicts) + len(story.day_conflicts) + len(introduced)

    def rows(chosen: list[Fact]) -> str:
        return "".join(
            "<tr>"
            f"<td>{escape(fact_summary(f))}</td>"
            f"<td>{escape(value_range(f.value_low, f.value_high))}</td>"
            f"<td>{f.support}</td>"
            f"<td>{escape(', '.join(a for a in f.attributions if a) or 'own reporting')}</td>"
            f"<td>{refs(f.claims)}</td>"
            "</tr>"
            for f in chosen
        )

    header = (
        "<tr><th>Fact</th><th>Consensus</th><th>Independent sources</th>"
        "<th>Attributed to</th><th>Reported by</th></tr>"
    )
    corroborated = [f for f in facts if f.support >= 2]
    single = [f for f in facts if f.support < 2]
    html = ""
    if disagreements:
        html += f"<h4>Where sources disagree ({disagreements})</h4><ul>{conflict_items}</ul>"
    if corroborated:
        html += (
            f"<h4>Corroborated facts ({len(corroborated)})</h4>"
            f"<table>{header}{rows(corroborated)}</table>"
        )
    if single:
        # Single-source figures are many and mostly minor: listed, but folded away.
        html += (
            f"<details><summary>Figures reported by one source only ({len(single)})</summary>"
            f"<table>{header}{rows(single)}</table></details>"
        )
    return html


def when_label(entry: TimelineEntry) -> str:
    """ "1968", "2026-02", "2026-03-11", or a day range."""
    if entry.granularity == "year":
        return entry.date[:4]
    if entry.granularity == "month":
        return entry.date[:7]
    return entry.date if entry.date == entry.date_end else f"{entry.date}–{entry.date_end}"


def timeline_section(story: StoryReport) -> str:
    """One row per event with its independent sources; the background events (dated
    before the story's window) in a closed <details> above the story's own."""
    if not story.timeline:
        return ""
    refs = cite_links(story, REFS_SHOWN)
    header = "<tr><th>When</th><th>What</th><th>Independent sources</th><th>Reported by</th></tr>"

    def rows(entries: list[TimelineEntry]) -> str:
        return "".join(
            f"<tr><td>{escape(when_label(e))}</td><td>{escape(e.text)}</td>"
            f"<td>{e.sources}</td><td>{refs(e.citations)}</td></tr>"
            for e in entries
        )

    background = [e for e in story.timeline if e.background]
    current = [e for e in story.timeline if not e.background]
    html = "<h4>Timeline</h4>"
    if background:
        html += (
            f"<details><summary>{len(background)} earlier background "
            f"event{'s' if len(background) != 1 else ''}</summary>"
            f"<table>{header}{rows(background)}</table></details>"
        )
    if current:
        html += f"<table>{header}{rows(current)}</table>"
    return html


def quotes_section(story: StoryReport) -> str:
    if not story.quote_groups:
        return ""
    names = outlet_names(story)
    items = []
    for group in story.quote_groups:
        variants = "".join(
            f"<li>{escape(names.get(v.article_id, v.article_id[:8]))}"
            f"{escape(v.speaker_note(group.speaker))}: "
            f"{escape('; '.join(v.differences) or 'same wording')}</li>"
            for v in group.variants
        )
        forms = (f' <span class="muted">(also named: {escape("; ".join(group.speaker_forms))})'
                 "</span>" if group.speaker_forms else "")  # fmt: skip
        items.append(
            f"<li><b>{escape(speaker_label(group.speaker))}</b>{forms}: “{escape(group.text)}”"
            f"<ul>{variants}</ul></li>"
        )
    return f"<h4>Quotes carried by several articles</h4><ul>{''.join(items)}</ul>"


def entities_section(story: StoryReport) -> str:
    if not story.entities:
        return ""
    tags = []
    for entity in story.entities[:30]:
        variants = [v for v in entity.variants if v != entity.name]
        detail = f" = {', '.join(variants)}" if variants else ""
        roles = f" · {', '.join(entity.roles)}" if entity.roles else ""
        tags.append(
            f'<span class="tag">{escape(entity.name)}'
            f'<span class="muted"> {escape(entity.label)}{escape(detail)}{escape(roles)} · '
            f"{len(entity.mentions)}</span></span>"
        )
    return f"<h4>Who and where (spelling variants unified)</h4><div>{''.join(tags)}</div>"


SECTIONS: tuple[Callable[[StoryReport], str], ...] = (
    brief_section,
    established_section,
    facts_section,
    changes_section,
    timeline_section,
    quotes_section,
    entities_section,
)
