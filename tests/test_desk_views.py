"""The desk pages' view models (write/desk_*.py) on the fictional ferry strike
(tests/desk_fixture.py): the clean title, what is established, the conflict cards,
the derivation graph's layout, what each derivation changed, span highlighting, the
side-by-side view and the article's bases."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from desk_fixture import (
    REWRITE_TEXT,
    SOURCE_TEXT,
    UNNAMED,
    desk_link,
    desk_story,
    pair_discrepancies,
    rewrite_record,
    source_record,
)
from story_render_fixture import OTHERS, REWRITE, SOURCE, UNION, WALKOUT

from storydesk.model import (
    ArticleAnalysis,
    ArticleClaims,
    ArticleSummary,
    Basis,
    Link,
    MetadataBasis,
    Placement,
    Quote,
    Sentence,
    StorySources,
)
from storydesk.write.desk_article import article_derivations, article_evidence
from storydesk.write.desk_changes import derivation_views
from storydesk.write.desk_compare import compare_view
from storydesk.write.desk_conflicts import conflict_cards
from storydesk.write.desk_established import established
from storydesk.write.desk_graph import NODE_H, WIDTH, derivation_graph
from storydesk.write.desk_refs import ReportLinks, WebLinks, article_label, name_articles
from storydesk.write.desk_spans import Mark, parse_span, segments
from storydesk.write.desk_title import clean_title, is_headline

WEB = WebLinks()


# --- the clean title -------------------------------------------------------------------


def _titled(*titles: str) -> list[ArticleSummary]:
    return [
        ArticleSummary(f"{n:016x}", t, "Fictional Post", None, None, False, Placement(None, None))
        for n, t in enumerate(titles)
    ]


def test_clean_title_is_the_most_central_headline_not_a_run_on_or_slug() -> None:
    story = desk_story()
    titles = _titled(
        "BRANNOCK-FERRY-STRIKE-UPDATE",
        "FERRY CREWS STRIKE AT BRANNOCK TERMINAL",
        "Ferry News: Brannock ferry crews strike at the terminal",
        "Harbour cafe owner says trade is slow",
        "Brannock ferry crews strike at the terminal as talks stall and the union warns the "
        "walkout could spread to every port on the coast",
        "Ferry crews walked out at the Brannock terminal on Friday and the port declined…",
    )
    chosen = clean_title(replace(story, articles=tuple(titles)))
    # The kicker ("Ferry News:") is dropped; the shouting, the slug, the run-on, the side
    # story and the cut start of an untitled text are not chosen.
    assert chosen == "Brannock ferry crews strike at the terminal"


def test_clean_title_takes_a_piece_of_a_title_joined_with_a_bar() -> None:
    story = desk_story()
    titles = _titled(
        "Ferry Strike Latest Updates Live Brannock Terminal Crews Union Port Talks Walkout News "
        "Today | Ferry crews strike at Brannock"
    )
    assert clean_title(replace(story, articles=tuple(titles))) == "Ferry crews strike at Brannock"


def test_clean_title_keeps_the_stored_title_when_no_article_has_a_headline() -> None:
    story = desk_story()
    titles = _titled("UPDATE", "Ferry crews walked out at the Brannock terminal on…")
    assert clean_title(replace(story, articles=tuple(titles))) == story.title


def test_is_headline() -> None:
    assert is_headline("Ferry crews strike at Brannock")
    assert not is_headline("Ferry strike")  # a label
    assert not is_headline("FERRY CREWS STRIKE AT BRANNOCK")
    assert not is_headline("BC-FERRY-STRIKE-BRANNOCK crews out")


# --- references ------------------------------------------------------------------------


def test_an_article_without_an_outlet_is_named_by_its_id_and_credits_or_words() -> None:
    story = desk_story()
    unnamed = next(a for a in story.articles if a.id == UNNAMED)
    assert article_label(unnamed) == (
        f"no outlet stated ({UNNAMED[:8]}: “Brannock ferry strike (Isle Tribune)”)"
    )
    credited = replace(unnamed, credits=("Pelham Courier",))
    assert article_label(credited) == f"no outlet stated ({UNNAMED[:8]}; credits Pelham Courier)"
    inferred = next(a for a in story.articles if a.id == OTHERS[4])
    assert article_label(inferred) == "Harrow Bay News*"


def test_links_on_the_web_highlight_the_span_and_in_the_report_stay_in_the_file() -> None:
    assert WEB.span(SOURCE, 120, 146) == f"/articles/{SOURCE}?hl=120-146#hl"
    assert WEB.compare(REWRITE, SOURCE) == f"/articles/{REWRITE}/compare/{SOURCE}"
    assert WEB.entity("Ada Lind/x?") == "/entities/Ada%20Lind%2Fx%3F"
    assert ReportLinks().span(SOURCE, 120, 146) == f"#a-{SOURCE}"
    assert ReportLinks().compare(REWRITE, SOURCE) is None


def test_name_articles_replaces_known_ids_only() -> None:
    text = f"{SOURCE} and {'9' * 16}"
    assert name_articles(text, {SOURCE: "Pelham Courier"}) == f"Pelham Courier and {'9' * 16}"


# --- what is established -----------------------------------------------------------------


def test_established_lists_claims_and_figures_strongest_first_with_every_article() -> None:
    view = established(desk_story(), WEB)
    assert [(e.kind, e.sources) for e in view.shown] == [
        ("claim", 7),
        ("claim", 2),
        ("figure", 2),
    ]
    walkout, union, figure = view.shown
    assert walkout.text == WALKOUT and union.text == UNION
    assert walkout.articles == 8  # the rewrite states it too, without counting
    assert [r.article_id for r in walkout.refs][:2] == [SOURCE, REWRITE]
    assert walkout.refs[0].href == f"/articles/{SOURCE}?hl=0-40#hl"
    assert figure.text == "400 crew members on strike" and figure.consensus == "400"
    assert figure.attributed_to == ("the union",)
    # The spokesman's line is stated by a source and its rewrite only: not established.
    assert all("spokesman" not in e.text for e in view.shown)


def test_established_folds_past_the_shown_count() -> None:
    view = established(desk_story(), WEB, shown=2)
    assert len(view.shown) == 2 and len(view.folded) == 1 and view.count == 3


# --- where sources disagree --------------------------------------------------------------


def test_conflict_cards_give_both_figures_sources_dates_checks_and_spans() -> None:
    cards = conflict_cards(desk_story(), WEB)
    assert [c.kind for c in cards] == ["figures", "days", "introduced", "introduced", "introduced"]
    figures = cards[0]
    assert figures.heading == "crew members on strike: 400 vs 250"
    assert (figures.first.says, figures.second.says) == ("400", "250")
    assert figures.first.according_to == "the union"
    assert figures.second.according_to == "the port authority"
    assert figures.first.published == "2026-04-10"
    assert figures.first.ref.href == f"/articles/{SOURCE}?hl=40-43#hl"
    assert figures.second.ref.label == "Lindqvist Radio"
    assert figures.first.standing == "copied by others in the story"
    assert figures.second.standing == "an independent source"
    guessed = MetadataBasis(outlet=Basis("template", None, inferred=True))
    story = desk_story()
    story = replace(
        story,
        articles=tuple(
            replace(a, basis=guessed) if a.id == OTHERS[1] else a for a in story.articles
        ),
    )
    assert conflict_cards(story, WEB)[0].second.standing == (
        "an independent source; outlet inferred, not stated"
    )
    # Ids in the stored sentence are said as a reader knows the article.
    assert "(Pelham Courier)." in figures.explanation and SOURCE not in figures.explanation
    assert [(k.kind, k.applies) for k in figures.checks] == [("scope", False), ("source", True)]
    days = cards[1]
    assert (days.first.says, days.second.says) == ("Friday (2026-04-10)", "Thursday (2026-04-09)")
    assert days.second.ref.href == f"/articles/{OTHERS[3]}?hl=12-20#hl"


def test_introduced_cards_blame_the_rewrite_and_link_the_side_by_side_view() -> None:
    introduced = [c for c in conflict_cards(desk_story(), WEB) if c.kind == "introduced"]
    first = introduced[0]
    assert first.heading == "Introduced by rewrite Daily Quay"
    assert first.second.standing == "a rewrite of Pelham Courier"
    assert first.first.ref.href == f"/articles/{SOURCE}?hl=120-141#hl"
    assert [r.article_id for r in first.others] == [OTHERS[0], OTHERS[1]]
    assert first.compare_href == f"/articles/{REWRITE}/compare/{SOURCE}"
    unknown = conflict_cards(desk_story(direction="unknown"), WEB)[2]
    assert unknown.heading.startswith("Differs between Daily Quay and Pelham Courier")


def test_a_change_not_flagged_is_no_card() -> None:
    story = replace(desk_story(), discrepancies=pair_discrepancies())
    introduced = [c for c in conflict_cards(story, WEB) if c.kind == "introduced"]
    assert [c.label for c in introduced] == ["figure"]


# --- who copied whom ---------------------------------------------------------------------


def test_graph_puts_the_derived_article_under_its_source_with_an_arrow() -> None:
    graph = derivation_graph(desk_story(), WEB)
    at = {n.article_id: n for n in graph.nodes}
    assert set(at) == {SOURCE, REWRITE, *OTHERS}
    source, rewrite = at[SOURCE], at[REWRITE]
    assert source.original and not rewrite.original
    assert rewrite.y > source.y and rewrite.x > source.x
    assert all(at[i].original for i in OTHERS)  # copied by none: each its own source
    assert graph.derivations == 1 and graph.originals == 7
    (edge,) = graph.edges
    assert edge.known and edge.path.startswith(f"M{source.x + 12},{source.y + source.h}")
    assert edge.title == "Daily Quay is a rewrite of Pelham Courier: 25% verbatim, 50% paraphrased"
    assert source.href == f"/articles/{SOURCE}"
    # Nothing is drawn outside the picture, and no two boxes overlap.
    assert all(n.x >= 0 and n.x + n.w <= WIDTH and n.y + n.h <= graph.height for n in graph.nodes)
    boxes = sorted((n.y, n.x, n.x + n.w) for n in graph.nodes)
    for (y0, a0, b0), (y1, a1, b1) in pairwise(boxes):
        assert y1 >= y0 + NODE_H or a1 >= b0 or b1 <= a0


def test_graph_of_unknown_direction_has_no_arrowhead() -> None:
    (edge,) = derivation_graph(desk_story(direction="unknown"), WEB).edges
    assert not edge.known and "which came first is unknown" in edge.title


def test_graph_stays_one_column_wide_for_seventy_articles() -> None:
    story = desk_story()
    ids = [f"{n:016x}" for n in range(70)]
    articles = tuple(
        ArticleSummary(
            i, f"Report {n}", f"Outlet {n % 9}", None, None, False, Placement(None, None)
        )
        for n, i in enumerate(ids)
    )
    # A chain of five rewrites, a copy with two sources, and 60 independent reports.
    chain = [Link(ids[n], ids[n + 1], "rewrite", "known", 0.2, 0.5) for n in range(5)]
    links = (
        *chain,
        Link(ids[7], ids[6], "duplicate", "known", 0.9, 0.0),
        Link(ids[8], ids[6], "rewrite", "unknown", 0.3, 0.3),
    )
    groups = (tuple(ids[:6]), tuple(ids[6:9]), *((i,) for i in ids[9:]))
    big = replace(
        story,
        articles=articles,
        size=70,
        sources=StorySources(len(groups), groups, links),
    )
    graph = derivation_graph(big, WEB)
    assert len(graph.nodes) == 70 and len(graph.edges) == 7
    assert graph.width == WIDTH and graph.height < 70 * (NODE_H + 10)
    at = {n.article_id: n for n in graph.nodes}
    assert [at[i].x for i in ids[:6]] == sorted(at[i].x for i in ids[:6])  # a staircase
    curved = [e for e in graph.edges if " C" in e.path]
    assert len(curved) == 1  # the copy's second source comes in from the right


# --- what each derivation changed ----------------------------------------------------------


def test_derivation_views_list_changes_flagged_or_with_the_reason_not() -> None:
    story = replace(desk_story(), discrepancies=pair_discrepancies())
    (view,) = derivation_views(story, WEB)
    assert view.derived.label == "Daily Quay" and view.source.label == "Pelham Courier"
    assert view.noun == "a rewrite of" and view.known
    assert (view.verbatim, view.paraphrased, view.aligned) == ("25%", "50%", 3)
    assert view.reason == "rewrite: Daily Quay credits Pelham Courier"
    assert view.compare_href == f"/articles/{REWRITE}/compare/{SOURCE}"
    figure, qualifier = view.changes
    assert (figure.label, figure.verb, figure.flagged) == ("figure", "changed", True)
    assert (qualifier.verb, qualifier.flagged) == ("dropped", False)
    assert qualifier.not_flagged.startswith("a qualifier dropped")
    assert view.flagged == 1


def test_a_derivation_without_changes_is_listed() -> None:
    (view,) = derivation_views(replace(desk_story(), discrepancies=()), WEB)
    assert view.changes == ()


# --- spans -------------------------------------------------------------------------------


def test_parse_span_accepts_only_a_span_inside_the_text() -> None:
    assert parse_span("3-7", 10) == (3, 7)
    assert parse_span("7-7", 10) == (7, 7)
    for bad in (None, "", "7-3", "3-11", "-1-4", "a-b", "3-7x", "3", "99999999999-1"):
        assert parse_span(bad, 10) is None


def test_segments_mark_spans_and_anchor_the_first_piece_once() -> None:
    text = "Ferry crews walked out on Friday."
    cut = segments(text, [Mark(6, 18, "hl", "hl"), Mark(0, 33, "ctx"), Mark(26, 26, "now")])
    assert "".join(s.text for s in cut) == text
    assert [(s.text, s.classes, s.anchor) for s in cut if not s.gap] == [
        ("Ferry ", ("ctx",), None),
        ("crews walked", ("hl", "ctx"), "hl"),
        (" out on ", ("ctx",), None),
        ("Friday.", ("ctx",), None),
    ]
    (gap,) = [s for s in cut if s.gap]
    assert gap.classes == ("now",) and cut.index(gap) == 3


def test_article_evidence_highlights_the_span_in_its_sentence() -> None:
    record = source_record()
    sentences = (Sentence(0, 58), Sentence(59, 126))
    record = replace(record, analysis=ArticleAnalysis("fixture", sentences, ()))
    start = SOURCE_TEXT.index("400")
    evidence = article_evidence(record, f"{start}-{start + 3}")
    marked = [(s.text, s.classes, s.anchor) for s in evidence.segments if s.classes]
    assert marked[0] == ("The union said ", ("ctx",), None)
    assert marked[1] == ("400", ("hl", "ctx"), "hl")
    assert evidence.hl_where == f"chars {start}–{start + 3}"
    assert article_evidence(record, "5-9999").hl_where == ""  # not a span of this text
    assert all(not s.classes for s in article_evidence(record, None).segments)


def test_basis_rows_mark_what_is_inferred() -> None:
    rows = {r.field: r for r in article_evidence(source_record(), None).basis_rows}
    assert rows["Outlet"].basis == "from the byline “By Ada Lind, Pelham Courier”"
    assert not rows["Outlet"].inferred
    assert rows["Published"].inferred
    assert rows["Published"].basis == "inferred from the archive's capture date"
    assert rows["Byline"].value == "" and rows["Byline"].basis == "no byline"


# --- side by side --------------------------------------------------------------------------


def test_compare_view_aligns_the_rewrite_with_its_source_and_marks_changes() -> None:
    view = compare_view(source_record(), rewrite_record(), desk_link(), pair_discrepancies(), WEB)
    assert (view.noun, view.kind) == ("a rewrite of", "rewrite") and view.known
    assert [r.label for r in view.rows] == ["paraphrase", "paraphrase", "verbatim", "own"]
    second = view.rows[1]
    assert "".join(s.text for s in second.source) == (
        "The union said 400 crew members joined the strike for every shift."
    )
    assert [s.text for s in second.source if "was" in s.classes] == ["400", "for every shift"]
    assert [s.text for s in second.derived if "now" in s.classes and not s.gap] == ["40"]
    assert [s.gap for s in second.derived].count(True) == 1  # where the qualifier was
    own = view.rows[3]
    assert own.source == () and "".join(s.text for s in own.derived).strip() == (
        "Passengers were told to expect delays."
    )
    start = REWRITE_TEXT.index("Passengers")
    assert own.derived_href == f"/articles/{REWRITE}?hl={start}-{len(REWRITE_TEXT)}#hl"
    assert ["".join(s.text for s in u).strip() for u in view.untaken] == [
        "Talks are set to resume next week."
    ]
    assert [(c.number, c.label, c.not_flagged == "") for c in view.changes] == [
        (1, "figure", True),
        (2, "qualifier", False),
    ]


def test_compare_view_without_a_link_has_no_rows() -> None:
    view = compare_view(source_record(), rewrite_record(), None, (), WEB)
    assert view.noun == "not linked to" and view.rows == () and view.untaken == ()


def test_article_evidence_marks_a_quotation_by_its_index() -> None:
    record = source_record()
    start = SOURCE_TEXT.index("declined")
    quote = Quote(start, start + 19, "declined to comment", (), None, None, None, None, None,
                  None, False)  # fmt: skip
    claims = ArticleClaims(record.id, (quote,), (), (), ())
    record = replace(record, claims=claims)
    assert WEB.quote(SOURCE, 0) == f"/articles/{SOURCE}?quote=0#hl"
    evidence = article_evidence(record, None, quote=0)
    assert [s.text for s in evidence.segments if "hl" in s.classes] == ["declined to comment"]
    assert article_evidence(record, None, quote=1).hl_where == ""  # no such quotation
    # A span given as well wins: it is the more exact address.
    assert article_evidence(record, "0-5", quote=0).hl_where == "chars 0–5"


def test_article_derivations_say_which_side_this_article_is() -> None:
    links = [
        desk_link(),
        Link(OTHERS[0], SOURCE, "duplicate", "unknown", 0.9, 0.0),
        Link(OTHERS[1], OTHERS[2], "rewrite", "known", 0.2, 0.5),  # not this article's
        Link(SOURCE, OTHERS[3], "independent", "known", 0.0, 0.0),
    ]
    outlets = {REWRITE: "Daily Quay", OTHERS[0]: None}
    rewritten, shared = article_derivations(SOURCE, links, outlets, WEB)
    assert rewritten.says == "Daily Quay (dddd4444) is a rewrite of this article"
    assert rewritten.compare_href == f"/articles/{REWRITE}/compare/{SOURCE}"
    assert shared.says == (
        "This article and bbbb2222 (no outlet stated): one is a near-verbatim copy of the "
        "other (which came first is unknown)"
    )
    (copy,) = article_derivations(REWRITE, links, {SOURCE: "Pelham Courier"}, WEB)
    assert copy.says == "This article is a rewrite of Pelham Courier (aaaa1111)"
    assert copy.other_href == f"/articles/{SOURCE}"


def test_a_figures_attributions_are_each_named_once() -> None:
    from storydesk.write.desk_established import distinct_attributions

    said = ["the Tessel Valley Rescue Service", "The service", "the service", None,
            "the mayor", "The Mayor", "Ada Lind"]  # fmt: skip
    assert distinct_attributions(said) == ("the Tessel Valley Rescue Service", "the mayor",
                                           "Ada Lind")  # fmt: skip
