"""Story entities without junk: house lines, labels, kickers, tag lists, wire codes, job
titles and common words name nothing; country aliases and demonyms join their country;
a search word finds the other spellings of a name. All text here is fictional."""

from __future__ import annotations

import re

from storydesk.model import Analysis, Article, CanonicalEntity, Mention, Provenance
from storydesk.reconcile.entities import canonical_entities, spelling_variants
from storydesk.reconcile.entity_junk import junk_reason
from storydesk.reconcile.entity_params import EntityParams

Item = tuple[Article, Analysis, None]


def _article(text: str, names: list[tuple[str, str]]) -> Item:
    """An article with each (name, label) marked as a spaCy mention at every occurrence."""
    article = Article.build(text, Provenance("t.txt", "text"))
    mentions = sorted(
        (Mention(m.start(), m.end(), name, label)
         for name, label in names for m in re.finditer(re.escape(name), text)),
        key=lambda m: m.start,
    )  # fmt: skip
    return article, Analysis(article.id, (), tuple(mentions), "test"), None


def _names(entities: list[CanonicalEntity]) -> set[str]:
    return {e.name for e in entities}


def _entity(entities: list[CanonicalEntity], name: str) -> CanonicalEntity:
    return next(e for e in entities if name == e.name or name in e.variants)


HOUSE_LINE = (
    "Engineers inspected the Holloway Dam on Sunday, according to The Ledger.\n\n"
    "Top Stories from The Ledger\n\n"
    "Crews in Marrowvale worked through the night."
)


def test_house_line_gives_no_entity_and_the_outlet_keeps_its_the() -> None:
    item = _article(HOUSE_LINE, [("Ledger", "ORG"), ("Top Stories", "ORG"),
                                 ("Holloway Dam", "FAC"), ("Marrowvale", "GPE")])  # fmt: skip
    entities = canonical_entities([item])
    assert "Top Stories" not in _names(entities)
    assert "Ledger" not in _names(entities)  # "Hill" of "The Hill": a wrong name
    ledger = _entity(entities, "The Ledger")
    assert len(ledger.mentions) == 1  # the house line's mention is not counted
    assert {"Holloway Dam", "Marrowvale"} <= _names(entities)
    # the rules off: what the resolver did before them
    before = canonical_entities([item], params=EntityParams(junk_rules=False))
    assert {"Top Stories", "Ledger"} <= _names(before)


def test_job_titles_and_their_tails_are_no_entities() -> None:
    text = (
        "Secretary of State Mara Quill arrived in Port Aleyn on Monday. The Vice President "
        "stayed home, and the Minister of Forestry said nothing. Quill met the mayor."
    )
    item = _article(text, [("State", "ORG"), ("Mara Quill", "PERSON"), ("Quill", "PERSON"),
                           ("Port Aleyn", "GPE"), ("Vice President", "ORG"),
                           ("Minister of Forestry", "ORG")])  # fmt: skip
    entities = canonical_entities([item])
    assert _names(entities) == {"Mara Quill", "Port Aleyn"}
    assert "Secretary of State" in _entity(entities, "Mara Quill").roles


def test_kickers_section_labels_and_tag_lists_are_no_entities() -> None:
    text = (
        "World Desk\n\n"
        "Tessel Valley Crisis: Hopes of a quick repair faded as the Tessel rose again.\n\n"
        "Rescuers from Kirkbrae reached the dam.\n\n"
        "Tags: Holloway Dam, Eastland Relief Fund"
    )
    item = _article(text, [("World Desk", "ORG"), ("Tessel Valley Crisis: Hopes", "ORG"),
                           ("Tessel", "LOC"), ("Kirkbrae", "GPE"), ("Holloway Dam", "FAC"),
                           ("Eastland Relief Fund", "ORG")])  # fmt: skip
    assert _names(canonical_entities([item])) == {"Tessel", "Kirkbrae"}


def test_wire_codes_and_distribution_notes_are_no_entities() -> None:
    text = (
        "&UR; HARBOUR WIRE NEWS SERVICE &QC; &UR; (Distributed by Orrin Syndicate) &QL;\n"
        "The Eastland Relief Fund paid for tents in Marrowvale.\n"
        "STORY CAN END HERE. To purchase this material contact Ana Lindqvist.\n"
        "-0- &QL;"
    )
    item = _article(text, [("HARBOUR WIRE NEWS SERVICE &QC", "ORG"), ("Orrin Syndicate", "ORG"),
                           ("Eastland Relief Fund", "ORG"), ("Marrowvale", "GPE"),
                           ("STORY CAN END", "ORG"), ("Ana Lindqvist", "PERSON"),
                           ("-0- &QL", "ORG")])  # fmt: skip
    assert _names(canonical_entities([item])) == {"Eastland Relief Fund", "Marrowvale"}


