"""A fictional news corpus for the web benchmark: one large story and many small ones.

    corpus(seed=7) -> Corpus
        `articles`: JSONL-ready dicts (title, text, outlet, url, published), every
        place, person and outlet invented; `names`: the invented name words, which
        the store builder respells in each copy of the corpus (web_stores.py).

The large story (BIG_STORY articles) is one ferry accident told by many outlets:
independent reports, each a different choice and order of sentences from a pool, and
rewrites of them (a word changed, a figure changed now and then), as a wire story
spreads. The small stories (SMALL_STORIES events of 2 to 4 reports) are fires, votes,
openings and strikes, each with names of its own, a week or more apart, so that the
clusterer keeps them apart. Generated, not read from ../shared: the benchmark runs
anywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

BIG_STORY = 70
SMALL_STORIES = 40
START = datetime(2031, 3, 3, 8, 0, tzinfo=UTC)
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"

OUTLETS = (
    "Harbor Ledger", "Valley Courier", "Northgate Tribune", "Eastmarch Herald",
    "Coastline Daily", "Riverside Gazette", "Summit Observer", "Lowland Times",
    "Meadow Press", "Granite Chronicle", "Bayside Post", "Ironwood Dispatch",
    "Fernhill Record", "Westbrook Sentinel", "Pinecrest News", "Saltmarsh Bulletin",
)  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    articles: list[dict[str, str]]
    names: frozenset[str]


class _Names:
    """Invented capitalised words (consonant-vowel syllables), none used twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int = 3) -> str:
        while True:
            pieces = [self.rng.choice(_CONSONANTS) + self.rng.choice(_VOWELS)
                      for _ in range(syllables)]  # fmt: skip
            name = ("".join(pieces) + self.rng.choice("nlrst")).capitalize()
            if name not in self.used:
                self.used.add(name)
                return name


def _big_story(rng: random.Random, names: _Names) -> list[dict[str, str]]:
    town, river, official, agency = names.word(), names.word(2), names.word(), names.word()
    captain, witness, mayor = names.word(), names.word(), names.word()
    first = (names.word(2), names.word(2), names.word(2))
    pool = [
        f"The ferry {names.word(2)} Star capsized on the {river} river near {town} on Tuesday "
        "evening with {passengers} passengers and crew on board.",
        f"At least {{dead}} people died and {{missing}} are missing, the {agency} rescue "
        "service said on Wednesday.",
        f"{first[0]} {official}, the head of the {agency} rescue service, said divers had "
        "searched the hull through the night.",
        f"\"We are still hoping to find people alive,\" {first[0]} {official} told reporters "
        f"at the harbour in {town}.",
        f"The captain, {first[1]} {captain}, survived and was questioned by police, the "
        "prosecutor's office said.",
        f"Witnesses said the vessel tilted sharply after leaving the pier in {town}.",
        f"\"It turned over in less than a minute,\" said {first[2]} {witness}, who watched "
        "from the shore.",
        f"The mayor of {town}, {names.word(2)} {mayor}, declared three days of mourning.",
        "The ferry was licensed to carry {licensed} people, according to port records.",
        f"Heavy rain had raised the {river} river by two metres during the week.",
        "Some {rescued} people were pulled from the water by fishermen and rescue boats.",
        f"The {agency} rescue service said {{boats}} boats and two helicopters were taking "
        "part in the search.",
        "Relatives gathered at a sports hall that was turned into a reception centre.",
        f"The transport ministry opened an inquiry into the safety of ferries on the {river}.",
        "Officials said the passenger list was incomplete, which made the count uncertain.",
        f"The last serious accident on the {river} river was eleven years ago.",
    ]
    figures = {"passengers": 212, "dead": 41, "missing": 23, "licensed": 150, "rescued": 148,
               "boats": 30}  # fmt: skip
    originals: list[dict[str, str]] = []
    for i in range(14):
        values = dict(figures)
        if i % 5 == 3:  # a figure some reports give differently: the story's conflicts
            values["dead"], values["missing"] = 38, 26
        lines = [pool[0], pool[1], *rng.sample(pool[2:], 7)]
        text = "\n\n".join(line.format(**values) for line in lines)
        when = START + timedelta(hours=6 * i + rng.randint(0, 4))
        originals.append(_article(OUTLETS[i], f"{values['dead']} dead as ferry capsizes on the "
                                  f"{river} near {town}", text, when, f"ferry-{i}"))  # fmt: skip
    swaps = (("said", "stated"), ("people", "persons"), ("evening", "night"),
             ("searched", "combed"), ("declared", "announced"))  # fmt: skip
    rewrites: list[dict[str, str]] = []
    for j in range(BIG_STORY - len(originals)):
        source = originals[j % len(originals)]
        old, new = swaps[j % len(swaps)]
        text = source["text"].replace(f" {old} ", f" {new} ", 1)
        if j % 7 == 2:
            text = text.replace("212 passengers", "210 passengers")
        outlet = OUTLETS[(j + 5) % len(OUTLETS)]
        when = datetime.fromisoformat(source["published"]) + timedelta(hours=3 + j % 9)
        title = source["title"].replace("capsizes", "overturns" if j % 2 else "sinks")
        rewrites.append(_article(outlet, title, text, when, f"ferry-copy-{j}"))
    return originals + rewrites


