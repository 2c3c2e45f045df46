"""Who said a quotation: the cue verb, the speaker's mention, and the name it refers to.

`find_attribution` looks for the attribution patterns of news prose, nearest first:
after the closing mark (", said Caddell", ", she said", ", the statement said"),
between the pieces of a split quotation, and before the opening mark ("Blinken
told reporters: “", "Israel blamed Hamas for failing to “"). `resolve_speaker` turns
the mention into a name: the named entity inside it, the full form of a surname, the
last person named outside quotation marks for "he"/"she", and the office or body that
issued a statement for "the statement".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storydesk.analyze.pronouns import PERSONAL, PLURAL, full_name, resolve_pronoun
from storydesk.lexicon import (
    HONORIFICS,
    NAME_ABBREVIATIONS,
    QUOTE_CUES,
    SOURCE_CUES,
    SPOKESPEOPLE,
    alternation,
)
from storydesk.model import Mention

_CUE = r"(?P<cue>" + alternation(QUOTE_CUES) + r")"
_TITLE = r"(?:" + alternation(HONORIFICS + NAME_ABBREVIATIONS) + r")\."
# A noun phrase naming a speaker: up to eight words without clause punctuation.
_WORD = r"(?:" + _TITLE + r"|[^\s,.;:!?“”\"()]+)"
_NP = r"(?:" + _WORD + r"\s+){0,7}?" + _WORD
_APPOSITIVE = r"(?:,\s+(?P<app>[^,;:“”\"\n]{1,90}),)?"
# A person's name: what an appositive must look like to stand for the speaker.
_NAME = re.compile(r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+")
_ADVERB = (r"(?:(?:also|further|again|later|then|previously|earlier|had|has|have|once|would|"
           r"will|\w+ly)\s+)?")

# After an inverted cue ("said the Israeli Prime Minister's office.") the phrase runs to
# the next punctuation or preposition.
_AFTER_INVERTED = re.compile(
    r"^\s*,?\s*" + _CUE + r"\s+(?P<spk>(?:(?!(?:on|in|at|during|after|before|to|from|while|"
    r"when|of|about|with|for|as|last|this|earlier|later|on)\s)"
    + _WORD
    + r"\s+){0,7}"
    + _WORD
    + r")(?=[,.;:!?]|\s+(?:on|in|at|during|after|before|to|from|while|when|about|"
    r"with|for|as|last|this|earlier|later)\b|$)"
)
_AFTER_PLAIN = re.compile(
    r"^\s*[,—–-]?\s*(?P<spk>" + _NP + r")" + _APPOSITIVE + r"\s+" + _ADVERB + _CUE + r"\b"
)
# "“…” ― Pamela Padilla": a dash and a name under a quotation, as in a list of reactions.
_AFTER_DASH = re.compile(
    r"^\s*(?P<cue>[―—–]|--)\s*(?P<spk>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)"
    r"\s*(?:$|[,.(\n])"
)
# "Caddell continued:" closing the paragraph before a quotation that fills the next one.
_INTRO_LINE = re.compile(
    r"(?P<spk>"
    + r"(?:[^\s,.;:!?“”\"()]+\s+){0,7}?[^\s,.;:!?“”\"()]+)"
    + r"\s+"
    + _ADVERB
    + _CUE
    + r"\b[^.!?\n“”\"]{0,60}:\s*$"
)
_BEFORE = re.compile(
    r"(?P<spk>" + _NP + r")" + _APPOSITIVE + r"\s+" + _ADVERB + _CUE
    + r"\b(?P<tail>[^“”\"]{0,80}?)[:,]?\s*(?:that\s+)?$"
)  # fmt: skip
# An "appositive" that is a clause with a pronoun subject ("she condemned the attacks").
_CLAUSE_SUBJECT = re.compile(r"^\s*(?P<spk>[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\s+[a-z]")
_PARTICIPLE = re.compile(r"[a-z]+(?:ing|ed)\b")
_ANY_CUE = re.compile(r"\b" + _CUE + r"\b")
# Verbs that credit a figure to someone (see lexicon.SOURCE_CUES).
_SOURCE_CUE = re.compile(r"\b(?P<cue>" + alternation(SOURCE_CUES) + r")\b")
_SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)\b")
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to\s+(?:(?:a|the)\s+(?:statement|report|release|post)\s+(?:released\s+|"
    r"issued\s+|published\s+)?(?:by|from)\s+)?(?P<spk>(?:[^\s,.;:!?“”\"()]+\s+){0,7}?"
    r"[^\s,.;:!?“”\"()]+)(?=\s*[,.;:!?)]|$)"
)
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her"}
_LEADING_STOP = re.compile(
    r"^(?:and|but|so|as|while|when|because|then|yet|or|which|who)\s+", re.IGNORECASE
)
_STATEMENT = re.compile(r"\b(?:the|a|his|her|their|its)\s+(?:statement|release|letter|post|"
                        r"tweet|message|communiqu[ée]|announcement|" + alternation(SPOKESPEOPLE)
                        + r")\b", re.IGNORECASE)  # fmt: skip
_OFFICE = re.compile(
    r"(?P<owner>(?:[A-Z][\w.-]*\s+){0,5}[A-Z][\w.-]*)['’]s\s+(?P<body>office|ministry|"
    r"government|campaign|spokesperson|spokesman|team)"
    r"|(?P<sayer>(?:[A-Z][\w'’-]*\s+){0,5}[A-Z][\w'’-]*)(?:,[^,;\n]{1,80},)?\s+(?:said\s+in|issued|released|"
    r"published)\s+a\s+statement"
    r"|(?:statement|release)\s+(?:from|by|released by|issued by)\s+(?:the\s+)?"
    r"(?P<issuer>(?:[A-Z][\w.'’-]*\s+){0,6}(?:[A-Z][\w.'’-]*|office|ministry))"
)
# An office or body named by whose it is: "the Israeli leader's office".
_OWNED_BODY = re.compile(r"^(?:[Tt]he\s+)?[^,;:“”\"]{1,60}?['’]s\s+(?:office|ministry|government|"
                         r"campaign|team|cabinet)$")  # fmt: skip
# Words after a name that end the speaker's own phrase ("the ministry in Gaza").
_AFTER_HEAD = frozenset({"in", "of", "at", "for", "on", "from", "and", "who", "which", "that",
                         "'s", "’s", "s", "also", "said"})  # fmt: skip
WINDOW = 400
_SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_LABEL_RANK = {"PERSON": 3, "ORG": 2, "GPE": 1, "NORP": 0}


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: str
    cue_start: int
    cue_end: int
    speaker_start: int
    speaker_end: int


def _clean_speaker(text: str, start: int, end: int) -> tuple[int, int] | None:
    segment = text[start:end]
    # After a comma the segment opens with a space: the conjunction follows it
    # (", but Admiral Motsak said" is Admiral Motsak).
    stripped = _LEADING_STOP.sub("", segment.lstrip())
    start += len(segment) - len(stripped)
    while start < end and not text[start].isalnum():
        start += 1
    if end <= start:
        return None
    first = text[start:end].split()[0].lower()
    if first in ("that", "this", "there", "what", "how", "if", "it's"):
        return None
    return start, end


def _outside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """No span overlaps [start, end). Spans are in text order and do not overlap, so
    only the last one starting before `end` can (bisection keeps long texts linear)."""
    i = bisect.bisect_left(spans, (end, -1)) - 1
    return i < 0 or spans[i][1] <= start


def _end_of_previous(spans: Sequence[tuple[int, int]], position: int) -> int:
    """End of the last span that ends at or before `position` (0 if none)."""
    i = bisect.bisect_right(spans, (position, position)) - 1
    while i >= 0 and spans[i][1] > position:
        i -= 1
    return spans[i][1] if i >= 0 else 0


def find_attribution(
    text: str,
    pieces: Sequence[tuple[int, int]],
    sent_start: int,
    sent_end: int,
    quote_spans: Sequence[tuple[int, int]],
    mentions: Sequence[Mention] = (),
) -> Attribution | None:
    """The cue and speaker mention of a quotation made of `pieces`, or None."""
    q_start, q_end = pieces[0][0], pieces[-1][1]
    # Attributions sit close to their quotation; a window keeps a 50 KB run-on
    # "sentence" from being scanned whole for every quotation in it.
    sent_start, sent_end = max(sent_start, q_start - WINDOW), min(sent_end, q_end + WINDOW)
    # After each piece, nearest first: ", said X", ", X said", split-quote middles.
    for _, end in pieces:
        window = text[end : min(len(text), end + 160)].split("\n", 1)[0]
        window = re.split(r"[“\"]", window, maxsplit=1)[0]
        for pattern in (_AFTER_INVERTED, _AFTER_PLAIN, _AFTER_DASH):
            match = pattern.match(window)
            if match:
                span = _clean_speaker(text, end + match.start("spk"), end + match.end("spk"))
                appositive = match.groupdict().get("app")
                if appositive and _NAME.fullmatch(appositive):
                    # "Brightwell's chief executive, Simone Archer, said": the name.
                    span = (end + match.start("app"), end + match.end("app"))
                if span and _plausible(text[span[0] : span[1]]):
                    return Attribution(match.group("cue"), end + match.start("cue"),
                                       end + match.end("cue"), *span)  # fmt: skip
    for match in _ACCORDING_TO.finditer(text, sent_start, sent_end):
        if _outside(quote_spans, match.start(), match.end()) and _plausible(match.group("spk")):
            return Attribution("according to", match.start(), match.start() + 12,
                               match.start("spk"), match.end("spk"))  # fmt: skip
    # Before the quotation, within its sentence: "X said:", "X told reporters that".
    lead_start = max(sent_start, _end_of_previous(quote_spans, q_start))
    lead = text[lead_start:q_start]
    match = _BEFORE.search(lead)
    if match and _plausible(match.group("spk")):
        span = _clean_speaker(text, lead_start + match.start("spk"), lead_start + match.end("spk"))
        clause = _CLAUSE_SUBJECT.match(match.group("app") or "")
        if clause:
            # "While acknowledging X's right, she condemned Y, calling it “…”": the
            # comma pair holds a clause, and its subject, not the phrase before, speaks.
            base = lead_start + match.start("app")
            span = (base + clause.start("spk"), base + clause.end("spk"))
        elif span and _PARTICIPLE.match(text, span[0]):
            span = None  # "acknowledging Israel's right": a participle phrase, no speaker
        if span:
            return Attribution(match.group("cue"), lead_start + match.start("cue"),
                               lead_start + match.end("cue"), *span)  # fmt: skip
    intro = _INTRO_LINE.search(text, max(0, q_start - 200), q_start)
    if intro and _plausible(intro.group("spk")) and "\n" in text[intro.end("cue") : q_start]:
        span = _clean_speaker(text, intro.start("spk"), intro.end("spk"))
        if span:
            return Attribution(intro.group("cue"), intro.start("cue"), intro.end("cue"), *span)
    # Anywhere else in the sentence, outside quotation marks: "X blamed Hamas for ...".
    for region_start, region_end in ((sent_start, q_start), (q_end, sent_end)):
        for cue in _ANY_CUE.finditer(text, region_start, region_end):
            if not _outside(quote_spans, cue.start(), cue.end()):
                continue
            subject = _subject_before(text, max(region_start, sent_start), cue.start())
            if subject is None and cue.group("cue").endswith("ing"):
                # "He then defended the remark, saying, “…”": the clause's subject.
                pronouns = list(_SUBJECT_PRONOUN.finditer(text, sent_start, cue.start()))
                if pronouns:
                    subject = pronouns[-1].span()
            if subject is None:
                # "Netanyahu pulled his negotiators, saying they had reached an “impasse”":
                # the sentence's first name is the likeliest subject.
                subject = next(((m.start, m.end) for m in mentions
                                if sent_start <= m.start and m.end <= cue.start()
                                and m.label in _SPEAKER_LABELS[:3]
                                and _outside(quote_spans, m.start, m.end)), None)  # fmt: skip
            if subject:
                return Attribution(cue.group("cue"), cue.start(), cue.end(), *subject)
    return None


def _subject_before(
    text: str, start: int, cue_start: int, max_words: int = 8
) -> tuple[int, int] | None:
    """The last few words before a cue verb, cut at clause punctuation; an appositive
    right before the verb is stepped over ("A spokesman for the operator, Anselm
    Lines, said" -> "A spokesman for the operator")."""
    segment = text[start:cue_start]
    appositive = re.search(r",[^,;:()“”\"]{1,80},\s*$", segment)
    if appositive:
        segment = segment[: appositive.start()]
    cut = max(segment.rfind(c) for c in (",", ";", ":", "—", "(", ")", "”", '"', "--"))
    if cut >= 0:
        skip = 2 if segment[cut : cut + 2] == "--" else 1
        start, segment = start + cut + skip, segment[cut + skip :]
    words = segment.split()
    if not words or len(words) > max_words:
        return None
    span = _clean_speaker(text, start, start + len(segment.rstrip()))
    if span and _plausible(text[span[0] : span[1]]):
        return span
    return None


def _plausible(phrase: str) -> bool:
    """A speaker phrase names someone: a pronoun, a capitalised name, or a noun with 'the'."""
    words = phrase.split()
    if not words or len(words) > 8:
        return False
    first = words[0].lower()
    if first in _PRONOUNS:
        return len(words) == 1 or words[1].lower() in ("also", "later", "then")
    return any(w[:1].isupper() for w in words) or first in (
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "one",
        "another",
    )


def resolve_speaker(
    text: str,
    start: int,
    end: int,
    mentions: Sequence[Mention],
    quote_spans: Sequence[tuple[int, int]],
) -> str | None:
    """The name a speaker mention refers to, the mention's own words, or None when it
    is a pronoun the text does not resolve."""
    return speaker_and_basis(text, start, end, mentions, quote_spans)[0]


def speaker_and_basis(
    text: str,
    start: int,
    end: int,
    mentions: Sequence[Mention],
    quote_spans: Sequence[tuple[int, int]],
) -> tuple[str | None, str]:
    """`resolve_speaker` and how it found the name (a `Quote.speaker_basis`)."""
    phrase = text[start:end]
    office = _OFFICE.search(phrase)
    if office:
        return office.group(0), "named"
    lowered = phrase.lower()
    if lowered in PERSONAL or lowered in PLURAL:
        # "they" is never one person; "she" is not a man the article names.
        name = resolve_pronoun(text, lowered, start, mentions, quote_spans)
        return (name, "pronoun") if name else (None, "unknown")
    if _OWNED_BODY.match(phrase):
        # "the Israeli leader's office": an office named by its holder's title.
        return re.sub(r"^(?:the|The)\s+", "", phrase), "named"
    inside = [m for m in mentions if start <= m.start and m.end <= end
              and m.label in _SPEAKER_LABELS]  # fmt: skip
    if inside:
        best = max(inside, key=lambda m: (_LABEL_RANK[m.label], m.end - m.start))
        if best.label != "NORP" and not _modifies(text, best, end):
            return full_name(best, mentions), "named"
    if inside or phrase[:1].isupper():
        # "Israeli authorities": a nationality names no one alone; keep the phrase.
        return re.sub(r"^(?:the|The)\s+", "", phrase), "named"
    if _STATEMENT.fullmatch(phrase.strip()) or lowered.startswith(("the statement", "a statement")):
        issuer = _issuer_before(text, start)
        if issuer:
            return issuer, "statement"
    return phrase, "named"


def _modifies(text: str, mention: Mention, end: int) -> bool:
    """A place or organisation that only qualifies the speaker's head noun ("the
    Velmoran Prime Minister", "Israel's military"), which names someone else."""
    if mention.label == "PERSON":
        return False
    rest = text[mention.end : end].split()
    return bool(rest) and rest[0].lower() not in _AFTER_HEAD


def _issuer_before(text: str, position: int) -> str | None:
    """The nearest "X's office" or "statement from X" before `position`."""
    found = None
    for match in _OFFICE.finditer(text, max(0, position - 3000), position):
        found = match
    if found is None:
        return None
    if found.group("issuer"):
        return found.group("issuer").strip()
    if found.group("sayer"):
        return re.sub(r"^(?:The|the)\s+", "", found.group("sayer").strip())
    return f"{found.group('owner')}'s {found.group('body')}"


def find_source(
    text: str,
    sent_start: int,
    sent_end: int,
    mentions: Sequence[Mention],
    skip: Sequence[tuple[int, int]] = (),
) -> tuple[str, int, int] | None:
    """Who a sentence's statement is attributed to: (name, start, end) of the mention.

    "according to X" first, then the subject of a verb of saying ("the ministry
    said", "X reported"), then an inverted one (", said X"); `skip` holds spans (the
    quotations) where a cue does not count.
    """
    for match in _ACCORDING_TO.finditer(text, sent_start, sent_end):
        if _outside(skip, match.start(), match.end()) and _plausible(match.group("spk")):
            start, end = match.span("spk")
            return _source_name(text, start, end, mentions, skip), start, end
    for cue in _SOURCE_CUE.finditer(text, sent_start, sent_end):
        if not _outside(skip, cue.start(), cue.end()):
            continue
        span = _subject_before(text, sent_start, cue.start(), max_words=10)
        if span is None and re.search(r"[,”\"]\s*$", text[max(sent_start, cue.start() - 3) :
                                                           cue.start()]):  # fmt: skip
            # ", said the ministry": the source comes after an inverted verb
            after = _AFTER_INVERTED.match(text[cue.start() - 1 : sent_end])
            if after:
                base = cue.start() - 1
                span = _clean_speaker(text, base + after.start("spk"), base + after.end("spk"))
        if span:
            return _source_name(text, span[0], span[1], mentions, skip), span[0], span[1]
    return None


def _source_name(
    text: str, start: int, end: int, mentions: Sequence[Mention], skip: Sequence[tuple[int, int]]
) -> str:
    """A source's own words ("the Health Ministry in Hamas-ruled Gaza") unless they only
    point elsewhere ("he", "the statement")."""
    phrase = text[start:end]
    if phrase.lower() in _PRONOUNS or _STATEMENT.fullmatch(phrase.strip()):
        return resolve_speaker(text, start, end, mentions, skip) or phrase
    return phrase


# Verbs of speaking that open a paragraph introducing the quotation paragraph after
# it ("He further expressed the importance of ...").
_PARAGRAPH_CUES = (*QUOTE_CUES, "expressed", "spoke", "addressed", "discussed", "highlighted",
                   "underlined", "underscored", "outlined", "criticized", "criticised",
                   "defended", "praised", "condemned")  # fmt: skip
_PARAGRAPH_OPENER = re.compile(
    r"(?P<spk>[Hh]e|[Ss]he|(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+)\s+" + _ADVERB
    + r"(?:" + alternation(_PARAGRAPH_CUES) + r")\b"
)  # fmt: skip


def paragraph_subject(
    text: str, start: int, end: int, quote_spans: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """The speaker mention of a paragraph that is one unattributed quotation: the
    subject of the last sentence of the paragraph before, when that sentence opens
    with a person or a singular pronoun and a verb of speaking, and holds no
    quotation of its own (whose speaker would be someone else's to continue)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip(" \t.,"):
        return None  # not a paragraph of its own
    before = text[:line_start].rstrip()
    para_start = before.rfind("\n") + 1
    paragraph = before[para_start:]
    if not paragraph or not _outside(quote_spans, para_start, len(before)):
        return None
    last = max(paragraph.rfind(". "), paragraph.rfind("? "), paragraph.rfind("! "))
    sentence_start = para_start + (last + 2 if last >= 0 else 0)
    match = _PARAGRAPH_OPENER.match(text, sentence_start, len(before))
    if match is None or not _plausible(match.group("spk")):
        return None
    if match.group("spk").split()[0] in ("The", "This", "That", "It", "There", "In", "On"):
        return None
    return match.start("spk"), match.end("spk")