def test_spans_that_are_no_names() -> None:
    text = "x " * 5 + "the county health department, the District of, Celebrax, Mervin and more."
    start = text.index("county")
    assert junk_reason(text, start, start + len("county health department"), "ORG")
    start = text.index("District of")
    assert junk_reason(text, start, start + len("District of"), "GPE")
    start = text.index("Celebrax, Mervin")
    assert junk_reason(text, start, start + len("Celebrax, Mervin"), "ORG")
    start = text.index("Celebrax")
    assert junk_reason(text, start, start + len("Celebrax"), "ORG") is None
    assert junk_reason(text, start, start + len("Celebrax"), "DATE") is None  # names only


def test_a_common_word_capitalised_for_its_place_is_no_name() -> None:
    text = (
        "Tribes gathered at the dam. The tribes of the valley sent food, and other tribes "
        "sent boats.\n\nThe House voted on Monday; the house on the hill was empty, "
        "and the House met again on Tuesday."
    )
    item = _article(text, [("Tribes", "ORG"), ("House", "ORG")])
    names = _names(canonical_entities([item]))
    assert "Tribes" not in names  # written in lower case elsewhere, capitalised to open
    assert "House" in names  # capitalised inside sentences more often than not


def test_america_and_us_are_the_united_states() -> None:
    text = (
        "America will send engineers, the envoy said. The United States has pledged pumps, "
        "and U.S. crews arrived in Kirkbrae on Friday."
    )
    item = _article(text, [("America", "GPE"), ("United States", "GPE"), ("U.S.", "GPE"),
                           ("Kirkbrae", "GPE")])  # fmt: skip
    entities = canonical_entities([item])
    united = _entity(entities, "United States")
    assert _entity(entities, "America") is united and _entity(entities, "U.S.") is united
    assert united.name == "United States" and len(united.mentions) == 3
    apart = canonical_entities([item], params=EntityParams(country_joins=False))
    assert _entity(apart, "America") is not _entity(apart, "United States")


def test_a_demonym_joins_its_country_only_when_the_story_names_it() -> None:
    text = (
        "Norwegian divers reached the dam, Norway's embassy said. Two Norwegians stayed. "
        "Thai engineers arrived later."
    )
    item = _article(text, [("Norwegian", "NORP"), ("Norway", "GPE"), ("Norwegians", "NORP"),
                           ("Thai", "NORP")])  # fmt: skip
    entities = canonical_entities([item])
    norway = _entity(entities, "Norway")
    assert norway.name == "Norway" and norway.label == "GPE"
    assert {"Norwegian", "Norwegians"} <= set(norway.variants)
    thai = _entity(entities, "Thai")  # no "Thailand" in the story: a group of its own
    assert thai.name == "Thai" and thai.label == "NORP"
    assert spelling_variants(norway) == {}  # a demonym is no spelling of the country


def test_spelling_variants_of_a_name() -> None:
    text = (
        "Rescue chief Ilyas Barnavi ordered the evacuation. Barnavi said the dam would hold.\n"
        "Ilias Barnavi, the rescue chief, later said water was rising."
    )
    item = _article(text, [("Ilyas Barnavi", "PERSON"), ("Ilias Barnavi", "PERSON")])
    (barnavi,) = canonical_entities([item])
    assert spelling_variants(barnavi) == {"Ilyas": {"Ilias"}, "Ilias": {"Ilyas"}}


def test_an_acronym_of_a_common_noun_is_no_name() -> None:
    text = (
        "Patients with river fever (RF) were moved. RF spreads in floods, the "
        "Eastland Health Office (EHO) said. EHO staff and RF cases were counted."
    )
    item = _article(text, [("RF", "ORG"), ("EHO", "ORG"), ("Eastland Health Office", "ORG")])
    names = _names(canonical_entities([item]))
    assert "RF" not in names  # defined after "river fever": a disease, not a name
    assert "Eastland Health Office" in names  # "EHO" abbreviates a name: kept, joined to it
