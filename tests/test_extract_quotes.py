from __future__ import annotations

import time

from claims_helpers import analysed, fixture_analyses

from storydesk.analyze.quote_groups import group_quotes, same_statement
from storydesk.analyze.quotes import find_quote_pieces, find_quotes


def test_split_quote_with_inverted_attribution() -> None:
    text_article, analysis = fixture_analyses()["harbour_wire.txt"]
    quotes = find_quotes(text_article.text, analysis)
    first = quotes[0]
    assert len(first.parts) == 2  # split around "said Ilyas Barnavi, the head of the coast guard."
    assert first.speaker == "Ilyas Barnavi"
    assert first.cue == "said"
    assert not first.partial
    text = text_article.text
    assert text[first.start] == '"' and text[first.end - 1] == '"'
    assert text[first.speaker_start : first.speaker_end] == "Ilyas Barnavi"


def test_pronoun_speaker_resolves_to_last_person_named() -> None:
    item, analysis = fixture_analyses()["harbour_wire.txt"]
    quotes = find_quotes(item.text, analysis)
    told = next(q for q in quotes if q.cue == "told")
    assert item.text[told.speaker_start : told.speaker_end] == "she"
    assert told.speaker == "Marta Oquendo"


def test_curly_quotes_statement_speaker_and_partial_quote() -> None:
    text = (
        "Valdria recalled its team after a “dead end” in talks, according to a statement "
        "from Prime Minister Andrej Orsolo’s office.\n\n"
        "“The rebels did not keep their side of the deal,” the statement said."
    )
    _, analysis = analysed(text)
    partial, whole = find_quotes(text, analysis)
    assert partial.partial and partial.text == "dead end"
    assert "Orsolo" in (partial.speaker or "")
    assert not whole.partial
    assert whole.cue == "said"
    assert whole.speaker is not None and "office" in whole.speaker  # the statement -> the office


def test_wire_style_double_apostrophes_and_multi_paragraph_quotes() -> None:
    text = (
        "``We will rebuild,'' the mayor said.\n"
        "''This is not over,'' said Ana Ruiz, a council member. ''Not yet.''\n"
        '"The first paragraph runs on\n'
        '"and the second closes it," Lee said.'
    )
    pieces = find_quote_pieces(text)
    assert len(pieces) == 5
    quotes = find_quotes(text, None)
    assert quotes[0].speaker == "mayor" or quotes[0].speaker == "the mayor"
    assert len(quotes[1].parts) == 2 and quotes[1].speaker == "Ana Ruiz"
    assert len(quotes[2].parts) == 2 and quotes[2].speaker == "Lee"


def test_unbalanced_quotes_do_not_swallow_the_text() -> None:
    text = (
        'He said "yes and then said nothing.\n\n'
        "“An opening mark that never closes. Another sentence follows.\n\n"
        "“This one is fine,” she said."
    )
    [quote] = find_quotes(text, None)
    # The mid-paragraph stray mark is dropped; a paragraph opening a quotation without
    # closing it runs on into the next one that opens again (newspaper convention).
    assert len(quote.parts) == 2 and quote.text.endswith("This one is fine,")
    assert quote.text.startswith("An opening mark")
    # Nobody is named before "she": the speaker is unknown, and the mention is kept.
    assert quote.speaker is None and quote.speaker_basis == "unknown"
    assert text[quote.speaker_start : quote.speaker_end] == "she"


def test_titles_and_unattributed_scare_quotes_are_not_quotations() -> None:
    text = "He appeared on “Fox News Sunday” to discuss the so-called “deal”."
    assert find_quotes(text, None) == []


def test_50_kb_sentence_with_marks_is_fast() -> None:
    text = ("word “quoted bit” and " * 2500) + "“end,” he said."
    started = time.process_time()
    find_quotes(text, None)
    assert time.process_time() - started < 2.0


def test_same_statement_grouped_across_outlets_with_wording_differences() -> None:
    base = "The rebels did not fulfill their side of the deal, which required the release of all"
    a = f"“{base} elderly and sick detainees,” the office said."
    b = f"“{base.replace('fulfill', 'fulfil')} elderly and sick detainees,” the office said."
    c = "“Something else entirely was said here today,” she said."
    items = [("a", find_quotes(a, None)), ("b", find_quotes(b, None)), ("c", find_quotes(c, None))]
    [group] = group_quotes(items)
    assert {v.article_id for v in group.variants} == {"a", "b"}
    edits = {e for v in group.variants for e in v.differences}
    assert edits & {"fulfill -> fulfil", "fulfil -> fulfill"}
    assert same_statement("dead end", "dead end") and not same_statement("dead end", "impasse")
