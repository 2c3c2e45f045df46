"""The desk partials (templates/desk/) rendered with the pages' Environment on the
fictional ferry strike: what each shows, in which order, and that hostile article
text (a script, a `javascript:` link, an attribute break-out) stays text."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from desk_fixture import (
    HOSTILE,
    desk_link,
    desk_story,
    pair_discrepancies,
    rewrite_record,
    source_record,
)
from story_render_fixture import OTHERS, REWRITE, SOURCE, UNION, WALKOUT

from storydesk.model import StoryReport
from storydesk.write.desk_article import article_evidence
from storydesk.write.desk_compare import compare_view
from storydesk.write.desk_refs import Linker, ReportLinks, WebLinks
from storydesk.write.story_view import StoryView
from storydesk.write.templates import environment

STORY_PARTIALS = ("title", "established", "conflicts", "changes")


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    """No script, no image, no event handler, no link that runs (an article's own
    http(s) address is the only way off the site)."""
    for tag, attrs in tags(html):
        assert tag not in ("script", "img", "iframe", "object", "embed"), tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("/", "#", "http://", "https://")), href
    assert "&lt;script&gt;" in html  # the hostile text is shown, as text


def render(name: str, **context: object) -> str:
    return environment().get_template(f"desk/{name}.html").render(**context)


def story_html(
    story: StoryReport, links: Linker | None = None, parts: tuple[str, ...] = STORY_PARTIALS
) -> str:
    """The story's desk partials as the story section renders them."""
    view = StoryView(story, links or WebLinks())
    return "".join(
        render(p, view=view, desk=view.desk, story=story, in_report=view.in_report)
        for p in parts
    )


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("part", [*STORY_PARTIALS, "graph"])
def test_every_story_partial_keeps_hostile_text_inert(part: str) -> None:
    story = replace(desk_story(HOSTILE), discrepancies=pair_discrepancies(HOSTILE))
    assert_inert(story_html(replace(story, title=HOSTILE), parts=(part,)))


def test_title_heads_the_story_in_the_report_and_counts_follow() -> None:
    # On the web the page's <h1> is the title: the partial gives only the counts.
    web = story_html(desk_story(), parts=("title",))
    assert "<h1" not in web and "<h3" not in web
    report = story_html(desk_story(), ReportLinks(), parts=("title",))
    # All titles are equally central: the shortest wins, and not the stored run-on.
    assert '<h3 class="desk-title">Brannock ferry strike (Daily Quay)</h3>' in report
    flat = _flat(web)
    assert "S000042 · 8 articles · 7 independent sources · 5 disagreements" in flat
    assert "· 1 copy or rewrite ·" in flat
    assert 'href="#S000042-disagree"' in web
    assert "Other headlines BRANNOCK-FERRY-STRIKE-UPDATE" in flat


def test_established_lists_statements_strongest_first_with_their_counts() -> None:
    html = story_html(desk_story(), parts=("established",))
    flat = _flat(html)
    assert "What is established (3)" in flat
    assert flat.index(WALKOUT) < flat.index(UNION) < flat.index("400 crew members on strike")
    assert "7 independent sources, 8 articles:" in flat
    assert f'href="/articles/{SOURCE}?hl=0-40#hl"' in html
    assert "+ 0 more" not in flat


def test_conflict_cards_show_both_sides_and_link_both_spans() -> None:
    html = story_html(desk_story(), parts=("conflicts",))
    cards = re.findall(r'<article class="conflict (\w+)"', html)
    assert cards == ["figures", "days", "introduced", "introduced", "introduced"]
    first = html[: html.index('<article class="conflict days"')]
    flat = _flat(first)
    assert "crew members on strike: 400 vs 250" in flat
    assert "according to the union" in flat and "according to the port authority" in flat
    assert "in Pelham Courier (copied by others in the story; published 2026-04-10)" in flat
    assert "in Lindqvist Radio (an independent source; published 2026-04-10)" in flat
    assert f'href="/articles/{SOURCE}?hl=40-43#hl"' in first
    assert f'href="/articles/{OTHERS[1]}?hl=40-43#hl"' in first
    assert "source : may explain it — the union and the port authority" in flat
    assert "scope : does not explain it — both are for the Brannock terminal" in flat
    assert "Compared because both count crew members on strike on the same day." in flat
    introduced = html[html.index('<article class="conflict introduced"') :]
    assert f'href="/articles/{REWRITE}/compare/{SOURCE}"' in introduced


