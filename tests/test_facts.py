"""Fact alignment, independent support, agency relay, conflicts and quote variants.

Fictional fixture articles, with their claims built by hand so that these tests pin
the reconcile stage alone (the extractor has its own tests); tests/test_facts_demo.py
runs the whole chain on the demo corpus.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storydesk.analyze.dates import find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.model import (
    Article,
    ArticleClaims,
    Credit,
    Fact,
    Link,
    NumericClaim,
    Provenance,
    Quote,
    StoryFacts,
)
from storydesk.reconcile.fact_params import FactParams
from storydesk.reconcile.facts import (
    align_facts,
    find_conflicts,
    quote_variants,
    reconcile_story,
)
from storydesk.reconcile.ranges import compatible, plausible_range

_BOUNDS = {
    "exact": lambda v: (v, v),
    "more_than": lambda v: (v, None),
    "at_least": lambda v: (v, None),
    "about": lambda v: (0.9 * v, 1.1 * v),
}


def article(key: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=key, text=text, provenance=Provenance(f"{key}.txt", "text"),
                   outlet=outlet, published=datetime(2031, 5, 6, 12, tzinfo=UTC))  # fmt: skip


def number(text: str, expression: str, value: float, counted: str, *, hedge: str = "exact",
           attribution: str | None = None, as_of: str = "2031-05-06",
           scope: tuple[str, ...] = ()) -> NumericClaim:  # fmt: skip
    start = text.index(expression)
    low, high = _BOUNDS[hedge](value)
    source = (text.index(attribution), text.index(attribution) + len(attribution)) if (
        attribution) else (None, None)  # fmt: skip
    return NumericClaim(
        start=start, end=start + len(expression), text=expression, value=value,
        value_low=low, value_high=high, hedge=hedge, counted=counted,
        counted_start=None, counted_end=None, scope=scope, attribution=attribution,
        attribution_start=source[0], attribution_end=source[1], as_of=as_of,
    )  # fmt: skip


def claims(key: str, *numbers: NumericClaim, credits: tuple[Credit, ...] = (),
           quotes: tuple[Quote, ...] = ()) -> ArticleClaims:  # fmt: skip
    return ArticleClaims(key, quotes, tuple(numbers), credits, ())


def credit(text: str, name: str, kind: str) -> Credit:
    start = text.index(name)
    return Credit(start, start + len(name), name, kind)


# --- Three outlets and a rewrite report the strikes on Port Ardel -------------------

STRIKES = {
    "north": "The Ardel coast guard said it struck 400 targets around Port Ardel overnight.",
    "bay": "Coast guard commanders said they carried out more than 400 strikes in the first "
           "24 hours of the operation near Port Ardel.",
    "gazette": "The coast guard hit more than 400 targets overnight, officials in Port Ardel "
               "said.",
    "bay-copy": "Coast guard commanders said they conducted more than 400 strikes in the first "
                "day of the operation near Port Ardel.",
}  # fmt: skip


def _strike_items() -> list[tuple[Article, ArticleClaims]]:
    rows = [
        ("north", "400", 400, "targets", "exact"),
        ("bay", "more than 400", 400, "strikes", "more_than"),
        ("gazette", "more than 400", 400, "targets", "more_than"),
        ("bay-copy", "more than 400", 400, "strikes", "more_than"),
    ]
    return [(article(k, STRIKES[k]), claims(k, number(STRIKES[k], expr, v, counted, hedge=h)))
            for k, expr, v, counted, h in rows]  # fmt: skip


def test_claims_worded_differently_align_into_one_fact() -> None:
    facts = align_facts(_strike_items(), [["north"], ["bay"], ["gazette"], ["bay-copy"]])
    assert len(facts) == 1
    fact = facts[0]
    assert {c.article_id for c in fact.claims} == set(STRIKES)
    assert fact.value_low is not None and fact.value_low >= 400  # the consensus range
    assert fact.value_high is not None and fact.value_high <= 450


def test_a_rewrite_does_not_add_support() -> None:
    groups = [["north"], ["bay", "bay-copy"], ["gazette"]]
    fact = align_facts(_strike_items(), groups)[0]
    assert fact.support == 3
    assert sorted(map(sorted, fact.sources)) == [["bay", "bay-copy"], ["gazette"], ["north"]]


def test_links_give_the_groups() -> None:
    items = _strike_items()
    link = Link("bay", "bay-copy", "rewrite", "known", 0.1, 0.8)
    story = reconcile_story([a for a, _ in items], {a.id: c for a, c in items}, [link])
    assert story.facts[0].support == 3


def test_every_value_points_at_its_evidence() -> None:
    items = _strike_items()
    texts = {a.id: a.text for a, _ in items}
    for fact in align_facts(items, [[a.id] for a, _ in items]):
        for claim in fact.claims:
            assert texts[claim.article_id][claim.start : claim.end] == claim.text
            assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end


# --- Relay: outlets crediting an agency count as that agency ------------------------

RELAY = {
    "east": "According to Kestrel Press, 56 fishermen were rescued off Port Ardel on Tuesday.",
    "west": "Rescuers brought 56 fishermen ashore near Port Ardel, Kestrel Press reported.",
    "own": "Our reporter counted 56 fishermen rescued at the Port Ardel quay on Tuesday.",
}


def _relay_items() -> list[tuple[Article, ArticleClaims]]:
    return [
        (article("east", RELAY["east"]),
         claims("east", number(RELAY["east"], "56", 56, "fishermen rescued"),
                credits=(credit(RELAY["east"], "Kestrel Press", "according_to"),))),
        (article("west", RELAY["west"]),
         claims("west", number(RELAY["west"], "56", 56, "fishermen"),
                credits=(credit(RELAY["west"], "Kestrel Press", "reported"),))),
        (article("own", RELAY["own"]),
         claims("own", number(RELAY["own"], "56", 56, "fishermen rescued"))),
    ]  # fmt: skip


def test_two_outlets_relaying_one_agency_are_one_source() -> None:
    fact = align_facts(_relay_items(), [["east"], ["west"], ["own"]])[0]
    assert len(fact.claims) == 3
    assert fact.support == 2  # Kestrel Press (relayed twice) + the outlet's own count
    # The relaying outlets credit Kestrel Press; the credit never renames their source.
    assert sorted(fact.source_names) == ["outlet unknown", "outlet unknown (credits Kestrel Press)"]
    relayed = {c.article_id: c.relayed_from for c in fact.claims}
    assert relayed == {"east": "Kestrel Press", "west": "Kestrel Press", "own": None}


def test_a_dateline_credit_makes_the_article_the_agency_copy() -> None:
    wire_text = "PORT ARDEL (Kestrel Press) — 56 fishermen were rescued on Tuesday."
    copy_text = "56 fishermen were rescued on Tuesday, the harbour master said."
    items = [
        (article("wire", wire_text, outlet="Kestrel Press"),
         claims("wire", number(wire_text, "56", 56, "fishermen rescued"))),
        (article("copy", copy_text),
         claims("copy", number(copy_text, "56", 56, "fishermen rescued"),
                credits=(Credit(0, 0, "Kestrel Press", "dateline"),))),
    ]  # fmt: skip
    fact = align_facts(items, [["wire"], ["copy"]])[0]
    assert fact.support == 1


# --- Conflicts and what is not one --------------------------------------------------

TOLL = {
    "ministry": "Since May 1 and until the ceasefire began, more than 1,330 people have been "
                "killed in Ardel province, according to the Ardel Health Ministry.",
    "radio": "At least 1,520 people have been killed in Ardel province since May 1, according "
             "to Lantern Radio.",
    "daily": "The fighting has killed over 1,300 people in Ardel province since May 1.",
}  # fmt: skip


def _toll_items() -> list[tuple[Article, ArticleClaims]]:
    m, r, d = TOLL["ministry"], TOLL["radio"], TOLL["daily"]
    return [
        (article("ministry", m), claims("ministry", number(
            m, "more than 1,330", 1330, "people killed", hedge="more_than",
            attribution="the Ardel Health Ministry", scope=("in Ardel province",)))),
        (article("radio", r), claims("radio", number(
            r, "At least 1,520", 1520, "people killed", hedge="at_least",
            attribution="Lantern Radio", scope=("in Ardel province",)))),
        (article("daily", d), claims("daily", number(
            d, "over 1,300", 1300, "people", hedge="more_than", scope=("in Ardel province",)))),
    ]  # fmt: skip


def test_incompatible_tolls_conflict_with_who_said_each() -> None:
    items = _toll_items()
    facts = align_facts(items, [[a.id] for a, _ in items])
    conflicts = find_conflicts(facts, {a.id: a.text for a, _ in items})
    assert len(conflicts) == 1
    conflict = conflicts[0]
    values = {conflict.first.value, conflict.second.value}
    assert 1520 in values and values & {1330, 1300}
    # Lantern Radio against the ministry ("until the ceasefire began") or the daily's
    # own reporting: explained either way, and the sentence says who gave each figure.
    assert conflict.kind in ("different_as_of", "different_attribution")
    assert "Lantern Radio" in conflict.explanation
    other = conflict.second if conflict.first.value == 1520 else conflict.first
    assert (other.attribution or "the outlet's own reporting") in conflict.explanation
    # "over 1,300" and "more than 1,330" agree: one fact, not a conflict
    agreeing = next(f for f in facts if len(f.claims) == 2)
    assert {c.article_id for c in agreeing.claims} == {"ministry", "daily"}


def test_different_attribution_same_day_is_explained_as_such() -> None:
    a = "The emergency service said 27 people had died in the Ardel flood by Thursday."
    b = "The Ardel hospital said 31 people had died in the Ardel flood by Thursday."
    items = [
        (article("a", a), claims("a", number(a, "27", 27, "people died",
                                             attribution="The emergency service"))),
        (article("b", b), claims("b", number(b, "31", 31, "people died",
                                             attribution="The Ardel hospital"))),
    ]  # fmt: skip
    story = reconcile_story([x for x, _ in items], {x.id: c for x, c in items},
                            groups=[["a"], ["b"]])  # fmt: skip
    assert [c.kind for c in story.conflicts] == ["different_attribution"]


def test_different_as_of_dates_explain_a_rising_toll() -> None:
    a = "At least 23 people died in the Ardel flood, the emergency service said on Wednesday."
    b = "27 people died in the Ardel flood, the emergency service said on Thursday."
    items = [
        (article("a", a), claims("a", number(a, "At least 23", 23, "people died",
                                             hedge="at_least", as_of="2031-05-06",
                                             attribution="the emergency service"))),
        (article("b", b), claims("b", number(b, "27", 27, "people died", as_of="2031-05-07",
                                             attribution="the emergency service"))),
    ]  # fmt: skip
    story = reconcile_story([x for x, _ in items], {x.id: c for x, c in items},
                            groups=[["a"], ["b"]])  # fmt: skip
    assert [c.kind for c in story.conflicts] == ["different_as_of"]
    assert "2031-05-06" in story.conflicts[0].explanation


def test_hedged_ranges_that_overlap_agree() -> None:
    a = "The exchange freed over 100 hostages held in Ardel, the mediators said."
    b = "The exchange freed 110 hostages held in Ardel, the mediators said on Friday."
    items = [
        (article("a", a), claims("a", number(a, "over 100", 100, "hostages",
                                             hedge="more_than"))),
        (article("b", b), claims("b", number(b, "110", 110, "hostages"))),
    ]  # fmt: skip
    story = reconcile_story([x for x, _ in items], {x.id: c for x, c in items},
                            groups=[["a"], ["b"]])  # fmt: skip
    assert story.conflicts == ()
    assert len(story.facts) == 1 and story.facts[0].support == 2


def test_a_subset_and_a_different_count_are_no_conflict() -> None:
    # "136 still held, including 17 women and children" against "over 100 freed":
    # the 17 is part of the 136, and held is not freed.
    a = "The army said 136 hostages are still held in Ardel, including 17 women and children."
    b = "The exchange freed over 100 hostages held in Ardel, the army said."
    items = [
        (article("a", a), claims("a",
            number(a, "136", 136, "hostages still held", scope=("in Ardel",)),
            number(a, "17", 17, "women and children"))),
        (article("b", b), claims("b", number(b, "over 100", 100, "hostages",
                                             hedge="more_than"))),
    ]  # fmt: skip
    story = reconcile_story([x for x, _ in items], {x.id: c for x, c in items},
                            groups=[["a"], ["b"]])  # fmt: skip
    assert story.conflicts == ()
    held = next(f for f in story.facts if any(c.value == 136 for c in f.claims))
    assert all(c.value == 136 for c in held.claims)


def test_different_places_are_different_facts() -> None:
    a = "Officials said 40 homes were destroyed in northern Ardel by the storm on Monday."
    b = "Officials said 90 homes were destroyed in Kestrel Bay by the storm on Monday."
    items = [
        (article("a", a), claims("a", number(a, "40", 40, "homes destroyed",
                                             scope=("in northern Ardel",)))),
        (article("b", b), claims("b", number(b, "90", 90, "homes destroyed",
                                             scope=("in Kestrel Bay",)))),
    ]  # fmt: skip
    story = reconcile_story([x for x, _ in items], {x.id: c for x, c in items},
                            groups=[["a"], ["b"]])  # fmt: skip
    assert story.conflicts == ()
    assert len(story.facts) == 2


def test_one_report_breaking_a_count_down_does_not_contradict_itself() -> None:
    text = (
        "Officials said 40 homes were destroyed in the storm on Monday. Officials said "
        "90 homes were destroyed in the storm by Tuesday night."
    )
    items = [(article("a", text), claims("a", number(text, "40", 40, "homes destroyed"),
                                          number(text, "90", 90, "homes destroyed")))]  # fmt: skip
    story = reconcile_story([items[0][0]], {"a": items[0][1]}, groups=[["a"]])
    assert story.conflicts == ()


# --- Ranges --------------------------------------------------------------------------


def test_hedges_read_as_news_prose_means_them() -> None:
    def rng(value: float, hedge: str) -> tuple[float | None, float | None]:
        low, high = _BOUNDS[hedge](value)
        return plausible_range(NumericClaim(0, 1, "x", value, low, high, hedge, None, None,
                                            None))  # fmt: skip

    assert compatible(rng(100, "more_than"), rng(110, "exact"))
    assert not compatible(rng(13300, "more_than"), rng(15207, "at_least"))
    assert not compatible(rng(13000, "more_than"), rng(15207, "exact"))
    assert compatible(rng(400, "exact"), rng(400, "more_than"))
    assert compatible(rng(400, "more_than"), rng(450, "about"))
    assert not compatible(rng(45, "exact"), rng(135, "exact"))


# --- Quote variants -------------------------------------------------------------------


def _quote(text: str, words: str, speaker: str) -> Quote:
    start = text.index(words)
    return Quote(start - 1, start + len(words) + 1, words, ((start, start + len(words)),),
                 speaker, None, None, "said", None, None, True)  # fmt: skip


def test_quote_variants_show_material_wording_differences() -> None:
    a = 'The office said the deal required "the release of all children and women held".'
    b = 'The office said the deal required "the return of all women and children held".'
    c = 'The office said the deal required "the release of all children and women held".'
    items = [(article(k, t), claims(k, quotes=(_quote(t, t.split('"')[1], "the office"),)))
             for k, t in (("a", a), ("b", b), ("c", c))]  # fmt: skip
    groups = quote_variants(items)
    assert len(groups) == 1
    assert {v.article_id for v in groups[0].variants} == {"a", "b", "c"}


def test_spelling_only_is_no_variant() -> None:
    a = 'The office said "Ardel did not fulfill its side of the bargain" on Friday.'
    b = 'The office said "Ardel did not fulfil its side of the bargain" on Friday.'
    items = [(article(k, t), claims(k, quotes=(_quote(t, t.split('"')[1], "the office"),)))
             for k, t in (("a", a), ("b", b))]  # fmt: skip
    assert quote_variants(items) == []


def test_thresholds_come_from_the_params() -> None:
    items = _toll_items()
    assert len(reconcile_story([a for a, _ in items], {a.id: c for a, c in items}).conflicts) == 1
    # Figures may differ by at most `max_ratio`: at 1.1, 1,520 against 1,330 is too far
    # apart to be two reports of one count.
    strict = FactParams(max_ratio=1.1)
    found = reconcile_story([a for a, _ in items], {a.id: c for a, c in items}, params=strict)
    assert found.conflicts == ()


# --- One figure across outlets: peoples and tolls; a rate is no count ----------------
# The claims are extracted (without spaCy) so that the counted words, as the extractor
# writes them, are what the reconcile stage reads.

WAR = {
    # The herald coordinates two tolls under one verb; its rewrite restates one of them.
    "herald": "The war has raged for nearly two months, killing over 13,000 Ostrians, "
              "including thousands of children, and about 1,200 Veldorians.",
    "herald-copy": "Some 1,200 Veldorians have been killed since the war began.",
    "lantern": "The official death toll in Veldoria is around 1,200.",
    # A ratio, and a rewrite that drops what the figure is counted per.
    "courier": "Veldoria released three prisoners in exchange for every hostage.",
    "courier-copy": "Veldoria extended the truce for every 10 hostages released, having "
                    "already released three prisoners in exchange.",
}  # fmt: skip
WAR_GROUPS = [["herald", "herald-copy"], ["lantern"], ["courier", "courier-copy"]]


def _extracted(key: str, text: str) -> ArticleClaims:
    published = datetime(2031, 5, 6, 12, tzinfo=UTC)
    numbers = find_numeric_claims(text, None, find_dates(text, published), published)
    return ArticleClaims(key, (), tuple(numbers), (), ())


def _war_story(**texts: str) -> StoryFacts:
    chosen = {**WAR, **texts}
    articles = [article(key, text) for key, text in chosen.items()]
    found = {key: _extracted(key, text) for key, text in chosen.items()}
    return reconcile_story(articles, found, groups=WAR_GROUPS)


def _holding(facts: tuple[Fact, ...], article_id: str, figure: str) -> Fact:
    return next(f for f in facts for c in f.claims
                if c.article_id == article_id and c.text == figure)  # fmt: skip


def test_a_people_killed_and_the_toll_of_their_country_are_one_fact() -> None:
    story = _war_story()
    fact = _holding(story.facts, "lantern", "around 1,200")
    assert {(c.article_id, c.text) for c in fact.claims} == {
        ("herald", "about 1,200"),
        ("herald-copy", "Some 1,200"),
        ("lantern", "around 1,200"),
    }
    assert fact.support == 2  # the herald and its copy are one source
    # The other people's toll is another fact, and no conflict with this one.
    ostrians = _holding(story.facts, "herald", "over 13,000")
    assert ostrians is not fact and [c.article_id for c in ostrians.claims] == ["herald"]
    assert story.conflicts == ()


def test_a_toll_never_stands_for_another_people() -> None:
    story = _war_story(lantern="The official death toll in Veldoria is around 13,000.")
    toll = _holding(story.facts, "lantern", "around 13,000")
    assert [c.article_id for c in toll.claims] == ["lantern"]
    assert story.conflicts == ()
    # Without a country, a toll still meets any people (what it counts is unsaid).
    plain = _war_story(lantern="The official death toll is around 13,000.")
    assert len(_holding(plain.facts, "lantern", "around 13,000").claims) == 2


def test_a_rate_neither_corroborates_nor_contradicts_a_count() -> None:
    story = _war_story()
    ratio = _holding(story.facts, "courier", "three")
    plain = _holding(story.facts, "courier-copy", "three")
    assert ratio is not plain
    assert [c.article_id for c in ratio.claims] == ["courier"]
    assert ratio.counted == "prisoners for every hostage"
    assert story.conflicts == ()
    # Nor a count of another size: "30 prisoners" is no rival of three per hostage.
    other = _war_story(**{"courier-copy": "Veldoria had already released 30 prisoners in "
                                          "exchange for the hostages."})  # fmt: skip
    assert other.conflicts == ()
