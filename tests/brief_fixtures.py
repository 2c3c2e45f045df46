"""A small fictional story for the brief and timeline tests: a dam fails in Millbrook.

A is the first report; B is a rewrite of A (same wording, published later); C and D
are independent reports. The dates are real calendar days: 4 March 2024 is a Monday.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from storydesk.model import Analysis, Article, Provenance, Sentence

TEXTS = {
    "a": (
        "Valley Wire",
        datetime(2024, 3, 4, 8, 0, tzinfo=UTC),
        "MILLBROOK, Ore. (VW) -- The Millbrook dam failed early Monday after three days of "
        "heavy rain, flooding the lower town.\n"
        "County officials said 140 homes were evacuated before the water reached Main Street.\n"
        "The dam was built in 1962 and last inspected in March 2021, according to state "
        "records.\n"
        "Rescue crews pulled two fishermen from the river near the old mill.\n"
        "The governor declared a state of emergency for Linn County on Monday afternoon.",
    ),
    "b": (
        "Coastal Digest",
        datetime(2024, 3, 4, 12, 0, tzinfo=UTC),
        "The Millbrook dam failed early Monday after three days of heavy rain, flooding the "
        "lower town.\n"
        "County officials said 140 homes were evacuated before the water reached Main Street.\n"
        "Rescue crews pulled two fishermen from the river near the old mill, a spokesman "
        "said.\n"
        "Residents were told to boil their drinking water until further notice.",
    ),
    "c": (
        "Eastland Courier",
        datetime(2024, 3, 4, 18, 0, tzinfo=UTC),
        "Heavy rain over three days caused the Millbrook dam to fail on Monday, and water "
        "flooded the lower town.\n"
        "County officials said 140 homes were evacuated before the water reached Main Street.\n"
        "The governor declared a state of emergency for Linn County on Monday afternoon.\n"
        "Engineers will inspect the spillway of the Millbrook dam when the water level drops.",
    ),
    "d": (
        "Harbor Ledger",
        datetime(2024, 3, 5, 7, 0, tzinfo=UTC),
        "Volunteers filled sandbags at the Millbrook school gym on Tuesday as the river kept "
        "rising.\n"
        "The Millbrook dam failed early Monday after days of heavy rain, county officials "
        "said.\n"
        "The Red Cross opened a shelter for evacuated families at the fairgrounds since "
        "Monday night.\n"
        "The governor declared a state of emergency for Linn County on Monday.",
    ),
}
GROUPS = [{"a", "b"}, {"c"}, {"d"}]

_SENTENCE = re.compile(r"[^\n]+")  # every line of the fixtures is one sentence


def make_articles(order: str = "abcd", texts: dict | None = None) -> list[Article]:
    """The fixture's articles in `order` (keys of `texts`: outlet, date, text)."""
    texts = TEXTS if texts is None else texts
    return [
        Article(
            id=key,
            text=texts[key][2],
            provenance=Provenance(f"fixture:{key}", "text"),
            title=None,
            outlet=texts[key][0],
            published=texts[key][1],
        )
        for key in order
    ]


def analyse(articles: list[Article]) -> dict[str, Analysis]:
    """Sentence offsets as the spaCy stage would give them here, without loading a model."""
    return {
        a.id: Analysis(
            a.id, tuple(Sentence(*m.span()) for m in _SENTENCE.finditer(a.text)), (), "test"
        )
        for a in articles
    }