def test_changes_draw_the_graph_and_list_what_each_derivation_changed() -> None:
    story = replace(desk_story(), discrepancies=pair_discrepancies())
    html = story_html(story, parts=("changes",))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<rect") == 8 and svg.count('class="node original"') == 7
    assert 'marker-end="url(#arrow-S000042)"' in svg
    assert f'<a href="/articles/{REWRITE}">' in svg
    flat = _flat(html[html.index("</svg>") :])
    assert "Daily Quay is a rewrite of Pelham Courier" in flat
    assert "25% copied verbatim, 50% paraphrased, 3 aligned passages" in flat
    assert "figure changed: “400” → “40”" in flat and "Flagged as a conflict." in flat
    assert "qualifier dropped: “for every shift” → (nothing)" in flat
    assert "Not flagged: a qualifier dropped from a count the story gives elsewhere." in flat


def test_unknown_direction_is_dashed_and_said() -> None:
    html = story_html(desk_story(direction="unknown"), parts=("changes",))
    assert 'class="edge unknown"' in html and "marker-end" not in html.split("</defs>")[1]
    assert "(which came first is unknown)" in _flat(html)


def test_report_links_stay_in_the_file() -> None:
    story = replace(desk_story(), discrepancies=pair_discrepancies())
    html = story_html(story, ReportLinks())
    hrefs = [a["href"] for _, a in tags(html) if a.get("href")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "Side by side" not in html  # no such page in a file


def test_article_text_marks_the_span_with_the_anchor() -> None:
    record = source_record(HOSTILE)
    start = record.text.index("400")
    evidence = article_evidence(record, f"{start}-{start + 3}")
    html = render("article_text", segments=evidence.segments, hl_where=evidence.hl_where)
    assert '<mark class="hl" id="hl" title="the cited span">400</mark>' in html
    assert html.count('id="hl"') == 1
    assert "(chars 74–77) is marked in the text" in _flat(html)
    assert_inert(html)


def test_article_text_marks_dropped_words_with_a_caret() -> None:
    record = rewrite_record()
    evidence = article_evidence(record, "40-40")
    html = render("article_text", segments=evidence.segments, hl_where=evidence.hl_where)
    assert '<mark class="gap hl" id="hl" title="the cited span">‸</mark>' in html


def test_basis_table_marks_inferred_values_and_links_the_outlet() -> None:
    evidence = article_evidence(source_record(HOSTILE), None, linker=WebLinks())
    html = render("basis", basis_rows=evidence.basis_rows, outlet_href=evidence.outlet_href)
    assert '<a href="/outlets/Pelham%20Courier%3Cscript%3E' in html
    assert '<tr class="inferred"><td>Published</td>' in html
    assert "inferred from the archive&#39;s capture date" in html
    assert "Inferred: a guess" in html
    assert_inert(html)


def test_compare_shows_two_columns_with_changes_marked_and_numbered() -> None:
    view = compare_view(
        source_record(HOSTILE),
        rewrite_record(HOSTILE),
        desk_link(),
        pair_discrepancies(HOSTILE),
        WebLinks(),
    )
    html = render("compare", compare=view)
    pairs = re.findall(r'<div class="pair (\w+)">', html)
    assert pairs == ["head", "paraphrase", "paraphrase", "verbatim", "own"]
    assert '<mark class="was" id="c1"' in html and '<mark class="now"' in html
    assert '<a href="#c1">figure</a> changed: “400” → “40”' in html
    assert "(not in the source)" in html
    assert "What it did not take from the source (1 passage)" in html
    assert_inert(html)


def test_css_stacks_columns_on_a_phone() -> None:
    css = environment().get_template("desk/desk.css").render()
    phone = css[css.index("@media (max-width:600px)") :]
    assert ".sides,.pair{grid-template-columns:1fr}" in phone
