"""What a number counts, and where and among whom: the phrases around a number.

`counted_thing` reads, in order of preference:
- a percentage's "of" phrase ("46 percent of people aged 18 to 29" -> "people aged");
- the noun phrase after the number, with a participle joined on ("13,300
  Palestinians have been killed" -> "Palestinians killed", "hostages still held");
- a toll named before it ("the death toll rose to 46" -> "death toll"), with the
  people or country it is of ("the Israeli death toll", "the death toll in Israel");
- the subject of its clause ("Violent crimes fell 10 percent" -> "Violent crimes",
  "--Property losses in storms, $2.8 billion" -> "Property losses in storms").
Two more readings join the counted words:
- a number coordinated with an earlier object of a casualty verb counts the same
  event ("killing over 13,000 Palestinians ... and about 1,200 Israelis" ->
  "Israelis killed");
- a rate qualifier (`rates.rate_after`: "for every hostage", "a day", "per week")
  is kept: "three prisoners for every hostage" counts no prisoners on its own.
`scope_of` finds places ("in southern Gaza") and "including 17 women and children".
"""

from __future__ import annotations

import re

from storydesk.analyze.number_words import CURRENCY_WORDS, PARTICIPLES, VERBS
from storydesk.analyze.peoples import is_people_word
from storydesk.analyze.rates import rate_after
from storydesk.lexicon import NUMBER_STOP_WORDS

_PLACE = re.compile(
    r"\b(?:in|across|inside|within|throughout|near|outside)\s+(?:the\s+)?(?:(?:northern|"
    r"southern|eastern|western|central|north|south|east|west|occupied|besieged)\s+)?"
    r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|refugee\s+camp|camp|province|region|district|"
    r"city|area|Strip)){0,3}"
)
_INCLUDING = re.compile(r"\b(?:including|among them)\s+[^,.;:()]{1,60}")
_TOLL_BEFORE = re.compile(
    r"\b((?:death|casualty|injury|fatality)\s+toll|number\s+of\s+[\w-]+(?:\s+[\w-]+)?|"
    r"total\s+of\s+[\w-]+|tally|toll)\b(?=[^.;:]{0,60}$)",
    re.IGNORECASE,
)
# "the death toll in Israel", "the toll among Britons": the people or place a toll is of.
# The place must end the phrase: "the death toll in the Tanzania blast" is the toll of
# a blast, not of Tanzania.
_TOLL_OF = re.compile(
    r"\s+(?:in|among|for)\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
    r"(?=\s*[,.;:)]|\s+(?:is|was|has|had|have|are|were|now|stood|stands|rose|rises|climbed|"
    r"climbs|reached|reaches|hit|hits|jumped|increased|remained|remains|at|to|from|since|so|"
    r"topped|tops|passed|exceeded|surpassed|could|may|might|will|would|officially|"
    r"currently|already|still|according)\b)"
)
_TOLL_MODIFIER = re.compile(r"([A-Z][\w'’-]*)\s+$")  # "the Israeli death toll"
# A coordinated object: "killing over 13,000 Palestinians, including thousands of
# children, and about 1,200 Israelis". The earlier object's verb, then a number, with
# no clause boundary between it and the "and" right before this number.
_CASUALTY_VERB = re.compile(
    r"\b(killing|injuring|wounding|displacing|evacuating|killed|injured|wounded|displaced|"
    r"evacuated)\s+(?:(?:at\s+least|more\s+than|over|about|around|nearly|almost|some|"
    r"roughly|an\s+estimated)\s+)?[\d]"
)
_COORDINATED_BEFORE = re.compile(r"(?:,\s*|\s)(?:and|as\s+well\s+as)\s+$")
_CLAUSE_BREAK = re.compile(r"[;:()]|\s(?:who|which|that|while|after|before|when|as|but|"
                           r"where|because)\s|[a-z]\.\s")  # fmt: skip
_PLACE_PREPOSITION = re.compile(r"\s(?:in|at|on|near|across|inside|outside|from|into|to)\s")
_MAX_COORDINATED_CHARS = 120
_ENDS_CLAUSE = re.compile(r"\s*(?:[.,;:!?)]|$)")
_VERB_BEFORE = re.compile(r"\b(killing|injuring|wounding|displacing|freeing|releasing|"
                          r"arresting|detaining|evacuating)\s+(?:\S+\s+){0,2}$")  # fmt: skip
_AUXILIARY = re.compile(r"^(?:\s+(?:have|has|had|were|was|are|is|been|being|reportedly|"
                        r"now|already|still|so far))+(?=\s)")  # fmt: skip
_OF = re.compile(r"\s+(?:out\s+of(?:\s+[\d,]+)?|of)(?:\s+(?:the|these|those|its|their|his|her|all|"
                 r"[\w-]+['’]s|[\d,.]+))*(?=\s)")  # fmt: skip
