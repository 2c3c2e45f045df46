"""An entity's page: the stories that name it, with every spelling they use
("Barnea" / "Barnia"), the roles they give it, and links to its mentions with the
mention highlighted.

An entity is one story's `CanonicalEntity`; across stories it is matched by name:
a story's entity is this one when its name or one of its spellings is the name asked
for (case aside). Spellings found in one story lead to the stories that use only
them (the web route searches for each, see web/desk_routes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storydesk.model import CanonicalEntity, StoryReport
from storydesk.write.desk_refs import Linker, Ref, Refs
from storydesk.write.desk_title import clean_title
from storydesk.write.story_labels import entity_kind

MENTIONS_SHOWN = 8  # mention links per story


@dataclass(frozen=True, slots=True)
class MentionRef:
    text: str  # the words in the article ("Barnia")
    ref: Ref


@dataclass(frozen=True, slots=True)
class EntityStory:
    story_id: str
    title: str
    href: str
    name: str  # the story's name for the entity
    label: str  # PERSON, ORG, GPE, ... (the model's code)
    variants: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: int
    articles: int
    shown: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    labels: tuple[str, ...]  # the kinds in words: "person", "place"
    spellings: tuple[str, ...]  # every spelling across its stories, the name first
    roles: tuple[str, ...]
    stories: tuple[EntityStory, ...]  # most mentions first

    @property
    def mentions(self) -> int:
        return sum(s.mentions for s in self.stories)


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def matching_entity(story: StoryReport, name: str) -> CanonicalEntity | None:
    """The story's entity named `name` or spelt so; the most mentioned when several."""
    key = _key(name)
    found = [e for e in story.entities if key in {_key(e.name), *(_key(v) for v in e.variants)}]
    return max(found, key=lambda e: len(e.mentions)) if found else None


def entity_view(name: str, stories: Sequence[StoryReport], links: Linker) -> EntityView:
    """The entity across the given stories (those naming it are kept)."""
    rows: list[EntityStory] = []
    for story in stories:
        entity = matching_entity(story, name)
        if entity is None:
            continue
        refs = Refs(story, links)
        rows.append(
            EntityStory(
                story.id,
                clean_title(story),
                links.story(story.id),
                entity.name,
                entity.label,
                entity.variants,
                entity.roles,
                len(entity.mentions),
                len({m.article_id for m in entity.mentions}),
                tuple(MentionRef(m.text, refs.ref(m)) for m in entity.mentions[:MENTIONS_SHOWN]),
            )
        )
    rows.sort(key=lambda r: -r.mentions)
    spellings: dict[str, str] = {_key(name): name}
    for row in rows:
        for spelling in (row.name, *row.variants):
            spellings.setdefault(_key(spelling), spelling)
    return EntityView(
        name,
        tuple(dict.fromkeys(entity_kind(r.label) for r in rows)),
        tuple(spellings.values()),
        tuple(dict.fromkeys(role for r in rows for role in r.roles)),
        tuple(rows),
    )
