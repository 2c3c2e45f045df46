import ast
import hashlib
import re
from pathlib import Path

import pytest

from storydesk import lexicon
from storydesk.lexicon import (
    HONORIFICS,
    NAME_ABBREVIATIONS,
    OFFICIAL_ROLES,
    QUOTE_CUES,
    ROLE_TITLES,
    SOURCE_CUES,
    alternation,
)

PHRASE_LISTS = {
    "QUOTE_CUES": QUOTE_CUES,
    "SOURCE_CUES": SOURCE_CUES,
    "INTRODUCING_CUES": lexicon.INTRODUCING_CUES,
    "HONORIFICS": HONORIFICS + NAME_ABBREVIATIONS,
    "ROLE_TITLES": ROLE_TITLES,
    "OFFICIAL_ROLES": OFFICIAL_ROLES,
    "WEEKDAYS": lexicon.WEEKDAYS,
    "MONTHS": lexicon.MONTHS,
}


def test_lexicon_imports_nothing_from_storydesk() -> None:
    tree = ast.parse(Path(lexicon.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("storydesk")
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith("storydesk") for a in node.names)


@pytest.mark.parametrize("name", PHRASE_LISTS)
def test_each_phrase_listed_once(name: str) -> None:
    phrases = PHRASE_LISTS[name]
    assert len(set(phrases)) == len(phrases), sorted(p for p in phrases if phrases.count(p) > 1)


@pytest.mark.parametrize("name", PHRASE_LISTS)
def test_longer_phrase_first(name: str) -> None:
    """A phrase comes before any shorter one it starts with ("Secretary of State" before
    "Secretary"), so an alternation built from the list tries the longer one first."""
    phrases = PHRASE_LISTS[name]
    for i, short in enumerate(phrases):
        assert not any(p.startswith(short + " ") for p in phrases[i + 1 :]), short


def test_alternation_escapes_and_spaces() -> None:
    titles = re.compile(r"(?:" + alternation(["Prime Minister", "Sen."], space=r"\s+") + r")$")
    assert titles.match("Prime \n Minister")
    assert titles.match("Sen.")
    assert not titles.match("Senx")
    assert re.fullmatch(alternation(["pointed out"]), "pointed out")
    assert not re.fullmatch(alternation(["pointed out"]), "pointed  out")


# The stop word lists as the stages have always used them: a change to the shared base
# changes several lists at once, and every benchmark with them. If a change is meant,
# check the benchmarks (bench/run_all.py) and update the digest.
STOP_LIST_DIGESTS = {
    "STOP_WORDS": (104, "93e84b744058"),
    "TFIDF_STOP_WORDS": (162, "499b51c20cd0"),
    "BRIEF_STOP_WORDS": (145, "9c5f0496fd2c"),
    "NUMBER_STOP_WORDS": (125, "dbc6e28993dc"),
}


@pytest.mark.parametrize("name", STOP_LIST_DIGESTS)
def test_stop_word_lists_unchanged(name: str) -> None:
    stop = getattr(lexicon, name)
    digest = hashlib.sha1(" ".join(sorted(stop)).encode()).hexdigest()[:12]
    assert (len(stop), digest) == STOP_LIST_DIGESTS[name]


def test_stop_lists_differ_where_meant() -> None:
    assert "dr" in lexicon.TFIDF_STOP_WORDS and "dr" not in lexicon.BRIEF_STOP_WORDS
    assert "whose" in lexicon.STOP_WORDS and "whose" not in lexicon.BRIEF_STOP_WORDS
    # The noun phrase after a number reads on past "all", "them" and "other".
    assert not {"all", "them", "other"} & lexicon.NUMBER_STOP_WORDS
    assert {"of", "said", "since"} <= lexicon.NUMBER_STOP_WORDS
