"""Story entities without junk: house lines, labels, kickers, tag lists, wire codes, job
titles and common words name nothing; country aliases and demonyms join their country;
a search word finds the other spellings of a name. All text here is fictional."""

from __future__ import annotations

from claims_helpers import with_mentions

from storydesk.model import CanonicalEntity
from storydesk.reconcile.entities import canonical_entities, spelling_variants
from storydesk.reconcile.entity_junk import junk_reason
from storydesk.reconcile.entity_params import EntityParams


def _names(entities: list[CanonicalEntity]) -> set[str]:
    return {e.name for e in entities}


def _entity(entities: list[CanonicalEntity], name: str) -> CanonicalEntity:
    return next(e for e in entities if name == e.name or name in e.variants)


HOUSE_LINE = (
    "Engineers inspected the Holloway Dam on Sunday, according to The Ledger.\n\n"
    "Top Stories from The Ledger\n\n"
    "Crews in Marrowvale worked through the night."
)


def test_house_line_gives_no_entity_and_the_outlet_keeps_its_the() -> None:
    item = with_mentions(HOUSE_LINE, [("Ledger", "ORG"), ("Top Stories", "ORG"),
                                 ("Holloway Dam", "FAC"), ("Marrowvale", "GPE")])  # fmt: skip
    entities = canonical_entities([item])
    assert "Top Stories" not in _names(entities)
    assert "Ledger" not in _names(entities)  # "Hill" of "The Hill": a wrong name
    ledger = _entity(entities, "The Ledger")
    assert len(ledger.mentions) == 1  # the house line's mention is not counted
    assert {"Holloway Dam", "Marrowvale"} <= _names(entities)
    # the rules off: what the resolver did before them
    before = canonical_entities([item], params=EntityParams(junk_rules=False))
    assert {"Top Stories", "Ledger"} <= _names(before)


def test_job_titles_and_their_tails_are_no_entities() -> None:
    text = (
        "Secretary of State Mara Quill arrived in Port Aleyn on Monday. The Vice President "
        "stayed home, and the Minister of Forestry said nothing. Quill met the mayor."
    )
    item = with_mentions(text, [("State", "ORG"), ("Mara Quill", "PERSON"), ("Quill", "PERSON"),
                           ("Port Aleyn", "GPE"), ("Vice President", "ORG"),
                           ("Minister of Forestry", "ORG")])  # fmt: skip
    entities = canonical_entities([item])
    assert _names(entities) == {"Mara Quill", "Port Aleyn"}
    assert "Secretary of State" in _entity(entities, "Mara Quill").roles


def test_kickers_section_labels_and_tag_lists_are_no_entities() -> None:
    text = (
        "World Desk\n\n"
        "Tessel Valley Crisis: Hopes of a quick repair faded as the Tessel rose again.\n\n"
        "Rescuers from Kirkbrae reached the dam.\n\n"
        "Tags: Holloway Dam, Eastland Relief Fund"
    )
    item = with_mentions(text, [("World Desk", "ORG"), ("Tessel Valley Crisis: Hopes", "ORG"),
                           ("Tessel", "LOC"), ("Kirkbrae", "GPE"), ("Holloway Dam", "FAC"),
                           ("Eastland Relief Fund", "ORG")])  # fmt: skip
    assert _names(canonical_entities([item])) == {"Tessel", "Kirkbrae"}


def test_wire_codes_and_distribution_notes_are_no_entities() -> None:
    text = (
        "&UR; HARBOUR WIRE NEWS SERVICE &QC; &UR; (Distributed by Orrin Syndicate) &QL;\n"
        "The Eastland Relief Fund paid for tents in Marrowvale.\n"
        "STORY CAN END HERE. To purchase this material contact Ana Lindqvist.\n"
        "-0- &QL;"
    )
    item = with_mentions(text, [
        ("HARBOUR WIRE NEWS SERVICE &QC", "ORG"), ("Orrin Syndicate", "ORG"),
        ("Eastland Relief Fund", "ORG"), ("Marrowvale", "GPE"),
        ("STORY CAN END", "ORG"), ("Ana Lindqvist", "PERSON"), ("-0- &QL", "ORG"),
    ])  # fmt: skip
    assert _names(canonical_entities([item])) == {"Eastland Relief Fund", "Marrowvale"}


