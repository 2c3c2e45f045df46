"""Who copied whom: explicit credits and the direction of copying.

Public API
----------
``outlet_of(article, *, params=DEFAULT) -> str | None``: the outlet, from metadata or
    the text's own byline/dateline ("By X, CNN", "(CNN) --").
``credits(text) -> list[str]``: outlets a text credits ("according to The Hill",
    "Information from The Associated Press was used", "(AP) --", "X reported").
``is_signed(article, *, params=DEFAULT) -> bool``: carries its own byline or outlet
    dateline.
``decide_direction(a, b, alignment, *, params=DEFAULT) -> Direction``: which of the
    pair is the source, with the evidence for it, or ``source=None`` when the evidence
    does not decide.

Direction evidence, strongest first: a credit naming the other's outlet; different
publication times (the earlier is the source); a signed original (own byline or
outlet dateline) against an unsigned text; a clear containment asymmetry (the text
mostly found in the other is the copy); quotations kept verbatim on one side and
dissolved into paraphrase on the other (rewriters paraphrase quotes away). Their
weights and the score that decides are fields of ``LinkParams``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from storydesk.link.align import Alignment
from storydesk.link.link_params import DEFAULT, LinkParams
from storydesk.link.text import quoted_spans
from storydesk.model import Article

# An outlet name: capitalised words; a full stop only inside a word ("A.P"), never
# before a space, so a name never runs into the next sentence.
_TOKEN = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"
_NAME = rf"((?:the |The )?{_TOKEN}(?: (?:of |for |and |& )?{_TOKEN}){{0,4}})"
_CREDIT_PATTERNS = [
    re.compile(r"\b(?:according to|reported by|first reported by|citing|via|told) " + _NAME),
    re.compile(r"\binformation from " + _NAME + r" (?:was|were) used", re.IGNORECASE),
    re.compile(_NAME + r" (?:reported|first reported|contributed to this report)\b"),
    re.compile(r"\((?:Source: )?" + _NAME + r"\)\s*[—–-]"),
    re.compile(r"\bcopyright (?:\d{4} )?" + _NAME, re.IGNORECASE),
]
_BYLINE = re.compile(r"^\s*By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}, " + _NAME, re.MULTILINE)
_DATELINE = re.compile(r"\(" + _NAME + r"\)\s*[—–-]")
_ALIASES = {
    "ap": "associated press",
    "afp": "agence france-presse",
    "agence france presse": "agence france-presse",
    "nyt": "new york times",
}


def _norm(name: str) -> str:
    name = re.sub(r"[.’']|\bthe\b|\bnews agency\b", " ", name.lower())
    name = " ".join(name.split())
    return _ALIASES.get(name, name)


def same_outlet(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    na, nb = _norm(a), _norm(b)
    return bool(na) and bool(nb) and (na == nb or na in nb.split(" ") or nb in na.split(" "))


def outlet_of(article: Article, *, params: LinkParams = DEFAULT) -> str | None:
    if article.outlet:
        return article.outlet
    head = article.text[: params.head_chars]
    match = _BYLINE.search(head) or _DATELINE.search(head)
    return match.group(1).strip() if match else None


def credits(text: str) -> list[str]:
    return list(_credits(text))


@lru_cache(maxsize=1024)
def _credits(text: str) -> tuple[str, ...]:
    # Cached: every pair an article takes part in asks for its credits again.
    found: list[str] = []
    for pattern in _CREDIT_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1).strip().rstrip(".’'-")
            if name and name not in found:
                found.append(name)
    return tuple(found)


def is_signed(article: Article, *, params: LinkParams = DEFAULT) -> bool:
    """Own byline or own-outlet dateline: the marks of a report its outlet stands behind."""
    head = article.text[: params.head_chars]
    if article.byline:
        return True
    match = _BYLINE.search(head) or _DATELINE.search(head)
    if match is None:
        return False
    return article.outlet is None or same_outlet(match.group(1), article.outlet)


def _credits_other(article: Article, other: Article, p: LinkParams) -> str | None:
    """The credit in `article` naming `other`'s outlet (never its own outlet)."""
    target, own = outlet_of(other, params=p), outlet_of(article, params=p)
    if not target or same_outlet(target, own):
        return None
    for name in credits(article.text):
        if same_outlet(name, target) and not same_outlet(name, own):
            return name
    return None


