"""An article read for a word-by-word comparison with another: its sentences, and each
passage as tokens that compare the way a reader would.

A number is one token whatever its spelling ("three" and "3", "1,200" and "1200"
compare equal); a date expression is one token ("March 3", "Friday"), equal to another
when the words or the day they denote are the same; "didn't" is "did" + "not"; a
word compares by its spelling key ("fulfil" = "fulfill", "cease-fire" = "ceasefire").
Each token records whether it is part of a name, inside a quotation's words, and
whether a clause break (comma, colon, bracket, dash) comes before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal

from storydesk.analyze.budget import BudgetExceeded
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.number_words import NUMBER_RE, parse_number
from storydesk.lexicon import ROLE_TITLES, STOP_WORDS
from storydesk.link.text import sentence_spans
from storydesk.model import Analysis, Article, ArticleClaims, DateMention, NumericClaim
from storydesk.reconcile.change_words import NOT_NAMES, spelling_key, stem

TokenKind = Literal["word", "number", "date"]

# A dotted abbreviation ("U.S.", "A.G.") is one word; else letters and digits, with
# inner apostrophes and hyphens.
_WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}(?:['’]s)?|[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+(?:['’][^\W_]+)*)*"
)
# A scale joined to its figure by a hyphen ("a 4.4-million margin").
_HYPHEN_SCALE = re.compile(r"-(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–\"“”]|\s-\s")
_OPENING = re.compile(r"[\"“‘(:]\s*$")
# Entity types whose words are names (not dates, amounts or ordinals).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})
_TITLE_WORDS = frozenset(w.lower() for title in ROLE_TITLES for w in title.split())
_NOT_NAMES = NOT_NAMES | _TITLE_WORDS
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number or date expression of a passage."""

    start: int
    end: int
    norm: str  # what the comparison sees
    kind: TokenKind
    value: float | None = None  # a number's value
    day: tuple[str, str] | None = None  # a date's first and last day, when resolved
    proper: bool = False  # part of a name
    quoted: bool = False  # inside the words of a quotation
    breaks: bool = False  # a clause break comes before it

    @property
    def content(self) -> bool:
        """Whether it says what a passage is about (not a function word)."""
        return self.kind != "word" or (len(self.norm) >= 3 and self.norm not in STOP_WORDS)

    @property
    def key(self) -> str:
        """What two passages share when they share this token (a stem for a word)."""
        return self.norm if self.kind != "word" else stem(self.norm)


