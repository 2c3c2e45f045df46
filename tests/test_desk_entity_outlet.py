"""Entity and outlet pages' view models and partials, on the fictional ferry strike:
an entity spelt two ways across two stories, an outlet whose report is rewritten by
another, and hostile text kept inert."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from desk_fixture import HOSTILE, desk_story, lind
from story_render_fixture import OTHERS, REWRITE, SOURCE
from test_desk_render import assert_inert, render

from storydesk.model import ArticleSummary, Link, Placement
from storydesk.write.desk_entity import entity_view, matching_entity
from storydesk.write.desk_outlet import outlet_view
from storydesk.write.desk_refs import WebLinks

WEB = WebLinks()


def _stories(hostile: str = ""):
    first = replace(desk_story(hostile), entities=(lind(hostile),))
    # A second story, naming her only by the other spelling.
    second = replace(
        desk_story(hostile),
        id="S000043",
        entities=(lind(hostile, ("Ada Lindh",)),),
    )
    unrelated = replace(desk_story(hostile), id="S000044", entities=())
    return first, second, unrelated


def test_an_entity_is_found_by_any_of_its_spellings() -> None:
    first, second, _ = _stories()
    assert matching_entity(first, "ada  LINDH") is not None
    assert matching_entity(second, "Ada Lind") is None
    assert matching_entity(second, "Ada Lindh") is not None


def test_entity_view_gathers_stories_spellings_roles_and_mention_links() -> None:
    view = entity_view("Ada Lindh", _stories(), WEB)
    assert [s.story_id for s in view.stories] == ["S000042", "S000043"]
    assert view.spellings == ("Ada Lindh", "Ada Lind")
    assert view.roles == ("union spokeswoman",) and view.labels == ("person",)
    assert view.mentions == 6
    first = view.stories[0]
    assert first.href == "/stories/S000042" and first.articles == 3
    assert [m.text for m in first.shown] == ["Ada Lind", "Ada Lindh", "Ada Lind"]
    assert first.shown[0].ref.href == f"/articles/{SOURCE}?hl=30-38#hl"


def test_entity_partial_lists_spellings_and_links_mentions() -> None:
    html = render("entity", entity=entity_view("Ada Lindh", _stories(), WEB))
    assert "Spelt: <b>Ada Lindh</b> · <b>Ada Lind</b>" in html
    assert f'href="/articles/{SOURCE}?hl=30-38#hl"' in html
    assert '<a href="/stories/S000043">' in html
    nobody = render("entity", entity=entity_view("Nobody", _stories(), WEB))
    assert "No story names Nobody." in nobody


def test_entity_partial_keeps_hostile_text_inert() -> None:
    view = entity_view("Ada Lind" + HOSTILE, _stories(HOSTILE), WEB)
    assert view.stories
    assert_inert(render("entity", entity=view))


def _summary(article_id: str, outlet: str | None, day: int) -> ArticleSummary:
    return ArticleSummary(
        article_id,
        f"Report {article_id[:4]}",
        outlet,
        datetime(2026, 4, day, tzinfo=UTC),
        None,
        False,
        Placement(None, None),
    )


def test_outlet_view_counts_what_it_derived_and_what_others_derived_from_it() -> None:
    courier = [_summary(SOURCE, "Pelham Courier", 10), _summary(OTHERS[2], "Pelham Courier", 9)]
    links = [
        Link(SOURCE, REWRITE, "rewrite", "known", 0.1, 0.8),  # the Quay rewrote it
        Link(OTHERS[0], OTHERS[2], "duplicate", "known", 0.9, 0.0),  # it copied the Wire
        Link(OTHERS[1], SOURCE, "rewrite", "unknown", 0.2, 0.4),  # shares text, order unknown
        Link(SOURCE, OTHERS[3], "rewrite", "known", 0.2, 0.4),  # its own second report
    ]
    outlets = {
        SOURCE: "Pelham Courier",
        OTHERS[2]: "Pelham Courier",
        OTHERS[3]: "Pelham Courier",
        REWRITE: "Daily Quay",
        OTHERS[0]: None,
        OTHERS[1]: "Lindqvist Radio",
    }
    stories = {SOURCE: "S000042"}
    view = outlet_view("Pelham Courier", 3, courier, links, outlets, stories, WEB)
    assert (view.derived, view.copied, view.unknown, view.own_outlet) == (1, 1, 1, 1)
    assert view.derived_from == (("articles with no outlet stated", 1),)
    assert view.copied_by == (("Daily Quay", 1),)
    assert view.derived_share == "33%"
    newest, copier = view.shown
    assert newest.copied_by == 1 and newest.story_href == "/stories/S000042"
    assert copier.derived_from == f"a near-verbatim copy of {OTHERS[0][:8]}"
    assert copier.story_href is None
    html = render("outlet", outlet=view)
    flat = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "3 articles. 1 (33%) is a copy or rewrite of another outlet's report" in flat
    assert "1 is copied or rewritten by others: by Daily Quay (1)." in flat
    assert "1 pair share text with another outlet's report, which came first unknown." in flat


def test_outlet_partial_keeps_hostile_text_inert() -> None:
    name = "Pelham Courier" + HOSTILE
    articles = [replace(_summary(SOURCE, name, 10), title="Strike" + HOSTILE)]
    view = outlet_view(name, 1, articles, [], {SOURCE: name}, {}, WEB)
    assert_inert(render("outlet", outlet=view))


def test_names_given_once_are_shown_apart_as_also_mentioned_with_kinds_in_words() -> None:
    from storydesk.write.story_view import StoryView
    from storydesk.write.templates import environment

    once = replace(lind(HOSTILE, ("Brannock Gazette",)), id="e2", label="ORG",
                   also_mentioned=True)  # fmt: skip
    story = replace(desk_story(), entities=(lind(), once))
    view = StoryView(story, WEB)
    assert [e.name for e in view.entities] == ["Ada Lind"]
    assert [e.name for e in view.also_mentioned] == ["Brannock Gazette" + HOSTILE]
    html = environment().get_template("story/entities.html").render(view=view)
    main, apart = html.split("Also mentioned: 1 names the story gives once")
    assert "Ada Lind" in main and "person" in main and "PERSON" not in html
    assert "Brannock Gazette" in apart and "organisation" in apart
    assert_inert(html)
