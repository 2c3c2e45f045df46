"""Speakers a desk can trust: pronouns with gender and number agreement, offices and
their holders as one speaker, and an unknown speaker said plainly (issue 14)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from speaker_cases import score_cases
from story_render_fixture import fictional_story

from storydesk import codec
from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.analyze.gender import first_name_gender, person_gender
from storydesk.analyze.pronouns import resolve_pronoun
from storydesk.analyze.quote_groups import group_quotes
from storydesk.cli_claims import render_claims
from storydesk.cli_views import print_story_results
from storydesk.model import (
    Article,
    ArticleClaims,
    CanonicalEntity,
    Mention,
    Provenance,
    Quote,
    QuoteGroup,
    QuoteVariant,
)
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.speakers import SpeakerNames, story_quote_groups
from storydesk.write.html_report import story_part


def _mentions(text: str, *names: str) -> list[Mention]:
    """PERSON mentions of each name at its first place in `text`."""
    found = []
    for name in names:
        start = text.index(name)
        found.append(Mention(start, start + len(name), name, "PERSON"))
    return sorted(found, key=lambda m: m.start)


# --- gender and pronouns -----------------------------------------------------------


def test_gender_comes_from_names_titles_and_clause_pronouns_only() -> None:
    assert first_name_gender("Prime Minister Benjamin Quarles") == "m"
    assert first_name_gender("Laura Brandt") == "f"
    assert first_name_gender("Brandt") is None  # a surname alone says nothing
    assert first_name_gender("Jordan Pike") is None  # a name both wear is on no list
    text = "Ms. Ayo Ferreira met Kofi Abara. Imre Tass, in her report, disagreed."
    mentions = _mentions(text, "Ayo Ferreira", "Kofi Abara", "Imre Tass")
    assert person_gender(text, "Ayo Ferreira", mentions) == "f"  # honorific
    assert person_gender(text, "Kofi Abara", mentions) is None  # no evidence: unknown
    assert person_gender(text, "Imre Tass", mentions) == "f"  # "in her report"


def test_she_skips_a_man_but_not_a_person_of_unknown_gender() -> None:
    text = "Senator Laura Brandt met Daniel Okafor. “We agree,” she said."
    mentions = _mentions(text, "Laura Brandt", "Daniel Okafor")
    pronoun = text.index("she said")
    assert resolve_pronoun(text, "she", pronoun, mentions, []) == "Laura Brandt"
    assert resolve_pronoun(text, "he", pronoun, mentions, []) == "Daniel Okafor"
    unknown = "Senator Laura Brandt met Kofi Abara. “We agree,” he said."
    mentions = _mentions(unknown, "Laura Brandt", "Kofi Abara")
    # Kofi is on no list: his gender is unknown, so "he" may still be him.
    assert resolve_pronoun(unknown, "he", unknown.index("he said"), mentions, []) == "Kofi Abara"


def test_they_is_never_one_person_and_a_contradiction_names_nobody() -> None:
    text = "Mayor Ruth Calloway met the residents. “We were never warned,” they said."
    mentions = _mentions(text, "Ruth Calloway")
    assert resolve_pronoun(text, "they", text.index("they said"), mentions, []) is None
    text = "Sarah Lindgren said the plant would close. “It is a sad day,” he said."
    mentions = _mentions(text, "Sarah Lindgren")
    assert resolve_pronoun(text, "he", text.index("he said"), mentions, []) is None


# --- offices and holders -------------------------------------------------------------


def _person(name: str, *roles: str, variants: tuple[str, ...] = ()) -> CanonicalEntity:
    return CanonicalEntity(f"person:{name}", name, "PERSON", variants, roles, ())


def test_an_office_is_named_by_its_holder_when_the_story_says_who_holds_it() -> None:
    names = SpeakerNames([
        _person("Hamid Rostami", "Velmoran Prime Minister", variants=("Rostami",)),
        _person("Clara Voss", "Ardenese President"),
        _person("Milo Brandt", "Tarsan President"),
    ])  # fmt: skip
    for written in ("the Velmoran Prime Minister's office", "Prime Minister's office",
                    "the Velmoran prime minster’s office", "the Velmoran leader's office",
                    "Hamid Rostami’s office", "Rostami's office",
                    "Prime Minister Hamid Rostami's office"):  # fmt: skip
        assert names.canonical(written) == "Hamid Rostami's office", written
    assert names.canonical("the Velmoran Prime Minister") == "Hamid Rostami"
    assert names.canonical("Rostami") == "Hamid Rostami"
    # Two presidents: "the President's office" names neither; nor a leader nobody is.
    assert names.canonical("the President's office") == "President's office"
    assert names.canonical("the Ardenese leader's office") == "Clara Voss's office"
    assert names.canonical("the Norlander leader's office") == "Norlander leader's office"


def test_quote_groups_take_the_story_name_and_keep_the_other_forms() -> None:
    def quote(speaker: str | None) -> Quote:
        return Quote(0, 30, "Talks have reached a dead end", ((1, 29),), speaker,
                     None, None, "said", None, None, False, "named")  # fmt: skip

    items = [("a", [quote("the Velmoran leader's office")]),
             ("b", [quote("Prime Minister's office")]),
             ("c", [quote("Velmora")]), ("d", [quote(None)])]  # fmt: skip
    entities = [_person("Hamid Rostami", "Velmoran Prime Minister")]
    [group] = story_quote_groups(items, entities)
    assert group.speaker == "Hamid Rostami's office"
    assert group.speaker_forms == ("Prime Minister's office", "Velmoran leader's office")
    assert [v.speaker for v in group.variants] == [
        "Hamid Rostami's office", "Hamid Rostami's office", "Velmora", None]  # fmt: skip
    # Without the story's names, each article's words stay apart.
    [plain] = group_quotes(items)
    assert plain.speaker_forms == ()


# --- the seed faults, on a fictional story of the same shape ---------------

_SEED_SHAPED = (
    "Velmoran Prime Minister Hamid Rostami recalled his negotiators from Tarsa.\n\n"
    "Vice President Clara Voss spoke in Orvik on Saturday. While acknowledging the "
    "country’s right to self-defense, she condemned the suffering of civilians, calling the images "
    "from Tarsa “devastating.”\n\n"
    "Secretary of State Mark Dobson, in Velmora for the third time, blamed the rebels. "
    "“The way Velmora defends itself matters,” Dobson said.\n\n"
    "He further stressed the importance of protecting civilians.\n\n"
    "“This is going to be very important going forward.”\n\n"
    "“The rebels did not keep their part of the deal,” stated the Velmoran Prime "
    "Minister's office.",
    "KESSEL (Harbour Wire) — “The rebels did not keep their part of the deal,” the "
    "Velmoran leader's office said.",
    "“The rebels did not keep their part of the deal,” Hamid Rostami's office said on "
    "Saturday.",
)


@pytest.fixture(scope="module")
def seed_shaped() -> list[tuple[Article, ArticleClaims]]:
    articles = [Article(id=f"v{i}", text=t, provenance=Provenance(f"v{i}", "text"))
                for i, t in enumerate(_SEED_SHAPED)]  # fmt: skip
    analyses = list(analyze_articles(articles, processes=1))
    return [(a, extract_claims(a, an)) for a, an in zip(articles, analyses, strict=True)]


def test_the_seed_faults_do_not_recur(seed_shaped: list[tuple[Article, ArticleClaims]]) -> None:
    _, claims = seed_shaped[0]
    by_words = {q.text.split()[0].strip("“”,."): q for q in claims.quotes}
    # "calling the images “devastating”": the person the clause names, not a place.
    assert by_words["devastating"].speaker == "Clara Voss"
    assert by_words["devastating"].speaker_basis == "pronoun"
    # A quotation paragraph after "He further stressed ...": Dobson's, not "?".
    assert by_words["This"].speaker == "Mark Dobson"
    assert by_words["This"].speaker_basis == "paragraph"
    analyses = list(analyze_articles([a for a, _ in seed_shaped], processes=1))
    entities = canonical_entities([(a, an, c) for (a, c), an in
                                   zip(seed_shaped, analyses, strict=True)])  # fmt: skip
    groups = story_quote_groups([(a.id, c.quotes) for a, c in seed_shaped], entities)
    office = next(g for g in groups if g.text.startswith("The rebels"))
    assert office.speaker == "Hamid Rostami's office"
    assert len(office.variants) == 3
    assert "Velmoran leader's office" in office.speaker_forms


def test_the_fixture_speaker_cases_are_right() -> None:
    """The team's 51 fictional pronoun and office cases (bench/bench_speakers.py prints
    the same figure): at least 0.90, and "they" is never resolved to a person."""
    results = score_cases()
    assert len(results) >= 40
    wrong = [r for r in results if not r.right]
    assert 1 - len(wrong) / len(results) >= 0.90, wrong


# --- "speaker unknown", never "?" ----------------------------------------------------


def test_an_unknown_speaker_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    text = "“Nothing was agreed.”"
    quote = Quote(0, len(text), "Nothing was agreed.", ((1, 20),), None, None, None, None,
                  None, None, False, "unknown")  # fmt: skip
    article = Article(id="x1", text=text, provenance=Provenance("x1", "text"))
    lines = render_claims(article, None, ArticleClaims("x1", (quote,), (), (), ()))
    [line] = [line for line in lines if "Nothing was agreed" in line]
    assert "speaker unknown" in line and "?" not in line
    assert codec.to_data(quote)["speaker_basis"] == "unknown"
    group = QuoteGroup("g1", None, "Nothing was agreed.",
                       (QuoteVariant("x1", 0, "Nothing was agreed.", ()),))  # fmt: skip
    story = replace(fictional_story(), quote_groups=(group,))
    assert "<b>speaker unknown</b>" in story_part("quotes", story)
    print_story_results(story)
    assert "- speaker unknown: “Nothing was agreed.”" in capsys.readouterr().out


def test_a_source_after_a_comma_and_a_conjunction_loses_the_conjunction() -> None:
    from storydesk.analyze.speakers import find_source

    text = ("Nobody knows yet what sank the ferry, but Admiral Rhea Tolland, head of the "
            "coast guard, said there were two possible causes.")  # fmt: skip
    found = find_source(text, 0, len(text), [])
    assert found is not None and found[0] == "Admiral Rhea Tolland"
