"""HTML for what the per-story stages computed: brief, facts, conflicts, timeline,
quote variants, entities. Every piece of text is escaped; every claim links to the
article it came from, with the cited characters shown on hover."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from storydesk.model import Citation, Fact, FactClaim, StoryReport, TimelineEntry

Refs = Callable[[Iterable[Citation | FactClaim]], str]


def outlet_names(story: StoryReport) -> dict[str, str]:
    """The outlet of each of the story's articles, for citations (one look-up per
    citation instead of a scan of the articles: a big story cites thousands)."""
    return {a.id: a.outlet or "unknown outlet" for a in story.articles}


def _cite_links(story: StoryReport) -> Refs:
    names = outlet_names(story)

    def refs(citations: Iterable[Citation | FactClaim]) -> str:
        seen: dict[str, str] = {}
        for c in citations:
            article_id = c.article_id
            if article_id in seen:
                continue
            seen[article_id] = (
                f'<a class="cite" href="#a-{escape(article_id, quote=True)}" '
                f'title="{escape(f"{article_id[:8]} chars {c.start}-{c.end}", quote=True)}">'
                f"{escape(names.get(article_id, article_id[:8]))}</a>"
            )
        return " ".join(seen.values())

    return refs


def brief_section(story: StoryReport) -> str:
    brief = story.brief
    if brief is None or not brief.sentences:
        return ""
    refs = _cite_links(story)
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
    when = f", as of {claim.as_of}" if claim.as_of else ""
    note = f" ({claim.as_of_note})" if claim.as_of_note else ""
    return f"{claim.text} according to {said}{when}{note}"


def facts_section(story: StoryReport) -> str:
    facts, conflicts = story.facts, story.conflicts
    if not facts and not conflicts:
        return ""
    refs = _cite_links(story)
    conflict_items = "".join(
        f'<li><span class="warn">{escape(c.explanation)}</span><br>'
        f"{escape(claim_source(c.first))} {refs([c.first])}<br>"
        f"{escape(claim_source(c.second))} {refs([c.second])}</li>"
        for c in conflicts
    )

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
    if conflicts:
        html += f"<h4>Where sources disagree ({len(conflicts)})</h4><ul>{conflict_items}</ul>"
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
    if not story.timeline:
        return ""
    refs = _cite_links(story)
    rows = "".join(
        f"<tr><td>{escape(when_label(e))}"
        f"</td><td>{escape(e.text)}</td><td>{refs(e.citations)}</td></tr>"
        for e in story.timeline
    )
    return (
        f"<h4>Timeline</h4><table><tr><th>When</th><th>What</th><th>Source</th></tr>{rows}</table>"
    )


def quotes_section(story: StoryReport) -> str:
    if not story.quote_groups:
        return ""
    names = outlet_names(story)
    items = []
    for group in story.quote_groups:
        variants = "".join(
            f"<li>{escape(names.get(v.article_id, v.article_id[:8]))}: "
            f"{escape('; '.join(v.differences) or 'same wording')}</li>"
            for v in group.variants
        )
        items.append(
            f"<li><b>{escape(group.speaker or 'unknown speaker')}</b>: “{escape(group.text)}”"
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
    facts_section,
    timeline_section,
    quotes_section,
    entities_section,
)
