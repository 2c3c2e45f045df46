"""A small, dependency-free language guess for news text.

Good enough to route articles (English gets the English pipeline; others are
stored and marked): writing system first, then the share of each language's most
frequent function words among the first few hundred words.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]", re.UNICODE)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": "the of and to in a is that for on was with he it as at by from his be have",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als",
        "fr": "de la le et les des en un du une que est pour qui dans par sur au pas avec",
        "es": "de la que el en y los del se las por un para con no una su al es lo como",
        "it": "di e il la che in per un del non è una sono della le al si con da dei",
        "pt": "de a o que e do da em um para com não uma os no se na por mais as dos",
        "nl": "de van het een en in is dat op te zijn voor met die niet aan er om ook als",
        "pl": "w i na z się nie do to że jest o jak po co ale od za tak przez są",
        "tr": "ve bir bu da de için ile olarak çok daha olan gibi en ama sonra kadar ancak",
    }.items()
}

# (language, predicate over a character): checked in order, first majority wins.
_SCRIPTS: tuple[tuple[str, tuple[int, int]], ...] = (
    ("ru", (0x0400, 0x04FF)),
    ("ar", (0x0600, 0x06FF)),
    ("he", (0x0590, 0x05FF)),
    ("zh", (0x4E00, 0x9FFF)),
    ("ja", (0x3040, 0x30FF)),
    ("ko", (0xAC00, 0xD7AF)),
    ("el", (0x0370, 0x03FF)),
    ("hi", (0x0900, 0x097F)),
    ("th", (0x0E00, 0x0E7F)),
)


def _script_of(sample: str) -> str | None:
    """The non-Latin writing system most of the letters belong to, if any."""
    letters = [c for c in sample if c.isalpha()]
    for code, (low, high) in _SCRIPTS:
        in_script = sum(1 for c in letters if low <= ord(c) <= high)
        # Japanese text is mostly kanji (shared with Chinese); any kana decides it.
        if code == "ja" and in_script > len(letters) * 0.05:
            return "ja"
        if in_script > len(letters) * 0.4:
            return code
    return None


def guess_language(text: str, sample_chars: int = 2000) -> str | None:
    """ISO 639-1 code, or None when the text is too short or unlike any profile."""
    sample = text[:sample_chars]
    letter_count = len(_LETTER.findall(sample))
    if letter_count < 20:
        return None
    # Only text with many non-Latin letters needs the per-script count.
    if len(_NON_LATIN.findall(sample)) > letter_count * 0.3:
        script = _script_of(sample)
        if script:
            return script
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 5:
        return None
    scores = {
        code: sum(1 for w in words if w in vocabulary) / len(words)
        for code, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 0.08 else None
