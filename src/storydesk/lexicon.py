"""The words news prose is read with, each list defined once.

Verbs of saying, honorifics, role titles, calendar names and stop words live here;
the stages build their regular expressions (`alternation`) and word sets from these
lists instead of spelling them out again. Where stages want different lists on
purpose (stop words for TF-IDF are not those for the brief's bigrams), each list is
the shared base plus named, commented additions and removals.

Order matters in a regular expression's alternation: the engine takes the first
alternative that lets the whole pattern match. Every pattern built from these lists
follows the phrase with a word boundary, a full stop or a space (or only asks whether
one matches), so no alternative can steal another's match; the lists still keep the
order their patterns always had.

The lowest layer, beside `model`: this module imports nothing from storydesk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_set(text: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string."""
    return frozenset(text.split())


def alternation(phrases: Iterable[str], space: str = " ") -> str:
    """A regular expression matching any of `phrases`, tried in the order given (no
    group around it); a space inside a phrase matches `space` (r"\\s+": any run)."""
    return "|".join(re.escape(p).replace(r"\ ", space) for p in phrases)


# --- Verbs of saying --------------------------------------------------------------
# Verbs and phrases that attribute a quotation to its speaker ("she said", "told
# reporters", "according to"), in the order the speaker finder has always tried them.
QUOTE_CUES = (
    "said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "stated",
    "states", "declared", "declares", "asked", "asks", "wrote", "writes", "tweeted",
    "tweets", "posted", "explained", "explains", "noted", "notes", "insisted", "insists",
    "argued", "argues", "claimed", "claims", "warned", "warns", "announced", "announces",
    "continued", "replied", "replies", "responded", "recalled", "acknowledged", "admitted",
    "conceded", "suggested", "urged", "urges", "described", "confirmed", "remarked",
    "observed", "quipped", "joked", "shouted", "yelled", "chanted", "testified",
    "predicted", "promised", "vowed", "pledged", "boasted", "complained", "lamented",
    "stressed", "emphasized", "emphasised", "concluded", "agreed", "countered", "charged",
    "alleged", "maintained", "contended", "mused", "read", "reads", "reiterated",
    "cautioned", "pointed out", "went on", "according to", "called", "calls", "blamed",
    "accused", "thundered", "exclaimed", "demanded", "wondered", "reported", "reports",
    "found", "shows", "showed", "indicates", "indicated", "revealed", "estimated",
    "estimates", "calling", "asking", "tweeting", "writing", "adding", "noting", "telling",
    "declaring", "explaining", "arguing", "warning", "insisting", "claiming", "sings",
    "sang", "typed", "chanting", "whispered", "cried", "screamed", "begged", "pleaded",
    "echoed", "opined", "proclaimed", "bragged", "protested", "questioned", "answered",
    "interjected", "retorted",
)  # fmt: skip
# Verbs that credit a figure to a source ("the ministry said 40 died", "the survey
# found"): narrower than the quotation cues ("posted", "admitted" and "called" state a
# figure, they do not source it), with the verbs of forecasts and estimates added.
SOURCE_CUES = (
    "said", "says", "say", "told", "tells", "reported", "reports", "stated", "states",
    "added", "noted", "warned", "announced", "announces", "confirmed", "confirms",
    "estimated", "estimates", "found", "finds", "shows", "showed", "indicates", "indicated",
    "revealed", "predicted", "predicting", "predicts", "projected", "projecting",
    "projects", "expects", "expected", "forecast", "forecasts", "claimed", "claims",
    "quoted", "according to",
)  # fmt: skip
# The verbs that follow a name the first time a report introduces its speaker
# ("spokeswoman Ilse Varga said"), where the entity recogniser often misses the name.
INTRODUCING_CUES = ("said", "says", "told", "added", "explained", "wrote")

# --- Honorifics and roles -----------------------------------------------------------
# Titles abbreviated with a full stop before a name ("Mr. Smith", "Gen. Lee").
COURTESY_TITLES = ("Mr", "Mrs", "Ms", "Dr")
# The ranks the fact and entity stages recognise before a name...
COMMON_RANKS = ("Gen", "Sen", "Rep", "Col")
# ...and the rest, known to the speaker finder and (but for Capt., Rev. and Pres.) the
# sentence splitter. Those lists differ only because they always have: widening one
# would change what its stage finds.
OTHER_TITLES = ("Gov", "Lt", "Sgt", "Capt", "Prof", "Rev", "Pres")
HONORIFICS = COURTESY_TITLES + COMMON_RANKS + OTHER_TITLES
# Abbreviations inside a name that are no title: "St. Louis", "John Smith Jr.".
NAME_ABBREVIATIONS = ("St", "Jr", "Sr")