def test_spans_that_are_no_names() -> None:
    text = "x " * 5 + "the county health department, the District of, Celebrax, Mervin and more."
    start = text.index("county")
    assert junk_reason(text, start, start + len("county health department"), "ORG")
    start = text.index("District of")
    assert junk_reason(text, start, start + len("District of"), "GPE")
    start = text.index("Celebrax, Mervin")
    assert junk_reason(text, start, start + len("Celebrax, Mervin"), "ORG")
    start = text.index("Celebrax")
    assert junk_reason(text, start, start + len("Celebrax"), "ORG") is None
    assert junk_reason(text, start, start + len("Celebrax"), "DATE") is None  # names only


def test_a_common_word_capitalised_for_its_place_is_no_name() -> None:
    text = (
        "Tribes gathered at the dam. The tribes of the valley sent food, and other tribes "
        "sent boats.\n\nThe House voted on Monday; the house on the hill was empty, "
        "and the House met again on Tuesday."
    )
    item = with_mentions(text, [("Tribes", "ORG"), ("House", "ORG")])
    names = _names(canonical_entities([item]))
    assert "Tribes" not in names  # written in lower case elsewhere, capitalised to open
    assert "House" in names  # capitalised inside sentences more often than not


def test_america_and_us_are_the_united_states() -> None:
    text = (
        "America will send engineers, the envoy said. The United States has pledged pumps, "
        "and U.S. crews arrived in Kirkbrae on Friday."
    )
    item = with_mentions(text, [("America", "GPE"), ("United States", "GPE"), ("U.S.", "GPE"),
                           ("Kirkbrae", "GPE")])  # fmt: skip
    entities = canonical_entities([item])
    united = _entity(entities, "United States")
    assert _entity(entities, "America") is united and _entity(entities, "U.S.") is united
    assert united.name == "United States" and len(united.mentions) == 3
    apart = canonical_entities([item], params=EntityParams(country_joins=False))
    assert _entity(apart, "America") is not _entity(apart, "United States")


def test_a_demonym_joins_its_country_only_when_the_story_names_it() -> None:
    text = (
        "Norwegian divers reached the dam, Norway's embassy said. Two Norwegians stayed. "
        "Thai engineers arrived later."
    )
    item = with_mentions(text, [("Norwegian", "NORP"), ("Norway", "GPE"), ("Norwegians", "NORP"),
                           ("Thai", "NORP")])  # fmt: skip
    entities = canonical_entities([item])
    norway = _entity(entities, "Norway")
    assert norway.name == "Norway" and norway.label == "GPE"
    assert {"Norwegian", "Norwegians"} <= set(norway.variants)
    thai = _entity(entities, "Thai")  # no "Thailand" in the story: a group of its own
    assert thai.name == "Thai" and thai.label == "NORP"
    assert spelling_variants(norway) == {}  # a demonym is no spelling of the country


def test_spelling_variants_of_a_name() -> None:
    text = (
        "Rescue chief Ilyas Barnavi ordered the evacuation. Barnavi said the dam would hold.\n"
        "Ilias Barnavi, the rescue chief, later said water was rising."
    )
    item = with_mentions(text, [("Ilyas Barnavi", "PERSON"), ("Ilias Barnavi", "PERSON")])
    (barnavi,) = canonical_entities([item])
    assert spelling_variants(barnavi) == {"Ilyas": {"Ilias"}, "Ilias": {"Ilyas"}}


def test_an_acronym_of_a_common_noun_is_no_name() -> None:
    text = (
        "Patients with river fever (RF) were moved. RF spreads in floods, the "
        "Eastland Health Office (EHO) said. EHO staff and RF cases were counted."
    )
    item = with_mentions(text, [("RF", "ORG"), ("EHO", "ORG"), ("Eastland Health Office", "ORG")])
    names = _names(canonical_entities([item]))
    assert "RF" not in names  # defined after "river fever": a disease, not a name
    assert "Eastland Health Office" in names  # "EHO" abbreviates a name: kept, joined to it


