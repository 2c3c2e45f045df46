"""Plain-text listing of what one article claims, for `storydesk show ARTICLE`.

    render_claims(article: Article, analysis: Analysis | None, claims: ArticleClaims)
        -> list[str]

Sections: entities (the article's canonical entities with roles and variants),
quotes (speaker, cue, partial), numeric claims (value range, counted thing, scope,
source, as-of), credits and resolved dates. Every item shows its evidence as
[start:end] character offsets into the article text.
"""

from __future__ import annotations

from storydesk.model import Analysis, Article, ArticleClaims, speaker_label
from storydesk.reconcile.entities import canonical_entities
from storydesk.write.story_labels import entity_kind

MAX_QUOTE_CHARS = 100


def _span(start: int | None, end: int | None) -> str:
    return f"[{start}:{end}]" if start is not None else ""


def _range(low: float | None, high: float | None) -> str:
    def fmt(value: float | None, open_end: str) -> str:
        return open_end if value is None else f"{value:,.6g}"

    return f"{fmt(low, '-inf')} .. {fmt(high, 'inf')}"


def render_claims(article: Article, analysis: Analysis | None, claims: ArticleClaims) -> list[str]:
    lines: list[str] = []
    if analysis is not None:
        entities = canonical_entities([(article, analysis, claims)])
        lines.append(f"Entities ({len(entities)})")
        for entity in entities:
            first = entity.mentions[0]
            extra = ""
            if entity.roles:
                extra += f"; roles: {', '.join(entity.roles)}"
            if entity.variants:
                extra += f"; also: {', '.join(entity.variants)}"
            lines.append(f"  {entity.name} ({entity_kind(entity.label)}) x{len(entity.mentions)} "
                         f"{_span(first.start, first.end)}{extra}")  # fmt: skip
    lines.append(f"Quotes ({len(claims.quotes)})")
    for quote in claims.quotes:
        words = quote.text if len(quote.text) <= MAX_QUOTE_CHARS else quote.text[:97] + "..."
        who = speaker_label(quote.speaker)
        if quote.speaker_basis == "pronoun" and quote.speaker_start is not None:
            # say how a pronoun was read, so a desk can check it
            who += f" (from “{article.text[quote.speaker_start : quote.speaker_end]}”)"
        cue = f" ({quote.cue})" if quote.cue else ""
        partial = " partial" if quote.partial else ""
        lines.append(f"  {_span(quote.start, quote.end)} {who}{cue}{partial}: “{words}”")
    lines.append(f"Numeric claims ({len(claims.numbers)})")
    for number in claims.numbers:
        hedge = number.hedge.replace("_", " ")  # "more than", not "more_than"
        parts = [f"{number.text!r} = {_range(number.value_low, number.value_high)} ({hedge})"]
        if number.unit:
            parts.append(number.unit)
        if number.counted:
            parts.append(f"counts: {number.counted}")
        if number.scope:
            parts.append(f"scope: {'; '.join(number.scope)}")
        if number.attribution:
            parts.append(f"source: {number.attribution}")
        if number.as_of:
            parts.append(f"as of {number.as_of}")
        lines.append(f"  {_span(number.start, number.end)} " + " | ".join(parts))
    lines.append(f"Credits ({len(claims.credits)})")
    for credit in claims.credits:
        kind = credit.kind.replace("_", " ")
        lines.append(f"  {_span(credit.start, credit.end)} {credit.source} ({kind})")
    lines.append(f"Dates ({len(claims.dates)})")
    for mention in claims.dates:
        value = mention.value or "unresolved"
        if mention.value_end and mention.value_end != mention.value:
            value += f" .. {mention.value_end}"
        since = " (since)" if mention.since else ""
        lines.append(f"  {_span(mention.start, mention.end)} {mention.text!r} -> {value}{since}")
    return lines
