"""Is this article news at all? Wire advisories, memos, budgets and corrections notices.

    judge_news(article) -> NotNews("wire budget", "wire budget: 28 story listings, ...")
                           or None (news)

A wire feed carries, between its stories, messages to the newspapers that buy it:
budgets (the list of stories that will move today, slug by slug), advisories and
memos to editors ("ATTENTION EDITORS: the following photos ...", "We are staffed 8
a.m. to 10 p.m."), sales notices ("To publish this article, it must be purchased"),
and corrections notices. None of them reports an event: clustered, a budget joins
whatever story its listings mention and its phone numbers reach the brief. Such an
article is kept in the store, marked with the reason, and never placed in a story.

The signals, each counted per sentence (a wrapped line joined to the next; wire
typesetting codes such as "&QL;" removed):

- *addressed*: phrasing addressed to editors or clients, not readers: "ATTENTION
  EDITORS", "EDs:", "moving today to clients of ...", "will move in the 'a'
  category", "need a resend", "photo package", "embargoed for", "end of this budget";
- *staffing*: staffing and contact lines: "We are staffed ...", "duty editors",
  "how to reach us", "questions should be directed to", "please call";
- *sales*: syndication and promotion: "to publish this article, it must be
  purchased", "sales representative", "free trial", "your readers";
- *listing*: a budget or schedule entry, counted as its whole paragraph: one led by
  a hyphenated wire slug ("CUBA-ELIAN _ MIAMI _ ...", "FBN-SEAHAWKS _ ...") or a photo
  number ("(NYT42)"), or by a one-word slug and a place ("MONUMENT (Phoenix) _ ...")
  when the paragraph also says where the story moves;
- *contact*: any other sentence with a phone number, an e-mail or web address or a
  call to action (`analyze.contact`);
- *correction*: a correction notice's phrasing ("CORRECTION:", "an article on Monday
  misstated ...", "an earlier version of this story ...");
- *prose*: what is left that reads as prose (six words or more, mostly lower case);
  short capitalised pieces (headings, rules, markup) and parenthetical notes count
  for neither side.

An article is not news when (precision first: a real article kept out of its story
costs more than an advisory let in):

1. a correction notice opens it (its first two signals or its title) and at most
   `MAX_CORRECTION_PROSE` prose sentences follow: a notice, not a corrected story
   resent in full;
2. notices (every signal but prose and notes) make at least `MIN_NOTICE_SHARE` of
   its text, with at least `MIN_NOTICE_UNITS` of them and one addressed, staffing,
   sales or listing unit among them (a fact box of phone numbers alone is not a memo);
3. it has no prose sentence at all but has notices or notes: a syndication stub that
   carries the headline and the sales line but not the article (feed summaries are
   exempt: a summary is short by nature; a headline alone has no notice).

The defaults were written while reading DUC 2006 candidates and lie on the best
plateau of a sweep on the tuning half of the labelled articles, which is flat;
bench/bench_not_news.py reports them on both halves (bench/TUNING.md).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storydesk.analyze.contact import contact_details
from storydesk.model import Article, NotNews

NOT_NEWS_VERSION = 1  # bump when the rules change: articles judged before are judged again

# Half the text: DUC's budgets are 70-100% notices, its news at most 30% (a feature
# with a long purchase note and resource list); see bench/TUNING.md.
MIN_NOTICE_SHARE = 0.5
MIN_NOTICE_UNITS = 3  # one stray trailer line ("For use by clients ...") is not a memo
MAX_CORRECTION_PROSE = 3  # a notice is a paragraph; a corrected story resent is longer
MIN_PROSE_WORDS = 6  # shorter pieces are headings, bylines, "MOVED", not prose

_MARKUP = re.compile(r"&[A-Za-z]{2,3};")  # wire typesetting codes: &QL; &UR; &HT; &QC;
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_ADDRESSED = re.compile(
    r"\b(?:attention|note to|advisory (?:to|for)|memo to) (?:editors|eds|news directors|"
    r"clients|subscribers)\b"
    r"|^\W*(?:eds?|editors?|attn eds)\s*:"
    r"|\b(?:moving|moved|will move|plans? to move|to move|has moved|have moved|are moving|"
    r"(?:been |was |were )?sent)\b"
    r"[^.]{0,60}\b(?:for|to) (?:the )?(?:clients|subscribers|members)\b"
    r"|\bclients of (?:the )?[\w .]{0,40}news service\b"
    r"|\b(?:story|stories|columns?|photos?|it) (?:will move|has moved|have moved|moved|"
    r"is moving|are moving) in the\b"
    r"|\bmoving in the [`'\"]*\w[`'\"]* category\b|\bin the [`'\"]*\w[`'\"]* category\b"
    r"|\bneed a resend\b|\bphoto (?:package|clients)\b|\bembargoed (?:for|until)\b"
    r"|\b(?:stories|columns?|features?|articles?|package)\b[^.]{0,20}\bfor release\b"
    r"|\b(?:end|top) of (?:this|the) budget\b|\bbudget information\b"
    r"|\b(?:today's|tonight's|news|features?|themed features|spot news) budgets?\b"
    r"|\bfor use by clients\b|\bstory filed by\b|\bMOVED\.?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_STAFFING = re.compile(
    r"\bwe are staffed\b|\bduty editors?\b|\bhow to reach us\b|\bnews manager is\b"
    r"|\bquestions (?:should|may|can) be (?:directed|addressed|sent)\b"
    r"|\bif you have (?:any )?questions\b|\bfor questions\b",
    re.IGNORECASE,
)
_SALES = re.compile(
    r"\bto (?:publish|purchase|buy) this (?:article|material|story|feature|column|package)\b"
    r"|\bit must be purchased\b|\bsales (?:representative|executive)\b|\bfree trial\b"
    r"|\b(?:purchase|subscription) information\b|\byour readers\b"
    r"|\bavailable (?:for purchase|exclusively from)\b|\bsyndicate can help\b",
    re.IGNORECASE,
)
# "CUBA-ELIAN _ MIAMI _ ...", "FBN-VECSEY-COLUMN _ ...", "DAM-FISH (Undated) _ ...",
# "(NYT42) NEW YORK -- ...". A one-word slug is not enough: "ATLANTA _ It's no longer
# ..." is a dateline.
_LISTING = re.compile(
    r"^\(?[A-Z]{2,6}\d{1,4}\)\s"
    r"|^[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+)+(?:\s+\([^)]{0,40}\))?\s+(?:_|--)\s"
)
_CORRECTION = re.compile(
    r"^\W*(?:corrections?|clarifications?|correction and clarification)\b\s*[:.\-_]"
    r"|^\W*(?:CORRECTIONS?|CLARIFICATIONS?)\W*$"
    r"|\b(?:an?|the|this|that) (?:article|story|report|headline|caption|photo caption|"
    r"item|column|picture|map|chart|graphic)\b[^.]{0,160}?\b(?:misstated|misspelled|"
    r"misidentified|misattributed|incorrectly (?:stated|reported|said|identified|gave|"
    r"described)|erroneously|gave (?:the )?(?:wrong|incorrect)|should have (?:said|read|been))"
    r"|\ban earlier version of this (?:article|story|report)\b",
    re.IGNORECASE,
)
# A one-word slug with a place or "(undated)" ("MONUMENT (Phoenix) _ ..."): a listing
# only when its paragraph also says where the story moves (else it may be a dateline,
# "LONDON (Reuters) - ...").
_SLUG = re.compile(r"^[A-Z][A-Z0-9&]{2,}\s+\([^)]{2,40}\)\s")
_MOVES = re.compile(
    r"\b(?:will move|has moved|have moved|is moving|moved) in the\b|\bMOVED\.?\s*$"
)
_NOTE = re.compile(r"^\(.*\)\W*$")  # a parenthetical sentence: "(Story can end here.)"
_WRAPPED = re.compile(r"[\w,;]$")  # a line that stops mid-sentence
# Sentence ends: terminal punctuation (and closing quotes) before a capital, a quote
# or a bracket; a rough cut, enough to weigh notices against prose.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)['\"”’)]*\s+(?=[A-Z\"“`(_])")

_NOTICE_SIGNALS = ("addressed", "staffing", "sales", "listing")


@dataclass(frozen=True, slots=True)
class UnitCounts:
    """How many units (sentences; a listing is its whole paragraph) carry each signal,
    and how much text each signal covers."""

    units: Counter[str]
    chars: Counter[str]
    correction_opens: bool

    @property
    def notice_units(self) -> int:
        return sum(n for kind, n in self.units.items() if kind in _NOTICES)

    @property
    def notice_share(self) -> float:
        notice = sum(n for kind, n in self.chars.items() if kind in _NOTICES)
        total = notice + self.chars["prose"]
        return notice / total if total else 0.0


_NOTICES = ("addressed", "staffing", "sales", "listing", "contact", "correction")


def sentence_signal(sentence: str) -> str:
    """The signal of one sentence (markup removed): addressed, staffing, sales,
    correction, contact, note, prose or neutral."""
    if _CORRECTION.search(sentence):
        return "correction"
    if _STAFFING.search(sentence):
        return "staffing"
    if _SALES.search(sentence):
        return "sales"
    if _ADDRESSED.search(sentence):
        return "addressed"
    if contact_details(sentence):
        return "contact"
    if _NOTE.match(sentence):
        return "note"
    words = _WORD.findall(sentence)
    lower = sum(1 for w in words if w[:1].islower())
    if len(words) >= MIN_PROSE_WORDS and lower * 2 >= len(words):
        return "prose"
    return "neutral"


def paragraphs(text: str) -> list[str]:
    """The text's lines, markup removed, with a line that a wire wrapped mid-sentence
    ("... stories for use by" / "clients of the ...") joined to the next."""
    found: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(_MARKUP.sub(" ", raw).split())
        if not line:
            continue
        if found and _WRAPPED.search(found[-1]) and line[:1].islower():
            found[-1] = f"{found[-1]} {line}"
        else:
            found.append(line)
    return found


def count_units(article: Article) -> UnitCounts:
    units = Counter[str]()
    chars = Counter[str]()
    opening: list[str] = []
    for paragraph in paragraphs(article.text):
        sentences = [s for s in _SENTENCE_BREAK.split(paragraph) if s.strip()]
        if _LISTING.match(paragraph) or (
            _SLUG.match(paragraph) and any(_MOVES.search(s) for s in sentences)
        ):
            signals = [("listing", paragraph)]
        else:
            signals = [(sentence_signal(s), s) for s in sentences]
        for signal, text in signals:
            units[signal] += 1
            chars[signal] += len(text)
            if len(opening) < 2 and signal != "neutral":
                opening.append(signal)
    title = " ".join(_MARKUP.sub(" ", article.title or "").split())
    opens = "correction" in opening or bool(title and _CORRECTION.search(title))
    return UnitCounts(units, chars, opens)


def judge_news(
    article: Article,
    *,
    min_notice_share: float = MIN_NOTICE_SHARE,
    min_notice_units: int = MIN_NOTICE_UNITS,
    max_correction_prose: int = MAX_CORRECTION_PROSE,
) -> NotNews | None:
    """Why `article` is not news (a wire advisory, memo, budget, sales notice, stub or
    corrections notice), or None when it is news or may be. The thresholds are
    parameters for the benchmark's sweep; the pipeline uses the defaults."""
    counts = count_units(article)
    units = counts.units
    if counts.correction_opens and units["prose"] <= max_correction_prose:
        return NotNews("corrections notice", _reason("corrections notice", counts))
    if (
        counts.notice_share >= min_notice_share
        and counts.notice_units >= min_notice_units
        and any(units[s] for s in _NOTICE_SIGNALS)
    ):
        kind = _kind(units)
        return NotNews(kind, _reason(kind, counts))
    if not units["prose"] and not article.summary_only and (counts.notice_units or units["note"]):
        return NotNews("no story text", _reason("no story text", counts))
    return None


def _kind(units: Counter[str]) -> str:
    if units["listing"] >= 3:
        return "wire budget"
    if units["sales"] >= max(units["addressed"], units["staffing"], 1):
        return "sales notice"
    if units["staffing"] > units["addressed"]:
        return "staffing memo"
    return "advisory"


_DESCRIBED = (
    ("listing", "story or photo listings"),
    ("addressed", "notes to editors or clients"),
    ("staffing", "staffing lines"),
    ("sales", "sales lines"),
    ("contact", "contact details"),
    ("correction", "correction lines"),
    ("note", "parenthetical notes"),
    ("prose", "prose sentences"),
)


def _reason(kind: str, counts: UnitCounts) -> str:
    """One line: the kind, then what was counted ("wire budget: 28 story or photo
    listings, 11 lines to editors or clients, 9 contact lines, 18 prose lines; 76% of
    its text is notices")."""
    parts = [f"{counts.units[s]} {what}" for s, what in _DESCRIBED if counts.units[s]]
    if not counts.units["prose"]:
        parts.append("no prose")
    share = f"; {counts.notice_share:.0%} of its text is notices" if counts.notice_units else ""
    return f"{kind}: {', '.join(parts)}{share}"
