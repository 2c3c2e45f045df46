"""The story's entity list and what is only "also mentioned": a name the whole story
writes once, with a weak label, is listed apart (flagged, never dropped); a place, a
person's full name and an organisation's name ending in its head stay in the list.
All text here is fictional."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from story_render_fixture import fictional_story

from storydesk import codec
from storydesk.cli_views import print_story_results
from storydesk.model import (
    Analysis,
    Article,
    CanonicalEntity,
    EntityMention,
    Mention,
    Provenance,
)
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.entity_evidence import weak_evidence
from storydesk.reconcile.entity_params import EntityParams

Item = tuple[Article, Analysis, None]

FLOOD = (
    "Floodwater reached Marrowvale on Sunday. Mayor Ilse Varden said the Holloway Dam held. "
    "The Eastland Relief Fund sent boats, and Varden thanked Tarrow Mutual. "
    "Ministry inspectors are expected. In Kirkbrae, Varden met Tarrow Mutual again."
)
FLOOD_NAMES = [
    ("Marrowvale", "GPE"),  # named once, a place: listed
    ("Ilse Varden", "PERSON"),  # a full name
    ("Varden", "PERSON"),
    ("Holloway Dam", "FAC"),  # once, a facility without an organisation's head
    ("Eastland Relief Fund", "ORG"),  # once, ends in "Fund"
    ("Tarrow Mutual", "ORG"),  # twice
    ("Ministry", "ORG"),  # once, one word
    ("Kirkbrae", "GPE"),
]


def _article(text: str, names: list[tuple[str, str]]) -> Item:
    """An article with each (name, label) marked as a spaCy mention at every occurrence
    (a shorter name inside a longer one is marked only where it stands alone)."""
    article = Article.build(text, Provenance("t.txt", "text"))
    spans: list[Mention] = []
    for name, label in sorted(names, key=lambda n: -len(n[0])):
        for m in re.finditer(re.escape(name), text):
            if not any(s.start <= m.start() < s.end for s in spans):
                spans.append(Mention(m.start(), m.end(), name, label))
    mentions = tuple(sorted(spans, key=lambda m: m.start))
    return article, Analysis(article.id, (), mentions, "test"), None


def _split(entities: list[CanonicalEntity]) -> tuple[set[str], set[str]]:
    listed = {e.name for e in entities if not e.also_mentioned}
    return listed, {e.name for e in entities if e.also_mentioned}


def test_names_written_once_with_a_weak_label_are_listed_apart() -> None:
    entities = canonical_entities([_article(FLOOD, FLOOD_NAMES)])
    listed, apart = _split(entities)
    assert listed == {"Marrowvale", "Ilse Varden", "Eastland Relief Fund", "Tarrow Mutual",
                      "Kirkbrae"}  # fmt: skip
    assert apart == {"Holloway Dam", "Ministry"}
    # The list comes first: a reader taking the first names takes the list.
    flags = [e.also_mentioned for e in entities]
    assert flags == sorted(flags)
    # Off, nothing is listed apart and nothing is lost.
    off = canonical_entities([_article(FLOOD, FLOOD_NAMES)],
                             params=EntityParams(also_mentioned=False))  # fmt: skip
    assert _split(off) == (listed | apart, set())


def test_a_name_written_in_two_articles_is_listed() -> None:
    second = "Ministry staff counted the boats at the Holloway Dam."
    items = [_article(FLOOD, FLOOD_NAMES),
             _article(second, [("Ministry", "ORG"), ("Holloway Dam", "FAC")])]  # fmt: skip
    listed, apart = _split(canonical_entities(items))
    assert {"Ministry", "Holloway Dam"} <= listed
    assert not apart


@pytest.mark.parametrize(
    ("name", "label", "weak"),
    [
        ("Quennel", "GPE", False),  # a place named once
        ("Orla Penhale", "PERSON", False),  # a full name
        ("Penhale", "PERSON", True),  # one word: a surname or a common word opening a line
        ("Brackwater College", "ORG", False),  # an organisation's head
        ("Royal Botanical", "ORG", True),  # cut before its head
        ("Northmen", "NORP", True),
    ],
)
def test_weak_evidence_by_label_and_shape(name: str, label: str, weak: bool) -> None:
    entity = CanonicalEntity(f"x:{name}", name, label, (), (), ())
    once = replace(entity, mentions=(EntityMention("a1", 0, len(name), name),))
    assert weak_evidence(once) is weak
    twice = replace(once, mentions=once.mentions * 2)
    assert weak_evidence(twice) is False


def test_the_flag_reaches_json_and_show_lists_them_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entities = tuple(canonical_entities([_article(FLOOD, FLOOD_NAMES)]))
    data = [codec.to_data(e) for e in entities]
    assert {d["name"] for d in data if d["also_mentioned"]} == {"Holloway Dam", "Ministry"}
    story = replace(fictional_story(), entities=entities)
    print_story_results(story)
    out = capsys.readouterr().out
    listed = out[out.index("entities (spelling variants unified):") :]
    listed = listed[: listed.index("\n\n")]
    assert "Tarrow Mutual" in listed and "Ministry" not in listed
    apart = out[out.index("also mentioned (named once, not checked as names): 2") :]
    assert "Holloway Dam, Ministry" in apart
