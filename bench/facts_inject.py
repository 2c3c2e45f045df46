"""Injected conflicts: change one reported count in one article of a cluster.

How the count is chosen (plain text, independent of the aligner under test):

1. candidates are numbers written in digits ("1,200", "45", "2.1 million"), at least
   10, not a year (1900-2099), nor a rate's base ("2 in every 1,000"), followed by a
   plural noun ("45 people", "1,200 homes"; not a measure, a sum of money or a share:
   "percent", "years", "miles", "hectares", "francs", "volts"), outside quotation
   marks;
2. a candidate qualifies when the same number followed by the same word appears in
   at least two articles of the cluster *and* those occurrences share a content word
   within 8 words of the number: the count is reported and corroborated, rather
   than a number that merely recurs ("12 students" killed / "expelling 12 students"
   would still pass when they share a word: the check is loose on purpose);
3. among qualifying counts the most widely reported is taken (ties: the larger
   number); the article changed is the *last* one (by cluster order) among those
   sharing words, and only its first occurrence there is changed.

The change multiplies the number by `FACTOR` (3: "45 people" -> "135 people"), so the
changed value is incompatible with the original under any reasonable hedge reading.
The benchmark then runs the ordinary pipeline over the whole changed cluster: the
detector is not told which article or which number changed. A conflict counts as a
detection when one of its two claims covers the changed number.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from storydesk.model import Article

FACTOR = 3
_CANDIDATE = re.compile(
    r"(?<![\w$€£.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s+(?:million|billion)|\d{2,7})"
    r"(?![\w%.,-]?\d)\s+([a-z]{3,})\b"
)
_SCALES = {"million": 1_000_000, "billion": 1_000_000_000}
# Words after a number that make it a measure, a sum of money or a share, not a count
# of things.
NOT_COUNTED = frozenset(
    "percent per years months weeks days hours minutes seconds miles feet inches acres "
    "pounds tons degrees points cents dollars kilometers meters yards times million "
    "billion thousand hundred hectares kilometers kilometres square euros francs marks yuan "
    "yen rupees pesos rubles dlrs volts watts kilowatts megawatts".split()
)
_PEOPLE = frozenset("people children men women police staff crew personnel".split())
WINDOW = 8
_DENOMINATOR = re.compile(r"\b(?:every|per|out\s+of|in|of)\s+$")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_STOP = frozenset(
    "the a an of in on at to and or for with by from as is are was were be been has have had "
    "that this which who it its their his her they he she than more about some all those "
    "these said says".split()
)
_QUOTED = re.compile(r"[\"“][^\"“”]{0,600}?[\"”]")


@dataclass(frozen=True)
class Injection:
    article_id: str
    start: int  # of the new number in the changed article's text
    end: int
    original: str
    changed: str
    word: str  # the word after the number


def _value(raw: str) -> int:
    number, _, scale = raw.partition(" ")
    return round(float(number.replace(",", "")) * _SCALES.get(scale.strip(), 1))


def _fmt(value: int, like: str) -> str:
    scale = like.partition(" ")[2]
    if scale.strip() in _SCALES:  # "2.1 million" -> "6.3 million"
        return f"{value / _SCALES[scale.strip()]:g} {scale.strip()}"
    return f"{value:,}" if "," in like or value >= 10000 else str(value)


def _candidates(text: str) -> list[tuple[int, int, int, str, str]]:
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    found = []
    for match in _CANDIDATE.finditer(text):
        raw, word = match.group(1), match.group(2)
        value = _value(raw)
        if value < 10 or (1900 <= value <= 2099 and "," not in raw):
            continue
        if any(s <= match.start() < e for s, e in quoted) or word in NOT_COUNTED:
            continue
        if _DENOMINATOR.search(text[max(0, match.start() - 15) : match.start()]):
            continue  # "2 of every 1,000 children": a rate's base, not a count
        if not ((word.endswith("s") and word not in ("was", "is", "has", "this", "its"))
                or word in _PEOPLE):
            continue  # a count names plural things ("45 people"), not "19 opening"
        found.append((match.start(1), match.end(1), value, raw, word))
    return found


def _window(text: str, start: int, end: int) -> frozenset[str]:
    """Content words within `WINDOW` words either side of a number."""
    before = _WORD.findall(text[max(0, start - 120) : start])[-WINDOW:]
    after = _WORD.findall(text[end : end + 120])[1 : WINDOW + 1]  # the counted word skipped
    return frozenset(w.lower() for w in before + after if w.lower() not in _STOP)


def choose_injection(articles: list[Article]) -> Injection | None:
    """The count to change in a cluster (see the module docstring), or None."""
    seen: dict[tuple[int, str], list[tuple[int, int, int, str, frozenset[str]]]] = (
        defaultdict(list))
    for position, article in enumerate(articles):
        reported: set[tuple[int, str]] = set()
        for start, end, value, raw, word in _candidates(article.text):
            key = (value, word)
            if key not in reported:  # the first occurrence per article
                reported.add(key)
                seen[key].append((position, start, end, raw, _window(article.text, start, end)))
    best: tuple[tuple[int, int], tuple[int, str], tuple[int, int, int, str]] | None = None
    for key, places in seen.items():
        # Occurrences that share a word around the number report one fact; a number
        # that merely recurs ("12 students" killed / expelled) is a coincidence.
        related = [p for p in places if any(p is not q and p[4] & q[4] for q in places)]
        if len({p[0] for p in related}) < 2:
            continue
        rank = (len(related), key[0])
        if best is None or rank > best[0]:
            position, start, end, raw, _ = related[-1]
            best = (rank, key, (position, start, end, raw))
    if best is None:
        return None
    (value, word), (position, start, _, raw) = best[1], best[2]
    changed = _fmt(value * FACTOR, raw)
    return Injection(articles[position].id, start, start + len(changed), raw, changed, word)


def apply_injection(articles: list[Article], injection: Injection) -> list[Article]:
    out = []
    for article in articles:
        if article.id == injection.article_id:
            text = article.text
            old_end = injection.start + len(injection.original)
            text = text[: injection.start] + injection.changed + text[old_end:]
            article = replace(article, text=text)
        out.append(article)
    return out
