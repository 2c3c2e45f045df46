"""The fictional news site bench_follow.py serves: article pages and feeds, generated.

Every page is a made-up report (a council, a place, a project, figures) with several
paragraphs of generated prose inside a typical page template (navigation, related
links, footer), so the extractor does the work it does on a real news page. Nothing
here is taken from any real article.
"""

from __future__ import annotations

import random

_PLACES = ("Harrowgate", "Lindqvist Bay", "Port Ellery", "Marrow Fen", "Castell Ridge",
           "Oakhollow", "Veyne", "Saltmere", "Brackwater", "Thornby")  # fmt: skip
_PROJECTS = ("ferry service", "harbour dredging", "flood barrier", "tram extension",
             "school rebuild", "water treatment plant", "bypass road", "library",
             "wind farm", "hospital wing")  # fmt: skip
_PEOPLE = ("Mara Olsen", "Tomas Reed", "Ines Calloway", "Jorin Baptiste", "Hal Kettering",
           "Sigrid Vale", "Obi Nwosu", "Lena Marsh")  # fmt: skip
_VERBS = ("approved", "delayed", "rejected", "revised", "postponed", "funded")
_FILLER = (
    "Officials said the decision followed months of consultation with residents and "
    "local businesses, several of whom had raised concerns about noise and traffic.",
    "The regional authority is expected to review the plan before the end of the year, "
    "and a spokesperson said it would publish its findings in full.",
    "Opposition members said the figures had not been independently checked and asked "
    "for the vote to be postponed until an audit could be carried out.",
    "Local traders welcomed the news, saying the project would bring more visitors to "
    "the town centre during the quieter winter months.",
    "Engineers working on the scheme said the first phase could begin within weeks if "
    "the weather held and the remaining permits were granted on time.",
    "A petition opposing the plan gathered more than two thousand signatures, "
    "according to the group that organised it.",
)


def page_html(number: int, host: str) -> str:
    rng = random.Random(number)
    place = rng.choice(_PLACES)
    project = rng.choice(_PROJECTS)
    person = rng.choice(_PEOPLE)
    verb = rng.choice(_VERBS)
    title = f"{place} council {verb} {project} plan (item {number})"
    day = rng.choice(("Monday", "Tuesday", "Thursday"))
    published = f"2026-03-{1 + number % 28:02d}T08:00:00Z"
    paragraphs = [
        f"Councillors in {place} {verb} the {project} plan on {day}, "
        f"item {number} on the agenda, after a debate that lasted {rng.randint(2, 6)} hours.",
        f"The scheme is expected to cost {rng.randint(3, 90)} million crowns and to create "
        f"{rng.randint(20, 400)} jobs, council leader {person} said after the vote.",
        f"\u201cThis is the right decision for {place},\u201d {person} told reporters. "
        f"\u201cWe have waited {rng.randint(2, 15)} years for the {project}.\u201d",
    ]
    paragraphs += rng.sample(_FILLER, 4)
    paragraphs.append(
        f"The next meeting of the {place} council is scheduled for {rng.randint(1, 28)} "
        f"{rng.choice(('March', 'April', 'May'))}, when members will discuss item {number + 1}."
    )
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="/a/{number + k}.html">Related story {number + k}</a></li>'
                      for k in range(1, 6))  # fmt: skip
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | The {place} Courier</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta property='article:published_time' content='{published}'>"
        "</head><body><header><nav><a href='/'>Home</a> <a href='/local'>Local</a> "
        "<a href='/sport'>Sport</a> <a href='/opinion'>Opinion</a></nav></header>"
        f"<main><article><h1>{title}</h1><p class='byline'>By {person}</p>{body}</article>"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>"
        f"<footer><p>The fictional {host} Courier. All rights reserved.</p></footer>"
        "</body></html>"
    )


def feed_xml(host: str, numbers: list[int]) -> str:
    items = "".join(
        f"<item><title>Item {n}</title><link>http://{host}/a/{n}.html</link>"
        f"<guid>http://{host}/a/{n}.html</guid><description>A council decision.</description>"
        f"<pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>"
        for n in numbers
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{host} Courier</title><link>http://{host}/</link>{items}</channel></rss>"
    )
