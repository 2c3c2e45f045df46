"""Plain text from HTML (a feed entry's content, or a page too big for trafilatura),
keeping paragraph breaks."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from storydesk.ingest.clean import clean_text

_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "tr",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "table",
)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")


def fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element.

    Scripts and styles are dropped, never run; entities are decoded by the parser.
    """
    fragment = clean_text(fragment)  # lxml refuses control characters
    if "<" not in fragment:
        return _tidy(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", fragment))
    return element_text(root)


def element_text(root: etree._Element, drop: tuple[str, ...] = ()) -> str:
    """Visible text of a parsed element, one paragraph per block element; `drop` names
    more elements to leave out (navigation, footers) besides scripts and styles."""
    for element in list(root.iter(*_DROP_TAGS, *drop)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        element.text = "\n\n" + (element.text or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