def test_wire_slugs_photo_lines_and_notes_to_editors_are_no_entities() -> None:
    text = (
        "EDITORS: Tonight's Harbour Photo Package moves at 9. Clients may call Dockfeed.\n"
        "(HBW12) MARROWVALE -- Oct. 3, 2001 -- DAM-BREACH-2, 10-03 -- Engineers of the "
        "Eastland Relief Fund inspect the spillway. (Ines Carrow/Harbour Wire Photo)\n"
        "FLOOD-AID (Undated) _ Tents for Kirkbrae. By TOMAS VELLE. Story will move.\n"
        "(HBW13) UNDATED -- Oct. 3, 2001 -- ADV. FOR SUN., OCT. 7 -- Tessel Valley."
    )
    names = [("Harbour Photo Package", "ORG"), ("Dockfeed", "ORG"), ("HBW12", "ORG"),
             ("MARROWVALE", "GPE"), ("DAM-BREACH-2", "ORG"), ("Eastland Relief Fund", "ORG"),
             ("Ines Carrow", "PERSON"), ("Harbour Wire Photo", "ORG"), ("FLOOD-AID", "ORG"),
             ("Kirkbrae", "GPE"), ("TOMAS VELLE", "PERSON"), ("UNDATED", "ORG"),
             ("ADV", "ORG"), ("SUN", "ORG"), ("Tessel Valley", "LOC")]  # fmt: skip
    entities = canonical_entities([with_mentions(text, names)])
    # The photographer is a person and the dateline a place; the rest is the wire's.
    assert _names(entities) == {"MARROWVALE", "Eastland Relief Fund", "Ines Carrow",
                                "Kirkbrae", "Tessel Valley"}  # fmt: skip
    before = canonical_entities([with_mentions(text, names)], params=EntityParams(junk_rules=False))
    assert {"DAM-BREACH-2", "FLOOD-AID", "TOMAS VELLE", "Dockfeed"} <= _names(before)


def test_an_address_is_no_entity_but_the_sentence_around_it_keeps_its_names() -> None:
    text = (
        "Seedlings can be ordered from Quarrow Gardens, P.O. Box 2207, Marrowvale, "
        "QX 55012, (555) 010-4477, or from Tessel Nursery, Kirkbrae, Orl. 55019."
    )
    names = [("Quarrow Gardens", "ORG"), ("P.O. Box 2207", "ORG"), ("Marrowvale", "GPE"),
             ("QX 55012", "ORG"), ("Tessel Nursery", "ORG"), ("Kirkbrae", "GPE"),
             ("Orl. 55019", "GPE")]  # fmt: skip
    assert _names(canonical_entities([with_mentions(text, names)])) == {
        "Quarrow Gardens", "Marrowvale", "Tessel Nursery", "Kirkbrae"}  # fmt: skip


def _reason(text: str, span: str, label: str) -> str | None:
    start = text.index(span)
    return junk_reason(text, start, start + len(span), label)


def test_words_made_of_names_and_words_that_look_like_names() -> None:
    text = (
        "Critics called the plan un-Eastlandish and said it would Eastlandize the valley. "
        "Rep. Ora Penn (D-Quarrow) agreed. Patients took lorvamycin and tessolol, Mom said. "
        "N. was absent and Co. paid. Harlow disease and Venn's syndrome were ruled out. "
        "Harlow Penn, a nurse, and Venn Dorsey, a doctor, treated them."
    )
    assert _reason(text, "un-Eastlandish", "NORP") == "an adjective made of a name"
    assert _reason(text, "Eastlandize", "GPE") == "a verb made of a name"
    assert _reason(text, "D-Quarrow", "GPE") == "a lawmaker's party and state"
    assert _reason(text.replace("lorvamycin", "Lorvamycin"), "Lorvamycin", "ORG")
    assert _reason(text.replace("tessolol", "Tessolol"), "Tessolol", "PERSON")
    assert _reason(text, "Mom", "PERSON") == "a family word"
    assert _reason(text, "N.", "NORP") == "a lone initial or company suffix"
    assert _reason(text, "Co.", "ORG") == "a lone initial or company suffix"
    assert _reason(text, "Harlow", "PERSON") == "a disease's eponym"
    assert _reason(text, "Venn", "PERSON") == "a disease's eponym"
    # The same names as people, and a name that only looks like a verb, stay.
    assert _reason(text, "Harlow Penn", "PERSON") is None
    assert _reason(text, "Venn Dorsey", "PERSON") is None
    assert junk_reason("Denise Orr spoke.", 0, 6, "PERSON") is None


