"""Pathological HTML made safe to parse, before lxml or trafilatura sees it.

One pass of a tokenising regular expression (the scanning in C; Python sees one match
per tag) does three things:

- cuts every tag to `Limits.max_html_attributes` attributes: libxml2 checks each new
  attribute against all earlier ones, so one tag with 20,000 attributes took minutes.
  Markup is tokenised as an HTML5 parser (and libxml2 2.14) does: comments, scripts and
  quoted values (which may hold ">") are read as the units they are;
- counts start tags, so a page too big for trafilatura (whose cost per element is
  high) is sent to the plain extractor;
- notices XML entity declarations (`<!ENTITY`), which mean nothing in HTML and are the
  mark of an entity-expansion bomb or an external-entity probe.

Inline SVG is dropped on the way: thousands of path elements in icons, and no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_S = r"\t\n\f\r "
# One attribute, as HTML5 reads it: a name (which may hold quotes or "<"), then
# optionally "=" and a quoted or unquoted value; an unclosed quote runs to the end.
# Possessive quantifiers throughout: no backtracking, so every match is linear.
_ATTRIBUTE = (
    rf"[^{_S}/>][^{_S}/=>]*+(?:[{_S}]*+=[{_S}]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^{_S}>]*+))?+"
)
_REST = rf"(?:[{_S}/]*+{_ATTRIBUTE})*+[{_S}/]*+>?"
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes"
_MARKUP = re.compile(
    r"<(?=[!?/A-Za-z])(?:"  # the lookahead fails "<<" and "< 3" fast
    r"!--.*?(?:--!?>|\Z)"  # a comment
    # <!DOCTYPE (with any [internal subset]), <!ENTITY, <?xml: bogus comments, to ">"
    rf"|[!?](?P<entity>(?:[^>]*?<!)?+[{_S}]*+ENTITY\b)?+[^>]*+>?+"
    r"|/(?![A-Za-z])[^>]*+>?+"  # "</3": a bogus comment too
    rf"|(?P<svg>svg)(?=[{_S}/>]|\Z).*?(?:</svg[{_S}]*+>|\Z)"  # inline SVG: dropped
    rf"|(?P<raw>{_RAW_TEXT})(?=[{_S}/>]|\Z)(?P<raw_rest>{_REST})"
    rf".*?(?=</(?P=raw)(?:[{_S}/>]|\Z)|\Z)"  # raw text, up to its end tag
    rf"|(?P<end>/)?+[A-Za-z][^{_S}/>]*+(?P<rest>{_REST})"  # a start or end tag
    r")",
    re.I | re.S,
)
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)


@dataclass(frozen=True, slots=True)
class GuardedHtml:
    html: str
    tags: int  # start tags, not counting those in comments, scripts and dropped SVG
    dropped_attributes: int
    entity_declarations: bool


def guard_html(html: str, max_attributes: int) -> GuardedHtml:
    pieces: list[str] = []  # the output, when it differs from the input
    copied = 0  # html[:copied] is accounted for in `pieces`
    tags = dropped = 0
    entities = False
    crowded = 2 * max_attributes  # a tag part shorter than this cannot hold too many
    for markup in _MARKUP.finditer(html):
        group = markup.lastgroup
        if group == "rest":  # the common case first: a tag
            start, end = markup.span("rest")
            if markup.start("end") < 0:
                tags += 1
        elif group == "raw_rest":
            start, end = markup.span("raw_rest")
            tags += 1
        elif group == "entity":
            entities = True
            continue
        elif group == "svg":
            pieces.append(html[copied : markup.start()])
            copied = markup.end()
            continue
        else:
            continue
        if end - start > crowded:
            cut = _cut(html, start, end, max_attributes)
            if cut is not None:
                pieces.append(html[copied:cut])
                pieces.append(">" if html.endswith(">", 0, end) else "")
                copied = end
                dropped += sum(1 for _ in _ONE_ATTRIBUTE.finditer(html, cut, end))
    if not pieces:
        return GuardedHtml(html, tags, dropped, entities)
    pieces.append(html[copied:])
    return GuardedHtml("".join(pieces), tags, dropped, entities)


def _cut(html: str, start: int, end: int, max_attributes: int) -> int | None:
    """Where to cut a tag's attributes (after the last one kept), or None if it has
    no more than `max_attributes`."""
    last = None
    for count, attribute in enumerate(_ONE_ATTRIBUTE.finditer(html, start, end), start=1):
        if count > max_attributes:
            return last
        last = attribute.end()
    return None