# Small events are told in sentences drawn from these lists, a different draw for each
# event: two events share few content words besides their (invented) names, so the
# clusterer keeps them apart, as it would keep apart unrelated news.
_ACTORS = (
    "officials", "residents", "farmers", "teachers", "nurses", "engineers", "police",
    "volunteers", "traders", "students", "inspectors", "fishermen", "drivers", "miners",
    "lawyers", "doctors", "builders", "pilots", "bakers", "librarians",
)
_DEEDS = (
    "closed the old mill", "opened a market hall", "repaired the harbour wall",
    "planted an orchard", "protested against a toll road", "found a leaking pipe",
    "rescued a stranded whale", "rebuilt the chapel roof", "cleared a landslide",
    "restored the clock tower", "blocked the ring road", "counted migrating geese",
    "discovered a bronze hoard", "evacuated the tannery", "launched a lifeboat",
    "painted the viaduct", "drained the flooded quarry", "moved the cattle fair",
    "tested the drinking water", "renamed the tram depot", "sealed the copper mine",
    "digitised the parish archive", "cancelled the regatta", "paved the towpath",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _small_stories(rng: random.Random, names: _Names) -> list[dict[str, str]]:
    articles: list[dict[str, str]] = []
    for event in range(SMALL_STORIES):
        place, person, group = names.word(), f"{names.word(2)} {names.word()}", names.word()
        deeds = rng.sample(_DEEDS, 4)
        actors = rng.sample(_ACTORS, 3)
        day = rng.choice(_DAYS)
        count = rng.randint(12, 90)
        sentences = [
            f"{actors[0].capitalize()} in {place} {deeds[0]} on {day}, the {group} council said",
            f"About {count} {actors[1]} {deeds[1]} last year",
            f"\"We {deeds[2]} because nobody else would,\" said {person}",
            f"{person} said {actors[2]} from {names.word()} {deeds[3]} as well",
            f"The {group} council will meet again in {place} next {rng.choice(_DAYS)}",
        ]
        title = f"{actors[0].capitalize()} in {place} {deeds[0]}"
        when = START + timedelta(days=9 * (event + 1))
        for report in range(rng.randint(2, 4)):
            # Each outlet tells it in its own order, so the reports are not all copies.
            order = [sentences[0], *rng.sample(sentences[1:], len(sentences) - 1)]
            text = ". ".join(order).replace('." ', '" ').replace(',". ', ',". ') + "."
            outlet = OUTLETS[(event + 3 * report) % len(OUTLETS)]
            articles.append(_article(outlet, title, text, when + timedelta(hours=5 * report),
                                     f"event-{event}-{report}"))  # fmt: skip
    return articles


def _article(outlet: str, title: str, text: str, when: datetime, slug: str) -> dict[str, str]:
    site = outlet.lower().replace(" ", "")
    return {"title": title, "text": text, "outlet": outlet, "published": when.isoformat(),
            "url": f"https://{site}.example/{slug}"}  # fmt: skip


def corpus(seed: int = 7) -> Corpus:
    rng = random.Random(seed)
    names = _Names(rng)
    articles = _big_story(rng, names) + _small_stories(rng, names)
    return Corpus(articles, frozenset(names.used))