def test_a_word_capitalised_only_to_open_a_sentence_whose_family_is_lower_case() -> None:
    text = (
        "Nationally, the flood was the worst in years. The national guard came.\n"
        "Melt the ice first. The ice melted by noon, and the Harwick crews left.\n"
        "Harwick said the dam held."
    )
    item = with_mentions(text, [("Nationally", "PERSON"), ("Melt", "ORG"), ("Harwick", "ORG")])
    names = _names(canonical_entities([item]))
    assert "Nationally" not in names and "Melt" not in names
    assert "Harwick" in names  # capitalised inside a sentence too: a name


def test_a_descriptor_or_a_home_town_is_no_part_of_a_persons_name() -> None:
    text = (
        "Detective Ora Brannock closed the road. The detective said it was flooded, and "
        "another detective agreed.\nRejeanne Tolliver of Marrowvale watched the water."
    )
    item = with_mentions(text, [("Detective Ora Brannock", "PERSON"),
                           ("Rejeanne Tolliver of Marrowvale", "PERSON")])  # fmt: skip
    assert _names(canonical_entities([item])) == {"Ora Brannock", "Rejeanne Tolliver"}


def test_two_names_in_one_span_when_the_story_writes_each_alone() -> None:
    text = (
        "For Quarrow and Dunmore, the work began in May. Quarrow said it was slow; "
        "Dunmore agreed. The Bureau of Sand and Gravel approved it."
    )
    names = [("Quarrow and Dunmore", "ORG"), ("Quarrow", "PERSON"), ("Dunmore", "PERSON"),
             ("Bureau of Sand and Gravel", "ORG")]  # fmt: skip
    found = _names(canonical_entities([with_mentions(text, names)]))
    assert "Quarrow and Dunmore" not in found
    assert {"Quarrow", "Dunmore", "Bureau of Sand and Gravel"} <= found


def _kept(text: str, names: list[tuple[str, str]]) -> set[str]:
    return _names(canonical_entities([with_mentions(text, names)]))


def test_a_word_the_model_knows_only_in_lower_case_is_common_where_a_sentence_opens() -> None:
    # "Signatures" and "Formula": the spaCy model's vocabulary has them in lower case
    # only; "Thompson" it has with its capital, "Quillane" not at all.
    text = (
        "The pact was sealed in Marrowvale on Monday. Signatures were added by both "
        "ministers. Thompson said the fans of Formula I racing would come. Quillane agreed."
    )
    names = [("Signatures", "PERSON"), ("Marrowvale", "GPE"), ("Thompson", "PERSON"),
             ("Formula", "PERSON"), ("Quillane", "PERSON")]  # fmt: skip
    kept = _kept(text, names)
    assert "Signatures" not in kept and "Formula" not in kept  # opening; numbered
    assert {"Marrowvale", "Thompson", "Quillane"} <= kept
    # the same word inside a sentence, unnumbered, may be a name (a shop, a magazine)
    inside = "Fans met at Formula on Monday, the owners of Formula said."
    assert "Formula" in _kept(inside, [("Formula", "ORG")])


def test_a_surname_that_is_a_common_word_stays_a_surname() -> None:
    # "Courier" is lower case only in the model's vocabulary; after "Jim" it is a name.
    text = "Jim Courier won in Kirkbrae. Courier, 26, said the match was long."
    entities = canonical_entities([with_mentions(text, [("Jim Courier", "PERSON"),
                                                   ("Courier", "PERSON")])])  # fmt: skip
    opening = text.index("Courier,")
    assert opening in {m.start for m in _entity(entities, "Jim Courier").mentions}


