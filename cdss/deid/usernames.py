"""Login names and lower-case Scottish and Irish surnames: identifiers no capital letter announces.

EHR exports, lab reports and audit trails sign entries with the user's login, an initial or two glued to the
surname ("tbrandt", "mlarson", "dfontaine2", "kpersaud"), and handwritten notes typed up in lower case write
"morag macleod" and "ruaridh mackay". Neither is capitalised, neither follows a title, so the context and
gazetteer recognizers pass them by. A lower-case word is a login here when, after one or two leading letters and
before any trailing digits, the rest is a surname from the gazetteer that is no English word, and the whole word is
no English or clinical word either; a Mac/Mc surname in lower case is taken when the gazetteer lists it.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cdss.deid.foreign import foreign_words
from cdss.deid.gazetteers import _Gazetteer, english_words, given_and_surnames

_LOWER = regex.compile(r"(?<![\p{L}\d@._/-])([a-z]{5,16})(\d{0,3})(?![\p{L}\d@/-])")
# where a login is written: after "by", "user", "signed", a colon, a bracket or a dash
_LOGIN_CONTEXT = regex.compile(
    r"(?i)(?:\b(?:by|user(?:name)?|usr|login|logged\s+in\s+as|id|author|signed|e-?signed|entered|verified|reviewed|"
    r"approved|authori[sz]ed|accessioned|resulted|released|cosign\w*|tech(?:nician)?|rn|np|md|cc)\b\s*[:#=]?|"
    r"[:\[(/—–|]|\s-)\s*$"
)
_MAC = regex.compile(r"(?<![\p{L}\d@._/-])(ma?c[a-z]{3,12})(?![\p{L}\d@/-])")


class UsernameRecognizer(_Gazetteer):
    """Logins made of initials and a surname, and Mac/Mc surnames written in lower case."""

    ENTITY = "PERSON"
    SCORE: ClassVar[float] = 0.75

    def _result(self, start: int, end: int, pattern: str) -> RecognizerResult:
        return RecognizerResult(
            self.ENTITY,
            start,
            end,
            self.SCORE,
            recognition_metadata={"recognizer_name": type(self).__name__, "pattern": pattern},
        )

    def _word(self, low: str) -> bool:
        """An ordinary English or clinical word, or a name on its own (the name recognizers judge those)."""
        words = english_words()
        # the word list holds lemmas: "fevers", "rigors", "looked" are English words too
        stems = {
            low,
            low.removesuffix("s"),
            low.removesuffix("es"),
            low.removesuffix("ed"),
            low.removesuffix("ing"),
        }
        return any(w in words or self.clinical(w) for w in stems) or low in foreign_words()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        names = given_and_surnames()
        out: list[RecognizerResult] = []
        for m in _LOWER.finditer(text):
            whole = m.group(1)
            if (
                whole in names
                or self._word(whole)
                or not _LOGIN_CONTEXT.search(text, max(0, m.start() - 30), m.start())
            ):
                continue
            # one or two initials, then a surname that is no English word ("t|brandt", "dj|fontaine")
            if any(names.get(whole[k:]) is False and not self._word(whole[k:]) for k in (1, 2)):
                out.append(self._result(m.start(), m.end(), "login"))
        for m in _MAC.finditer(text):
            low = m.group(1)
            if names.get(low) is False and not self._word(low):
                out.append(self._result(m.start(), m.end(), "mac_lower"))
        return out
