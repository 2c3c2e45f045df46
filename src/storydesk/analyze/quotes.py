"""Direct quotations: where they are, who said them, with which verb.

`find_quotes(text, analysis)` returns `Quote`s in text order. Steps:

1. `find_quote_pieces` pairs quotation marks: curly “ ”, straight " (whose role is
   read from the spaces around it), typographic `` '' (wire copy), and single ‘ ’
   around short phrases. An opening mark left unclosed at the end of a paragraph is
   dropped (unbalanced text), except when the next paragraph opens a quotation again,
   the newspaper convention for a quotation running over several paragraphs.
2. Pieces separated only by a short attribution ("“A,” she said. “B.”") are merged
   into one split quotation.
3. `storydesk.analyze.speakers` finds the cue verb and the speaker's mention around
   the quotation and resolves pronouns, "the statement" and surnames to a name.
"""

from __future__ import annotations

import bisect
import re

from storydesk.analyze.budget import Deadline
from storydesk.analyze.speakers import (
    Attribution,
    find_attribution,
    paragraph_subject,
    speaker_and_basis,
)
from storydesk.lexicon import QUOTE_CUES, alternation
from storydesk.model import Analysis, Quote

# Longest quotation piece we accept; longer "quotes" come from a stray mark.
MAX_PIECE_CHARS = 3_000
MAX_SINGLE_PIECE_CHARS = 200  # single ‘ ’ marks are mostly apostrophes: stay short
# Longest attribution between the halves of a split quotation (", said Jane Doe, an
# economist at the Tax Policy Center, who ...").
MAX_SPLIT_GAP = 250

SCARE_QUOTE_WORDS = 4
_TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "at"}
_PIECE_END = (",", "?", "!", ".", "…")
_MARK_RE = re.compile(r"``|''|[\"“”«»„]|(?<!\w)‘|’(?!\w)")
_OPENERS = {"“": "”", "``": "''", "«": "»", "„": "”", "‘": "’"}
_CUE_IN_GAP = re.compile(r"\b(?:" + alternation(QUOTE_CUES) + r")\b", re.IGNORECASE)


def _straight_quote_opens(text: str, pos: int, width: int = 1) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + width] if pos + width < len(text) else " "
    if after.isspace() or after in ",.;:!?)":
        return False
    return before.isspace() or before in "([{—–-/:" or pos == 0


def _opens(text: str, mark: str, pos: int) -> bool:
    if mark in _OPENERS:
        return True
    # Straight marks open and close alike; NYT wire copy uses '' for both.
    return mark in ('"', "''") and _straight_quote_opens(text, pos, len(mark))


def find_quote_pieces(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, continues) of each quoted piece, marks included.

    `continues` marks a piece cut at a paragraph end because the next paragraph opens
    a new quotation (multi-paragraph quotation)."""
    pieces: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    for match in _MARK_RE.finditer(text):
        mark, pos = match.group(), match.start()
        if open_at is not None and pos - open_at > MAX_PIECE_CHARS:
            open_at = None
        if open_at is not None and "\n" in text[open_at:pos]:
            line_end = text.index("\n", open_at)
            opens_again = _opens(text, mark, pos)
            next_para = text[line_end:pos].strip() == ""
            # Only a paragraph that itself opens with the quotation runs on.
            starts_paragraph = text[text.rfind("\n", 0, open_at) + 1 : open_at].strip() == ""
            if opens_again and next_para and starts_paragraph and open_mark != "‘":
                pieces.append((open_at, line_end, True))
            open_at = None
        if open_at is None:
            if _opens(text, mark, pos):
                open_at, open_mark = pos, mark
            continue
        closes = (
            mark in ('"', "''")
            or mark == _OPENERS.get(open_mark)
            or (open_mark in ('"', "``") and mark in "”''")
            or (open_mark == '"' and mark == "”")
        )
        if open_mark == "‘" and mark not in "’":
            # a double mark inside a single-quoted phrase: the ‘ was an apostrophe
            open_at = pos if _opens(text, mark, pos) else None
            open_mark = mark
            continue
        if closes:
            end = match.end()
            if open_mark != "‘" or end - open_at <= MAX_SINGLE_PIECE_CHARS:
                pieces.append((open_at, end, False))
            open_at = None
        elif mark in _OPENERS:  # a new opening mark before a close: the old one was stray
            open_at, open_mark = pos, mark
    return [p for p in pieces if p[1] - p[0] > 2]


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The words inside the marks of a piece."""
    while start < end and (text[start] in "\"“”«»„‘`'" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "\"“”«»„’'" or text[end - 1].isspace()):
        end -= 1
    return start, end


def _group_pieces(text: str, pieces: list[tuple[int, int, bool]]) -> list[list[tuple[int, int]]]:
    """Merge multi-paragraph and split quotations into groups of pieces."""
    groups: list[list[tuple[int, int]]] = []
    previous_continues = False
    for index, (start, end, continues) in enumerate(pieces):
        if (groups and previous_continues) or (
            groups and _is_split_gap(text, groups[-1][-1][1], start, pieces, index)
        ):
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
        previous_continues = continues
    return groups


