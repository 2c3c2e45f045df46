"""The report as one self-contained HTML page (templates/report.html).

Article text is hostile input: the templates escape everything they print, link only
to http(s) addresses, and the page forbids scripts and remote loads with a
Content-Security-Policy, so even a missed escape could not run code or fetch anything.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from markupsafe import Markup

from storydesk.model import (
    ArticleRecord,
    EntityCount,
    RunCounts,
    RunInfo,
    RunReport,
    StoryReport,
)
from storydesk.write.outlet_names import outlet_name
from storydesk.write.story_view import StoryView
from storydesk.write.templates import environment, render

MAX_FULL_ARTICLES = 300


def story_section(story: StoryReport) -> Markup:
    """A story's section, as the web story page and report.html show it. Markup: the
    text comes out of an autoescaping template, every value in it escaped there."""
    template = environment().get_template("story/section.html")
    return Markup(template.render(view=StoryView(story)))


def story_part(name: str, story: StoryReport) -> str:
    """One section of a story alone ("quotes", "timeline", ... of templates/story/)."""
    return render(f"story/{name}.html", view=StoryView(story))


def article_card(record: ArticleRecord) -> Markup:
    """An article in full (metadata and text), rendered by its autoescaping template."""
    card: Markup = environment().get_template("article_card.html").module.card(record)  # type: ignore[attr-defined]
    return card


@dataclass(frozen=True, slots=True)
class _IndexRow:
    id: str
    title: str
    outlet: str
    published: datetime | None
    kind: str


def _counts(counts: RunCounts | None) -> str:
    """ "12 read, 12 new, ..." in the order of RunCounts' fields."""
    if counts is None:
        return ""
    # Field names read as words ("stories changed", not "stories_changed").
    return ", ".join(
        f"{getattr(counts, f.name)} {f.name.replace('_', ' ')}" for f in fields(counts)
    )


class HtmlReport:
    """report.html, gathered one article and one story at a time, so a run's report is
    written while report.json streams and never needs the whole run in memory: the page
    keeps a line per article, the first MAX_FULL_ARTICLES in full, and each story's
    section rendered."""

    def __init__(self, title: str, storydesk: str, generated_at: datetime,
                 run: RunInfo) -> None:  # fmt: skip
        self.title = title
        self.storydesk = storydesk
        self.generated_at = generated_at
        self.run = run
        self.entities: tuple[EntityCount, ...] = ()
        self._index: list[_IndexRow] = []
        self._cards: list[Markup] = []
        self._stories: list[Markup] = []

    def add_article(self, record: ArticleRecord) -> None:
        outlet = outlet_name(record.outlet, record.basis)
        self._index.append(_IndexRow(record.id, record.display_title, outlet,
                                     record.published, record.source.kind))  # fmt: skip
        # Full texts make the page grow with the corpus; past a few hundred articles the
        # page would stop being readable (or loadable), and report.json has them all.
        if len(self._cards) < MAX_FULL_ARTICLES:
            self._cards.append(article_card(record))

    def add_story(self, story: StoryReport) -> None:
        self._stories.append(story_section(story))

    def render(self) -> str:
        return render(
            "report.html", title=self.title, storydesk=self.storydesk,
            generated_at=self.generated_at, summary=_counts(self.run.counts),
            stories=self._stories, index=self._index, entities=self.entities,
            failures=self.run.failures, cards=self._cards,
        )  # fmt: skip


def render_html(report: RunReport, title: str = "storydesk report") -> str:
    """The page of a report held whole in memory (tests, small runs)."""
    html = HtmlReport(title, report.storydesk, report.generated_at, report.run)
    for record in report.articles:
        html.add_article(record)
    for story in report.stories:
        html.add_story(story)
    html.entities = report.entities
    return html.render()
