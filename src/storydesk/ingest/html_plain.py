"""The plain extractor: the text of a page too big for trafilatura to read in time.

trafilatura costs about a millisecond per element on junk and more on deep trees, so a
1 MB page of 100,000 tags took minutes. This reads such pages with one lxml parse and
one pass over the tree: the `<article>` (or `<main>`, or `<body>`) without navigation,
headers, footers, forms, scripts and styles, one paragraph per block element. Worse
than trafilatura at boilerplate, never slow.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from storydesk.ingest.html_text import element_text

_BOILERPLATE = ("nav", "header", "footer", "aside", "form", "button", "select", "menu")


@dataclass(frozen=True, slots=True)
class PlainPage:
    title: str | None
    text: str
    description: str | None


def plain_extraction(html: str) -> PlainPage | None:
    """The page's title, main text and description, or None when it cannot be parsed."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    title = _title(root)
    description = _meta(root, "description") or _meta(root, "og:description")
    container = _main_container(root)
    return PlainPage(title, element_text(container, drop=_BOILERPLATE), description)


def _main_container(root: etree._Element) -> etree._Element:
    for tag in ("article", "main"):
        found = next(root.iter(tag), None)
        if found is not None:
            return found
    body = root.find("body")
    return body if body is not None else root


def _title(root: etree._Element) -> str | None:
    for candidate in (_meta(root, "og:title"), _first_text(root, "title"), _first_text(root, "h1")):
        if candidate:
            return candidate
    return None


def _first_text(root: etree._Element, tag: str) -> str | None:
    found = next(root.iter(tag), None)
    text = " ".join(found.text_content().split()) if found is not None else ""
    return text[:500] or None


def _meta(root: etree._Element, name: str) -> str | None:
    head = root.find("head")
    for meta in (head if head is not None else root).iter("meta"):
        if name in (meta.get("property"), meta.get("name")):
            content = " ".join((meta.get("content") or "").split())
            return content[:2000] or None
    return None
