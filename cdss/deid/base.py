"""Recognizer base: patterns as class data, the identifier in a named group.

Presidio's PatternRecognizer redacts the whole regex match; clinical notes
need labelled patterns ("MRN: 123", "his son Tobias") where only the value is
an identifier and the label must survive. Subclasses declare ENTITY, PATTERNS
and, optionally, NEGATIVE (matches that must not fire), like Presidio's own
recognizers declare PATTERNS and CONTEXT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from cdss.deid.lexicon import PARTICLE_ALTERNATION

# word pieces shared by several recognizers
# any Latin-script letter with its combining marks (Yoruba tones, Vietnamese: "Adébáyọ̀", "NGUYỄN")
UP = r"\p{Lu}\p{M}*"
LOW = r"(?:\p{Ll}\p{M}*)"
# the inner marks include the Hawaiian ʻokina and its typed stand-in ("Kuʻulei", "Kaʻiulani")
# a capital inside the name after one or two letters: "MaNgcobo" (isiZulu clan names), "DeShawn", "LaToya"
CAP = rf"(?:(?:Mc|Mac){UP}{LOW}+(?:[-'’]{UP}?{LOW}+|[ʻ‘]{LOW}+)*|{UP}['’]{UP}{LOW}+(?:[-'’]{UP}?{LOW}+|[ʻ‘]{LOW}+)*|{UP}{LOW}{{1,2}}{UP}{LOW}{{2,}}|{UP}{LOW}+(?:[-'’]{UP}?{LOW}+|[ʻ‘]{LOW}+)*)"
PARTICLE = rf"(?:{PARTICLE_ALTERNATION}|st\.)"
INITIAL = rf"{UP}\."
NICK = rf"[\"“‘(']{UP}{LOW}*[\"”’)']"  # a nickname inside a name: Edna "Cookie" Van Der Berg
ARABIC = rf"(?:al|el|ad|as|ash|at|az|an|ar)-{CAP}"  # "al-Mansoori", "el-Sayed"
# initials may lead into a surname particle: "Dr P. van Wyk", "J. de la Cruz"
# Irish and Scottish Gaelic surnames: "Nic an tSaoi", "Mac an t-Saoir", "Ó Conghaile", "Ní Bhriain"
GAELIC = rf"(?:(?:Nic|Mac|Mhic|N[ií]|[ÓO]|U[ií]|Ua) (?:an |na )?(?:t-?|n-?|h-?)?{UP}{LOW}+)"
NAME = rf"(?:(?:{INITIAL} ?){{1,3}} (?:(?:van|von|de|da|du|del|der|den|ap|le|la|di) ){{0,2}}|{NICK} )?{CAP}(?: (?:{GAELIC}|(?:{PARTICLE} )*(?:{CAP}|{ARABIC}|{INITIAL}|{NICK}))){{0,4}}"
UPWORD = r"\p{Lu}[\p{Lu}\p{M}'’\-]{1,}"
UPNAME = rf"{UPWORD}(?: {UPWORD}){{0,2}}"
# given names, then the surname in capitals: "Tanu MOSBY", "'Ana Fifita TAUFA" (Tongan and Hawaiian names may begin
# with a glottal-stop mark)
MIXEDNAME = rf"['ʻ‘]?{CAP}(?: ['ʻ‘]?{CAP}){{0,2}} {UPWORD}(?: {UPWORD})?(?![\p{{Ll}}])"


@dataclass(frozen=True)
class Pat:
    """A pattern; group `v` (if present) is the identifier span, else the whole match."""

    name: str
    regex: str
    score: float = 0.85
    flags: int = 0
    # a cheap regex the text must contain for the pattern to run at all (a prefilter)
    needs: str = ""


class ClinicalPatternRecognizer(EntityRecognizer):
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pat, ...]] = ()
    NEGATIVE: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self._compiled = [(p, regex.compile(p.regex, p.flags | regex.V1)) for p in self.PATTERNS]
        self._needs = {p.name: regex.compile(p.needs) for p in self.PATTERNS if p.needs}
        self._negative = [regex.compile(n, regex.V1) for n in self.NEGATIVE]
        super().__init__(
            supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en"
        )

    def load(self) -> None:  # patterns compile in __init__
        return None

    terms: frozenset[str] = frozenset()  # clinical vocabulary, set by the engine

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        """Hook for checks a regex cannot express (value ranges, checksums, vocabulary)."""
        return True

    def trim(self, text: str, start: int, end: int, pattern: str = "") -> tuple[int, int]:
        """Hook to shorten a match before it is judged (words a regex took that are not part of the identifier)."""
        return start, end

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for pat, rx in self._compiled:
            need = self._needs.get(pat.name)
            if need is not None and not need.search(text):
                continue
            for m in rx.finditer(text, overlapped=False):
                if "v" in rx.groupindex and m.group("v") is not None:
                    s, e = m.span("v")
                else:
                    s, e = m.span()
                s, e = self.trim(text, s, e, pat.name)
                if s == e or not self.accept(text, s, e, pat.name):
                    continue
                window = text[max(0, s - 40) : min(len(text), e + 40)]
                if any(n.search(window) for n in self._negative):
                    continue
                results.append(
                    RecognizerResult(
                        self.ENTITY,
                        s,
                        e,
                        pat.score,
                        recognition_metadata={
                            "recognizer_name": type(self).__name__,
                            "pattern": pat.name,
                        },
                    )
                )
        return results
