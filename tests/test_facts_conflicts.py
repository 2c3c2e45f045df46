"""Conflicts between reworded reports: alignment by shared wording, and what is no
conflict though the wording is shared (a sentence that tells two figures apart, sums
of money, small counts, figures stated for different days).

Fictional fixture articles with hand-built claims, as in tests/test_facts.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storydesk.model import Article, ArticleClaims, NumericClaim, Provenance
from storydesk.reconcile.facts import reconcile_story
from storydesk.reconcile.similarity import aligned, cosine, idf_weights
from storydesk.reconcile.topics import context_words


def article(key: str, text: str) -> Article:
    return Article(id=key, text=text, provenance=Provenance(f"{key}.txt", "text"),
                   published=datetime(2031, 5, 6, 12, tzinfo=UTC))  # fmt: skip


def number(text: str, expression: str, counted: str, nth: int = 0) -> NumericClaim:
    start = -1
    for _ in range(nth + 1):
        start = text.index(expression, start + 1)
    value = float(expression.replace(",", "").split()[0]) * (
        1e6 if "million" in expression else 1)  # fmt: skip
    return NumericClaim(
        start=start, end=start + len(expression), text=expression, value=value,
        value_low=value, value_high=value, hedge="exact", counted=counted,
        counted_start=None, counted_end=None, as_of="2031-05-06",
    )  # fmt: skip


def story(*rows: tuple[str, str, list[tuple[str, str]]]):  # type: ignore[no-untyped-def]
    articles = [article(key, text) for key, text, _ in rows]
    found = {key: ArticleClaims(key, (), tuple(number(text, e, c) for e, c in numbers), (), ())
             for key, text, numbers in rows}  # fmt: skip
    return reconcile_story(articles, found, groups=[[a.id] for a in articles])


MOURN = ("Relatives gathered in Eastport to mourn the 113 people killed when the Nordair jet "
         "crashed into a hotel after takeoff.")  # fmt: skip
METAL = ("Investigators said a strip of titanium on the runway may have triggered the Nordair "
         "crash that killed {} people as the jet left Eastport.")  # fmt: skip


def test_reworded_reports_of_one_count_conflict_when_one_is_far_off() -> None:
    # The two sentences share under half their words (no conflict by wording), but
    # what they share is what makes them specific: the Nordair jet, Eastport, killed.
    result = story(("mourn", MOURN, [("113", "people killed")]),
                   ("metal", METAL.format(339), [("339", "people")]))  # fmt: skip
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert {conflict.first.value, conflict.second.value} == {113, 339}
    assert conflict.kind == "unexplained" and "339" in conflict.explanation


def test_the_same_reworded_reports_agreeing_are_one_fact() -> None:
    result = story(("mourn", MOURN, [("113", "people killed")]),
                   ("metal", METAL.format(113), [("113", "people")]))  # fmt: skip
    assert not result.conflicts
    assert any(len(f.claims) == 2 for f in result.facts)


def test_a_sentence_that_gives_both_figures_tells_them_apart() -> None:
    # "114 ...; the airship fire ... killed 35": its writer counts the 35 apart from
    # the crash toll, so 35 is no rival of another outlet's 113.
    both = ("The Nordair crash killed 114 people, the worst loss since the airship fire at "
            "Eastport that killed 35 people.")  # fmt: skip
    result = story(
        ("both", both, [("114", "people"), ("35", "people")]),
        ("toll", "The Nordair crash killed 113 people.", [("113", "people")]),
    )
    assert not result.conflicts


def test_a_sentence_that_sets_two_figures_against_each_other_keeps_the_conflict() -> None:
    rival = ("Eastport's hospital said 31 people had died in the flood, a higher toll than the "
             "figure of 27 given by the emergency service.")  # fmt: skip
    other = "The emergency service said 27 people had died in the Eastport flood."
    result = story(("rival", rival, [("31", "people died"), ("27", "people died")]),
                   ("other", other, [("27", "people died")]))  # fmt: skip
    assert any({c.first.value, c.second.value} == {31, 27} for c in result.conflicts)


def test_sums_of_money_are_measures_not_counts() -> None:
    one = "The council pledged 20 million U.S. dollars in flood aid to Eastport on Monday."
    two = "Eastport will get 60 million U.S. dollars in flood aid, the council pledged."
    result = story(("one", one, [("20 million", "U")]), ("two", two, [("60 million", "U")]))
    assert not result.conflicts


def _claim(value: float, article_id: str, day: str, stated: bool):  # type: ignore[no-untyped-def]
    from storydesk.model import FactClaim

    return FactClaim(
        article_id=article_id, start=0, end=3, text=str(value), value=value, value_low=value,
        value_high=value, hedge="exact", counted="workers", scope=(), attribution=None,
        attribution_kind="unattributed", attribution_start=None, attribution_end=None,
        as_of=day, as_of_stated=stated, as_of_note=None, period=None, source=article_id,
        relayed_from=None, sentence_start=0, sentence_end=10,
    )  # fmt: skip


def test_alignment_needs_clear_disagreement_shared_words_and_one_day() -> None:
    words_a = context_words("The Halden mill strike idled 3,400 workers at the Ostby plant")
    words_b = context_words("The Halden mill strike at the Ostby plant idled 10,200 workers")
    near = context_words("Halden mill strike idled Ostby plant")
    idf = idf_weights([words_a, words_b, context_words("Talks resume in Ostby next week")])
    counted = context_words("workers")
    assert cosine(words_a, words_b, idf) > 0.5
    a, b = _claim(3400, "a", "2031-05-06", False), _claim(10200, "b", "2031-05-06", False)
    assert aligned(a, b, words_a, words_b, near, near, counted, idf)
    # 3,400 vs 4,100: a revision, not a clear contradiction.
    assert not aligned(a, _claim(4100, "b", "2031-05-06", False), words_a, words_b, near, near,
                       counted, idf)  # fmt: skip
    # Both sentences name their day, and the days differ: the later may update.
    assert not aligned(_claim(3400, "a", "2031-05-01", True), _claim(10200, "b", "2031-05-06",
                       True), words_a, words_b, near, near, counted, idf)  # fmt: skip
    # Small counts recur in many roles; wording is no evidence for them.
    assert not aligned(_claim(3, "a", "2031-05-06", False), _claim(9, "b", "2031-05-06", False),
                       words_a, words_b, near, near, counted, idf)  # fmt: skip
    # One article is never aligned with itself (that is a breakdown, see conflicts).
    assert not aligned(a, _claim(10200, "a", "2031-05-06", False), words_a, words_b, near,
                       near, counted, idf)  # fmt: skip


TOLL_OF_VELDORIA = (
    "Since the border war began, the death toll in Veldoria from the Ostrian shelling of "
    "Port Ardel reached 3,100, the Veldoria ministry said."
)
KILLED = (
    "Since the border war began, Ostrian shelling of Port Ardel has killed 1,200 {}, the "
    "Veldoria ministry said."
)


def test_a_country_toll_conflicts_with_its_own_people_only() -> None:
    own = story(
        ("toll", TOLL_OF_VELDORIA, [("3,100", "death toll in Veldoria")]),
        ("killed", KILLED.format("Veldorians"), [("1,200", "Veldorians killed")]),
    )
    assert len(own.conflicts) == 1
    other = story(
        ("toll", TOLL_OF_VELDORIA, [("3,100", "death toll in Veldoria")]),
        ("killed", KILLED.format("Ostrians"), [("1,200", "Ostrians killed")]),
    )
    assert not other.conflicts


def test_a_rate_is_no_rival_of_a_count() -> None:
    ratio = "Ardel released 30 prisoners for every hostage freed in the Port Ardel exchange."
    count = "Ardel released 150 prisoners for the hostages freed in the Port Ardel exchange."
    result = story(("ratio", ratio, [("30", "prisoners for every hostage")]),
                   ("count", count, [("150", "prisoners")]))  # fmt: skip
    assert not result.conflicts
    # The same two sentences, both read as counts, would be a conflict.
    assert story(("ratio", ratio, [("30", "prisoners")]), ("count", count, [("150", "prisoners")])
                 ).conflicts  # fmt: skip
