"""Wire typesetting codes in titles: "&HT; BUSH INVITES GAY REPUBLICANS TO PARLEY".

News agency feeds of the 1990s (the NYT and AP wires that DUC and TREC distribute)
carry SGML entities that are not HTML: `&HT;` (a tab), `&QL;` / `&QC;` (quad left /
centre), `&UR;` / `&LR;` (upper and lower rail) set the type, and `&AMP;` is an
ampersand. No reader decodes them (they are not XML or HTML entities), so a title
arrives as "&HT;" or "&HT; &HT; ROUTINE &HT; VOTERS LIKELY TO FLUNK VOUCHERS &HT;".
Here the layout codes are dropped, `&AMP;` becomes "&", and a wire priority word set
apart by codes ("ROUTINE", "URGENT") goes with them. A title that is only markup is no
title: the article then shows the start of its text, as an untitled one does.
"""

from __future__ import annotations

import re

_LAYOUT = re.compile(r"&(?:HT|QL|QC|QR|UR|LR|MD|TB|XR);")
_AMPERSAND = re.compile(r"&AMP;")
# A priority word between layout codes, or alone before them: "&HT; ROUTINE &HT; ...".
_PRIORITY = re.compile(r"(?:^|(?<=&HT;))\s*(?:ROUTINE|URGENT|BULLETIN|FLASH|PRIORITY)\s*(?=&HT;)")


def clean_title(title: str) -> str | None:
    """The title without wire layout codes (None when nothing else is left)."""
    if "&" not in title:
        return title
    cleaned = _AMPERSAND.sub("&", _LAYOUT.sub(" ", _PRIORITY.sub(" ", title)))
    cleaned = " ".join(cleaned.split())
    return cleaned or None
