"""Not news stays out of stories: wire budgets, advisories, memos, sales notices and
corrections notices are kept in the store, marked with their reason and listed on
request, but never clustered, never in a brief. Everything here is invented."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from recall_story import FIXTURE_DIR as RECALL_DIR
from recall_story import RECALL

from storydesk.analyze.contact import contact_details, has_contact_details
from storydesk.analyze.not_news import judge_news
from storydesk.cli import main
from storydesk.cluster_stage import not_news_version
from storydesk.ingest.jsonl import article_from_row
from storydesk.ingest.text import article_from_text
from storydesk.ingest.wire_codes import clean_title
from storydesk.model import Article, NotNews, Provenance
from storydesk.pipeline import process
from storydesk.store.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "not_news"
BUDGET = FIXTURES / "ledger_wire_budget.txt"
CORRECTION = FIXTURES / "northwind_correction.txt"


def _article(text: str, title: str | None = None) -> Article:
    return Article.build(text, Provenance("fixture", "text"), title=title)


def _fixture(path: Path) -> Article:
    article = article_from_text(path.read_text(), Provenance(str(path), "text"))
    assert isinstance(article, Article)
    return article


# --- the classifier ----------------------------------------------------------------


def test_a_wire_budget_and_a_corrections_notice_are_not_news() -> None:
    budget = judge_news(_fixture(BUDGET))
    assert budget is not None and budget.kind == "wire budget"
    assert "3 story or photo listings" in budget.reason and "staffing" in budget.reason
    correction = judge_news(_fixture(CORRECTION))
    assert correction is not None and correction.kind == "corrections notice"


@pytest.mark.parametrize("key", sorted(RECALL))
def test_the_recall_story_reports_are_news(key: str) -> None:
    path = RECALL_DIR / RECALL[key]
    assert judge_news(_fixture(path)) is None


@pytest.mark.parametrize(
    "text",
    [
        # A report with a fact box of numbers to call: a report, with a box.
        "Floodwater reached the first floor of forty houses in Kirkbrae on Sunday, the "
        "emergency service said.\nRescuers took twelve people from their roofs by boat "
        "before the river began to fall in the afternoon.\nThe council said schools in the "
        "lower town would stay closed until Wednesday at the earliest.\nFor more "
        "information, call the council hotline at 555-201-3344.",
        # Budgets and advisory panels are news words, not a wire budget.
        "The Senate budget committee voted 12-9 on Tuesday to cut the transport budget by "
        "four percent.\nAn advisory panel had urged the cut in March, saying the money "
        "would be better spent on rail.\nThe full Senate is expected to vote on this budget "
        "next week, its leader said.",
        # A corrected story resent in full is news; only a bare notice is not.
        "CORRECTION: corrects the spelling of the mayor's name.\nMayor Tomas Brandt said on "
        "Friday the town would pay for temporary homes for 60 families.\nThe council will "
        "meet again on Monday to agree the payments, he told reporters.\nEngineers began "
        "inspecting the spillway of the dam on Friday morning, the water authority said.\n"
        "The authority said it would publish every inspection report since 1990.",
        # A datelined report: "KIRKBRAE _" is a dateline, not a budget slug.
        "KIRKBRAE _ The river fell by two metres overnight, and residents began returning to "
        "their homes on Monday.\nKIRKBRAE-WEST _ was the worst hit part of town, the "
        "council said in a statement on Monday.",
    ],
)
def test_real_looking_articles_are_news(text: str) -> None:
    assert judge_news(_article(text)) is None


def test_an_advisory_to_editors_and_a_sales_stub_are_not_news() -> None:
    advisory = _article(
        "ATTENTION EDITORS: The following photos are part of tonight's photo package.\n"
        "(LW12) MARSEL -- May 10, 2031 -- VOSS-RECALL -- Negotiators leave the talks.\n"
        "(LW13) BRAVA -- May 10, 2031 -- TRUCE-COLLAPSE -- Smoke over the hills.\n"
        "(LW14) BRAVA -- May 10, 2031 -- TRUCE-COLLAPSE -- Families wait at a shelter.\n"
        "Photo clients may download them or call 555-301-4490."
    )
    verdict = judge_news(advisory)
    assert verdict is not None and verdict.kind == "wire budget"
    stub = _article(
        "(Distributed by Ledger Features)\n(To publish this article, it must be purchased "
        "from Ledger Features sales representative Ana Bell at 555-301-4411.)",
        title="WHY THE TRUCE FAILED",
    )
    verdict = judge_news(stub)
    assert verdict is not None and verdict.kind == "no story text"


def test_a_headline_alone_or_a_feed_summary_is_news() -> None:
    # A title-only item has no prose, but no notice either; a summary is short by nature.
    assert judge_news(_article("Dam bursts above Marrowvale", title="Dam bursts")) is None
    summary = Article.build(
        "(Updated) Read the full report on the site.",
        Provenance("feed", "rss"),
        title="Dam bursts",
        summary_only=True,
    )
    assert judge_news(summary) is None


# --- contact details ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Anyone with a missing relative can call 0800 555 0142.", ("phone number",)),
        ("Call the desk at (555) 301-4477 or 1-800-555-0199.", ("phone number",)),
        ("Readers can reach the paper by email at news@ledger.example.", ("e-mail address",)),
        ("The news manager is Ana Bell, abell(at)ledger.example.", ("e-mail address",)),
        ("For more information, contact the council.", ("call to action",)),
        ("Subscribe now to get the newsletter.", ("call to action",)),
        ("Register at https://ledger.example/help today.", ("web address", "call to action")),
        ("The site (www.ledger.example) drew 720,000 readers.", ("web address",)),
        ("Send your questions to the Ledger, Box 2378, Marsel.", ("call to action",)),
        ("The toll rose to 13,300 on 2023-12-02, up from 1,200.", ()),
        ("The score was 3-2 in the 1998-2000 seasons.", ()),
        ("Many voters subscribe to the theory that the vote was rigged.", ()),
    ],
)
def test_contact_details(text: str, kinds: tuple[str, ...]) -> None:
    assert contact_details(text) == kinds
    # A web address alone names a site; only the other details keep a sentence out.
    assert has_contact_details(text) == bool(set(kinds) - {"web address"})


# --- wire layout codes in titles ---------------------------------------------------


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("&HT;", None),
        ("&HT; &HT;", None),
        ("&HT; &HT; ROUTINE &HT; &HT; VOTERS BACK THE DAM LEVY &HT;", "VOTERS BACK THE DAM LEVY"),
        ("Barnes &AMP; Noble halts deal", "Barnes & Noble halts deal"),
        ("AT&T buys a rival", "AT&T buys a rival"),
        ("ROUTINE checks find no fault", "ROUTINE checks find no fault"),
    ],
)
def test_wire_layout_codes_leave_titles(title: str, clean: str | None) -> None:
    assert clean_title(title) == clean


def test_a_title_that_is_only_markup_is_no_title() -> None:
    article = article_from_row(
        {"title": "&HT;", "text": "The river fell by two metres overnight in Kirkbrae."},
        Provenance("fixture.jsonl", "jsonl", "1"),
    )
    assert isinstance(article, Article)
    assert article.title is None
    assert article.display_title.startswith("The river fell")


# --- the pipeline: kept in the store, out of the stories -------------------------------


@pytest.fixture(scope="module")
def pile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pile")
    for name in [*RECALL.values()]:
        (folder / name).write_text((RECALL_DIR / name).read_text())
    for path in (BUDGET, CORRECTION):
        (folder / path.name).write_text(path.read_text())
    return folder


@pytest.fixture(scope="module")
def processed(pile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "s.sqlite"
    with Store(db) as store:
        summary = process(store, [pile], processes=1)
    assert summary.not_news == 2
    return db


def _ids_by_name(store: Store) -> dict[str, str]:
    return {Path(a.provenance.source).name: a.id for a in store.articles()}


def test_not_news_is_stored_but_in_no_story(processed: Path) -> None:
    with Store(processed) as store:
        ids = _ids_by_name(store)
        assert len(ids) == 7  # every article is stored
        placed = {i for s in store.list_stories() for i in store.story_article_ids(s.id)}
        held = {a.id: v for a, v in store.list_not_news()}
        assert set(held) == {ids[BUDGET.name], ids[CORRECTION.name]}
        assert placed == set(ids.values()) - set(held)  # the five reports are placed
        assert held[ids[BUDGET.name]].kind == "wire budget"
        assert held[ids[CORRECTION.name]].kind == "corrections notice"
        for story in store.list_stories():
            report = store.story_report(story.id)
            assert report is not None and report.brief is not None
            cited = {c.article_id for s in report.brief.sentences for c in s.citations}
            assert not cited & set(held)


def test_running_the_same_input_again_adds_nothing(processed: Path, pile: Path) -> None:
    with Store(processed) as store:
        before = (store.count_articles(), store.count_not_news(), store.count_stories())
        summary = process(store, [pile], processes=1)
        assert summary.new == 0 and not summary.stories_changed and summary.not_news == 0
        assert (store.count_articles(), store.count_not_news(), store.count_stories()) == before


def test_the_cli_lists_not_news_and_says_why(
    processed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(processed) as store:
        budget_id = _ids_by_name(store)[BUDGET.name]
    assert main(["--db", str(processed), "articles", "--not-news"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("2 articles not news")
    assert budget_id in listing and "wire budget:" in listing and "corrections notice:" in listing
    assert main(["--db", str(processed), "show", budget_id]) == 0
    assert "not news: kept out of stories: wire budget:" in capsys.readouterr().out
    assert main(["--db", str(processed), "check"]) == 0
    out = capsys.readouterr().out
    assert "not news (kept out of stories): 2" in out and budget_id in out
    assert "verdict: sound" in out


def test_a_verdict_of_an_older_classifier_is_judged_again(pile: Path, tmp_path: Path) -> None:
    """An article an older classifier held back is clustered once judged news."""
    report = pile / RECALL["A"]
    with Store(tmp_path / "s.sqlite") as store:
        process(store, [report], processes=1)
        article_id = next(store.articles()).id
        assert store.story_of(article_id) is not None
    # A store where an older classifier held the report back:
    with Store(tmp_path / "old.sqlite") as store:
        with store.transaction():
            store.add_article(_fixture(report))
            store.record_not_news([(article_id, NotNews("advisory", "old"))], "not-news/v0")
        assert store.not_news_of(article_id) is not None
        process(store, [], processes=1)
        assert store.not_news_of(article_id) is None
        assert store.story_of(article_id) is not None
    assert not_news_version() != "not-news/v0"


# --- never in a brief, never a timeline row --------------------------------------------

_CALL = "Families of the missing can call the Marsel crisis line on 0800 555 0199 for news."
_ASK = "Families of the missing can ask the Marsel crisis office in person for news."


def _outlets(shared: str) -> list[Article]:
    openings = {
        "Capital Ledger": "Rescuers searched the flooded lower town of Marsel on Monday.",
        "Northwind News": "The river in Marsel burst its banks on Monday after heavy rain.",
        "Delta Live": "Marsel's lower town was under water on Monday, officials said.",
    }
    return [
        Article.build(
            f"{opening}\n{shared}",
            Provenance(f"fixture:{outlet}", "text"),
            outlet=outlet,
            published=datetime(2031, 5, 12, 9 + i, tzinfo=UTC),
        )
        for i, (outlet, opening) in enumerate(openings.items())
    ]


def _brief_and_timeline(shared: str) -> tuple[list[str], list[str]]:
    from brief_fixtures import analyse

    from storydesk.write.brief import write_brief
    from storydesk.write.timeline import build_timeline

    articles = _outlets(shared)
    analyses = analyse(articles)
    groups = [{a.id} for a in articles]
    brief = write_brief(articles, analyses, words=150, independent_groups=groups)
    rows = build_timeline(articles, analyses, groups=[[a.id] for a in articles])
    return [s.text for s in brief.sentences], [r.text for r in rows]


def test_a_sentence_with_a_phone_number_is_never_in_the_brief() -> None:
    # Without the number, the sentence all three outlets carry is in the brief ...
    shown, _ = _brief_and_timeline(_ASK)
    assert _ASK in shown
    # ... with it, never, however many outlets carry it.
    shown, _ = _brief_and_timeline(_CALL)
    assert shown and not any("0800" in s for s in shown)


def test_a_dated_sentence_with_contact_details_is_no_timeline_row() -> None:
    dated_ask = "On Tuesday families could ask the Marsel crisis office in person for news."
    dated_call = "On Tuesday families could email the crisis office at help@marsel.example."
    _, rows = _brief_and_timeline(dated_ask)
    assert dated_ask in rows
    _, rows = _brief_and_timeline(dated_call)
    assert not any("@" in r for r in rows)


def test_a_sentence_with_a_phone_number_states_no_claim() -> None:
    from brief_fixtures import analyse

    from storydesk.analyze.claims import extract_claims
    from storydesk.link.align import EmbeddingCache
    from storydesk.reconcile.statements import group_statements

    for shared, listed in ((_ASK, True), (_CALL, False)):
        articles = _outlets(shared)
        analyses = analyse(articles)
        claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
        stated = group_statements(articles, analyses, claims, [{a.id} for a in articles],
                                  EmbeddingCache().vectors)  # fmt: skip
        texts = [c.text for c in stated.claims]
        assert (shared in texts) is listed, texts
