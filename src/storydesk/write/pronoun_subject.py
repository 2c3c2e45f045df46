"""Whether a sentence's subject is only a pronoun ("He was taken hostage ...").

Out of its article such a sentence does not say who did what, so the timeline does not
show it, and neither does the brief. Without a stored parse, the subject is
read from the sentence's opening, past what commonly comes before it:
- connectives ("But", "However,") and one introductory phrase ending in a comma that
  opens with a preposition or subordinator ("On Friday, he said", "In Gaza, they");
- a leading quotation: in "“...,” he said Thursday" the subject is the speaker after it.

A subject is "only a pronoun" when it is a personal pronoun (he, she, it, they, we, I,
you), "others", a partitive of one ("many of them", "two of those"), or a demonstrative
used as a pronoun ("This was ...", "That means ..."; "This week" is a determiner).
Possessives ("His death", "Their targets") name a thing and are left alone.
"""

from __future__ import annotations

import re

_CONNECTIVE = (
    r"(?:(?:But|And|Yet|So|Still|However|Meanwhile|Instead|Then|Also|Later|Earlier|Now"
    r"|Moreover|Furthermore|Nevertheless|Nonetheless|Besides|Indeed)\b,?\s+)*"
)
_INTRODUCTION = (
    r"(?:(?:On|In|At|By|During|After|Before|Since|Despite|According\s+to|Following|Under"
    r"|With|Without|For|From|As|When|While|Although|Though|Last|This|Earlier|Later|Early"
    r"|Late|Once|Until|Amid|Over)\b[^,;:\"“”]{0,120},\s+)?"
)
_PERSONAL = r"(?:he|she|it|they|we|i|you|others)"
_PARTITIVE = (
    r"(?:(?:many|some|most|all|both|one|each|none|several|few|half|any|either|neither"
    r"|two|three|four|five|dozens|hundreds|thousands|the\s+rest|the\s+majority|a\s+few"
    r"|a\s+number|a\s+third|a\s+quarter|more|much)\s+of\s+(?:them|us|those|these|whom))"
)
_DEMONSTRATIVE = (
    r"(?:this|that|these|those)\s+(?:(?:is|was|are|were|has|have|had|does|did|will|would"
    r"|could|can|may|might|must|should)(?:n['’]t)?|won['’]t|came|comes|means|meant|led|leads"
    r"|made|makes|marks|marked)"
)
_PRONOUN_SUBJECT = re.compile(
    rf"{_CONNECTIVE}{_INTRODUCTION}(?:{_PARTITIVE}|{_DEMONSTRATIVE}|{_PERSONAL})\b",
    re.IGNORECASE,
)
# A sentence opening with a quotation: its attribution follows the closing quote mark.
_QUOTATION_FIRST = re.compile(
    r"[\"“‘'`]{1,2}[^\"“”]*?[,.!?—–-]?\s*[\"”’']{1,2}\s+"
    rf"(?:{_PERSONAL}|{_PARTITIVE})\s+\w",
    re.IGNORECASE,
)


# Wire furniture a dateline trim can leave in front: "(AP) --", "_", a leading dash.
_FURNITURE = re.compile(r"(?:\(\w[\w\s.-]{0,20}\)\s*)?(?:--|[_—–-])?\s*")


def subject_is_pronoun(text: str) -> bool:
    """Whether the sentence's subject (as read from its opening) is only a pronoun."""
    furniture = _FURNITURE.match(text)
    stripped = text[furniture.end() :] if furniture is not None else text
    if _QUOTATION_FIRST.match(stripped):
        return True
    return _PRONOUN_SUBJECT.match(stripped) is not None
