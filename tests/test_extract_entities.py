from __future__ import annotations

from claims_helpers import fixture_analyses

from storydesk.reconcile.entities import canonical_entities, similar, skeleton


def _story() -> list:
    analyses = fixture_analyses()
    names = ("harbour_wire.txt", "coastal_times.txt", "gaza_followup.txt")
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
    assert _entity_of(entities, "Benjamin Netanyahu") is not _entity_of(entities, "Sara Netanyahu")


def test_roles_offices_and_titles() -> None:
    entities = canonical_entities(_story())
    barnia = _entity_of(entities, "David Barnia")
    assert "Mossad chief" in barnia.roles
    marta = _entity_of(entities, "Marta Oquendo")
    assert "Transport Minister" in marta.roles
    netanyahu = _entity_of(entities, "Benjamin Netanyahu")
    offices = [e for e in entities if netanyahu.id in e.related]
    assert offices and offices[0].label == "ORG"


def test_name_similarity() -> None:
    assert similar("Jabalya", "Jabalia") and similar("Khan Yunis", "Khan Younis")
    assert similar("David Barnea", "David Barnia")
    assert not similar("Gaza", "Giza") and not similar("Israel", "Israeli Army")
    assert skeleton("Tel Hamrah") == skeleton("Tel Hamra")
