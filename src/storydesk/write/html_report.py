"""The report as one self-contained HTML page.

Article text is hostile input: every piece of it goes through `escape`, links are
emitted only for http(s) URLs, and the page forbids scripts and remote loads with a
Content-Security-Policy, so even a missed escape could not run code or fetch anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from html import escape
from urllib.parse import urlparse

from storydesk.model import (
    ArticleRecord,
    EntityCount,
    Mention,
    RunCounts,
    RunInfo,
    RunReport,
    StoryReport,
)
from storydesk.write.html_story import SECTIONS, outlet_names
from storydesk.write.outlet_names import (
    INFERRED_LEGEND,
    UNKNOWN_OUTLET,
    any_inferred,
    date_mark,
    name_ids,
    outlet_name,
    with_basis,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:17px;margin:0 0 4px}
.muted{color:#666;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#f0f0f0}
.card{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:16px;margin:16px 0}
.text{white-space:pre-wrap;font-family:Georgia,serif;font-size:15px}
mark{padding:0 2px;border-radius:3px;background:#fff3bf}
mark.PERSON{background:#d0ebff}mark.ORG{background:#d3f9d8}mark.GPE,mark.LOC,mark.FAC{background:#ffe8cc}
mark.DATE,mark.TIME{background:#f3f0ff}mark.NORP{background:#ffdeeb}
.tag{display:inline-block;font-size:12px;padding:1px 6px;margin:2px;border-radius:10px;background:#eee}
.warn{color:#a61e4d}
h4{margin:18px 0 6px}ol.brief li{margin:4px 0}a.cite{font-size:12px;margin-left:2px}
td.was{background:#fff0f0}td.now{background:#f0fff4}
"""


MAX_FULL_ARTICLES = 300


def safe_link(url: str | None, label: str | None = None) -> str:
    if not url:
        return ""
    text = escape(label or url)
    if urlparse(url).scheme not in ("http", "https"):
        return text
    return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer nofollow">{text}</a>'


def iso(moment: datetime | None) -> str:
    """A time as the pages print it: ISO 8601, or nothing when unknown."""
    return moment.isoformat() if moment is not None else ""


def highlighted_text(text: str, mentions: Sequence[Mention]) -> str:
    """The text with entity spans marked; overlapping spans keep the first."""
    pieces: list[str] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        start, end = mention.start, mention.end
        if start < cursor or end > len(text):
            continue
        pieces.append(escape(text[cursor:start]))
        label = escape(mention.label, quote=True)
        pieces.append(f'<mark class="{label}" title="{label}">{escape(text[start:end])}</mark>')
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def article_card(record: ArticleRecord) -> str:
    analysis = record.analysis
    entities = analysis.entities if analysis is not None else ()
    source = record.source
    basis = record.basis
    facts = [
        ("Outlet", escape(with_basis(record.outlet, basis.outlet, UNKNOWN_OUTLET))),
        ("Published", escape(with_basis(iso(record.published), basis.published, "unknown"))),
        ("Byline", escape(with_basis(record.byline, basis.byline, ""))),
        ("Dateline", escape(record.dateline or "")),
        ("URL", safe_link(record.url)),
        (
            "Source",
            escape(
                f"{source.kind}: {source.path}" + (f" #{source.locator}" if source.locator else "")
            ),
        ),
        ("Sentences", str(len(analysis.sentences) if analysis is not None else 0)),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts if v)
    note = (
        '<p class="warn">Summary only: the feed carried no full text.</p>'
        if record.summary_only
        else ""
    )
    return (
        f'<section class="card" id="a-{escape(record.id, quote=True)}">'
        f"<h3>{escape(record.display_title)}</h3>"
        f'<div class="muted">{escape(record.id)}</div>{note}'
        f"<table>{rows}</table>"
        f"<details><summary>Text with entities ({len(entities)})</summary>"
        f'<div class="text">{highlighted_text(record.text, entities)}</div></details>'
        "</section>"
    )


def story_section(story: StoryReport) -> str:
    names = outlet_names(story)
    titles = {a.id: a.title for a in story.articles}

    def ref(article_id: str) -> str:
        return (
            f'<a href="#a-{escape(article_id, quote=True)}" title="{escape(titles.get(article_id, ""), quote=True)}">'
            f"{escape(names.get(article_id, article_id[:8]))}</a>"
        )

    rows = "".join(
        f"<tr><td>{escape(iso(a.published)[:16])}{date_mark(a.basis) if a.published else ''}"
        f"</td><td>{ref(a.id)}</td><td>{escape(a.title)}</td></tr>"
        for a in story.articles
    )
    said = f"{INFERRED_LEGEND}: each article's card says from what"
    legend = f'<p class="muted">{escape(said)}</p>' if any_inferred(story) else ""
    credited = {a.id: a.credits for a in story.articles}

    def member(article_id: str) -> str:
        credits = credited.get(article_id, ())
        said = f' <span class="muted">(credits {escape(", ".join(credits))})</span>'
        return ref(article_id) + (said if credits else "")

    sources = story.sources
    groups = "".join(
        "<li>" + ", ".join(member(i) for i in group) + "</li>" for group in sources.groups
    )
    derivations = "".join(
        f"<li>{ref(k.derived_id)} is {'a near-verbatim copy' if k.kind == 'duplicate' else 'a rewrite'}"
        f" of {ref(k.source_id)}{'' if k.direction == 'known' else ' (direction unknown)'}: "
        f"{k.verbatim_share:.0%} verbatim, {k.paraphrase_share:.0%} paraphrased"
        f'<div class="muted">{escape(name_ids(k.reason, names))}</div></li>'
        for k in sources.derivations
    )
    extra = "".join(section(story) for section in SECTIONS)
    aliases = f" · merged from {escape(', '.join(story.aliases))}" if story.aliases else ""
    return (
        f'<section class="card" id="{escape(story.id, quote=True)}">'
        f"<h3>{escape(story.title)}</h3>"
        f'<div class="muted">{escape(story.id)}{aliases} · {story.size} articles · '
        f"{sources.independent} independent sources · {escape(', '.join(story.outlets))}</div>"
        f"{extra}"
        f"<h4>Articles</h4><table><tr><th>Published</th><th>Outlet</th><th>Title</th></tr>{rows}</table>{legend}"
        f"<h4>Independent sources ({sources.independent})</h4><ol>{groups}</ol>"
        + (f"<h4>Rewrites and copies</h4><ul>{derivations}</ul>" if derivations else "")
        + "</section>"
    )


