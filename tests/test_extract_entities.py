from __future__ import annotations

from claims_helpers import fixture_analyses, with_mentions

from storydesk.reconcile.entities import canonical_entities, similar, skeleton
from storydesk.reconcile.entity_params import EntityParams


def _story() -> list:
    analyses = fixture_analyses()
    names = ("harbour_wire.txt", "coastal_times.txt", "valdria_followup.txt")
    return [(*analyses[name], None) for name in names]


def _entity_of(entities: list, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in entities if name == e.name or name in e.variants)


def test_spelling_variants_are_one_entity() -> None:
    entities = canonical_entities(_story())
    assert _entity_of(entities, "Ilyas Barnavi") is _entity_of(entities, "Ilias Barnavi")
    assert _entity_of(entities, "Tel Hamra") is _entity_of(entities, "Tel Hamrah")
    assert _entity_of(entities, "Tel Hamrah").label == "GPE"


def test_people_sharing_a_surname_stay_apart() -> None:
    entities = canonical_entities(_story())
    assert _entity_of(entities, "Marta Oquendo") is not _entity_of(entities, "Luis Oquendo")
    assert _entity_of(entities, "Andrej Orsolo") is not _entity_of(entities, "Lena Orsolo")


def test_roles_offices_and_titles() -> None:
    entities = canonical_entities(_story())
    novak = _entity_of(entities, "Petra Novak")
    assert "intelligence chief" in novak.roles
    marta = _entity_of(entities, "Marta Oquendo")
    assert "Transport Minister" in marta.roles
    orsolo = _entity_of(entities, "Andrej Orsolo")
    offices = [e for e in entities if orsolo.id in e.related]
    assert offices and offices[0].label == "ORG"


def test_place_spelling_variants_in_a_story() -> None:
    entities = canonical_entities(_story())
    assert _entity_of(entities, "Port Aleyn") is _entity_of(entities, "Port Alain")


def test_name_similarity() -> None:
    assert similar("Jabalya", "Jabalia") and similar("Khan Yunis", "Khan Younis")
    assert similar("David Barnea", "David Barnia")
    assert not similar("Gaza", "Giza") and not similar("Israel", "Israeli Army")
    assert skeleton("Tel Hamrah") == skeleton("Tel Hamra")


def test_acronyms_join_the_names_they_abbreviate() -> None:
    text = (
        "The United States and the United Nations met in Valdria. U.S. officials said the "
        "UN would send aid; a US envoy agreed. The Valdrian Defence Force (VDF) stood by, and "
        "the VDF said Meridian Press had it wrong. An MP from the coast objected."
    )
    names = [("United States", "GPE"), ("United Nations", "ORG"), ("U.S.", "GPE"),
             ("UN", "ORG"), ("US", "GPE"), ("Valdria", "GPE"),
             ("Valdrian Defence Force", "ORG"), ("VDF", "ORG"), ("Meridian Press", "ORG"),
             ("MP", "NORP")]  # fmt: skip
    entities = canonical_entities([with_mentions(text, names)])
    us = _entity_of(entities, "United States")
    assert _entity_of(entities, "U.S.") is us and _entity_of(entities, "US") is us
    assert _entity_of(entities, "UN") is _entity_of(entities, "United Nations")
    assert _entity_of(entities, "UN") is not us
    assert _entity_of(entities, "VDF") is _entity_of(entities, "Valdrian Defence Force")
    # same letters, another kind of entity: a member of parliament is not the newspaper
    assert _entity_of(entities, "MP") is not _entity_of(entities, "Meridian Press")


def test_spelling_thresholds_come_from_the_params() -> None:
    assert similar("Jabalya", "Jabalia")
    strict = EntityParams(name_ratio=0.99, short_name_ratio=0.99)
    assert not similar("Jabalya", "Jabalia", strict)
    entities = canonical_entities(_story(), params=strict)
    assert _entity_of(entities, "Tel Hamra") is not _entity_of(entities, "Tel Hamrah")
