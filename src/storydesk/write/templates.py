"""The Jinja2 templates of every HTML page: the web server's and report.html.

One environment for the whole program, built once: autoescape is on for every
template (article text is hostile input), and an undefined name is an error rather
than an empty string, so a template that asks for something the view does not give
fails its test instead of rendering a blank. The helpers the templates call return
plain text, escaped where it is printed, except `highlighted` (article_view.py), which
escapes the text itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from storydesk.model import speaker_label
from storydesk.write.article_view import card_rows, highlighted
from storydesk.write.outlet_names import date_mark
from storydesk.write.story_labels import claim_source, fact_summary, iso, value_range, when_label

# The pages run no script and load nothing: even a missed escape could not run code or
# fetch anything. The server sends it as a header too (web/headers.py).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storydesk", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # The templates are package data, not edited while the program runs: without this
    # every include (one per story section and article card) would stat its file.
    env.auto_reload = False
    env.filters["iso"] = iso
    env.globals.update(
        csp=CSP,
        card_rows=card_rows,
        highlighted=highlighted,
        claim_source=claim_source,
        fact_summary=fact_summary,
        value_range=value_range,
        when_label=when_label,
        speaker_label=speaker_label,
        date_mark=date_mark,
    )
    return env


def render(name: str, **context: Any) -> str:
    """The template `name` rendered with `context`."""
    return environment().get_template(name).render(**context)