def test_a_sentence_opening_word_the_story_writes_in_lower_case_is_common() -> None:
    text = (
        "Wastewater is pumped through the Holloway plant. The council said the wastewater "
        "of Marrowvale is clean. Marrowvale is proud of it."
    )
    kept = _kept(text, [("Wastewater", "PERSON"), ("Holloway", "FAC"), ("Marrowvale", "GPE")])
    assert "Wastewater" not in kept and {"Holloway", "Marrowvale"} <= kept


def test_a_word_cut_from_a_line_in_capitals_is_no_name() -> None:
    text = (
        "GLENHAVEN PORT, Wessex _ Ferries stopped on Monday.\n"
        "KIRKBRAE, Wessex (AP) -- Crews arrived.\n"
        "SPORTY BOOTS (for the rain)\nBoots sold out in Kirkbrae."
    )
    names = [("GLENHAVEN", "GPE"), ("KIRKBRAE", "GPE"), ("BOOTS", "PERSON"), ("Wessex", "GPE")]
    kept = _kept(text, names)
    assert "GLENHAVEN" not in kept and "BOOTS" not in kept
    assert {"KIRKBRAE", "Wessex"} <= kept  # a dateline's place stands alone


def test_the_answer_marker_of_a_question_column_is_no_initial() -> None:
    column = "Q. Why do my ferns wilt in Marrowvale?\nA. Native ferns want shade, says Ida Lorne."
    kept = _kept(column, [("A. Native", "PERSON"), ("Marrowvale", "GPE"), ("Ida Lorne", "PERSON")])
    assert "A. Native" not in kept and {"Marrowvale", "Ida Lorne"} <= kept
    # no question above it: "A. Lorne" may be an initial and a surname
    plain = "The report was written by A. Lorne in Marrowvale."
    assert "A. Lorne" in _kept(plain, [("A. Lorne", "PERSON")])


def test_an_acronym_spelt_out_in_lower_case_after_it_is_a_common_nouns() -> None:
    text = (
        "ZQM (zinc quartz mineral) is sold in Kirkbrae. Doctors doubt ZQM helps. "
        "The HWB (Holloway Water Board) tested it, and HWB staff said so."
    )
    entities = canonical_entities([with_mentions(text, [("ZQM", "ORG"), ("HWB", "ORG"),
                                                   ("Holloway Water Board", "ORG")])])  # fmt: skip
    assert "ZQM" not in _names(entities)
    board = _entity(entities, "Holloway Water Board")  # spelt out with capitals: a name
    assert len(board.mentions) == 3 and "HWB" in board.variants


def test_the_first_half_of_a_name_joined_by_and_is_no_name() -> None:
    text = (
        "The team from the Pellham and Tovey Institute met staff of Kirkbrae and "
        "Dunmore College. Harvard University and Yale University sent letters."
    )
    names = [("Pellham", "ORG"), ("Kirkbrae", "GPE"), ("Dunmore College", "ORG"),
             ("Harvard University", "ORG"), ("Yale University", "ORG")]  # fmt: skip
    kept = _kept(text, names)
    assert "Pellham" not in kept
    assert {"Kirkbrae", "Dunmore College", "Harvard University", "Yale University"} <= kept


def test_the_seeds_names_survive_where_a_sentence_opens() -> None:
    # The shape of the seeds' reports: each name opening a sentence, beside common words.
    text = (
        "Netanyahu said the war would go on. Hamas released a statement. Gaza was dark. "
        "Blinken arrived in the region. Harris called the toll devastating. Barnea met the "
        "mediators, and Barnia's deputy stayed. The statement was read in Gaza."
    )
    names = [(n, "PERSON") for n in ("Netanyahu", "Blinken", "Harris", "Barnea", "Barnia")]
    names += [("Hamas", "ORG"), ("Gaza", "GPE")]
    entities = canonical_entities([with_mentions(text, names)])
    assert {"Netanyahu", "Hamas", "Gaza", "Blinken", "Harris"} <= _names(entities)
    barnea = _entity(entities, "Barnea")  # one person, both spellings
    assert barnea is _entity(entities, "Barnia")
