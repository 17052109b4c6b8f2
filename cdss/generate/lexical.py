"""Lexical matching shared by the extractive backend and the answerability check: content words, light stemming
and one-edit closeness (clinicians' typos: "withdrawl", "pyelonephritus")."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOP = frozenset(
    "a an the of for to in on at and or with without is are was be by what which how when should does do "
    "can i we my patient patients pt dose doses dosing about from this that there it as vs than into her his "
    "him she he they them their me you your any if still now yet ok okay need needs much many long give "
    "start use used using get got after before per day days".split()
)


_ORDINAL = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}


def words(text: str) -> set[str]:
    """Content words, stemmed; a hyphenated word also counts as its parts ("fourth-line" meets "4th line")
    and a numeric ordinal as its word ("2nd" meets "second")."""
    out: set[str] = set()
    for w in _WORD.findall(text.lower()):
        for part in (w, *w.split("-")) if "-" in w else (w,):
            part = _ORDINAL.get(part, part)
            if part not in _STOP and len(part) > 1:
                out.add(_stem(part))
    return out


def _stem(w: str) -> str:
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "es", "s", "ed"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _close(w: str, vocab: set[str] | frozenset[str]) -> bool:
    """Exact, or one edit away for longer words (typos: 'withdrawl', 'pyelonephritus')."""
    if w in vocab:
        return True
    if len(w) < 6:
        return False
    for v in vocab:
        if abs(len(v) - len(w)) <= 1 and len(v) >= 6 and _one_edit(w, v):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def close(w: str, vocab: set[str] | frozenset[str]) -> bool:
    """Public name of the one-edit closeness test."""
    return _close(w, vocab)
