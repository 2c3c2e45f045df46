"""A story as the desk reads it, top to bottom: its clean title, what is established,
where sources disagree, who copied whom (the graph and what each derivation changed).
The brief, timeline, quotes and entities follow in the story templates; this gathers
the parts that have a view model of their own, so the web page and report.html build
them the same way and differ only in their `Linker`."""

from __future__ import annotations

from dataclasses import dataclass

from storydesk.model import StoryReport
from storydesk.write.desk_changes import DerivationView, derivation_views
from storydesk.write.desk_conflicts import ConflictCard, conflict_cards
from storydesk.write.desk_established import EstablishedView, established
from storydesk.write.desk_graph import Graph, derivation_graph
from storydesk.write.desk_refs import Linker, Refs
from storydesk.write.desk_title import clean_title


@dataclass(frozen=True, slots=True)
class DeskStory:
    title: str  # the clean title, shown once
    stored_title: str  # the clusterer's title, when it differs ("" when the same)
    established: EstablishedView
    cards: tuple[ConflictCard, ...]
    graph: Graph
    derivations: tuple[DerivationView, ...]
    refs: Refs  # the story's citations as links, for the sections that follow


def desk_story(story: StoryReport, links: Linker) -> DeskStory:
    title = clean_title(story)
    return DeskStory(
        title=title,
        stored_title=story.title if story.title != title else "",
        established=established(story, links),
        cards=conflict_cards(story, links),
        graph=derivation_graph(story, links),
        derivations=derivation_views(story, links),
        refs=Refs(story, links),
    )
