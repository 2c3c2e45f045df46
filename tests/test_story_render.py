"""What `storydesk show` and the story HTML (report.html and the web page share it)
make of claims, discrepancies and the timeline: a fictional story built by hand
(tests/story_render_fixture.py), so each part is checked whatever the stages compute."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from story_render_fixture import (
    OTHERS,
    OUTLETS,
    REWRITE,
    SOURCE,
    SPOKESMAN,
    UNION,
    WALKOUT,
    fictional_story,
)

from storydesk.cli_views import print_story, print_story_results
from storydesk.model import StoryClaim, StoryReport
from storydesk.write.html_report import story_section


def _shown(capsys: pytest.CaptureFixture[str], report: StoryReport, show_all: bool = False) -> str:
    capsys.readouterr()
    print_story(report)
    print_story_results(report, show_all=show_all)
    return capsys.readouterr().out


def _section(text: str, heading: str) -> str:
    """The lines of one section of `show`: from its heading to the next blank line."""
    start = text.index(heading)
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else None]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _many_claims(count: int) -> tuple[StoryClaim, ...]:
    return tuple(
        StoryClaim(f"m{n}", f"Fictional claim number {n}.", (), ((SOURCE,), (OTHERS[0],)), 2)
        for n in range(count)
    )


# --- the CLI ------------------------------------------------------------------------


def test_show_lists_established_claims_with_their_independent_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = _shown(capsys, fictional_story())
    established = _flat(_section(shown, "established by several independent sources (2):"))
    assert f"- {WALKOUT} [7 independent: Pelham Courier aaaa1111; Daily Quay dddd4444;" in (
        established
    )
    # Past six articles the rest are counted, not listed.
    assert "Gullhaven Herald ffff6666 + 2 more]" in established
    assert "Isle Tribune" not in established
    assert f"- {UNION} [2 independent:" in established
    # Stated by the source and its rewrite only: one source, so not established.
    assert SPOKESMAN not in shown


def test_show_caps_the_established_claims(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _shown(capsys, replace(fictional_story(), claims=_many_claims(13)))
    section = _section(shown, "established by several independent sources (13):")
    assert "Fictional claim number 9." in section
    assert "Fictional claim number 10." not in section
    assert "... and 3 more (see the report)" in section


def test_brief_lists_every_supporting_article_politely(
    capsys: pytest.CaptureFixture[str],
) -> None:
    brief = _flat(_section(_shown(capsys, fictional_story()), "brief ("))
    assert f"1. {WALKOUT} [7 independent: Pelham Courier aaaa1111;" in brief
    assert "+ 2 more]" in brief
    assert f"2. {UNION} [2 independent: Pelham Courier aaaa1111; North Shore Wire bbbb2222; " in (
        brief
    )


def test_show_says_what_the_rewrite_changed_under_its_derivation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = _flat(_section(_shown(capsys, fictional_story()), "sources:"))
    derivation = sources.index("dddd4444 (Daily Quay) is a rewrite of aaaa1111 (Pelham Courier)")
    changed = sources.index("what it changed:")
    assert derivation < changed
    assert (
        "* date of the event: changed 'spread again Saturday' (aaaa1111 @120-141) -> "
        "'began Saturday' (dddd4444 @98-112) The Daily Quay dates the start of the walkout"
    ) in sources
    assert "* figure: changed '400' (aaaa1111 @215-218) -> '40' (dddd4444 @195-197)" in sources
    assert "* qualifier: dropped 'for every shift' (aaaa1111 @250-265; not in dddd4444 @230)" in (
        sources
    )


def test_conflicts_list_each_discrepancy_as_introduced_by_the_rewrite(
    capsys: pytest.CaptureFixture[str],
) -> None:
    conflicts = _flat(_section(_shown(capsys, fictional_story()), "conflicts ("))
    assert conflicts.startswith("conflicts (3; 3 introduced by rewrites or copies):")
    assert conflicts.count("! Introduced by rewrite dddd4444 (Daily Quay)") == 3
    assert "! Introduced by rewrite dddd4444 (Daily Quay) [date of the event]: The Daily Quay" in (
        conflicts
    )
    assert "source Pelham Courier aaaa1111 @120-141: 'spread again Saturday'" in conflicts
    assert "rewrite Daily Quay dddd4444 @98-112: 'began Saturday'" in conflicts
    # The re-dated event names the articles that date it as the source does.
    assert "as the source has it, also: North Shore Wire bbbb2222; Lindqvist Radio cccc3333" in (
        conflicts
    )
    assert "rewrite Daily Quay dddd4444 @230: (no such words)" in conflicts


def test_a_change_of_unknown_direction_is_not_blamed_on_either_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = _flat(_shown(capsys, fictional_story(direction="unknown")))
    assert "Introduced by" not in shown
    assert (
        shown.count(
            "! Differs between dddd4444 (Daily Quay) and aaaa1111 (Pelham Courier) (one a rewrite "
            "of the other; which came first is unknown)"
        )
        == 3
    )


def test_timeline_folds_background_events_unless_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    story = fictional_story()
    folded = _flat(_section(_shown(capsys, story), "timeline:"))
    assert "2 earlier background events (show --all to list them)" in folded
    assert "opened in 2019" not in folded and "May 2024" not in folded
    assert f"2026-04-10 {WALKOUT} [7 independent: Pelham Courier aaaa1111;" in folded
    everything = _flat(_section(_shown(capsys, story, show_all=True), "timeline:"))
    assert "background events" not in everything
    assert everything.index("opened in 2019") < everything.index("May 2024")
    assert "2019 The Brannock terminal opened in 2019. [1 independent: North Shore Wire" in (
        everything
    )
    assert everything.index("May 2024") < everything.index(WALKOUT)


# --- the HTML (report.html and the web story page) ------------------------------------


def _html_section(html: str, name: str) -> str:
    """One desk section of a story's HTML: from its <section class="desk NAME"> to the
    next section."""
    start = html.index(f'<section class="desk {name}"')
    end = html.find('<section class="desk ', start + 1)
    return html[start : end if end >= 0 else None]


def test_html_shows_what_is_established_with_linked_citations() -> None:
    html = story_section(fictional_story())
    established = _html_section(html, "established")
    assert "What is established (2)" in established
    assert WALKOUT in established and UNION in established
    assert SPOKESMAN not in html
    assert "7 independent sources, 8 articles:" in established
    for article_id in (SOURCE, REWRITE, *OTHERS):
        assert f'href="#a-{article_id}"' in established  # every supporting article, linked


def test_html_folds_established_claims_past_twenty() -> None:
    html = story_section(replace(fictional_story(), claims=_many_claims(23)))
    established = _html_section(html, "established")
    assert "What is established (23)" in established
    folded = established[established.index("<details>") :]
    assert "Fictional claim number 19." not in folded
    assert "<summary>3 more</summary>" in folded and "Fictional claim number 22." in folded


def test_html_lists_what_each_rewrite_changed_under_who_copied_whom() -> None:
    html = story_section(fictional_story())
    copied = _html_section(html, "copied")
    assert "<svg" in copied  # the derivation graph
    heading = re.search(r"<h3>(.*?)</h3>", copied[copied.index("</svg>") :])
    assert heading is not None
    assert re.sub(r"<[^>]+>", "", heading.group(1)) == "Daily Quay is a rewrite of Pelham Courier"
    changes = re.findall(r'<li class="(?:flagged|held)"><span class="tag">(.*?)</span>', copied)
    assert changes == ["date of the event", "figure", "qualifier"]
    assert "changed: “spread again Saturday” → “began Saturday”" in copied
    assert f'href="#a-{SOURCE}" title="chars 120–141">Pelham Courier</a>' in copied
    assert f'href="#a-{REWRITE}" title="chars 98–112">Daily Quay</a>' in copied
    assert "dropped: “for every shift” → <span class=\"muted\">(nothing)</span>" in copied


def test_html_lists_discrepancies_among_the_disagreements() -> None:
    html = story_section(fictional_story())
    disagree = _html_section(html, "disagree")
    assert "Where sources disagree (3)" in disagree
    assert disagree.count("</span> Introduced by rewrite Daily Quay</h3>") == 3
    assert '<span class="tag">date of the event</span>' in disagree
    assert f'As the source has it, also: <a class="cite" href="#a-{OTHERS[0]}"' in disagree
    unknown = story_section(fictional_story(direction="unknown"))
    assert "Introduced by" not in unknown and "which came first is unknown" in unknown


def test_html_timeline_keeps_background_events_in_a_closed_details() -> None:
    html = story_section(fictional_story())
    timeline = _html_section(html, "timeline")
    opened, closed = timeline.index("<details>"), timeline.index("</details>")
    assert "<details open" not in timeline
    assert "<summary>2 earlier background events</summary>" in timeline
    assert opened < timeline.index("opened in 2019") < closed
    assert opened < timeline.index("May 2024") < closed
    assert timeline.index(WALKOUT) > closed
    assert f"<td>{WALKOUT}</td><td>7</td>" in timeline  # the independent count


def test_html_reads_in_desk_order() -> None:
    html = story_section(fictional_story())
    order = ["established", "disagree", "copied", "brief", "timeline", "articles"]
    found = [html.index(f'<section class="desk {name}"') for name in order]
    assert found == sorted(found)


HOSTILE = "<script>alert('claim')</script><img src=x onerror=alert(2)>"


def test_html_escapes_hostile_claims_and_discrepancies() -> None:
    html = story_section(fictional_story(HOSTILE))
    assert "<script>" not in html and "<img" not in html
    escaped = "&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt;"
    for name in ("established", "copied", "disagree", "timeline"):
        assert escaped in _html_section(html, name), name
    assert OUTLETS[REWRITE] in html


def test_changes_of_a_pair_no_longer_linked_are_still_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Results computed before the story's links changed: the discrepancies stay
    visible, without claiming which kind of derivation made them."""
    story = fictional_story()
    unlinked = replace(story, sources=replace(story.sources, derivations=()))
    shown = _flat(_shown(capsys, unlinked))
    assert "- dddd4444 (Daily Quay) against aaaa1111 (Pelham Courier): what it changed:" in shown
    assert shown.count("! Introduced by derived article dddd4444 (Daily Quay)") == 3
    html = story_section(unlinked)
    copied = _html_section(html, "copied")
    assert re.search(f'href="#a-{REWRITE}"[^>]*>Daily Quay</a> is derived from <a', copied)
    assert "spread again Saturday" in copied