_PER = re.compile(
    r"\s+(per\s+(?:[\d,]+|capita|head|person)(?:\s+(?:U\.S\.|(?!(?:in|on|at|of|for|"
    r"from|to|by|and|or|a|the)\b)[a-z][\w-]*))*)"
)
_QUALIFIERS = frozenset("more additional other new further extra".split())
_NOUN_OF = re.compile(r"((?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+of\s*$")
# Words that end a clause's subject before its number: verbs of change and amount.
_LEAD_FILLER = frozenset(
    "of to at by was were is are be been has have had totaled totalled total totals came "
    "come reached reach rose rise rises fell fall falls grew grow grows dropped drop drops "
    "declined decline increased increase decreased decrease jumped climbed surged down up "
    "a an the some about around nearly almost priced costing cost costs just only which "
    "that amount amounts amounted account accounts for could would will hit stood stands "
    "stand numbered number there here than with from and or more less estimated expected "
    "expects expect projected projecting predicting predicts cut cuts slash slashed make "
    "made posted posts gave give gives spend spends spent an "
    "surpassing far larger smaller slightly only".split()
)
_MAX_WORDS = 4
_NUMERIC_PIECE = re.compile(r"\s*(?:or|and)?\s*[$€£]?\d")


def _words_after(text: str, position: int, sent_end: int) -> list[tuple[int, int]]:
    words: list[tuple[int, int]] = []
    for match in re.finditer(r"\s*([\w'’-]+|[,.;:!?()\"“”_])", text[position:sent_end]):
        word = match.group(1)
        lowered = word.lower()
        if not words and lowered in _QUALIFIERS:
            continue  # "five more bodies"
        if word in ('"', "“", "”") and not words:
            continue  # an estimated 2.7 million “completed” violent crimes
        if not word[0].isalnum() or lowered in NUMBER_STOP_WORDS or lowered in VERBS:
            if lowered == "and" and words and len(words) < _MAX_WORDS:
                rest = text[position + match.end() : position + match.end() + 30]
                if re.match(r"\s+(?:[a-z]+s|children|people)\b", rest):
                    continue  # "women and children"
            break
        if any(c.isdigit() for c in word) or len(words) >= _MAX_WORDS:
            break
        words.append((position + match.start(1), position + match.end(1)))
    return words


def _participle(text: str, stop: int, sent_end: int) -> tuple[str, int] | None:
    aux = _AUXILIARY.match(text[stop:sent_end])
    skip = aux.end() if aux else 0
    tail = re.match(r"\s+([a-z]+)\b", text[stop + skip : sent_end])
    if tail and tail.group(1) in PARTICIPLES:
        kept = "still " if aux and "still" in aux.group(0) else ""
        return kept + tail.group(1), stop + skip + tail.end(1)
    return None


def _phrase(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[start:end]).strip()


def noun_after(text: str, end: int, sent_end: int) -> tuple[str, int, int] | None:
    """The noun phrase right after a number ("of the" skipped), with its participle."""
    of = _OF.match(text, end)
    if of is None and text[max(0, end - 4) : end].lower() == "half":
        of = re.compile(r"\s+(?:the|a|an|their|its|his|her|our)(?=\s)").match(text, end)
    position = of.end() if of else end
    words = _words_after(text, position, sent_end)
    if not words:
        return None
    start, stop = words[0][0], words[-1][1]
    participle = _participle(text, stop, sent_end)
    if participle:
        return f"{_phrase(text, start, stop)} {participle[0]}", start, participle[1]
    return _phrase(text, start, stop), start, stop


def clause_subject(text: str, clause_start: int, number_start: int) -> str | None:
    """The noun phrase a number's clause is about, when nothing follows the number:
    "a median answer of $196,000" -> "median answer"; "Violent crimes fell 10
    percent" -> "Violent crimes"; "--Property losses in storms, $2.8 billion" ->
    "Property losses"."""
    segment = text[clause_start:number_start]
    noun_of = _NOUN_OF.search(segment)
    if noun_of:
        words = [w for w in noun_of.group(1).split() if w.lower() not in _LEAD_FILLER]
        if words:
            return " ".join(words)
    pieces = [p for p in re.split(r"[,;:()]|--|—|\s_\s", segment) if p.strip()]
    # Pieces holding other numbers ("or 291 per 1000 households") belong to those.
    last_pieces = [p for p in pieces[-3:] if p is pieces[-1] or not _NUMERIC_PIECE.match(p)]
    for piece in reversed(last_pieces):
        words = re.findall(r"[\w'’.-]+", piece)
        while words and (words[0].lower() in _LEAD_FILLER or words[0].lower() in NUMBER_STOP_WORDS
                         or words[0][:1].isdigit()):  # fmt: skip
            words.pop(0)
        phrase: list[str] = []
        for word in words:
            lowered = word.lower()
            if lowered in ("of", "and") and phrase and len(phrase) < _MAX_WORDS:
                phrase.append(word)  # "Prices of cod", "ice and snow"
                continue
            ends = lowered in _LEAD_FILLER or lowered in NUMBER_STOP_WORDS or word[:1].isdigit()
            if ends or (phrase and lowered in VERBS) or len(phrase) >= _MAX_WORDS + 2:
                break
            phrase.append(word)
        while phrase and phrase[-1].lower() in ("of", "and"):
            phrase.pop()
        if phrase:
            return " ".join(phrase)
    return None


