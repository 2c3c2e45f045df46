"""Grammatical gender of a pronoun and of a person named in an article, where the text
gives it.

Used by pronoun resolution to skip a candidate that cannot be the referent ("she
said" is not Blinken). A person's gender is *known* only from evidence in the text
or an unambiguous first name: an honorific or gendered title right before one of
the person's mentions ("Mrs. Okafor", "spokeswoman Ilse Varga"), a first name on the
lists below, or a pronoun of the clause the person opens ("Harris, during her
visit"). Anything else is unknown, and unknown never rules a candidate out: a blunt
rule that guessed genders cost PolNeAR speaker accuracy before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydesk.model import Mention

Gender = str  # "m" or "f"

_PRONOUN_GENDER: dict[str, Gender] = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}

_MALE_TITLES = frozenset(
    "mr mr. sir lord king prince duke father brother uncle widower husband son grandfather "
    "spokesman chairman congressman "
    "businessman sheikh emir".split()
)
_FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss dame lady queen princess duchess mother sister aunt widow wife "
    "daughter grandmother spokeswoman "
    "chairwoman congresswoman businesswoman".split()
)
# First names that are (nearly) always one gender in English-language news. Names
# worn by both (Jordan, Alex, Sam, Kim, Jean, Andrea ...) are left out on purpose.
_MALE_NAMES = frozenset(
    """aaron abdel abdul abraham adam adrian ahmed alan albert alberto alexander alexei
    ali andre andrew andres angelo anthony antonio antony arnold arthur barack barry ben
    benjamin benny bernard bernie bill bob bobby boris brad brandon brett brian bruce bryan
    carl carlos charles charlie chris christopher chuck clarence colin craig dale dan daniel
    darren dave david dennis dick dmitry don donald doug douglas duncan dwight eddie edward
    emmanuel enrique eric ernest eugene evan felipe fernando francis francisco frank fred
    gary gavin george gerald gilbert giorgio glenn gordon greg gregory hamid hans harold
    harry hassan hector henry herbert howard hugh hussein ian isaac ivan jack jacob jake
    james jared jason javier jeb jeff jeffrey jeremy jerry jesse jim jimmy joe joel johan
    johann jonas john johnny jon jonathan jorge jose joseph josh juan karl keith ken kenneth
    kevin khalid
    kurt larry lawrence leon leonard lindsey luis marco marcus mario mark martin matt matthew
    max michael miguel mike mitch mitt mohammed muhammad nathan neil nicholas nick nigel
    olaf omar oscar pablo patrick paul pedro peter phil philip rahm ralph rand raymond
    reince ricardo richard rick rob robert roberto rodrigo roger ron ronald rudy russell
    ryan salman scott sean sergei sergio simon stephen steve steven stuart ted thomas
    tim timothy todd tom tony travis victor vincent vladimir walter wayne william willie
    xavier yaakov yitzhak yoav youssef yusuf""".split()
)
_FEMALE_NAMES = frozenset(
    """abigail ada agnes alice alicia alison amanda amy ana angela angelina ann anna anne
    annette barbara beatrice betsy betty beverly brenda carla carly carmen carol caroline
    catherine cathy cecilia clara charlotte cheryl christina christine claire claudia colleen
    cynthia daisy dana deborah debbie denise diana diane donna doris dorothy edith eileen
    elaine eleanor elena elisabeth elizabeth ellen emily emma erica erin esther eva evelyn
    fatima fiona florence frances gabriela gina gloria grace hannah heather heidi helen
    hillary ilse ingrid irene iris isabel jacqueline jane janet janice jennifer jessica
    jill joan joanna joyce judith judy julia julie karen kamala katherine kathleen kathy
    katie kelly kirsten laura lauren leah linda lisa liz lois lorraine louise lucy lydia marta
    madeleine maggie margaret maria marie marina marjorie martha mary maureen megan melania
    melissa meryl michelle mildred miriam monica nadia nancy natalia natalie nicole nikki nina
    nora olga olivia pamela patricia paula pauline peggy penelope petra rachel rebecca
    regina rita rosa rose ruth sally samantha sandra sara sarah sharon shirley silvia
    simone sofia sophie stephanie susan susana suzanne sylvia tamar teresa theresa tina
    ursula valerie vanessa veronica victoria virginia wendy yolanda""".split()
)
_WORD = re.compile(r"[A-Za-z][\w.'’-]*")
GENDERED_TITLES = _MALE_TITLES | _FEMALE_TITLES


def pronoun_gender(word: str) -> Gender | None:
    return _PRONOUN_GENDER.get(word.lower())


def first_name_gender(name: str) -> Gender | None:
    """The gender a person's first name gives, when the name is on one list only.
    Title words before it ("Prime Minister Benjamin Netanyahu") are on neither list;
    the last word is the surname and says nothing."""
    words = [w.lower() for w in _WORD.findall(name)]
    for word in words[:-1]:
        if word in _MALE_NAMES:
            return "m"
        if word in _FEMALE_NAMES:
            return "f"
    return None


def title_gender(word: str) -> Gender | None:
    """The gender an honorific or title word gives ("Dame", "Mr.", "spokeswoman")."""
    word = word.lower()
    if word in _MALE_TITLES or word.rstrip(".") in _MALE_TITLES:
        return "m"
    if word in _FEMALE_TITLES or word.rstrip(".") in _FEMALE_TITLES:
        return "f"
    return None


def _title_gender(text: str, start: int) -> Gender | None:
    """An honorific or gendered title right before a mention ("Mrs. Okafor")."""
    before = _WORD.findall(text[max(0, start - 30) : start])
    if not before:
        return None
    return title_gender(before[-1])


def _own_mentions(name: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The PERSON mentions of the same person: the same full name, or the surname
    alone ("Oquendo"); "Luis Oquendo" is not "Marta Oquendo"."""
    words = name.split()
    if not words:
        return []
    own = []
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        other = mention.text.removesuffix("'s").removesuffix("’s").split()
        if other == words or other == words[-1:] or (len(words) == 1 and other[-1:] == words):
            own.append(mention)
    return own


