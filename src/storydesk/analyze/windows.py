"""Cheap pre-filtering for the extractors' large regular expressions.

A regular expression with many alternatives is tried at every position of a text;
most positions cannot start a match. `trigger_windows` finds the few places where a
short trigger (a month name, "according to") occurs and returns merged spans around
them, so the expensive expression runs only there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def trigger_windows(
    text: str, trigger: re.Pattern[str], before: int, after: int
) -> list[tuple[int, int]]:
    """Merged (start, end) spans reaching `before`/`after` characters around triggers."""
    windows: list[tuple[int, int]] = []
    for match in trigger.finditer(text):
        start, end = max(0, match.start() - before), min(len(text), match.end() + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def finditer_in_windows(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """`pattern.finditer` restricted to the windows (which do not overlap)."""
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def word_trigger(words: list[str], digits: str = "") -> re.Pattern[str]:
    """A fast trigger for any of `words` (case-insensitive) at a word start, or a digit
    run matching `digits`. The leading character class lets the regex engine skip most
    positions at once, which an alternation of words behind \\b does not."""
    firsts = sorted({w[0].lower() for w in words} | {w[0].upper() for w in words})
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0].lower(), []).append(re.escape(word[1:]))
    rests = "|".join(
        f"(?<=[{first}{first.upper()}])(?:{'|'.join(sorted(tails, key=len, reverse=True))})"
        for first, tails in sorted(by_first.items())
    )
    word_part = f"(?<![A-Za-z])[{''.join(firsts)}](?i:{rests})"
    return re.compile(f"{digits}|{word_part}" if digits else word_part)
