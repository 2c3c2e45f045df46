"""Who copied whom, laid out for an inline SVG (drawn by templates/desk/graph.html:
the template only places what is computed here, every text autoescaped, no script).

One block per independent source that has several articles: its articles as a tree,
each original at the left and what was derived from it indented below it, an arrow
from source to derived (dashed, without a head, where which came first is unknown).
A source whose reports derive from none of each other (one outlet's reports, counted
once) and the independent sources of one article each (nobody in the story copied
them and they copied nobody) are drawn as grids: there is nothing to link. Originals
are drawn with a heavy border. The layout is one column wide (WIDTH units, drawn at
most that many pixels wide), so it stays readable on a phone and grows only in height
with the story: about 50 units per article in a tree, 25 per article in a grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storydesk.model import Link, StoryReport
from storydesk.write.desk_refs import SHORT_ID, Linker, article_labels

WIDTH = 400
MARGIN = 4
NODE_H = 38
ROW_GAP = 10
INDENT = 26  # per derivation step
MAX_DEPTH = 5  # deeper chains stop indenting (the arrows still say who copied whom)
GUTTER = 18  # right of the trees: room for the curve of an article's second source
HEADER_H = 22
GRID_COLUMNS = 2
SMALL = 11 / 13  # the second line's font against the label's


@dataclass(frozen=True, slots=True)
class Node:
    article_id: str
    x: int
    y: int
    w: int
    h: int
    label: str  # the outlet, fitted to the box
    sub: str  # short id and date
    title: str  # the whole label and title, on hover
    href: str
    original: bool  # an independent source's own report (copied by none it copied)


@dataclass(frozen=True, slots=True)
class Edge:
    path: str  # SVG path data
    known: bool  # the direction is known: drawn with an arrowhead
    title: str  # "f39caec6 is a rewrite of 4f61a1b0 (24% verbatim, 44% paraphrased)"


@dataclass(frozen=True, slots=True)
class Caption:
    x: int
    y: int
    text: str


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    captions: tuple[Caption, ...]
    derivations: int
    originals: int


def _width(char: str) -> float:
    """A character's width in the 13-unit bold label font, roughly and on the wide
    side (capitals and digits are wider than lower case, spaces narrower)."""
    if char.isupper() or char.isdigit() or char in "&%@#MW":
        return 10.0
    if char.isspace() or char in ".,;:'’|!il":
        return 4.2
    return 7.6


def fit(text: str, width: float, scale: float = 1.0) -> str:
    """`text` cut with "…" to what a box `width` units wide holds (`scale`: the
    font's size against the label's)."""
    room = (width - 16) / scale
    used = 0.0
    for n, char in enumerate(text):
        used += _width(char)
        if used > room:
            return text[: max(n - 1, 1)].rstrip() + "…"
    return text


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "undated"


class _Layout:
    def __init__(self, story: StoryReport, links: Linker) -> None:
        self.links = links
        self.labels = article_labels(story)
        self.summaries = {a.id: a for a in story.articles}
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.captions: list[Caption] = []
        self.at: dict[str, Node] = {}
        self.parent_of: dict[str, str] = {}  # the tree each derived article hangs in
        self.y = MARGIN

    def node(self, article_id: str, x: int, y: int, w: int, original: bool) -> Node:
        summary = self.summaries.get(article_id)
        label = self.labels.get(article_id, article_id[:SHORT_ID])
        title = summary.title if summary else ""
        when = _day(summary.published) if summary else "undated"
        short = article_id[:SHORT_ID]
        if summary is not None and not summary.outlet:
            # No outlet to name it by: its title says more than "no outlet stated".
            shown, sub = title, f"{short} · {when} · no outlet stated"
        else:
            shown, sub = label, f"{short} · {when} · {title}"
        node = Node(
            article_id,
            x,
            y,
            w,
            NODE_H,
            fit(shown, w),
            fit(sub, w, SMALL),
            f"{label}: {title}",
            self.links.article(article_id),
            original,
        )
        self.nodes.append(node)
        self.at[article_id] = node
        return node

    def tree(self, number: int, group: tuple[str, ...], links: list[Link]) -> None:
        members = set(group)
        parents: dict[str, str] = {}
        for k in links:
            if k.derived_id in members and k.source_id in members:
                parents.setdefault(k.derived_id, k.source_id)
        self.parent_of.update(parents)
        children: dict[str, list[str]] = {}
        for derived, source in parents.items():
            children.setdefault(source, []).append(derived)
        roots = [i for i in group if i not in parents]
        if not parents:
            # Grouped without a derivation (one outlet's reports): nothing to draw
            # between them, so they take the room of a grid.
            caption = f"Independent source {number}: {len(group)} reports of one outlet"
            self.grid(list(group), caption)
            self.y += ROW_GAP
            return
        self.captions.append(
            Caption(MARGIN, self.y + 14, f"Independent source {number}: {len(group)} articles")
        )
        self.y += HEADER_H
        placed: set[str] = set()

        def place(article_id: str, depth: int) -> None:
            if article_id in placed:
                return
            placed.add(article_id)
            x = MARGIN + INDENT * min(depth, MAX_DEPTH)
            self.node(article_id, x, self.y, WIDTH - MARGIN - GUTTER - x, article_id not in parents)
            self.y += NODE_H + ROW_GAP
            for child in children.get(article_id, ()):
                place(child, depth + 1)

        for root in roots:
            place(root, 0)
        for article_id in group:  # a cycle in stale results: still drawn, flat
            place(article_id, 0)
        self.y += ROW_GAP

    def grid(self, singles: list[str], caption: str) -> None:
        if not singles:
            return
        self.captions.append(Caption(MARGIN, self.y + 14, caption))
        self.y += HEADER_H
        w = (WIDTH - 2 * MARGIN - ROW_GAP * (GRID_COLUMNS - 1)) // GRID_COLUMNS
        for n, article_id in enumerate(singles):
            row, column = divmod(n, GRID_COLUMNS)
            x = MARGIN + column * (w + ROW_GAP)
            self.node(article_id, x, self.y + row * (NODE_H + ROW_GAP), w, True)
        rows = -(-len(singles) // GRID_COLUMNS)
        self.y += rows * (NODE_H + ROW_GAP)

    def edge(self, k: Link) -> None:
        source, derived = self.at.get(k.source_id), self.at.get(k.derived_id)
        if source is None or derived is None:
            return
        in_tree = self.parent_of.get(k.derived_id) == k.source_id and derived.x > source.x
        noun = "a near-verbatim copy" if k.kind == "duplicate" else "a rewrite"
        unknown = " (which came first is unknown)" if k.direction == "unknown" else ""
        title = (
            f"{derived.label} is {noun} of {source.label}{unknown}: "
            f"{k.verbatim_share:.0%} verbatim, {k.paraphrase_share:.0%} paraphrased"
        )
        if in_tree:
            # An elbow from below the source's left edge to the derived box's left side.
            x0, y0 = source.x + 12, source.y + source.h
            y1 = derived.y + derived.h // 2
            path = f"M{x0},{y0} V{y1} H{derived.x}"
        else:
            # A second source of one article: a curve on the right, clear of the tree.
            x0, y0 = source.x + source.w, source.y + source.h // 2
            x1, y1 = derived.x + derived.w, derived.y + derived.h // 2
            bulge = WIDTH - MARGIN
            path = f"M{x0},{y0} C{bulge},{y0} {bulge},{y1} {x1},{y1}"
        self.edges.append(Edge(path, k.direction == "known", title))


def derivation_graph(story: StoryReport, links: Linker) -> Graph:
    """The story's independent sources and derivations, placed for drawing."""
    layout = _Layout(story, links)
    derivations = list(story.sources.derivations)
    linked = {i for k in derivations for i in (k.source_id, k.derived_id)}
    multi = [g for g in story.sources.groups if len(g) > 1 or g[0] in linked]
    singles = [g[0] for g in story.sources.groups if len(g) == 1 and g[0] not in linked]
    for number, group in enumerate(multi, 1):
        layout.tree(number, group, derivations)
    layout.grid(singles, f"Independent, copied by none ({len(singles)})")
    for k in derivations:
        layout.edge(k)
    return Graph(
        WIDTH,
        layout.y + MARGIN,
        tuple(layout.nodes),
        tuple(layout.edges),
        tuple(layout.captions),
        len(derivations),
        sum(1 for n in layout.nodes if n.original),
    )