@dataclass
class Direction:
    source: str | None  # id of the source article; None: undecided
    evidence: list[str] = field(default_factory=list)


def _quote_votes(alignment: Alignment) -> float:
    """Positive when side b keeps quotations that side a rewrote (b looks original)."""
    votes = 0.0
    for pairs, mine, other, sign in (
        (alignment.a_pairs, alignment.a_text, alignment.b_text, 1.0),
        (alignment.b_pairs, alignment.b_text, alignment.a_text, -1.0),
    ):
        for pair in pairs:
            if pair.label != "paraphrase" or pair.partner is None:
                continue
            mine_quotes = quoted_spans(mine[pair.start : pair.end])
            other_quotes = quoted_spans(other[pair.partner[0] : pair.partner[1]])
            if other_quotes and not mine_quotes:
                votes += sign
            elif mine_quotes and not other_quotes:
                votes -= sign
    return votes


def decide_direction(
    a: Article, b: Article, alignment: Alignment, *, params: LinkParams = DEFAULT
) -> Direction:
    """Score > 0 favours b as the source, < 0 favours a; |score| under
    `direction_score` is undecided."""
    p = params
    score = 0.0
    evidence: list[str] = []
    for copy, original, sign in ((a, b, 1.0), (b, a, -1.0)):
        credit = _credits_other(copy, original, p)
        if credit:
            score += p.credit_weight * sign
            evidence.append(f"{copy.id} credits {credit!r}, the outlet of {original.id}")
    shared = [n for n in credits(a.text) if any(same_outlet(n, m) for m in credits(b.text))]
    if shared:
        evidence.append(f"both credit {shared[0]!r}: likely copies of one syndicated report")
    if a.published and b.published:
        gap = b.published - a.published
        window = timedelta(hours=p.same_time_hours)
        if abs(gap) >= window or a.published.date() != b.published.date():
            earlier = a if gap > timedelta(0) else b
            score += p.earlier_weight if earlier is b else -p.earlier_weight
            evidence.append(f"{earlier.id} was published first")
        else:
            evidence.append("published at the same time")
    else:
        missing = [x.id for x in (a, b) if x.published is None]
        evidence.append(f"publication time unknown for {', '.join(missing)}")
    signed_a, signed_b = is_signed(a, params=p), is_signed(b, params=p)
    if signed_a != signed_b:
        signed = a if signed_a else b
        score += p.signed_weight if signed is b else -p.signed_weight
        evidence.append(f"{signed.id} carries its own byline or outlet dateline; the other none")
    cover_a = sum(alignment.shares("a"))
    cover_b = sum(alignment.shares("b"))
    if abs(cover_a - cover_b) >= p.containment_gap:
        contained = a if cover_a > cover_b else b
        score += p.containment_weight if contained is a else -p.containment_weight
        evidence.append(
            f"{contained.id} is mostly found in the other ({max(cover_a, cover_b):.0%} vs "
            f"{min(cover_a, cover_b):.0%})"
        )
    quotes = _quote_votes(alignment)
    if quotes:
        keeper = b if quotes > 0 else a
        score += max(-p.quote_cap, min(p.quote_cap, p.quote_vote * quotes))
        evidence.append(f"{keeper.id} keeps quotations the other paraphrases ({abs(quotes):.0f})")
    if score >= p.direction_score:
        return Direction(b.id, evidence)
    if score <= -p.direction_score:
        return Direction(a.id, evidence)
    return Direction(None, [*evidence, "the evidence does not decide the direction"])
