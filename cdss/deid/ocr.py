"""A detection view of OCR'd text: letters read as digits and digits read as letters are put back.

Faxed and scanned documents arrive with "O7/l4/l932", "(7l4) 555-Ol42", "J0HNS0N, DEL0RES" and "Pat1ent". The
numeric patterns and the name lists cannot see through that. When a note has several such tokens, detection runs
on a copy where, inside each mixed token, lookalikes are swapped towards the token's majority (digits in a date,
letters in a name). The copy has the same length, so every span found in it is a span of the original, and the
original text is what is redacted and returned.
"""

from __future__ import annotations

import regex

_TOKEN = regex.compile(r"[A-Za-z0-9]+")
_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5"})
_TO_UPPER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B"})
_TO_LOWER = str.maketrans({"0": "o", "1": "l", "5": "s"})
_DIGIT_LOOKALIKES = frozenset("OolIS")
_LETTER_LOOKALIKES = frozenset("015")
MIN_SUSPICIOUS = 3  # fewer than this and the note is not OCR'd
# letter-digit tokens that are ordinary clinical writing, never evidence of OCR
_CLINICAL = frozenset(
    "hba1c a1c spo2 sao2 pao2 fio2 eto2 o2 co2 pco2 po2 etco2 h2o h2 b1 b6 b12 d3 k2 t3 t4 s1 s2 s3 s4 l1 l2 l3 l4 l5 "
    "c1 c2 c3 c4 c5 c6 c7 t1 t2 g1 g2 g3 p0 p1 ct1 il6 cd4 cd8 hla b27 covid19 sars2 mg2 ca2 1l 2l".split()
)


def _suspicious(tok: str, fixed: str) -> bool:
    """A change that only OCR makes: a lookalike letter inside a number ("O7", "l932"), or a digit inside a word
    ("J0HNS0N", "Pat1ent")."""
    if tok == fixed or tok.lower() in _CLINICAL:
        return False
    return bool(regex.search(r"\d[OolI]|[OolI]\d|\p{L}[01]\p{L}", tok))


def _fix(tok: str) -> str:
    digits = sum(c.isdigit() for c in tok)
    letters = len(tok) - digits
    if digits == 0 or letters == 0:
        return tok
    if digits >= letters:
        return (
            tok.translate(_TO_DIGIT) if set(tok) - set("0123456789") <= _DIGIT_LOOKALIKES else tok
        )
    if not set(c for c in tok if c.isdigit()) <= _LETTER_LOOKALIKES:
        return tok
    upper = sum(c.isupper() for c in tok) > sum(c.islower() for c in tok)
    return tok.translate(_TO_UPPER if upper else _TO_LOWER)


def ocr_view(text: str) -> str | None:
    """The repaired copy, or None when the text does not look OCR'd."""
    changed = 0
    parts: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        fixed = _fix(tok) if len(tok) >= 2 else tok
        if _suspicious(tok, fixed):
            changed += 1
        parts.append(text[pos : m.start()])
        parts.append(fixed)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts) if changed >= MIN_SUSPICIOUS else None