SPOKESPEOPLE = ("spokesman", "spokeswoman", "spokesperson")
# Offices written before their holder's name ("Prime Minister Benjamin Netanyahu",
# "intelligence chief Petra Novak"), matched case-sensitively: a capitalised title
# and a lower-case role are listed apart. A phrase comes before any shorter one it
# starts with.
ROLE_TITLES = (
    "Prime Minister", "Minister", "President", "Vice President", "Secretary of State",
    "Secretary", "Chancellor", "King", "Queen", "Prince", "Emir", "Sheikh", "Governor",
    "Mayor", "Senator", "Representative", "General", "Admiral", "Colonel", "Judge",
    "Justice", "Ambassador", "Speaker", "Leader", "leader", "chief", "Chief", "head",
    "Director", "director", *SPOKESPEOPLE, "minister", "president", "secretary",
    "commander", "Commander", "envoy", "official", "CEO", "chairman", "Chairman",
    "adviser", "advisor",
)  # fmt: skip
# Roles whose holders speak for a government or an institution: a claim attributed to
# one has an official source (matched case-blind).
OFFICIAL_ROLES = (
    "minister", *SPOKESPEOPLE, "president", "secretary", "governor", "mayor", "prosecutor",
    "prosecutors", "coroner", "official", "officials",
)  # fmt: skip

# --- Calendar -----------------------------------------------------------------------
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

# --- Stop words ---------------------------------------------------------------------
# The shared base: English function words (articles, pronouns, auxiliaries and modals,
# conjunctions, the commonest prepositions, determiners and adverbs).
FUNCTION_WORDS = word_set(
    """a an the this that these those all any both each few some such other own same
    and or but if so than then no not also just only very more most here there
    i me my you your he him his she her it its we us our they them their
    who whom whose which what when where why how
    is are was were be been being has have had do does did
    will would can could should may might must shall
    of to in on at by for with from as into over after before about up out"""
)
# Prepositions and connectives past the commonest, removed by the TF-IDF and brief lists.
CONNECTIVES = word_set(
    "again against because between down during further nor once through under until while"
)
# The words of attribution nearly every news sentence carries ("said", "according to").
ATTRIBUTION_WORDS = word_set("said says say told according")

# The plain list: function words and "said". Two independent reports share these,
# so they are no evidence of copying (link stage), nor of what a figure counts.
STOP_WORDS = (
    FUNCTION_WORDS
    | word_set("said says")
    | word_set("s t")  # the halves of "it's" and "don't" when split at the apostrophe
)
# Words that say nothing about which event a report covers (story clustering). Kept
# short on purpose: the online IDF discounts the rest of the frequent vocabulary.
TFIDF_STOP_WORDS = (
    FUNCTION_WORDS
    | CONNECTIVES
    | ATTRIBUTION_WORDS
    | word_set("since per via")
    | frozenset(t.lower() for t in COURTESY_TITLES)
    | frozenset(WEEKDAYS)
    | word_set("today yesterday tomorrow day days week weeks month months year years")
    | word_set("one two three first last new")
    # Verbs and quantities frequent in any news report.
    | word_set("people time like get got make made many much well even back still")
)
# Function words for the brief: a bigram made only of these says nothing about the
# story. The base with the rest of the usual English list (reflexives, "am", "doing"),
# some news words, and without "us" and "whose", which that list lacks.
BRIEF_STOP_WORDS = (
    (FUNCTION_WORDS - word_set("us whose"))
    | CONNECTIVES
    | word_set("above below now off too")
    | word_set("myself yours yourself yourselves himself hers herself itself ours ourselves")
    | word_set("theirs themselves am doing having")
    | (ATTRIBUTION_WORDS - word_set("say"))
    | word_set("tell however")
    | frozenset(t.lower() for t in COURTESY_TITLES if t != "Dr")
    | word_set("one two new year years")
)
# Words that end the noun phrase after a number ("1,200 homes in the valley": the
# phrase stops at "in"). Determiners, object pronouns and question words are left out
# of the base: the claim extractor has always read on past them.
NUMBER_STOP_WORDS = (
    (
        FUNCTION_WORDS
        - word_set("all any both few other own same most here then very no not")
        - word_set("him me them us what why how shall")
    )
    | ATTRIBUTION_WORDS
    | word_set("again against because between down during nor under while")
    | word_set("across among around inside within throughout per since ago")
    | word_set("although though yet every including alone like less lower higher next last")
    | word_set("already still now off today yesterday overnight recently")
    | word_set("overall respectively percent")
)

# Words news reports use interchangeably for one action or state, each mapped to one
# stand-in, so that "recalled its negotiators" and "withdrew its negotiators" share
# their words when claims are compared. Kept to plain synonyms: a word with a second
# common sense ("strike" a deal or a target) is left out.
_SYNONYM_SETS = (
    (
        "withdraw",
        "withdrew",
        "withdrawn",
        "withdrawing",
        "recall",
        "recalled",
        "recalling",
        "pulled",
        "pulling",
        "call home",
        "called home",
        "calling home",
        "calls home",
        "called back",
        "calling back",
        "calls back",
        "call back",
        "ordered home",
    ),
    ("impasse", "deadlock", "deadlocked", "stalemate", "dead end", "standstill"),
    ("truce", "ceasefire", "cease-fire", "armistice"),
    ("talks", "negotiations", "negotiation"),
    ("resume", "resumed", "resumes", "resuming", "renewed", "restarted"),
    ("die", "died", "dies", "killed", "slain", "perished", "dead"),
    ("injured", "wounded", "hurt"),
    ("arrested", "detained"),
    ("resign", "resigned", "resigns", "step down", "stepped down", "steps down", "stepping down"),
    ("sank", "sunk", "sinking", "went down"),
    ("hostages", "captives"),
)
SYNONYMS: dict[str, str] = {w: group[0] for group in _SYNONYM_SETS for w in group}