def _is_split_gap(
    text: str, prev_end: int, start: int, pieces: list[tuple[int, int, bool]], index: int
) -> bool:
    gap = text[prev_end:start]
    if len(gap) > MAX_SPLIT_GAP or "\n" in gap or not _CUE_IN_GAP.search(gap):
        return False
    end = pieces[index][1]
    if _last_char_inside(text, end) not in _PIECE_END:
        return False  # “B” runs on into the writer's words: a fragment of its own
    if _last_char_inside(text, prev_end) not in _PIECE_END and not gap.lstrip().startswith(","):
        return False
    # The gap holds only an attribution ("she said," / "the president said.") and
    # hands over to the second half with punctuation.
    if not gap.rstrip().endswith((",", ".", ":", ";")) or len(gap.split()) > 40:
        return False
    # "“A,” he said. “B,” she said." are two quotations: B carries its own attribution.
    ends_with_comma = _last_char_inside(text, end) == ","
    return not (ends_with_comma and _CUE_IN_GAP.search(text[end : end + 40]))


def _last_char_inside(text: str, end: int) -> str:
    """The last character before the closing mark(s) that end at `end`."""
    while end > 0 and text[end - 1] in "\"”’'»":
        end -= 1
    return text[end - 1] if end > 0 else ""


def _is_partial(text: str, first: tuple[int, int], sentence_start: int, cue_before: bool) -> bool:
    inner_start, _ = _inner(text, *first)
    if inner_start < len(text) and text[inner_start].islower():
        return True
    lead = text[sentence_start : first[0]].rstrip()
    # Running text straight before the mark ("blamed Hamas for failing to “fulfill")
    # weaves the quotation into the writer's sentence; "she said:" introduces a whole one.
    return bool(lead) and not lead.endswith((":", ",", "—", "-", "–")) and not cue_before


class _Sentences:
    def __init__(self, analysis: Analysis | None, text: str) -> None:
        sentences = analysis.sentences if analysis else ()
        self.starts = [s.start for s in sentences]
        self.ends = [s.end for s in sentences]
        self.length = len(text)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start of the sentence holding `start`, end of the one holding `end`."""
        if not self.starts:
            return 0, self.length
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        j = max(0, bisect.bisect_right(self.starts, max(start, end - 1)) - 1)
        return self.starts[i], max(self.ends[j], end)


def find_quotes(
    text: str, analysis: Analysis | None, deadline: Deadline | None = None
) -> list[Quote]:
    """Direct quotations of `text` with speakers resolved against `analysis` mentions.
    `deadline`, when given, is checked for each quotation (it raises when time is up)."""
    sentences = _Sentences(analysis, text)
    mentions = analysis.mentions if analysis else ()
    groups = _group_pieces(text, find_quote_pieces(text))
    spans = [(g[0][0], g[-1][1]) for g in groups]
    quotes: list[Quote] = []
    previous: tuple[Quote, int] | None = None  # last quote with a speaker, and its end
    for group, (start, end) in zip(groups, spans, strict=True):
        if deadline is not None:
            deadline.check()
        sent_start, sent_end = sentences.bounds(start, end)
        found: Attribution | None = find_attribution(
            text, group, sent_start, sent_end, spans, mentions
        )
        parts = tuple(_inner(text, s, e) for s, e in group)
        words = " … ".join(text[s:e] for s, e in parts)
        partial = _is_partial(text, group[0], sent_start, bool(found and found.cue_start < start))
        if found is not None:
            name, basis = speaker_and_basis(text, found.speaker_start, found.speaker_end,
                                            mentions, spans)  # fmt: skip
            quote = Quote(start, end, words, parts, name, found.speaker_start, found.speaker_end,
                          found.cue, found.cue_start, found.cue_end, partial,
                          basis)  # fmt: skip
        elif previous is not None and not partial and _continues(text, previous[1], start):
            # A quotation standing alone right after another one is the same speaker's.
            prior = previous[0]
            quote = Quote(start, end, words, parts, prior.speaker, prior.speaker_start,
                          prior.speaker_end, None, None, None, partial, "continues")  # fmt: skip
        elif not partial and (subject := paragraph_subject(text, start, end, spans)):
            # A paragraph that is one quotation, after a paragraph about its speaker
            # ("He further stressed ..." / "“This is going to be ...”").
            name, basis = speaker_and_basis(text, *subject, mentions, spans)
            quote = Quote(start, end, words, parts, name, *subject, None, None, None, partial,
                          "paragraph" if name else "unknown")  # fmt: skip
        else:
            quote = Quote(start, end, words, parts, None, None, None, None, None, None, partial,
                          "unknown")  # fmt: skip
        if _is_title_or_scare_quote(quote):
            continue
        if quote.speaker is not None:
            previous = (quote, end)
        quotes.append(quote)
    return quotes


def _is_title_or_scare_quote(quote: Quote) -> bool:
    """Marks around a name ("“Fox News Sunday,”") or an unattributed word or two
    (scare quotes) make no quotation anyone could be asked to stand by."""
    words = quote.text.split()
    if quote.partial and quote.speaker is None and len(words) <= SCARE_QUOTE_WORDS:
        return True
    if len(words) < 2 or len(quote.parts) > 1 or quote.text.rstrip()[-1:] in "?!.":
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL_WORDS for w in words)


def _continues(text: str, previous_end: int, start: int) -> bool:
    """Nothing but the rest of the previous sentence lies between the two quotations."""
    gap = text[previous_end:start]
    return len(gap) < 200 and gap.count("\n\n") <= 1 and not re.search(r"[.!?]\s+[A-Z]", gap)
