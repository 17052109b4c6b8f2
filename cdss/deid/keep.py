"""Clinical strings that look like names and must survive de-identification.

Eponyms and named scales ("Hoehn and Yahr stage 2", "Austin Flint murmur", "Abbey pain scale 11"), staging
codes after a place-like word ("Barrett's oesophagus Prague C2M5"), organisms in binomial nomenclature
("Burkholderia pseudomallei") and brands followed by a dose ("Lokelma 10 g") are where the NER model and the
gazetteers put most of their false positives. Low-confidence PERSON and LOCATION hits inside these shapes are
dropped; high-confidence context patterns ("Dr. Hasson", "Mr Parkinson") keep theirs, because a real person
can share a name with an eponym.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from cdss.deid.gazetteers import english_words

_NOUN = (
    r"disease|syndrome|signs?|anomaly|rings?|technique|criteria|catheter|score|(?:pain\s+)?scale|stage|grade|"
    r"classification|class|type|fracture|mano?euvre|maneuver|test|reflex|nodes?|procedure|operation|palsy|"
    r"phenomenon|triad|equation|formula|tube|drain|position|lesion|ulcer|method|effect|bodies|body|cells?|sheath|"
    r"hernia|dementia|lymphoma|sarcoma|tumou?r|cyst|valve|shunt|repair|approach|encephalopathy|psychosis|"
    r"contracture|node|pouch|incision|stain|law|murmur|(?:fat\s+)?pad|oesophagus|esophagus|sequence|index|"
    r"view|line|space|point|ratio|protocol|regimen|block|flap|knot|needle|forceps|retractor|splint|cast|brace|"
    r"fixator|nail|plate|screw|cannula|mask|circuit|maneuvre|questionnaire|inventory|assessment|tool|rule|"
    r"pathway|bundle|lens|orthosis|hold|tear|lesions|diverticulum|angle|triangle|canal|duct|gland|cyclers?|hump|"
    r"nodules?|pearls?|spots?|crystals?|granules?|fibres?|fibers?|cysts?|membrane|layer|zone|area|gauge|"
    r"drain|pump|boots?|stockings?|collar|frame|walker|pillow|delusion|fever|sign|spots|"
    # session 19: paresis, societies and guidelines named after people, and Dutch/German staging words
    r"paresis|paralysis|society|guidelines?|recommendations?|graad|stadium|klasse|stufe|grad|units|equations?|"
    # a named operation: "Milligan-Morgan haemorrhoidectomy", "Whipple pancreaticoduodenectomy", "Nissen fundoplication"
    r"\p{Ll}+(?:ectomy|otomy|ostomy|plasty|pexy|scopy|rrhaphy|plication)"
)
_CAPWORD = r"\p{Lu}[\p{L}'’\-]+?"
_EPONYM = regex.compile(
    rf"\b({_CAPWORD}(?:['’]s)?(?:(?:\s+|\s*-\s*|\s+(?:and|&)\s+){_CAPWORD}(?:['’]s)?){{0,2}})"
    rf"\s+(?i:{_NOUN})\b"
)
# one lower-case word may stand between the name and a few nouns: "Lichtenstein mesh repair", "Mongolian blue
# spots" (not any noun: "Faadumo pls line" is a person asked to line-list)
_EPONYM_MODIFIED = regex.compile(
    rf"\b({_CAPWORD}(?:\s*-\s*{_CAPWORD})?)\s+\p{{Ll}}{{4,12}}\s+"
    r"(?i:repair|spots|procedure|operation|technique|fracture|syndrome|disease|murmur|reflex|manoeuvre|maneuver)\b"
)
# "Prague C2M5", "Los Angeles grade B", "Forrest IIa", "Siewert type II": a word followed by a staging code
_CODE_AFTER = regex.compile(
    rf"\b({_CAPWORD})\s+(?:[A-Z]\d[A-Z0-9]{{1,6}}|(?:grade|type|class|stage)\s+[A-Z0-9IVX]+|"
    r"I{1,3}[abcABC]?|IV[abcABC]?)\b"
)
_DRUG_LIKE = [
    regex.compile(rx)
    for rx in (  # each on its own, so one shape cannot hide another
        r"\b(\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}]+)?)\)?\s+\d+(?:[.,]\d+)?(?:/\d+(?:\.\d+)?)?\s*(?:mg|mcg|micrograms?|g|units?|"
        r"iu|ml|mL|%|mmol)\b",
        r"\b(\p{Lu}[\p{L}\-]+)\s+\d+(?:\.\d+)?/\d+(?:\.\d+)?\b",
        r"\b(\p{Lu}[\p{L}]+)-pak\b",
        r"(?i:\b(?:treated|managed|augmented|induced|started|commenced|restarted|continued?|given|prescribed|"
        r"changed to|switched to|dose of|course of|trial of|start|starting|begin|add|adding|increase|continue|stop|hold|"
        r"restart|resume|on)(?:\s+(?:with|on|to))?\s+)(\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}]+)?)\b",
        r"\b(\p{Lu}[\p{L}\-]+)\)?\s+(?:applied|ointment|cream|gel|inhaler|patch|infusion|drip|tablets?|sachets?|dressings?|"
        r"honey|spray|drops|implant|frame|injection|pen|device)\b",
    )
]
# brand beside its generic, either way round; the generic must be clinical vocabulary ("office (Danika)" is a name)
_BRAND_GENERIC = regex.compile(
    r"\b(\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}]+)?)\s*\(([a-z][a-z\-]{3,})[a-z\-/ ]{0,40}\)"
)
_GENERIC_BRAND = regex.compile(
    r"\b([a-z][a-z\-]{4,})\s*\((\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}]+)?)\)"
)
# eponyms written bare, with no noun after them
_BARE = regex.compile(
    r"\b(Braxton[- ]Hicks|Cheyne[- ]Stokes|Kussmaul|Trendelenburg|Valsalva|Heimlich|Epley|Dix[- ]Hallpike|"
    r"Romberg(?:'s)?|Babinski|Lhermitte(?:'s)?|Murphy's|McBurney's|Rovsing's|Homans'?|Kernig(?:'s)?|"
    r"Brudzinski(?:'s)?|Phalen's|Tinel's|Finkelstein(?:'s)?|Lachman(?:'s)?|McMurray(?:'s)?|Chvostek(?:'s)?|"
    r"Trousseau(?:'s)?|Grey Turner(?:'s)?|Sister Mary Joseph|Kerley B|Korotkoff|Graham Steell|Austin Flint|"
    r"Gillick|Fraser|Mallampati|Glasgow|Apgar|Bishop|Wells|Geneva|Ranson|Glasgow-Blatchford|Rockall|"
    r"Child-Pugh|Killip|Forrest|Gleason|Breslow|Clark|Dukes|Ann Arbor|Hunt and Hess|Fisher|Spetzler-Martin|"
    r"Garden|Weber|Salter-Harris|Gustilo|Schatzker|Neer|Mason|Frankel|Berg|Barthel|Morse|Braden|Waterlow|"
    r"Norton|Tinetti|Katz|Lawton|Karnofsky|Lansky|Nottingham|Manchester|Edmonton|Richmond|Ramsay|Riker)\b"
)
# genus + species epithet: "Burkholderia pseudomallei", "Tropheryma whipplei", "Cryptococcus neoformans"
_BINOMIAL = regex.compile(
    r"\b(\p{Lu}[a-z]{3,})\s+([a-z]{4,}(?:ii|i|ae|us|um|ensis|oides|alis|aris|ica|icum|icus|ella|iae|"
    r"ans|ens|ata|atum|osa|osum|ense|ile|ilis))\b"
)


def _spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    spans = [
        m.span() for m in _EPONYM.finditer(text)
    ]  # the whole shape: "Nottingham Hip Fracture Score"
    spans += [m.span() for m in _EPONYM_MODIFIED.finditer(text)]
    spans += [m.span() for m in _CODE_AFTER.finditer(text)]  # "Garden III"
    spans += [m.span(1) for rx in _DRUG_LIKE for m in rx.finditer(text)]
    spans += [m.span(1) for m in _BARE.finditer(text)]
    spans += [m.span(1) for m in _BRAND_GENERIC.finditer(text) if m.group(2) in terms]
    spans += [m.span(2) for m in _GENERIC_BRAND.finditer(text) if m.group(1) in terms]
    words = english_words()
    spans += [m.span(1) for m in _BINOMIAL.finditer(text) if m.group(2) not in words]
    return spans


def drop_clinical_lookalikes(
    text: str, results: list[RecognizerResult], terms: frozenset[str] = frozenset()
) -> list[RecognizerResult]:
    """Drops low-confidence name and place hits that lie inside an eponym, scale, staging code, organism or
    brand-with-dose shape."""
    spans = _spans(text, terms)
    if not spans:
        return results
    # a word of a confidently detected name ("Bwalya Mulenga") is that person again in "on Bwalya stool", unless
    # the word is clinical vocabulary itself (an eponym doctor's name stays in "Parkinson disease")
    confident = {
        w
        for r in results
        if r.entity_type == "PERSON"
        and r.score >= 0.85
        and not any(a < r.end and r.start < b + 2 for a, b in spans)
        for w in text[r.start : r.end].split()
        if w.lower() not in terms and w.lower() not in english_words() and not w.isupper()
    }
    out = []
    for r in results:
        weak = r.score < 0.85 and r.entity_type in ("PERSON", "LOCATION")
        if (
            weak
            and text[r.start : r.end] not in confident
            and any(a <= r.start and r.end <= b + 2 for a, b in spans)
        ):
            continue
        out.append(r)
    return out