# --- Countries: other names and demonyms ----------------------------------------------
# Names a story uses for a country besides its usual one ("America", "the U.S."), each
# mapped to that usual name; the entity resolver joins them into one entity. Only
# names that mean the country and nothing else in news prose are listed ("Korea" and
# "Congo" name two countries each, "England" is part of the United Kingdom).
COUNTRY_ALIASES: dict[str, str] = {
    "America": "United States", "U.S.": "United States", "US": "United States",
    "USA": "United States", "U.S.A.": "United States",
    "United States of America": "United States", "the States": "United States",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Holland": "Netherlands", "the Netherlands": "Netherlands",
    "Burma": "Myanmar", "Russian Federation": "Russia", "PRC": "China",
    "People's Republic of China": "China", "DPRK": "North Korea",
    "Democratic People's Republic of Korea": "North Korea", "Republic of Korea": "South Korea",
    "UAE": "United Arab Emirates", "U.A.E.": "United Arab Emirates", "Czechia": "Czech Republic",
    "Ivory Coast": "Cote d'Ivoire", "USSR": "Soviet Union", "U.S.S.R.": "Soviet Union",
    "East Timor": "Timor-Leste",
}  # fmt: skip
# The adjective (and singular noun) of a country's people: "Israeli" is of Israel.
# Plurals are formed by `demonym_forms`. Left out: demonyms shared by several
# countries ("Korean", "Congolese") and peoples that are no country ("Arab", "Kurdish").
_DEMONYM_TABLE = """
Afghanistan: Afghan | Albania: Albanian | Algeria: Algerian | Argentina: Argentine Argentinian
Armenia: Armenian | Australia: Australian | Austria: Austrian | Azerbaijan: Azerbaijani
Bangladesh: Bangladeshi | Belarus: Belarusian | Belgium: Belgian | Bolivia: Bolivian
Bosnia: Bosnian | Brazil: Brazilian | Bulgaria: Bulgarian | Cambodia: Cambodian
Canada: Canadian | Chile: Chilean | China: Chinese | Colombia: Colombian
Croatia: Croatian Croat | Cuba: Cuban | Cyprus: Cypriot | Denmark: Danish Dane
Ecuador: Ecuadorian | Egypt: Egyptian | Estonia: Estonian | Ethiopia: Ethiopian
Finland: Finnish Finn | France: French Frenchman | Georgia: Georgian | Germany: German
Greece: Greek | Haiti: Haitian | Hungary: Hungarian | Iceland: Icelandic Icelander
India: Indian | Indonesia: Indonesian | Iran: Iranian | Iraq: Iraqi | Ireland: Irish
Israel: Israeli | Italy: Italian | Japan: Japanese | Jordan: Jordanian | Kenya: Kenyan
Kuwait: Kuwaiti | Latvia: Latvian | Lebanon: Lebanese | Libya: Libyan
Lithuania: Lithuanian | Malaysia: Malaysian | Mexico: Mexican | Morocco: Moroccan
Nepal: Nepali Nepalese | Netherlands: Dutch | Nigeria: Nigerian | Norway: Norwegian
Pakistan: Pakistani | Palestine: Palestinian | Peru: Peruvian
Philippines: Filipino Philippine | Poland: Polish Pole | Portugal: Portuguese
Qatar: Qatari | Romania: Romanian | Russia: Russian | Rwanda: Rwandan
Saudi Arabia: Saudi | Serbia: Serbian Serb | Slovakia: Slovak | Slovenia: Slovenian
Somalia: Somali | South Africa: South African | Spain: Spanish Spaniard | Sudan: Sudanese
Sweden: Swedish Swede | Switzerland: Swiss | Syria: Syrian | Taiwan: Taiwanese
Thailand: Thai | Tunisia: Tunisian | Turkey: Turkish Turk | Uganda: Ugandan
Ukraine: Ukrainian | United Kingdom: British Briton | United States: American
Venezuela: Venezuelan | Vietnam: Vietnamese | Yemen: Yemeni | Yugoslavia: Yugoslav
Zimbabwe: Zimbabwean
"""
DEMONYMS: dict[str, str] = {
    demonym: country.strip()
    for entry in _DEMONYM_TABLE.replace("\n", " | ").split("|")
    if ":" in entry
    for country, demonyms in [entry.split(":")]
    for demonym in demonyms.split()
}


def demonym_forms(demonym: str) -> tuple[str, ...]:
    """A demonym and its plural ("Israeli", "Israelis"); words ending in -ese, -sh,
    -ch or -ss ("Chinese", "Polish", "Dutch", "Swiss") have none; "-man" makes "-men"."""
    if demonym.endswith(("ese", "sh", "ch", "ss")):
        return (demonym,)
    if demonym.endswith("man"):
        return demonym, demonym[:-3] + "men"
    return demonym, demonym + "s"
