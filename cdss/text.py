"""Text helpers shared by ingestion and the request side: UTF-8 decoding and sentence splitting.

They live in cdss, not ingest, because data flows one way: ingest builds on
cdss, and the answer path must never import the ingestion package.
"""

from __future__ import annotations

import re


def decode_utf8(raw: bytes) -> tuple[str, int | None]:
    """UTF-8 (a byte-order mark dropped) that never fails on a bad byte.

    Undecodable bytes become U+FFFD so that one bad byte in a pasted note or an exported guideline
    does not lose the whole text; the second value is the offset of the first bad byte (None when the
    input was valid), so that every caller can warn the user instead of replacing silently.
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), exc.start


_ABBREV = {
    "e.g",
    "i.e",
    "dr",
    "mr",
    "mrs",
    "ms",
    "vs",
    "etc",
    "approx",
    "fig",
    "no",
    "st",
    "al",
    "incl",
    "max",
    "min",
    "b.i.d",
    "t.i.d",
    "q.i.d",
    "p.o",
    "q.d",
}
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (and list item / table row) spans; never splits inside a decimal or a known abbreviation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.start()
        if text[cut - 1 : cut] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", text[max(0, cut - 12) : cut])
            if word and word.group(1).lower() in _ABBREV and m.group(0) != "\n":
                continue
        seg = text[start:cut]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + len(seg.rstrip())))
        start = m.end()
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + len(seg.rstrip())))
    return spans


# Characters that change what a reader or a model sees without being visible: zero-width spaces and joiners,
# word joiner, soft hyphen, byte-order mark, and the bidirectional controls that reorder text on screen
# ("Trojan Source"). They have no place in a guideline; each is removed before any check reads the text.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Letters from other scripts that look Latin (Cyrillic, Greek) and digits used as letters: folded for
# detection only, never in text shown to a clinician (a Greek beta or a Russian word must stay as written).
_CONFUSABLE = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "н": "h",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        "ο": "o",
        "α": "a",
        "ε": "e",
        "ι": "i",
        "ν": "v",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
        "Υ": "Y",
        "Ζ": "Z",
    }
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s"})


def clean(text: str) -> str:
    """NFKC (fullwidth and compatibility forms become plain letters) without invisible or bidi controls.
    Applied to documents at ingestion, so what is stored, shown and quoted is what every check read."""
    import unicodedata

    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def fold(text: str) -> str:
    """`clean`, then look-alike letters and digit-for-letter spellings folded, lower case: a detection key.
    Digits inside words are read as letters only where the text is written that way ("1gn0re pr3v10us"):
    one token with a digit ("q4h", "B12", "2nd") stays as it is."""
    # a right-to-left override displays the text after it reversed: read it the way it is displayed
    text = re.sub(
        "\u202e([^\u202a-\u202e\u2066-\u2069]*)(?:[\u202c\u2069]|$)",
        lambda m: m.group(1)[::-1],
        text,
    )
    base = clean(text).translate(_CONFUSABLE)
    mixed = re.findall(r"\b(?=[A-Za-z0-9$]*[A-Za-z])(?=[A-Za-z0-9$]*[0-9$])[A-Za-z0-9$]+\b", base)
    if len(mixed) >= 3:
        base = re.sub(
            r"\b(?=[A-Za-z0-9$]*[A-Za-z])(?=[A-Za-z0-9$]*[0-9$])[A-Za-z0-9$]+\b",
            lambda m: m.group().translate(_LEET),
            base,
        )
    return re.sub(
        r"[ \t\u00a0]+", " ", base
    ).lower()  # line breaks kept: a role marker starts a line
