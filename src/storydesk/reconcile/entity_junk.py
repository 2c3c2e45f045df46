"""Which entity mentions name nothing: page furniture, labels, titles and bad spans.

    junk_reason(text, start, end, label) -> str | None
        Why the mention text[start:end] is no entity (None: it may be one).
    furniture_spans(text) -> list[tuple[int, int]]
        The stretches of `text` that are house lines, wire codes, distribution notes,
        wire slugs, photo lines, notes to editors and addresses rather than the report
        (`junk_reason` asks it once per text).
    CaseEvidence(texts)
        How a story writes each word (lower case, capitalised inside a sentence), for
        the rules that need the whole story: common words, "A and B" of two names.
    names_head(name) -> bool
        Does the name end in an organisation's or a law's head ("... University")?
        (`entity_evidence` keeps such a name in the story's list.)

spaCy tags whatever looks like a name, and news pages are full of things that look
like names and are not the story's: house lines ("Top Stories from The Hill"),
distribution notes and typesetting codes of wire copy ("(Distributed by ...)", "&QL;"),
section labels and kickers ("Israel Palestine Conflict: Hopes ..."), tag lists, and
job titles ("Secretary of State" gives "State"). A mention in one of those places, or
one whose span is no name at all (all lower case, a cut-off "District of", an e-mail
address), is dropped before entities are built: a wrong entity in the list costs a
reader more than a missing one. So are words that only look like names: adjectives
and verbs made of one ("un-American", "Christianize"), a lawmaker's "D-Iowa", generic
drugs (by the WHO's INN stems), family words ("Mom"), a lone initial or "Inc.", the
eponym of a disease ("Lyme disease"), a word capitalised only where a sentence
opens whose family the story writes in lower case ("Nationally", "Melt the chocolate"),
a word capitalised for its place that the story writes in lower case elsewhere or that
the spaCy model's vocabulary holds only in lower case ("Signatures were ...", "Formula
I"; `model_vocabulary`), a word cut from a line in capitals ("SANTA" of "SANTA ROSA"),
the answer marker of a Q&A column ("A. Native ..."), an acronym spelt out in lower case
("DMSO (dimethyl sulfoxide)") and the first half of a name joined by "and" ("Indian
Trade" of "the Indian Trade and Intercourse Act").
What these rules cannot tell (a common word the model has seen capitalised, a span
cut inside a longer name, named once) is not dropped here: `entity_evidence` lists a
name the story writes once with a weak label apart, as "also mentioned".
Every rule's hits on real names are counted by `bench/bench_entities.py --rules`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from storydesk.lexicon import DEMONYMS, FAMILY_ADDRESS, FUNCTION_WORDS, ROLE_TITLES, alternation
from storydesk.reconcile.model_vocabulary import lower_case_only

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
_WIRE = re.compile(
    "|".join(
        (
            # A wire slug: a story's catch-line in capitals joined by hyphens, as the
            # wire's budgets and photo lines write it: before its date ("NY-GARDEN-2,
            # 10-28"), before "(Undated)" or a place in brackets, before a "_" that
            # opens the summary; "BC-..." is the slug of a story's own header line.
            r"\b[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+)+\b(?=,\s+\d{1,2}-\d{1,2}\b|\s+_\s)",
            r"^[ \t]*[A-Z][A-Z0-9&-]*\s+\((?:[A-Z][a-z]+\.?,?\s?)+\)(?=\s+_)",
            r"\bBC-[A-Z0-9-]+",
            # A photo's code and its credit's tail: "(NYT12)", "(Name/New York Times
            # Photo)" (the photographer is a person; the outlet's photo desk is no name).
            r"\(\s*[A-Z]{2,4}\d{1,3}\s*\)",
            r"/[^()\n/]{1,60}?(?:Photos?|Illustration|Graphics?)\)",
            # Notes to editors and advance lines: "EDITORS: The following photos ...",
            # "ADV. FOR SUN., OCT. 24", the dateline word "UNDATED", a budget's byline
            # in capitals ("By JANE DOE.").
            r"^[ \t]*(?:EDITORS?|EDITOR'S NOTE|NOTE TO EDITORS|ATTN|ATTENTION)\b[^\n]*",
            r"\bADV\.?(?: FOR)?\b[^\n]*?\d{1,2}\b",
            r"\bUNDATED\b",
            r"\bBy [A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)+\.",
        )
    ),
    re.MULTILINE,
)
# An address or a number to call: a telephone number, a post-office box, a state and
# its postcode ("(555) 010-0199", "P.O. Box 12", "MA 02107", ", Wash. 98368"). Only the
# address itself: the sentence around it may name real people and places (a shop that
# sells what the report is about), so it stays.
_CONTACT = re.compile(
    r"(?:\(\d{3}\)\s*|\b1-\d{3}-|\b\d{3}[-.])\d{3}-\d{4}\b"
    r"|\b(?:P\.\s?O\.\s?)?Box \d+|\b[A-Z]{2},? \d{5}(?:-\d{4})?\b"
    r"|,\s+[A-Z][a-z]+\.?\s+\d{5}(?:-\d{4})?\b"
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
# A person's name and the place the person is from ("Rejeanne Gilbert of Jonquiere").
_OF_PLACE = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,2}) of [A-Z]")
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
# A lower-case prefix before a hyphen makes an adjective of a name ("un-American",
# "non-Muslim", "pre-Imperial", "neo-Darwinian"); a verb made of a name ("Americanize",
# "Christianize") is no name either.
_PREFIXED = re.compile(r"^[a-z]+-[A-Z]")
_VERB_OF_NAME = re.compile(r"^[A-Z][a-z]{3,}i[sz]e[ds]?$")
_VERB_EXCEPTIONS = frozenset({"Denise", "Louise", "Elise", "Eloise", "Heloise", "Maurise"})
# A party and a state after a lawmaker's name ("D-Iowa", "R-Texas"): no place's name.
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][\w.]*$")
# The stems the WHO gives generic drug names (INN stems): "-mycin", "-cycline",
# "-sterone", "-olol", "-azole", "-coxib", "-profen", "-oxacin", "-statin", "-pril",
# "-sartan", "-dipine", "-azepam": a generic drug is a common noun; its brand is a name.
# A lone initial or a company's suffix is part of a name, never one ("N.", "Co.", "INC").
_FRAGMENT = re.compile(r"^(?:[A-Z]\.?|(?i:co|inc|corp|ltd|llc|plc)\.?)$")
# What follows a disease named for a person or a place ("Lyme disease", "Rett
# syndrome", "Crohn's disease"): the eponym is the disease's, a common noun.
_DISEASE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:disease|syndrome|disorder)\b")
# A word in capitals beside another on its line, with nothing between them but a space:
# a heading or a dateline spaCy cut in two ("SANTA" of "SANTA ROSA, Calif.", "SPORTY
# KICKS"); a dateline's place stands alone before its comma or "(AP)".
_CAPITALS_RUN = re.compile(r"\b[A-Z][A-Z'&-]+ $")
_CAPITALS_NEXT = re.compile(r" [A-Z][A-Z'&-]+\b(?![a-z])")
# The first half of a name joined by "and" that spaCy cut off: "Indian Trade" of "the
# Indian Trade and Intercourse Act", "Pierre" of "the Pierre and Marie Curie University":
# after it, "and" and capitalised words ending in the head of an organisation's or a
# law's name. A whole name of its own ends in such a head ("Harvard University and Yale
# University") or names its place ("... Society of Boston and ...") and stays.
_HEADS = (
    "Act|Acts|Program|Programs|University|College|Institute|Center|Centre|Project|Society"
    "|Association|Foundation|Council|Committee|Commission|Agency|Department|Fund|Network"
    "|Laboratory|Hospital"
)
_AND_HEAD = re.compile(rf" and (?:the )?(?:[A-Z][\w'’-]* )+(?:{_HEADS})\b")
_ENDS_IN_HEAD = re.compile(rf"\b(?:{_HEADS})$")


def names_head(name: str) -> bool:
    """Does `name` end in the head of an organisation's or a law's name ("... Act",
    "... University")?"""
    return bool(_ENDS_IN_HEAD.search(name))

# The answer of a question-and-answer column ("A. Native shrubs are ..."): the marker is
# no initial, and the mention runs across it.
_ANSWER = re.compile(r"^A\.\s")
_QUESTION = re.compile(r"(?m)^[ \t]*Q\.\s")
_DRUG_STEM = re.compile(
    r"^[A-Z][a-z]+(?:mycin|cyclines?|sterone|olol|azole|coxib|profen|oxacin|statin|pril"
    r"|sartan|dipine|azepam)s?$"
)


FURNITURE = "house line, wire code, label or tag list"
WIRE_NOTE = "wire slug, photo line or note to editors"
CONTACT = "an address or telephone number"


@lru_cache(maxsize=256)
def furniture_spans(text: str) -> tuple[tuple[int, int], ...]:
    """House lines, wire codes, distribution notes, cross-links, tag lists, kickers,
    section labels, wire slugs and notes, addresses and telephone numbers of `text`,
    as disjoint (start, end) offsets in order."""
    return tuple((start, end) for start, end, _ in _furniture(text))


@lru_cache(maxsize=256)
def _furniture(text: str) -> tuple[tuple[int, int, str], ...]:
    """`furniture_spans` with the kind of each (the first kind of spans merged)."""
    spans = [(*m.span(), FURNITURE) for m in _FURNITURE.finditer(text)]
    spans += [(m.start(), m.end() - 1, FURNITURE) for m in _KICKER.finditer(text)]
    spans += [(*m.span(), FURNITURE) for m in _SHORT_LINE.finditer(text) if m.group(0).strip()]
    spans += [(*m.span(), WIRE_NOTE) for m in _WIRE.finditer(text)]
    spans += [(*m.span(), CONTACT) for m in _CONTACT.finditer(text)]
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return tuple(merged)


@lru_cache(maxsize=256)
def _starts(text: str) -> list[int]:
    return [start for start, _ in furniture_spans(text)]


def _in_furniture(text: str, start: int, end: int) -> str | None:
    """The kind of furniture text[start:end] overlaps, if any. One bisection: the
    spans are disjoint."""
    index = bisect_left(_starts(text), end) - 1  # the last span starting before `end`
    if index >= 0 and _furniture(text)[index][1] > start:
        return _furniture(text)[index][2]
    return None


def strip_descriptor(name: str, cases: CaseEvidence | None = None, opens: bool = False) -> str:
    """ "Activist Russell Means" -> "Russell Means": a descriptor is no part of a name;
    nor is a place after it ("Rejeanne Gilbert of Jonquiere" -> "Rejeanne Gilbert"),
    nor a common word that opens the sentence (`opens`) before it ("Detective Bob
    Graybill", "Said Schorr": `cases` tells the common words)."""
    name = _LEADING_COURTESY.sub("", name)
    of_place = _OF_PLACE.match(name)
    if of_place:
        name = of_place.group(1)
    words = name.split()
    # The rest must be a full name: first and last, no initial alone ("Vitamin C").
    while (
        opens
        and cases is not None
        and len(words) >= 3
        and words[0][1:].islower()
        and len(words[1].strip(".")) > 1
        and cases.is_common(words[0])
    ):
        words = words[1:]
        name = " ".join(words)
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
    furniture = _in_furniture(text, start, end)
    if furniture:
        return furniture
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
    word = mention.strip()
    if _PREFIXED.match(word):
        return "an adjective made of a name"
    if _VERB_OF_NAME.match(word) and word not in _VERB_EXCEPTIONS:
        return "a verb made of a name"
    if _PARTY_TAG.match(word):
        return "a lawmaker's party and state"
    if _DRUG_STEM.match(word):
        return "a generic drug's name"
    if word in FAMILY_ADDRESS:
        return "a family word"
    if _FRAGMENT.match(word):
        return "a lone initial or company suffix"
    if mention.isupper() and (
        _CAPITALS_RUN.search(text[max(0, start - 30) : start])
        or _CAPITALS_NEXT.match(text[end : end + 30])
    ):
        return "part of a line in capitals"
    if (
        label not in ("GPE", "LOC")  # a place is whole: "in Berkeley and George Washington ..."
        and len(word.split()) <= 3
        and " of " not in word
        and not _ENDS_IN_HEAD.search(word)
        and _AND_HEAD.match(text[end : end + 100])
    ):
        return "half of a name joined by 'and'"
    if _ANSWER.match(mention) and _QUESTION.search(text):
        return "a question-and-answer marker"
    after = text[end : end + 40]
    if len(word.split()) == 1 and _DISEASE_AFTER.match(after):
        return "a disease's eponym"
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


# A number after a word: "Formula I", "Episode 2", "Prop. 5" (a numbered thing's kind).
_NUMBERED = re.compile(r"\.? (?:[IVX]+|\d+)\b")


# An acronym (capitals, a plural "s" at most) in brackets after a lower-case word: a
# brand after its generic name ("celecoxib (Celebrex)") is a name and does not match.
_DEFINED_ACRONYM = re.compile(r"\b[a-z][\w-]*\s+\(([A-Z][A-Z0-9-]{1,6}s?)\)")
# The same, spelt out after the acronym: "DMSO (dimethyl sulfoxide)", "MMR _ measles,
# mumps and rubella". The phrase must open with the acronym's first letter, so that an
# aside in brackets after a name ("NASA (the agency said)") defines nothing.
_SPELT_AFTER = re.compile(
    r"\b([A-Z])([A-Z0-9-]{1,6})s?\s+(?:\(|_\s|--\s)\s*([a-z])[a-z-]+[\s,]+[a-z]"
)


def opens_sentence(text: str, start: int) -> bool:
    """Does a sentence, a line or a quotation open at `start` (its capital is its
    place's)?"""
    return bool(_OPENING.search(text[max(0, start - 6) : start]))


_opens = opens_sentence


# Suffixes that make a word of another and the endings its stem may have had:
# "nationally" -> "national", "simply" -> "simple", "happily" -> "happy", "coinciding"
# -> "coincide", "lingering" -> "linger"; the inflections a family's words may carry.
_DERIVATIONS = (
    ("ly", ("", "e")), ("ily", ("y",)), ("ing", ("", "e")), ("ed", ("", "e")),
    ("s", ("",)), ("es", ("",)), ("er", ("", "e")), ("y", ("e",)),
)  # fmt: skip
_INFLECTIONS = ("", "s", "es", "ed", "d", "ing", "er", "ly")


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
        self.texts: list[str] = []
        for text in texts:
            self.texts.append(text)
            self.common_acronyms.update(m.group(1).upper() for m in _DEFINED_ACRONYM.finditer(text))
            self.common_acronyms.update(m.group(1) + m.group(2) for m in _SPELT_AFTER.finditer(text)
                                        if m.group(3) == m.group(1).lower())  # fmt: skip
            for match in _WORD.finditer(text):
                word = match.group(0)
                if word.islower():
                    self.lower[word] += 1
                elif not _opens(text, match.start()):
                    self.capital[word.lower()] += 1

    def _common(self, word: str) -> bool:
        folded = word.lower()
        return self.lower[folded] > self.capital[folded]

    def _family(self, word: str) -> bool:
        """Does the story write a word of `word`'s family in lower case: its stem
        ("Nationally": "national", "Simply": "simple", "Lingering": "linger", "Melt":
        "melted") or an inflection of it?"""
        folded = word.lower()
        stems = {folded}
        for suffix, endings in _DERIVATIONS:
            if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
                stems.update(folded[: -len(suffix)] + e for e in endings)
        if len(folded) >= 5 and folded[-3:-2] == folded[-4:-3] and folded.endswith("ing"):
            stems.add(folded[:-4])  # "capping": "cap"
        forms = {s + e for s in stems for e in _INFLECTIONS}
        return any(self.lower[f] for f in forms)

    def two_names(self, mention: str) -> bool:
        """Is `mention` two names joined by "and" ("Beck and Garrett"), each of which
        the story also writes on its own? "Centers for Disease Control and Prevention"
        is one name: "Prevention" never stands alone."""
        parts = mention.split(" and ")
        if len(parts) != 2 or not all(p[:1].isupper() for p in parts):
            return False
        # On its own: not inside a longer run of capitalised words or joined by "and"
        # or "&" to another ("Food" of "Food and Drug Administration" is not).
        alone = [re.compile(rf"(?<![\w&,] )(?<!and )\b{re.escape(p)}\b(?! [A-Z&]| and )")
                 for p in parts]  # fmt: skip
        return all(any(a.search(t) for t in self.texts) for a in alone)

    def capital_for_its_place(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] one common word capitalised only for its place? It opens
        a sentence and either the story writes it in lower case elsewhere ("Wastewater
        is treated ..." beside "the wastewater"), or the spaCy model has seen it only in
        lower case (`model_vocabulary`: "Signatures were ..."); or it is numbered and
        the model knows it only in lower case ("Formula I", "Episode 2"). Not when the
        story writes it after a first name: "Jim Courier" makes "Courier, 26, ..." a
        surname."""
        word = text[start:end].strip()
        if " " in word or not word[1:].islower():
            return False
        if _opens(text, start):
            placed = self.lower[word.lower()] > 0 or lower_case_only(word)
        else:
            placed = bool(_NUMBERED.match(text[end : end + 8])) and lower_case_only(word)
        return placed and not self._surname(word)

    def _surname(self, word: str) -> bool:
        """Does the story write `word` after a capitalised word that is no function word
        ("Jim Courier", "J. Courier", not "The Courier")?"""
        # An initial ("J. Courier") may end in a full stop; a longer word before a full
        # stop ends a sentence ("on Monday. Signatures ...").
        after_name = re.compile(rf"\b([A-Z]\.|[A-Z][\w'’-]*) {re.escape(word)}\b")
        return any(m.group(1).lower() not in FUNCTION_WORDS
                   for t in self.texts for m in after_name.finditer(t))  # fmt: skip

    def is_common(self, word: str) -> bool:
        """Does the story write `word` in lower case more often than capitalised inside
        a sentence? (Its family is no evidence here: "Chang" is no "changed".)"""
        return self._common(word)

    def common_word(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] a common word (or two of them shouted in an all-capitals
        heading: "JUVENILE ARTHRITIS") rather than a name?"""
        words = text[start:end].split()
        if len(words) == 1:
            word = words[0]
            if self._common(word) or word.upper() in self.common_acronyms:
                return True
            # A word capitalised only where a sentence opens, never inside one, whose
            # family the story writes in lower case ("Nationally, ...", "Melt the
            # chocolate"): its capital is its place's.
            return (
                _opens(text, start)
                and word[1:].islower()
                and not self.capital[word.lower()]
                and self._family(word)
            )
        # Two words only when shouted: "Universal Studios" opening a sentence is a name.
        shouting = all(w.isupper() for w in words)
        return len(words) == 2 and shouting and all(self._common(w) for w in words)