_CLAUSE_PRONOUN = re.compile(r"\b(?:he|she|his|her|him)\b", re.IGNORECASE)


def _clause_pronoun_gender(
    text: str, mention: Mention, mentions: Sequence[Mention]
) -> Gender | None:
    """A pronoun later in the sentence a person opens, with no other person named
    before it ("Vice President Kamala Harris, during her visit, ...")."""
    sentence_start = max(text.rfind(". ", 0, mention.start), text.rfind("\n", 0, mention.start))
    lead = text[sentence_start + 1 : mention.start]
    if any(m.label == "PERSON" and sentence_start < m.start < mention.start for m in mentions):
        return None  # not the first person of its sentence
    if '"' in lead or "“" in lead:
        return None
    end = len(text)
    for stop in (". ", "\n", "“", '"'):
        found = text.find(stop, mention.end)
        if found >= 0:
            end = min(end, found)
    pronoun = _CLAUSE_PRONOUN.search(text, mention.end, end)
    if pronoun is None:
        return None
    if any(m.label == "PERSON" and mention.end <= m.start < pronoun.start() for m in mentions):
        return None
    return pronoun_gender(pronoun.group(0))


def person_gender(text: str, name: str, mentions: Sequence[Mention]) -> Gender | None:
    """The gender the article gives the person called `name`, or None when unknown or
    when its evidence disagrees."""
    own = _own_mentions(name, mentions)
    votes: set[Gender] = set()
    for mention in own:
        found = _title_gender(text, mention.start)
        if found:
            votes.add(found)
    if not votes:
        found = first_name_gender(name)
        if found:
            votes.add(found)
    if not votes:
        for mention in own:
            found = _clause_pronoun_gender(text, mention, mentions)
            if found:
                votes.add(found)
    return votes.pop() if len(votes) == 1 else None
