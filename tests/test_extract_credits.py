from __future__ import annotations

from storydesk.analyze.credits import find_credits


def _credits(text: str) -> list[tuple[str, str]]:
    return [(c.source, c.kind) for c in find_credits(text)]


def test_credit_phrases() -> None:
    text = (
        "Tel Aviv, Israel (CNN) — Talks stalled, according to AFP. The Hill reported that "
        "envoys left; an official told Reuters more. The Daily Courier first reported it.\n"
        "Information from The Associated Press was used in this report."
    )
    found = _credits(text)
    assert ("CNN", "dateline") in found
    assert ("AFP", "according_to") in found
    assert ("The Hill", "reported") in found
    assert ("Reuters", "reported") in found
    assert ("The Daily Courier", "reported") in found
    assert ("Associated Press", "contributed") in found
    for credit in find_credits(text):
        assert text[credit.start : credit.end] == credit.source


def test_wire_dateline_and_byline() -> None:
    assert _credits("BEIJING, May 3 (Xinhua) -- Rain fell.") == [("Xinhua", "dateline")]
    assert _credits("By Hana Kessel, Coastal Times\n\nText.") == [("Coastal Times", "byline")]


def test_sources_that_are_not_outlets_are_not_credits() -> None:
    text = "According to the Health Ministry, 40 died (Ms Smith) — and the police reported more."
    assert _credits(text) == []


def test_credit_does_not_cross_lines() -> None:
    assert _credits("according to the Labor Department.\nToday people work.") == []