def _toll_phrase(text: str, toll: re.Match[str], clause_start: int) -> str:
    """The toll's words with the people or place it is of, when named: "death toll in
    Israel", "Israeli death toll"; else the toll's words alone ("death toll")."""
    words = toll.group(1).lower()
    if not words.endswith(("toll", "tally")):
        return words
    start, end = clause_start + toll.start(1), clause_start + toll.end(1)
    place = _TOLL_OF.match(text, end)
    if place:
        return f"{words} in {place.group(1)}"
    modifier = _TOLL_MODIFIER.search(text, max(0, start - 40), start)
    if modifier and is_people_word(modifier.group(1)):
        return f"{modifier.group(1)} {words}"
    return words


def _coordinated_participle(text: str, clause_start: int, start: int) -> str | None:
    """The participle of the casualty verb whose object this number is coordinated
    with ("killing 13,000 Palestinians ... and about 1,200 Israelis" -> "killed")."""
    if not _COORDINATED_BEFORE.search(text, max(clause_start, start - 16), start):
        return None
    window = max(clause_start, start - _MAX_COORDINATED_CHARS)
    verbs = list(_CASUALTY_VERB.finditer(text, window, start))
    if not verbs:
        return None
    verb = verbs[-1]
    if _CLAUSE_BREAK.search(text, verb.end(), start):
        return None  # "killing 12 people, which led ... and 40 homes": another clause
    if _PLACE_PREPOSITION.search(text, verb.end(), start):
        return None  # "killed 300 people in Moscow and two other cities": the "and" joins places
    word = verb.group(1)
    if not word.endswith("ing"):
        return word  # "killed 12 soldiers and 30 civilians"
    stem = word[:-3]
    return stem + ("d" if stem.endswith("e") else "ed")


def _plain_counted(
    text: str, start: int, end: int, unit: str | None, clause_start: int, sent_end: int
) -> tuple[str | None, tuple[int, int] | None]:
    """What the number counts, without a rate qualifier (see `counted_thing`)."""
    per = _PER.match(text, end)
    if per and len(per.group(1).split()) > 2:  # "291 per 1000 households"
        return _phrase(text, *per.span(1)), per.span(1)
    if per:  # "7.4 per 1000": a rate, named by its clause
        return clause_subject(text, clause_start, start), None
    after = noun_after(text, end, sent_end)
    if after and after[0].split()[0].lower() in CURRENCY_WORDS:
        after = None
    if after and (unit is None or _OF.match(text, end)):
        if after[0].split()[-1] not in PARTICIPLES and _ENDS_CLAUSE.match(text, after[2],
                                                                          sent_end):  # fmt: skip
            participle = _coordinated_participle(text, clause_start, start)
            if participle:
                return f"{after[0]} {participle}", (after[1], after[2])
        return after[0], (after[1], after[2])
    before = text[clause_start:start]
    # The toll nearest the number: "the Israeli death toll is 1,200, and the death toll
    # in Ostria is 30" gives 30 for Ostria.
    toll = next(reversed(list(_TOLL_BEFORE.finditer(before))), None)
    if toll:
        return _toll_phrase(text, toll, clause_start), None
    verb = _VERB_BEFORE.search(before)
    if verb:  # "killing at least 23": what is counted is who was killed
        stem = verb.group(1)[:-3]
        return stem + ("ed" if not stem.endswith("e") else "d"), None
    if after:
        return after[0], (after[1], after[2])
    return clause_subject(text, clause_start, start), None


def counted_thing(
    text: str, start: int, end: int, unit: str | None, clause_start: int, sent_end: int
) -> tuple[str | None, tuple[int, int] | None]:
    """What the number at [start, end) counts, and the span of the words saying so;
    a rate qualifier after them is part of it ("prisoners for every hostage")."""
    counted, span = _plain_counted(text, start, end, unit, clause_start, sent_end)
    follows = span is not None and span[0] >= end
    rate = rate_after(text, span[1] if span is not None and follows else end, sent_end)
    if rate is None:
        return counted, span
    if counted is None:  # "nine in each leg": the words counted come from elsewhere
        return rate[0], None
    return f"{counted} {rate[0]}", (span[0], rate[1]) if span is not None and follows else span


def scope_of(text: str, end: int, sent_end: int) -> tuple[str, ...]:
    found: list[str] = []
    for pattern in (_PLACE, _INCLUDING):
        match = pattern.search(text, end, sent_end)
        if match and match.start() - end < 80:
            found.append(_phrase(text, *match.span()))
    return tuple(found)
