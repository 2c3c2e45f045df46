from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storydesk.ingest import Limits, read_inputs
from storydesk.ingest.text import article_from_text, split_header
from storydesk.model import Article, Provenance, ReadFailure


def _read_one(path: Path, limits: Limits | None = None) -> Article | ReadFailure:
    items = list(read_inputs([path], limits or Limits()))
    assert len(items) == 1, items
    return items[0]


def _article(raw: str) -> Article:
    result = article_from_text(raw, Provenance("mem.txt", "text"))
    assert isinstance(result, Article), result
    return result


def test_leading_date_line_on_same_line_as_text() -> None:
    article = _article(" date 2026-03-12 The mayor said on Friday that the bridge would reopen.")
    assert article.published == datetime(2026, 3, 12, tzinfo=UTC)
    assert article.text.startswith("The mayor said")
    assert article.title is None


def test_leading_date_line_then_byline_and_dateline() -> None:
    article = _article(
        " date 2026-03-12 By Ana Ruiz, Harbor Ledger\n\n"
        "Marrowvale, Eastland (Harbor Ledger) — The river rose two metres overnight.\n"
    )
    assert article.byline == "Ana Ruiz"
    assert article.outlet == "Harbor Ledger"
    assert article.dateline == "Marrowvale, Eastland"
    assert article.text.startswith("Marrowvale, Eastland (Harbor Ledger)")


def test_section_label_then_headline_becomes_title() -> None:
    section, title, byline, body = split_header(
        "National\n\nFlood waters recede in ‘worst week’\n\nThe water fell by a metre."
    )
    assert section == "National"
    assert title == "Flood waters recede in ‘worst week’"
    assert byline is None
    assert body == "The water fell by a metre."


def test_first_paragraph_is_not_mistaken_for_a_title() -> None:
    article = _article("The dam failed at dawn.\n\nRescuers arrived by boat.")
    assert article.title is None
    assert article.display_title == "The dam failed at dawn."


def test_outlet_from_dateline_and_house_lines() -> None:
    cnn_style = _article("Calder Bay (CNN) — Officials met on Monday to discuss the recall.")
    assert cnn_style.outlet == "CNN"
    assert cnn_style.dateline == "Calder Bay"
    house = _article("Officials met on Monday.\n\nTop Stories from The Hill\n\nMore text here.")
    assert house.outlet == "The Hill"
    # A republished wire story: the footer names the publisher, the dateline the agency.
    copy = _article(
        "KIRKBRAE (Meridian Press) — Water rose.\n\n© 2026 Eastland Courier. All rights reserved."
    )
    assert copy.outlet == "Eastland Courier"


def test_credit_line_does_not_set_the_outlet() -> None:
    article = _article(
        "The council met on Monday, according to The Hill.\n\n"
        "Information from The Associated Press was used in this report."
    )
    assert article.outlet is None


def test_same_text_same_id_whatever_the_layout(tmp_path: Path) -> None:
    one = _article("The dam failed.\nRescuers came.")
    two = _article("The   dam failed.\r\n Rescuers   came.  ")
    assert one.id == two.id


def test_latin1_and_cp1252_files_are_decoded(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le maire de Sète a déclaré que l'eau montait.".encode("latin-1"))
    result = _read_one(latin)
    assert isinstance(result, Article)
    assert "Sète" in result.text and "déclaré" in result.text
    windows = tmp_path / "cp1252.txt"
    windows.write_bytes("He said \u201cno comment\u201d \u2014 twice.".encode("cp1252"))
    result = _read_one(windows)
    assert isinstance(result, Article)
    assert "\u201cno comment\u201d" in result.text
    assert result.metadata["encoding"] == "cp1252"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfThe water rose.")
    result = _read_one(path)
    assert isinstance(result, Article) and result.text == "The water rose."


def test_binary_empty_and_blank_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  \n")
    results = {Path(r.source).name: r for r in read_inputs([tmp_path])}
    assert all(isinstance(r, ReadFailure) and r.skipped for r in results.values())
    assert "binary" in results["image.txt"].reason
    assert "empty" in results["empty.txt"].reason
    assert "empty" in results["blank.txt"].reason


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:  # sparse: costs no disk and no time
        stream.truncate(200 * 1024 * 1024)
    result = _read_one(huge)
    assert isinstance(result, ReadFailure) and result.skipped
    assert "200.0 MB" in result.reason and "limit" in result.reason


def test_custom_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Word " * 400)
    result = _read_one(path, Limits(max_article_bytes=1000))
    assert isinstance(result, ReadFailure) and "limit" in result.reason


def test_language_guess() -> None:
    from storydesk.ingest.language import guess_language

    assert (
        guess_language("The mayor said that the river was rising and the town was at risk.") == "en"
    )
    assert (
        guess_language(
            "Der Bürgermeister sagte, dass der Fluss steigt und die Stadt in Gefahr ist."
        )
        == "de"
    )
    assert (
        guess_language(
            "El alcalde dijo que el río estaba subiendo y que la ciudad está en peligro."
        )
        == "es"
    )
    assert (
        guess_language("Мэр заявил, что уровень воды в реке поднимается и город в опасности.")
        == "ru"
    )
    assert guess_language("市长说河水正在上涨，城市面临危险。市长说河水正在上涨。") == "zh"
    assert guess_language("ok") is None
