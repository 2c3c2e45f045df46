"""HTML for what a story establishes and what its rewrites changed: the claims stated
by several independent sources, a table of each derivation's discrepancies, and those
discrepancies as items of the conflicts list. Every piece of article text is escaped;
every statement links to the article spans it rests on."""

from __future__ import annotations

from html import escape

from storydesk.model import Discrepancy, StoryReport
from storydesk.write.html_cite import Refs, cite_links, outlet_names, span_link
from storydesk.write.story_changes import (
    KIND_LABELS,
    changes_by_derivation,
    derivation_noun,
    introduced_by,
)

ESTABLISHED_SHOWN = 20  # claims listed before the rest are folded away


def _claim_items(story: StoryReport, refs: Refs, first: int, last: int | None) -> str:
    established = [c for c in story.claims if c.support >= 2][first:last]
    return "".join(
        f'<li>{escape(c.text)} <span class="muted">[{c.support} independent: '
        f"{refs(c.citations)}]</span></li>"
        for c in established
    )


def established_section(story: StoryReport) -> str:
    """The claims stated by at least two independent sources, best supported first;
    past ESTABLISHED_SHOWN the rest are in a closed <details>."""
    count = sum(1 for c in story.claims if c.support >= 2)
    if not count:
        return ""
    refs = cite_links(story)
    html = (
        f"<h4>What is established ({count})</h4>"
        '<div class="muted">Stated by at least two independent sources '
        "(rewrites, copies and one outlet's reports count once).</div>"
        f'<ol class="brief">{_claim_items(story, refs, 0, ESTABLISHED_SHOWN)}</ol>'
    )
    if count > ESTABLISHED_SHOWN:
        html += (
            f"<details><summary>{count - ESTABLISHED_SHOWN} more</summary>"
            f'<ol class="brief" start="{ESTABLISHED_SHOWN + 1}">'
            f"{_claim_items(story, refs, ESTABLISHED_SHOWN, None)}</ol></details>"
        )
    return html


def _words(text: str, span_html: str, between: str = "<br>") -> str:
    """Article words in quotes (escaped), then the link to their span."""
    shown = f"“{escape(text)}”" if text else '<span class="muted">(nothing)</span>'
    return f"{shown}{between}{span_html}"


def changes_section(story: StoryReport) -> str:
    """Per derivation, a table of what the derived article changed: the kind, the
    source's words, the derived article's words (both spans linked), and why it matters."""
    changes = changes_by_derivation(story)
    if not changes:
        return ""
    names = outlet_names(story)

    def ref(article_id: str) -> str:
        return (
            f'<a href="#a-{escape(article_id, quote=True)}">'
            f"{escape(names.get(article_id, article_id[:8]))}</a>"
        )

    parts = []
    for change in changes:
        link = change.link
        noun = {"copy": "a near-verbatim copy of", "rewrite": "a rewrite of"}.get(
            derivation_noun(link), "derived from"
        )
        unknown = " (which came first is unknown)" if link and link.direction == "unknown" else ""
        rows = "".join(
            "<tr>"
            f"<td>{escape(KIND_LABELS[d.kind])}</td>"
            f'<td class="was">{_words(d.source_text, span_link(d.source_span, names))}</td>'
            f'<td class="now">{_words(d.derived_text, span_link(d.derived_span, names))}</td>'
            f"<td>{escape(d.explanation)}{_held(d)}</td>"
            "</tr>"
            for d in change.discrepancies
        )
        parts.append(
            f"<p>{ref(change.derived_id)} is {noun} {ref(change.source_id)}{unknown}:</p>"
            "<table><tr><th>What</th><th>In the source</th>"
            f"<th>In the {derivation_noun(link)}</th><th>Why it matters</th></tr>{rows}</table>"
        )
    return f"<h4>What each rewrite changed</h4>{''.join(parts)}"


def _held(d: Discrepancy) -> str:
    """Why a listed change is not flagged as a conflict, if it is not."""
    return f'<br><span class="muted">Not flagged: {escape(d.not_a_conflict)}.</span>' if d.not_a_conflict else ""


def introduced_items(story: StoryReport, refs: Refs) -> list[str]:
    """Each discrepancy as an item of the conflicts list, labelled with who introduced
    it and its kind, with both spans and, for a re-dated event, the other articles that
    date it as the source does."""
    names = outlet_names(story)

    def ref(article_id: str) -> str:
        return escape(f"{article_id[:8]} ({names.get(article_id, '?')})")

    items = []
    for change in changes_by_derivation(story):
        for d in change.discrepancies:
            if d.not_a_conflict:
                continue  # listed under its derivation only
            link = change.link
            others = f"<br>As the source has it, also: {refs(d.others)}" if d.others else ""
            items.append(
                f'<li><span class="warn">{introduced_by(d, link, ref)}</span> '
                f'<span class="tag">{escape(KIND_LABELS[d.kind])}</span> '
                f"{escape(d.explanation)}<br>"
                f"Source: {_words(d.source_text, span_link(d.source_span, names), ' ')}<br>"
                f"{derivation_noun(link).capitalize()}: "
                f"{_words(d.derived_text, span_link(d.derived_span, names), ' ')}"
                f"{others}</li>"
            )
    return items
