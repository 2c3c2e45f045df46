"""Which entity mentions name nothing: page furniture, labels, titles and bad spans.

    junk_reason(text, start, end, label) -> str | None
        Why the mention text[start:end] is no entity (None: it may be one).
    furniture_spans(text) -> list[tuple[int, int]]
        The stretches of `text` that are house lines, wire codes and distribution
        notes rather than the report (`junk_reason` asks it once per text).

spaCy tags whatever looks like a name, and news pages are full of things that look
like names and are not the story's: house lines ("Top Stories from The Hill"),
distribution notes and typesetting codes of wire copy ("(Distributed by ...)", "&QL;"),
section labels and kickers ("Israel Palestine Conflict: Hopes ..."), tag lists, and
job titles ("Secretary of State" gives "State"). A mention in one of those places, or
one whose span is no name at all (all lower case, a cut-off "District of", an e-mail
address), is dropped before entities are built: a wrong entity in the list costs a
reader more than a missing one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from storydesk.lexicon import DEMONYMS, ROLE_TITLES, alternation

# House lines, distribution notes and cross-links: a match covers the furniture.
_FURNITURE = re.compile(
    "|".join(
        (
            r"^[ \t]*(?i:top|more|latest|related) (?i:stories|news|headlines|articles)\b.*$",
            r"^[ \t]*(?i:also read|read more|read also|see also|related|recommended"
            r"|click here|follow us|sign up|subscribe|watch|listen)\b\s*[-–:|].*$",
            r"^[ \t]*(?i:tags|topics|filed under|related topics|categories|keywords)\s*:.*$",
            r"(?:©|\([Cc]\) \d{4}|\bCopyright\b|\bAll rights reserved\b).*$",
            r"\((?i:distributed by) [^)\n]*\)",
            r"\b(?i:story filed by)\b[^\n]*",
            r"\b(?i:to (?:purchase|publish) this (?:material|article|story))\b[^\n]*",
            r"\b(?i:send a tear ?sheet)\b[^\n]*",
            r"\b(?i:sales representative)\b[^\n]*",
            r"\b(?i:story can end|end (?:optional )?trim|end of story)\b[^\n]*",
            # Typesetting codes of wire copy: "&UR;", "&QL;", "-0-", "NNNN", "XXXX".
            r"&[A-Z]{2};?|(?<!\w)-0-(?!\w)|\bNNNN\b|\bXXXX\b",
            r"\benditem\b.*$",  # the end of a Xinhua item and its transmission codes
            # A run-in heading: a line opening with words in capitals and a full stop
            # or a colon ("BURSITIS AND TENDINITIS. Result from ..."); a dateline
            # ("WASHINGTON (AP) --") goes on with a comma, a bracket or a dash.
            r"^[ \t]*[A-Z][A-Z'&-]+(?: [A-Z][A-Z'&-]+)*[.:](?=\s)",
            r"\b[A-Z][A-Z]+(?: [A-Z]+)* NEWS SERVICE\b",
        )
    ),
    re.MULTILINE,
)
# A kicker: a short title-case label ending in a colon at the start of a paragraph
# ("Israel Palestine Conflict: Hopes of ..."); the label is no part of the sentence.
_KICKER = re.compile(r"(?m)^[ \t]*(?:[A-Z][\w'’-]*[ \t]+){0,4}[A-Z][\w'’-]*:(?=[ \t])")
# A section label: a line of one to three words with no sentence punctuation.
_SHORT_LINE = re.compile(r"(?m)^[ \t]*(?:[^\s.!?:;,]+[ \t]+){0,2}[^\s.!?:;,]+[ \t]*$")
# Titles held by a person: a mention inside one is part of the title ("Secretary of
# State"), and a mention that is nothing but a title names no one ("Vice President").
_TITLE_HEAD = r"(?:Secretary(?:-General)?|Minister|Ministry|Department|Director|Commissioner"
_TITLE_HEAD += r"|Chief|Chairman|Chairwoman|Secretariat|Undersecretary|Under Secretary)"
_INSIDE_TITLE = re.compile(_TITLE_HEAD + r"\s+(?:of|for)\s+(?:the\s+)?$")
_JOB_TITLE = re.compile(
    r"^(?:(?:Deputy|Vice|Acting|Former|Assistant|Associate|Senior|Foreign|Defen[cs]e|Interior"
    r"|Finance|Health|Prime|Attorney|Surgeon|Solicitor|Press|Chief|Executive|Managing|US|U\.S\.)"
    r"\s+)*(?:(?:Secretary|Minister|Director|Commissioner|Chairman|President|Governor"
    r"|Ambassador|Chief|Head|Dean)\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}"
    r"|"
    + alternation((t for t in ROLE_TITLES if t[:1].isupper()), space=r"\s+")
    + r"|Dean|General|Principal|Professor|Coach|Manager|Editor|Sales Executive)$"
)
# A descriptor spaCy took into a person's name ("Activist Russell Means"): a single
# capitalised common noun before a full name, at the start of a sentence.
_LEADING_DESCRIPTOR = re.compile(
    r"^(?:Activist|Principal|Professor|Coach|Rep|Sen|Gov|Reporter|Author|Attorney|Lawyer"
    r"|Officer|Spokesman|Spokeswoman|Starring)\.?\s+(?=[A-Z])"
)
# A courtesy title is no part of the name either, even before a surname ("Dr Bliddal").
_LEADING_COURTESY = re.compile(r"^(?:Dr|Mr|Mrs|Ms)\.?\s+(?=[A-Z])")
# A comma inside a span joins two names ("Celebrex, Merck"), unless a company's
# suffix follows it ("Pez Candy, Inc.").
_COMMA = re.compile(r",(?!\s*(?i:Inc|Ltd|Co|Corp|LLC|PLC|Jr|Sr)\b)")
# A span ending in a lower-case word ran past the name ("Celebrex drug", "Jedi knights");
# particles and hyphenated or elided words ("al-Sisi", "d'Alene") may end a name.
# A place's kind may end its name in lower case ("Hebei province", "Arctic sea").
_LOWER_TAIL = re.compile(
    r"\s(?!(?:province|county|city|state|river|region|district|island|islands|valley|lake|sea"
    r"|bay|coast|mountains|prefecture|village|town)$)[a-z]{3,}$"
)
_ENDS_WITH_MINOR = re.compile(r"\s(?:of|and|the|for|by|on|in|at|to)$", re.I)
# An e-mail or web address; a company named for its site ("Amazon.com") is a name.
_ADDRESS = re.compile(r"@|\(at\)|\bwww\.|https?:|/")
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


@lru_cache(maxsize=256)
def furniture_spans(text: str) -> tuple[tuple[int, int], ...]:
    """House lines, wire codes, distribution notes, cross-links, tag lists, kickers and
    section labels of `text`, as disjoint (start, end) offsets in order."""
    spans = [m.span() for m in _FURNITURE.finditer(text)]
    spans += [(m.start(), m.end() - 1) for m in _KICKER.finditer(text)]
    spans += [m.span() for m in _SHORT_LINE.finditer(text) if m.group(0).strip()]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


@lru_cache(maxsize=256)
def _starts(text: str) -> list[int]:
    return [start for start, _ in furniture_spans(text)]


def _in_furniture(text: str, start: int, end: int) -> bool:
    """Does text[start:end] overlap furniture? One bisection: the spans are disjoint."""
    index = bisect_left(_starts(text), end) - 1  # the last span starting before `end`
    return index >= 0 and furniture_spans(text)[index][1] > start


def strip_descriptor(name: str) -> str:
    """ "Activist Russell Means" -> "Russell Means": a descriptor is no part of a name."""
    name = _LEADING_COURTESY.sub("", name)
    words = name.split()
    if len(words) >= 3 and words[0] in DEMONYMS:  # "American Dennis Mitchell"
        return " ".join(words[1:])
    stripped = _LEADING_DESCRIPTOR.sub("", name)
    return stripped if len(stripped.split()) >= 2 else name


def junk_reason(text: str, start: int, end: int, label: str) -> str | None:
    """Why text[start:end], tagged `label`, names no entity; None when it may."""
    if label not in _NAME_LABELS:
        return None
    mention = text[start:end]
    if _in_furniture(text, start, end):
        return "house line, wire code, label or tag list"
    if ":" in mention or "\n" in mention or mention.count("(") != mention.count(")"):
        return "span across a label or an aside"
    if not any(c.isupper() for c in mention):
        return "no capital letter: a common noun"
    if _COMMA.search(mention):
        return "two names in one span"
    if _LOWER_TAIL.search(mention.strip()) and not _ENDS_WITH_MINOR.search(mention.strip()):
        return "a span running past the name"
    if _ADDRESS.search(mention):
        return "an address"
    if _ENDS_WITH_MINOR.search(mention.strip()):
        return "a name cut off"
    # "Secretary of [State]": one word after a title is the title's end ("Director of
    # the UN Environment Programme" names an organisation of its own).
    inside = _INSIDE_TITLE.search(text[max(0, start - 40) : start])
    if inside and label not in ("PERSON", "GPE", "LOC", "NORP") and len(mention.split()) == 1:
        return "part of a title or an office's name"
    bare = re.sub(r"^(?:the|The|a|an)\s+", "", mention.strip())
    # A one-word PERSON may be a surname ("Dean", "King"): only longer titles count.
    if _JOB_TITLE.match(bare) and (label != "PERSON" or len(bare.split()) > 1):
        return "a job title"
    return None


_WORD = re.compile(r"(?<![\w&.])[A-Za-z][a-z'-]*[a-z]\b")
# What may stand before a word that is capitalised for its place, not for being a
# name: the start of a line or of a sentence, an opening quote, a dash or a bullet.
_OPENING = re.compile(r"(?:^|[.!?:;]['\"”’)]*|[\"“‘'`(_—–-])\s*$")


# An acronym (capitals, a plural "s" at most) in brackets after a lower-case word: a
# brand after its generic name ("celecoxib (Celebrex)") is a name and does not match.
_DEFINED_ACRONYM = re.compile(r"\b[a-z][\w-]*\s+\(([A-Z][A-Z0-9-]{1,6}s?)\)")


def _opens(text: str, start: int) -> bool:
    return bool(_OPENING.search(text[max(0, start - 6) : start]))


class CaseEvidence:
    """How a story writes each word: in lower case, or capitalised inside a sentence.

    A word the story writes in lower case more often than with a capital inside a
    sentence ("tribes", "ibuprofen", "nationally") is a common word, and a mention of
    it is no name wherever it stands; "House" in "the House voted" is capitalised
    where nothing asks for a capital, and stays a name. (More often: the plain
    majority, no constant chosen on data.)"""

    def __init__(self, texts: Iterable[str]) -> None:
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        # Acronyms the story defines after a lower-case phrase: "rheumatoid arthritis
        # (RA)" abbreviates a common noun ("the World Health Organization (WHO)" a name).
        self.common_acronyms: set[str] = set()
        for text in texts:
            self.common_acronyms.update(m.group(1).upper() for m in _DEFINED_ACRONYM.finditer(text))
            for match in _WORD.finditer(text):
                word = match.group(0)
                if word.islower():
                    self.lower[word] += 1
                elif not _opens(text, match.start()):
                    self.capital[word.lower()] += 1

    def _common(self, word: str) -> bool:
        folded = word.lower()
        return self.lower[folded] > self.capital[folded]

    def common_word(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] a common word (or two of them shouted in an all-capitals
        heading: "JUVENILE ARTHRITIS") rather than a name?"""
        words = text[start:end].split()
        if len(words) == 1:
            return self._common(words[0]) or words[0].upper() in self.common_acronyms
        # Two words only when shouted: "Universal Studios" opening a sentence is a name.
        shouting = all(w.isupper() for w in words)
        return len(words) == 2 and shouting and all(self._common(w) for w in words)