def page(title: str, body: str, nav: str = "") -> str:
    """A whole HTML document: `title` is escaped here, `body` and `nav` must already
    be safe HTML."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_STYLE}</style></head>
<body><main>{nav}
<h1>{escape(title)}</h1>
{body}
</main></body></html>
"""


def _counts(counts: RunCounts | None) -> str:
    """ "12 read, 12 new, ..." in the order of RunCounts' fields."""
    if counts is None:
        return ""
    return ", ".join(
        # Field names read as words ("stories changed", not "stories_changed").
        f"{escape(str(getattr(counts, f.name)))} {escape(f.name.replace('_', ' '))}"
        for f in fields(counts)
    )


class HtmlReport:
    """report.html, gathered one article and one story at a time, so a run's report is
    written while report.json streams and never needs the whole run in memory: the page
    keeps a line per article, the first MAX_FULL_ARTICLES in full, and each story's
    section as HTML."""

    def __init__(self, title: str, storydesk: str, generated_at: datetime,
                 run: RunInfo) -> None:  # fmt: skip
        self.title = title
        self.storydesk = storydesk
        self.generated_at = generated_at
        self.run = run
        self.entities: tuple[EntityCount, ...] = ()
        self._index_rows: list[str] = []
        self._cards: list[str] = []
        self._stories: list[str] = []

    def add_article(self, record: ArticleRecord) -> None:
        self._index_rows.append(
            "<tr>"
            f'<td><a href="#a-{escape(record.id, quote=True)}">{escape(record.display_title)}</a></td>'
            f"<td>{escape(outlet_name(record.outlet, record.basis))}</td>"
            f"<td>{escape(iso(record.published)[:16])}</td>"
            f"<td>{escape(record.source.kind)}</td>"
            "</tr>"
        )
        # Full texts make the page grow with the corpus; past a few hundred articles the
        # page would stop being readable (or loadable), and report.json has them all.
        if len(self._cards) < MAX_FULL_ARTICLES:
            self._cards.append(article_card(record))

    def add_story(self, story: StoryReport) -> None:
        self._stories.append(story_section(story))

    def render(self) -> str:
        summary = _counts(self.run.counts)
        entity_tags = "".join(
            f'<span class="tag">{escape(e.text)} <span class="muted">{escape(e.label)} · '
            f"{e.articles}</span></span>"
            for e in self.entities
        )
        failures = self.run.failures
        failure_rows = "".join(
            f"<tr><td>{escape(f.source)}</td><td>{escape(f.reason)}</td>"
            f"<td>{'skipped' if f.skipped else 'failed'}</td></tr>"
            for f in failures
        )
        failure_section = (
            f"<h2>Inputs not read ({len(failures)})</h2><table><tr><th>Input</th>"
            f"<th>Reason</th><th></th></tr>{failure_rows}</table>"
            if failures
            else ""
        )
        articles = len(self._index_rows)
        cards = "".join(self._cards)
        if articles > len(self._cards):
            cards += (
                f'<p class="muted">{articles - len(self._cards)} more articles: '
                "see report.json or <code>storydesk show ID</code>.</p>"
            )
        story_cards = "".join(self._stories)
        return page(self.title, f"""<div class="muted">Generated {escape(iso(self.generated_at))} by storydesk {escape(self.storydesk)}{" · " + summary if summary else ""}</div>
<h2>Stories ({len(self._stories)})</h2>
{story_cards or '<p class="muted">No stories.</p>'}
<h2>Articles ({articles})</h2>
<table><tr><th>Title</th><th>Outlet</th><th>Published (UTC)</th><th>Format</th></tr>{"".join(self._index_rows)}</table>
<h2>Most named</h2><div>{entity_tags or '<span class="muted">none</span>'}</div>
{failure_section}
<h2>Articles in full</h2>
{cards}""")


def render_html(report: RunReport, title: str = "storydesk report") -> str:
    """The page of a report held whole in memory (tests, small runs)."""
    html = HtmlReport(title, report.storydesk, report.generated_at, report.run)
    for record in report.articles:
        html.add_article(record)
    for story in report.stories:
        html.add_story(story)
    html.entities = report.entities
    return html.render()
