"""Derived articles with known edits, for bench_discrepancies.py.

From one original article this makes a *copy* (verbatim, its last sentence sometimes
cut) or a *rewrite* (a gentle paraphrase: a few sentences dropped, common words
replaced by synonyms from `SYNONYMS`, "Meanwhile," or "Also," put before some
sentences), then, for an edited derivation, injects changes at known places:

- number: a figure in digits (not a year 1000-2099, not a date's day) multiplied by 3
  (or + 5);
- weekday: a weekday replaced by another;
- date: the day of a "Month Day" date moved by 2-9 days;
- name: a capitalised word inside a sentence (not a month, weekday or title; not
  after a full stop) replaced by an invented surname;
- negation: "not" inserted after an auxiliary ("was", "has", "will", ...).

At most one edit per sentence, in sentences the derivation keeps, on words the
paraphrase leaves alone. Each edit records the character span of the changed words
in the derived text and of the original words in the original (an empty span where
"not" was inserted).

Why not `rewrites_injected.edit_tokens`, the rewrite benchmark's generator: it
substitutes random corpus words, numbers and names among them, and inserts random
words; each of those is itself a real change a discrepancy finder should report, so
an "untouched" rewrite would not be untouched. The synonyms here change wording and
keep every number, name, date, negation and qualifier.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from storydesk.link.text import sentence_spans
from storydesk.model import Article, Provenance

EditKind = str  # number, weekday, date, name, negation
EDIT_KINDS = ("number", "weekday", "date", "name", "negation")

# Everyday news words and a synonym that keeps the meaning (no figure, hedge,
# negation, date, name or qualifier among them).
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "announced": "declared",
    "began": "started", "big": "large", "large": "big", "help": "assist",
    "helped": "assisted", "important": "significant", "country": "nation",
    "area": "region", "plan": "proposal", "plans": "proposals", "meeting": "session",
    "attack": "assault", "attacks": "assaults", "wounded": "injured", "bought": "purchased",
    "quickly": "rapidly", "wanted": "wished", "decided": "chose", "expected": "anticipated",
    "agreement": "accord", "talks": "negotiations", "problem": "issue",
    "problems": "issues", "officials": "authorities", "leaders": "chiefs",
    "building": "structure", "asked": "requested", "tried": "attempted",
    "showed": "demonstrated", "need": "require", "needed": "required", "main": "principal",
    "result": "outcome", "major": "key", "received": "got", "program": "scheme",
    "rules": "regulations", "group": "organization",
}  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January February March April May June July August September October November "
           "December Jan. Feb. Aug. Sept. Oct. Nov. Dec.").split()  # fmt: skip
_SURNAMES = (
    "Halvorsen", "Okonkwo", "Brannigan", "Tesfaye", "Marchetti", "Lindqvist", "Oyelaran",
    "Castellanos", "Varga", "Nakashima", "Dunleavy", "Ferreira", "Kowalczyk", "Abernathy",
    "Szabo", "Quintero", "Holmberg", "Achterberg", "Radovan", "Thistlewood",
)  # fmt: skip
_NOT_NAMES = (
    frozenset(
        "The A An This That These Those He She It They We I His Her Its Their Our But And Or "
        "In On At For With From By Of To As If When While After Before Mr Mrs Ms Dr President "
        "Gov Sen Rep Gen Prime Minister Secretary Senator Governor Mayor Judge Chairman "
        "Vice Deputy Meanwhile Also However".split()
    )
    | frozenset(_WEEKDAYS)
    | frozenset(m.rstrip(".") for m in _MONTHS)
)

_WORD = re.compile(r"[A-Za-z]+")
# Quotation marks: DUC opens with `` or '' and closes with ''; others use " or “ ”.
_QUOTE_MARK = re.compile(r"``|''|\"|“|”")
_LOWER_AFTER_ADVERB = re.compile(
    r"(The|A|An|At|In|On|But|For|When|After|Before|Since|While|As|It|He|She|They|This) "
)
_NUMBER = re.compile(
    r"(?<![\w,.$-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w,.%:-]?\d)(?![A-Za-z-])"
    r"(?!\s*(?:%|percent))"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_MONTH_DAY = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in _MONTHS) + r")\s+(\d{1,2})\b")
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{3,})\b(?![.'’-])")
_AUXILIARY = re.compile(
    r"\b(was|were|is|are|has|have|had|will|would|could)\s+(?!not\b)(?=[a-z]{3,})"
)


@dataclass(frozen=True)
class Edit:
    kind: EditKind
    original: tuple[int, int]  # the original words in the original text
    derived: tuple[int, int]  # the changed words in the derived text
    before: str
    after: str


@dataclass(frozen=True)
class Derivation:
    original: Article
    derived: Article
    kind: str  # "copy" or "rewrite"
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class _Piece:
    """A stretch of derived text and, when it is original text unchanged, where it
    came from."""

    text: str
    origin: int | None


def _sentences(text: str) -> list[tuple[int, int]]:
    # The link stage's splitter: it knows "Aug." and "U.S." end no sentence.
    return sentence_spans(text)


def _derive(original: str, kind: str, rng: random.Random, keep: set[int]) -> list[_Piece]:
    """The derived text as pieces; sentences whose index is in `keep` are never dropped."""
    spans = _sentences(original)
    pieces: list[_Piece] = []
    cursor = 0
    for index, (start, end) in enumerate(spans):
        gap = original[cursor:start]
        cursor = end
        last = index == len(spans) - 1
        if kind == "copy":
            drop = last and index not in keep and index > 0 and rng.random() < 0.5
        else:
            drop = index not in keep and index > 0 and rng.random() < 0.15
        if drop:
            continue
        pieces.append(_Piece(gap, None))
        if kind == "rewrite" and index not in keep and rng.random() < 0.15:
            pieces.append(_Piece(rng.choice(("Meanwhile, ", "Also, ")), None))
            first = _LOWER_AFTER_ADVERB.match(original[start:end])
            if first:  # "The army ..." -> "Meanwhile, the army ..."
                pieces.append(_Piece(first.group(1).lower(), None))
                start += len(first.group(1))
        pieces.extend(_reword(original, start, end, kind, rng))
    pieces.append(_Piece(original[cursor:], None))
    return pieces


@lru_cache(maxsize=8)
def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, paragraph by paragraph: `` and “ open, ” closes,
    '' and " alternate; a quotation still open at a paragraph's end (or at the next
    opening mark) runs to it (news style: a quotation going on is not closed)."""
    spans = []
    offset = 0
    for paragraph in text.split("\n"):
        opened: int | None = None
        for mark in _QUOTE_MARK.finditer(paragraph):
            at = offset + mark.start()
            if mark.group() in ("``", "“"):  # always opens (and ends one left open)
                if opened is not None:
                    spans.append((opened, at))
                opened = at
            elif opened is None and mark.group() != "”":
                opened = at
            elif opened is not None:
                spans.append((opened, offset + mark.end()))
                opened = None
        if opened is not None:
            spans.append((opened, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return spans


def _reword(text: str, start: int, end: int, kind: str, rng: random.Random) -> list[_Piece]:
    """The sentence with synonyms put in, outside quotations (a quotation changed is a
    misquotation: a real discrepancy)."""
    out = []
    cursor = start
    quoted = _quoted(text)
    for match in _WORD.finditer(text, start, end):
        word = match.group()
        inside = any(s <= match.start() < e for s, e in quoted)
        if kind == "rewrite" and word in SYNONYMS and not inside and rng.random() < 0.6:
            out.append(_Piece(text[cursor : match.start()], cursor))
            out.append(_Piece(SYNONYMS[word], None))
            cursor = match.end()
    out.append(_Piece(text[cursor:end], cursor))
    return out


def _candidates(text: str, span: tuple[int, int]) -> list[tuple[EditKind, int, int]]:
    """Possible edits in one sentence: (kind, start, end) of the original words."""
    start, end = span
    found: list[tuple[EditKind, int, int]] = []
    dates = [m.span(1) for m in _MONTH_DAY.finditer(text, start, end)]
    for m in _NUMBER.finditer(text, start, end):
        value = int(m.group(1).replace(",", ""))
        year = 1000 <= value <= 2099 and "," not in m.group(1)
        if year or value == 0 or any(s <= m.start() < e for s, e in dates):
            continue
        found.append(("number", *m.span(1)))
    found += [("weekday", *m.span(1)) for m in _WEEKDAY.finditer(text, start, end)]
    found += [("date", s, e) for s, e in dates if 1 <= int(text[s:e]) <= 28]
    for m in _NAME.finditer(text, start, end):
        if m.group(1) not in _NOT_NAMES:
            found.append(("name", *m.span(1)))
    found += [("negation", m.end(), m.end()) for m in _AUXILIARY.finditer(text, start, end)]
    quotes = _quoted(text)
    return [c for c in found if not any(s <= c[1] < e for s, e in quotes)]


def _new_words(kind: EditKind, old: str, text: str, rng: random.Random) -> str:
    if kind == "number":
        value = int(old.replace(",", ""))
        new = value * 3 if value >= 2 else value + 5
        return f"{new:,}" if "," in old or new >= 10000 else str(new)
    if kind == "weekday":
        return rng.choice([d for d in _WEEKDAYS if d != old])
    if kind == "date":
        day = int(old)
        step = rng.choice((2, 3, 4, 5, 6, 7, 8, 9))
        return str(day + step if day + step <= 28 else day - step)
    if kind == "name":
        return rng.choice([n for n in _SURNAMES if n not in text])
    return "not "


def derive(
    original: Article, kind: str, n_edits: int, rng: random.Random, number: int
) -> Derivation:
    """A copy or rewrite of `original` with `n_edits` injected edits (fewer when the
    article offers fewer), of kinds chosen evenly at random."""
    text = original.text
    spans = _sentences(text)
    options = [(i, c) for i, span in enumerate(spans) for c in _candidates(text, span)]
    chosen: list[tuple[int, tuple[EditKind, int, int]]] = []
    kinds = list(EDIT_KINDS)
    rng.shuffle(kinds)
    for wanted in kinds:
        if len(chosen) >= n_edits:
            break
        pool = [(i, c) for i, c in options if c[0] == wanted and i not in {j for j, _ in chosen}]
        if pool:
            chosen.append(rng.choice(pool))
    pieces = _derive(text, kind, rng, {i for i, _ in chosen})
    derived_text, edits = _apply(text, pieces, [c for _, c in chosen], rng)
    derived = Article(
        id=f"{kind}-{number}-of-{original.id}",
        text=derived_text,
        provenance=Provenance("injected", "text"),
        # Published two hours later, as a rewrite is: the link stage may tell which came first.
        published=original.published + timedelta(hours=2) if original.published else None,
    )
    return Derivation(original, derived, kind, tuple(edits))


def _apply(
    original: str, pieces: list[_Piece], chosen: list[tuple[EditKind, int, int]],
    rng: random.Random,
) -> tuple[str, list[Edit]]:  # fmt: skip
    """The derived text with the edits made, and where each edit ended up."""
    out: list[str] = []
    edits: list[Edit] = []
    length = 0
    todo = sorted(chosen, key=lambda c: c[1])
    for piece in pieces:
        if piece.origin is None:
            out.append(piece.text)
            length += len(piece.text)
            continue
        text, origin, cursor = piece.text, piece.origin, 0
        for kind, start, end in todo:
            # An edit applies when the original words lie whole inside this piece.
            if not (origin <= start and end <= origin + len(text)) or (
                kind == "negation" and start == origin
            ):
                continue
            local = start - origin
            old = text[local : local + end - start]
            new = _new_words(kind, old, original, rng)
            out.append(text[cursor:local])
            length += local - cursor
            if kind == "negation":
                edits.append(Edit(kind, (start, start), (length, length + 3), "", "not"))
            else:
                edits.append(Edit(kind, (start, end), (length, length + len(new)), old, new))
            out.append(new)
            length += len(new)
            cursor = local + end - start
        out.append(text[cursor:])
        length += len(text) - cursor
    return "".join(out), edits