@dataclass
class ArticleText:
    """An article with what the comparison reads in it, tokens computed on demand."""

    article: Article
    sentences: list[tuple[int, int]]
    dates: tuple[DateMention, ...]
    numbers: tuple[NumericClaim, ...]
    names: list[tuple[int, int]]  # entity mention spans of name types, sorted
    quoted: list[tuple[int, int]]  # the words of each quotation, sorted
    _cache: dict[tuple[int, int], list[Token]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def tokens(self, start: int, end: int) -> list[Token]:
        key = (start, end)
        if key not in self._cache:
            self._cache[key] = _tokenize(self, start, end)
        return self._cache[key]

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding [start, end), or the span itself when none does."""
        for s, e in self.sentences:
            if s <= start and end <= e:
                return s, e
        return start, end


def read_article(
    article: Article, analysis: Analysis | None, claims: ArticleClaims | None
) -> ArticleText:
    """The article prepared for comparison. Without claims, the cheap extractors run
    here (dates and quotations are needed); an article over their budget is compared
    without them."""
    if claims is None:
        try:
            claims = extract_claims(article, analysis)
        except BudgetExceeded:
            claims = ArticleClaims(article.id, (), (), (), ())
    mentions = analysis.mentions if analysis else ()
    names = sorted((m.start, m.end) for m in mentions if m.label in _NAME_LABELS)
    quoted = sorted(part for quote in claims.quotes for part in quote.parts)
    return ArticleText(
        article=article,
        sentences=sentence_spans(article.text),
        dates=tuple(d for d in claims.dates),
        numbers=claims.numbers,
        names=names,
        quoted=quoted,
    )


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _number_tokens(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[Token]:
    """The figures in [start, end). A match that is no range ("in 1972 to 40": a
    year, then a figure) is cut back to its first number and the search goes on
    after it, so that the second is read too."""
    found = []
    pos = start
    while match := NUMBER_RE.search(text, pos, end):
        parsed = parse_number(match)
        n_start, n_end = match.start("number"), match.end("number")
        ranged = parsed is not None and bool(match.group("upper")) and parsed[2] != parsed[0]
        if ranged:
            n_end = max(n_end, match.end("upper"))
        if match.group("pct") and (ranged or not match.group("upper")):
            n_end = max(n_end, match.end("pct"))
        pos = max(n_end, match.start() + 1)
        if parsed is None or any(s < n_end and n_start < e for s, e in taken):
            continue  # unreadable, or the day of a date ("March 3"), not a count
        value = parsed[0]
        scale = _HYPHEN_SCALE.match(text, n_end, end)
        if scale and not ranged:
            value *= _SCALES[scale.group(1).lower()]
            n_end = pos = scale.end()
        norm = f"#{value:g}" + (f"-{parsed[2]:g}" if ranged else "")
        if n_end == match.end("pct") and match.group("pct"):
            norm += "%"
        found.append(Token(n_start, n_end, norm, "number", value=value))
    return found


def _word_tokens(text: str, start: int, end: int) -> list[Token]:
    found = []
    for match in _WORD.finditer(text, start, end):
        raw = match.group().replace("’", "'")
        w_start, w_end = match.span()
        if text[w_start - 1 : w_start] == "&" and text[w_end : w_end + 1] == ";":
            continue  # a wire's typesetting code ("&QL;"), not a word of the report
        lower = raw.lower()
        if lower.endswith("n't") and len(lower) > 3:
            base = lower[:-3]
            found.append(Token(w_start, w_end - 3, _CONTRACTED.get(base, base), "word"))
            found.append(Token(w_end - 3, w_end, "not", "word"))
            continue
        if lower.endswith("'s"):
            lower = lower[:-2]
        lower = lower.replace(".", "")  # "U.S." -> "us", "A.G." -> "ag"
        found.append(Token(w_start, w_end, spelling_key(lower), "word"))
    return found


def _tokenize(doc: ArticleText, start: int, end: int) -> list[Token]:
    text = doc.text
    dates = [d for d in doc.dates if start <= d.start and d.end <= end]
    date_spans = [(d.start, d.end) for d in dates]
    tokens = [
        Token(d.start, d.end, " ".join(d.text.lower().split()), "date",
              day=(d.value, d.value_end or d.value) if d.value else None)
        for d in dates
    ]  # fmt: skip
    numbers = _number_tokens(text, start, end, date_spans)
    tokens += numbers
    taken = sorted(date_spans + [(t.start, t.end) for t in numbers])
    taken_starts = [s for s, _ in taken]
    for token in _word_tokens(text, start, end):
        # Dates and numbers do not overlap one another: only the last one starting
        # before the word's end can overlap it.
        i = bisect_left(taken_starts, token.end) - 1
        if i >= 0 and taken[i][1] > token.start:
            continue
        tokens.append(token)
    tokens.sort(key=lambda t: t.start)
    return _mark(doc, tokens, start)


def _mark(doc: ArticleText, tokens: list[Token], start: int) -> list[Token]:
    """Set each token's name, quotation and clause-break flags."""
    text = doc.text
    name_starts = [s for s, _ in doc.names]
    quote_starts = [s for s, _ in doc.quoted]
    marked = []
    previous_end = start
    for index, token in enumerate(tokens):
        gap = text[previous_end : token.start]
        word = text[token.start : token.end]
        opens = index == 0 or bool(_OPENING.search(gap))
        in_name = _inside(doc.names, name_starts, token.start, token.end)
        capital = word[:1].isupper()
        proper = (
            token.kind == "word"
            and capital
            and token.norm not in _NOT_NAMES
            and (in_name or not opens)
        )
        marked.append(
            Token(
                token.start, token.end, token.norm, token.kind, token.value, token.day,
                proper=proper,
                quoted=_inside(doc.quoted, quote_starts, token.start, token.end),
                breaks=index > 0 and bool(_CLAUSE_BREAK.search(gap)),
            )
        )  # fmt: skip
        previous_end = token.end
    return marked
