from __future__ import annotations

from datetime import UTC, datetime

from storydesk import codec
from storydesk.model import AlignedSpan, Analysis, Link, Mention, Sentence, Story


def test_round_trip_of_nested_records() -> None:
    link = Link(
        "a", "b", "rewrite", "known", 0.5, 0.25, (AlignedSpan(0, 5, 10, 15, "verbatim"),), "why"
    )
    assert codec.loads(Link, codec.dumps(link)) == link
    story = Story("S1", "Dam", ("a", "b"), datetime(2026, 3, 11, tzinfo=UTC), None, ("S2",))
    assert codec.loads(Story, codec.dumps(story)) == story
    analysis = Analysis("a", (Sentence(0, 3),), (Mention(0, 3, "Ana", "PERSON"),), "v1")
    assert codec.loads(Analysis, codec.dumps(analysis)) == analysis


def test_lists_of_records() -> None:
    spans = [AlignedSpan(0, 1, 2, 3, "paraphrase")]
    assert codec.from_data(list[AlignedSpan], codec.to_data(spans)) == spans


def test_packed_records_read_back_and_plain_json_rows_still_read() -> None:
    from storydesk.codec import dumps, pack, unpack
    from storydesk.model import Link

    link = Link("a1", "b2", "rewrite", "known", 0.5, 0.25, (), "reworded lead " * 5)
    packed = pack(link)
    assert isinstance(packed, bytes) and len(packed) < len(dumps(link).encode())
    assert unpack(Link, packed) == link
    assert unpack(Link, dumps(link)) == link  # a row stored before packing
