"""Dates and ages: every date element more specific than the year, and ages over 89.

Safe Harbor removes all elements of dates except the year, and ages over 89. Notes write dates in many ways:
numeric in US and day-first order, with weekdays ("Thu 10/10", "Wed 21/08/2024"), in words ("the third of
July"), in French and Spanish ("19 décembre 2023", "12 de marzo de 2024"), and month names alone; ages over 89
also come in words ("ninety-three-year-old"). Fractions that look like dates (pain 5/10, power 4/5, BiPAP 14/6)
are not dates unless a date word stands beside them.
"""

from __future__ import annotations

import regex

from cdss.deid.base import ClinicalPatternRecognizer, Pat

I = regex.IGNORECASE  # noqa: E741
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
YEAR = r"(?:19|20)\d{2}"
WEEKDAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
FR_MONTH = r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
ES_MONTH = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
FR_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
ES_WEEKDAY = r"(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)"
ROMANCE_WEEKDAY = (
    r"(?:(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?|sábado|sabado|domingo|seg|ter|qua|qui|sex|sáb|sab|dom|"
    r"lunes|martes|miércoles|miercoles|jueves|viernes|lun|mié|mie|jue|vie|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche)\.?"
)
DAY_WORDS = (
    # "twenty first" as speech recognition writes it, "twenty-first" as typists do
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]first|twenty[- ]second|"
    r"twenty[- ]third|twenty[- ]fourth|twenty[- ]fifth|twenty[- ]sixth|twenty[- ]seventh|twenty[- ]eighth|"
    r"twenty[- ]ninth|thirtieth|thirty[- ]first)"
)
FULL_MONTH = r"(?:January|February|April|June|July|August|September|October|November|December)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
# a year said aloud: "twenty twenty four", "nineteen sixty eight", "two thousand and nine"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
SPOKEN_YEAR = (
    rf"(?:(?:nineteen|twenty)[- ](?:hundred|oh[- ]{_UNITS}|{_TENS}(?:[- ]{_UNITS})?|{_TEENS}|{_UNITS})|"
    rf"two thousand(?:[- ]and)?(?:[- ](?:{_TENS}(?:[- ]{_UNITS})?|{_TEENS}|{_UNITS}))?)"
)
_AGE_WORDS = rf"(?:ninety(?:[- ]{_UNITS})?|(?:one[- ]|a[- ])?hundred(?:[- ](?:and[- ])?(?:{_UNITS}|{_TEENS}))?)"


class DateRecognizer(ClinicalPatternRecognizer):
    ENTITY = "DATE"
    # "5/10 pain", "4/5 strength", "2/6 murmur", "BP 148/92": scores and ratios, not dates
    SCORE_CONTEXT = regex.compile(
        r"(?i)\b(?:pain|score|scale|rated|severity|vas|nrs|strength|power|motor|grade|murmur|"
        r"bp|blood pressure|gcs|apgar|ratio|bipap|cpap|peep|ipap|epap|settings?|cores?|"
        r"bottles?|sets?|grip|cas|extensors?|flexors?|is|barthel|mmse|moca|phq-?9|gad-?7|"
        r"nihss|berg|tinetti|abbey|4at|epworth|oswestry|index|total|out of)\W{0,3}$"
    )
    # UK durations: "review in 3/12" (months), "x 2/52" (weeks), "fever 3/7" (days)
    DURATION = regex.compile(
        r"(?i)\b(?:in|for|x|over|within|after|past|last|next|of|since|approx|about|~)\s*$"
    )
    DATE_BEFORE = regex.compile(
        r"(?i)(?:\b(?:on|since|from|until|till|by|dated?|last|next|due|admit\w*|admission|home|discharg\w*|seen|d/c|dos|dob|visits?|appt|"
        r"appointment|review\w*|of|today|tomorrow|yesterday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|\w+day|start\w*|"
        r"stopp?ed|through|thru|to|between|before|after|week|w/e|wk|returned|back|surgery|op|procedure|fell|onset|began|"
        r"test(?:ed)?|collected|drawn|done|performed|received|vaccinated|booked|scheduled|planned|in|and|date|"
        r"effective|expires?|expiry|until|pod\s*\d+|day\s*\d+|f/u|fu|positive|negative|pos|neg|results?|was|were|"
        r"recheck|repeat|check|sighted|signed|"
        # the same words in the languages our notes arrive in ("ricoverata dal 05/10", "ingreso 12/08", "a 02/10")
        r"dal|dall'|al|il|del|desde|hasta|el|em|até|ate|a|am|vom|bis|ab|le|du|au|op|tot|på|från|till|din|pe|la|"
        r"ingreso|ingresso|alta|ricoverat\w*|dimess\w*|ecograf[ií]a|ultima|[úu]ltim[oa]|visita|consulta|cita|"
        r"controle|controllo|termin|datum|fecha|data|d[ií]a|giorno|tag|dag|disembark\w*|arriv\w*)|[-–(@|])\W{0,3}$"
    )
    DATE_AFTER = regex.compile(
        r"(?i)\s*(?::(?!\d)|[-–]\s*\d{1,2}/\d{1,2}|\d{1,2}:\d\d|@|at\s+\d|am\b|pm\b|\d{4}\s*h|"
        r"(?:and|to|through|thru|-)\s+\d{1,2}/\d{1,2})"
    )
    PATTERNS = (
        # a weekday written with the date is part of it: "Thu 10/10", "Wed 21/08/2024", "Monday, February 5, 2024"
        Pat(
            "weekday_numeric",
            rf"\b(?P<v>{WEEKDAY},?\s+(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|[12]\d|3[01])(?:[/.](?:\d{{4}}|\d{{2}}))?)(?![\d/])",
            0.95,
            I,
        ),
        # Portuguese, Spanish and French weekdays with a numeric date: "sexta 23/02", "segunda, 3/6/2024", "sáb 8/6"
        Pat(
            "weekday_numeric_romance",
            rf"\b(?P<v>{ROMANCE_WEEKDAY},?\s+(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?:[/.](?:\d{{4}}|\d{{2}}))?)(?![\d/])",
            0.9,
            I,
        ),
        # a month abbreviation with its year, as Portuguese and Spanish notes write it: "out/2022", "nov/23"
        Pat(
            "month_slash_year",
            r"(?<![\w/])(?P<v>(?:jan|fev|feb|mar|abr|apr|mai|may|jun|jul|ago|aug|set|sep|out|oct|nov|dez|dec|ene|dic)"
            r"/(?:(?:19|20)\d{2}|\d{2}))(?![\w/])",
            0.85,
            I,
        ),
        Pat(
            "weekday_month",
            rf"\b(?P<v>{WEEKDAY},?\s+{MONTH}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:,?\s+{YEAR})?)\b",
            0.95,
            I,
        ),
        # "Thurs 10th", "Thursday the 14th of March": a weekday with an ordinal day names one date
        Pat(
            "weekday_ordinal",
            rf"\b(?P<v>{WEEKDAY},?\s+(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?:\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?)?)\b",
            0.9,
            I,
        ),
        Pat(
            "words",
            rf"\b(?P<v>(?:the\s+)?{DAY_WORDS}\s+of\s+{MONTH}(?:,?\s+(?:{YEAR}|{SPOKEN_YEAR}))?)\b",
            0.95,
            I,
        ),
        Pat(
            "month_words",
            rf"\b(?P<v>{MONTH}\s+(?:the\s+)?{DAY_WORDS}(?:,?\s+(?:{YEAR}|{SPOKEN_YEAR}))?)\b",
            0.9,
            I,
        ),
        # dictated dates of birth: "the 4th of the 9th 1968"
        Pat(
            "ordinal_of_ordinal",
            rf"\b(?P<v>(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\s+of\s+the\s+\d{{1,2}}(?:st|nd|rd|th),?\s+{YEAR})\b",
            0.95,
            I,
        ),
        Pat(
            "french",
            rf"\b(?P<v>(?:{FR_WEEKDAY}\s+)?(?:1er|0?[1-9]|[12]\d|3[01])\s+{FR_MONTH}(?:\s+{YEAR})?)\b",
            0.95,
            I,
        ),
        Pat(
            "spanish",
            rf"\b(?P<v>(?:{ES_WEEKDAY},?\s+)?(?:0?[1-9]|[12]\d|3[01])\s+de\s+{ES_MONTH}(?:\s+(?:de|del)\s+{YEAR})?)\b",
            0.95,
            I,
        ),
        Pat("month_alone", rf"\b(?P<v>{FULL_MONTH})\b(?!\s+\d)", 0.6),
        Pat(
            "month_in",
            r"(?i:\b(?:in|since|until|till|by|from|of|last|next|early|mid|late|end of|beginning of)[ \t-]+)"
            r"(?P<v>(?-i:March|May))\b",
            0.75,
        ),
        Pat(
            "mid_month",
            rf"\b(?P<v>(?:early|mid|late)[- ](?:{MONTH}|{FULL_MONTH})(?:\s+{YEAR})?)\b",
            0.9,
            I,
        ),
        Pat(
            "holiday",
            r"\b(?P<v>Christmas(?: Eve| Day)?|New Year'?s(?: Eve| Day)?|Thanksgiving(?: Day)?|Easter(?: Sunday| Monday)?|"
            r"Good Friday|Halloween|Valentine'?s Day|Independence Day|Boxing Day|Labou?r Day|Memorial Day|Canada Day|"
            r"Australia Day|Anzac Day|St\.? Patrick'?s Day|Bastille Day|Diwali|Eid(?: al-Fitr| al-Adha| ul-Fitr)?|Hanukkah|"
            r"Yom Kippur|Rosh Hashanah|Lunar New Year|Chinese New Year|Mother'?s Day|Father'?s Day)\b",
            0.85,
        ),
        Pat("year_month", rf"(?<![\d-])(?P<v>{YEAR}-(?:0[1-9]|1[0-2]))(?![\d-])", 0.85),
        Pat(
            "weekday",
            rf"\b(?P<v>(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+{YEAR})?)\b",
            0.95,
        ),
        Pat("ymd_slash", rf"\b(?P<v>{YEAR}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))\b", 0.95),
        Pat("month_year_num", rf"(?<![\d/])(?P<v>(?:0?[1-9]|1[0-2])/{YEAR})(?![\d/])", 0.85),
        Pat(
            "iso",
            rf"\b(?P<v>{YEAR}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01]))(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?\b",
            0.95,
        ),
        # one separator throughout: "12.5/50" is a strength (carbidopa/levodopa), not 12 May 1950
        Pat(
            "mdy",
            r"(?<![\d/.])(?P<v>(?:0?[1-9]|1[0-2])(?P<sep>[/.-])(?:0?[1-9]|[12]\d|3[01])(?P=sep)(?:\d{4}|\d{2}))(?![\d/])",
            0.9,
        ),
        Pat(
            "dmy",
            r"(?<![\d/.])(?P<v>(?:1[3-9]|2\d|3[01])(?P<sep>[/.-])(?:0?[1-9]|1[0-2])(?P=sep)(?:\d{4}|\d{2}))(?![\d/])",
            0.9,
        ),
        Pat(
            "month_d_y",
            rf"\b(?P<v>{MONTH}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+{YEAR})\b",
            0.95,
            I,
        ),
        Pat(
            "d_month_y",
            rf"(?<!\d/)\b(?P<v>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+{YEAR})\b",
            0.95,
            I,
        ),
        Pat(
            "d-mon-y",
            rf"(?<!\d/)\b(?P<v>(?:0?[1-9]|[12]\d|3[01])[- ]{MONTH}[- ](?:{YEAR}|\d{{2}}))\b",
            0.95,
            I,
        ),
        Pat(
            "month_d",
            rf"\b(?P<v>{MONTH}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)\b(?!\s*(?:mg|mcg|g|units?|mL|tabs?)\b)",
            0.8,
            I,
        ),
        Pat(
            "d_month",
            rf"(?<!\d/)\b(?P<v>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH})(?!\w)",
            0.75,
            I,
        ),
        Pat("month_y", rf"\b(?P<v>{MONTH},?\s+{YEAR})\b", 0.85, I),
        Pat(
            "md",
            r"(?<![\w/.,:-])(?P<v>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![\w/-]|\.\d|:\d|(?:\s+[a-z]+)?\s*(?:mg|mcg|units?|ml|strength|power|murmur|bottles?|sets?|systolic|diastolic|tabs?|tablets?|caps?|capsules?|of|dose|grip|flexion|extension|dorsiflexion|plantarflexion|abduction|adduction|reflexes?|bilaterally|proximal|distal)\b)",
            0.7,
        ),
        # a range of two day/month dates: "(20/12-4/1)"
        Pat(
            "dm_range",
            r"(?<![\w/.,:-])(?P<v>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])[ \t]*[-–][ \t]*(?:0?[1-9]|[12]\d|3[01])/"
            r"(?:0?[1-9]|1[0-2]))(?![\w/-])",
            0.8,
        ),
        Pat(
            "dm",
            r"(?<![\w/.,:-])(?P<v>(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2]))(?![\w/-]|\.\d|:\d)",
            0.7,
        ),
    )
    NEGATIVE = (
        r"(?i)\bmay\s+(?:be|have|need|require|consider|cause|help|use|take|increase|decrease|\d+\s*(?:mg|tab))",
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        value = text[start:end]
        if pattern in ("md", "dm"):
            before = text[max(0, start - 24) : start]
            if self.SCORE_CONTEXT.search(before):
                return False
            # "4/5", "2/7", "14/6" are strengths, scores, settings and counts far more often than dates: a bare
            # month/day needs a date word before it, a time or a range after it, or the start of a line
            line_start = text.rfind("\n", 0, start) + 1
            _, _, second = value.partition("/")
            if second in ("7", "12", "52") and self.DURATION.search(before):
                return False
            unambiguous = (
                pattern == "md" and int(second) >= 13
            ) or pattern == "dm"  # 1/13, 27/01: a day, not a fraction
            if not (
                unambiguous
                or self.DATE_BEFORE.search(before)
                or self.DATE_AFTER.match(text, end)
                or not text[line_start:start].strip(" \t-*•|")
            ):
                return False
            after = text[end : end + 8]
            if (
                value.endswith("/10")
                and int(value.partition("/")[0]) <= 10  # "17/10" is no pain score
                and not regex.search(
                    r"(?i)\b(?:on|since|from|until|by|dated?|last|next|due|admitted|discharged|seen|dal|desde|"
                    r"ingreso|ingresso|em|am|vom|le|du|op|från|din)\W{0,3}$",
                    before,
                )
                and not regex.match(r"(?i)\s*(?:am|pm|at|@|\d{1,2}:\d\d)\b", after)
            ):
                return False  # "3/10" alone is far more often a pain score
        if value.lower().startswith("may") and not any(ch.isdigit() for ch in value[3:]):
            return False
        if regex.match(r"may\s+\d", value):  # lower-case "may 2 ..." is the verb; "May 2" is a date
            return bool(regex.search(YEAR, value))
        return True


# the year word after an age, which blind-set authors mark with the number: "92 ans", "91 год", "95-årig", "90yo"
_AGE_UNIT_AFTER = regex.compile(
    r"(?i)[ \t-]{0,2}(?:years?[ -]old|years?|yrs?|y/o|y\.o\.|yo[fm]?|y\b|a\.|ans?|años|anos|anni|ára|år|årig|aar|"
    r"jaar|jarige|jahre|jährig\w*|lat|let|roky|rokov|vuotta|év|yaşında|yaş|tuổi|tahun|год(?:а|ин)?|лет|g\.|gadi|gadu|"
    r"metų|vjeç|jir|aña|anu|matahiti|ساله|سال|سنة|عام)(?![\p{L}])"
)


class AgeOver89Recognizer(ClinicalPatternRecognizer):
    """Ages 90+ only: Safe Harbor allows ages up to 89, and clinicians need them. The year word after the number
    goes with it ("92 ans" -> "[AGE_1]"), so the tag reads as an age in any language."""

    def trim(self, text: str, start: int, end: int, pattern: str = "") -> tuple[int, int]:
        m = _AGE_UNIT_AFTER.match(text, end)
        if (
            m
            and not text[end - 1].isdigit()
            and regex.fullmatch(r"(?i)[ \t-]*(?:y|a\.)", m.group(0))
        ):
            return (
                start,
                end,
            )  # "noventa y tres y con ...": a lone "y" after a number word is a conjunction
        return (start, m.end()) if m else (start, end)

    ENTITY = "AGE"
    AGE = r"(?P<v>(?:9\d|1[0-2]\d))"
    PATTERNS = (
        Pat("n-year-old", rf"\b{AGE}(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|o\b|/o)", 0.95, I),
        Pat("yo", rf"\b{AGE}\s*(?:yo[fm]?|y\.o\.|y/o|yr|yrs)\b", 0.95, I),
        Pat(
            "in_nineties",
            r"(?i:\bin\s+(?:his|her|their|the)\s+(?:late\s+|early\s+|mid[- ])?)(?P<v>nineties|hundreds)\b",
            0.9,
        ),
        # "Mrs. Whitcombe is 96": a titled name and a bare number over 89
        Pat(
            "title_is",
            r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+\p{Lu}[\p{L}'’-]+\s+(?:is|was|turned|turns)\s+)(?P<v>(?:9\d|1[0-2]\d))\b(?![.,]\d|\s*(?:%|mg|kg|lb|bpm|/))",
            0.9,
        ),
        Pat("aged", rf"(?i:\b(?:aged?|age:|age\s+of))\s*{AGE}\b", 0.95),
        Pat("nM/F", rf"\b{AGE}\s?(?:M|F|yM|yF)\b", 0.85),
        Pat("paren_years", r"\((?P<v>(?:9\d|1[0-2]\d))\s*(?:years?|yrs?|y/?o|y)\)", 0.9, I),
        # an age said again in words beside the number: 'Age: 94 (ninety-four)', '93 years ("ninety three" as per
        # family)', 'ninety-four per fam. (ID zegt 93)'
        Pat(
            "words_beside_age",
            rf"(?i:(?<=\b(?:9\d|1[0-2]\d)\b[^\n]{{0,14}}[(\"“'‘][ \t]?))(?P<v>{_AGE_WORDS})\b(?![- ](?:{_UNITS})\b)"
            r"(?![)\"”’' \t]*(?:%|percent|per cent|mg|kg|mmhg|bpm|minutes|mins|ml))",
            0.9,
        ),
        Pat(
            "words_then_age",
            rf"(?i:\b(?P<v>{_AGE_WORDS})\b(?=[^\n]{{0,30}}\b(?:9\d|1[0-2]\d)\b\)?))(?=[ \t]+(?:per|as per|according|volgens|says|zegt))",
            0.9,
        ),
        Pat("nonagenarian", r"\b(?P<v>(?:nonagenarian|centenarian))\b", 0.8, I),
        Pat(
            "words",
            rf"\b(?P<v>(?:ninety(?:[- ]{_UNITS})?|(?:one\s+)?hundred(?:\s+and\s+(?:{_UNITS}|ten|eleven|twelve|"
            rf"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?))(?=[- ](?:years?|yrs?)[- ]?(?:old|of age)|"
            rf"\s+years\b|[- ]year[- ]old)",
            0.95,
            I,
        ),
        Pat(
            "aged_words",
            rf"(?i:\b(?:aged?|age:|age\s+of|turned|turns|is|was|at|reached|celebrat\w*))\s+(?:a\s+)?"
            rf"(?P<v>{_AGE_WORDS})\b(?!\s+(?:mg|mcg|units?|kg|percent|%|bpm|beats|minutes|mins|ml|mmhg))",
            0.95,
        ),
        Pat(
            "words_of_age",
            rf"\b(?P<v>{_AGE_WORDS})(?=[ -](?:years?|yrs?)(?:[ -](?:old|of age|young))?\b|[ -]year[ -]old)",
            0.95,
            I,
        ),
        # the age label and the year word of other languages: "Età: 91", "Aldur: 92 ára", "Idade 94 anos", "edad 93"
        Pat(
            "aged_intl",
            rf"(?i:\b(?:et[àa]|idade|edad|[âa]ge|alter|aldur|wiek|leeftijd|[åa]lder|umur|tu[ổo]i|ya[şs]|ilikia|"
            rf"vek|ik[äa]|leeftyd|ouderdom|возраст|вік)\b\.?[ \t]*[:=]?[ \t]*){AGE}\b(?![.,]\d|\s*(?:%|mg|kg|cm))",
            0.95,
        ),
        Pat(
            "years_intl",
            rf"\b{AGE}[ \t]*(?:ára|år|aar|jaar|años|anos|ans|jahre|jährige[rn]?|anni|lat|let|roky|rokov|vuotta|év|"
            rf"yaşında|yaş|tuổi|tahun|साल|वर्ष|years|год(?:а|ин)?|лет|gadi|gadu|metų|vjeç|jir|aña|anu|matahiti|"
            rf"ساله|سال|سنة|عام|yrs?|-?årig|-?jarige|-?jährig\w*)(?![\p{{L}}])",
            0.95,
            I,
        ),
        # "at 93 with these changes", "at 91, she lives alone": an age after "at" and before a pronoun or clause
        Pat(
            "at_age",
            r"(?i:\bat\s+)(?P<v>(?:9\d|1[0-2]\d))(?=\s+(?:with|she|he|they|and|but|her|his)\b|,\s+(?:she|he|they)\b)",
            0.85,
        ),
        # session 13: ages over 89 in the number words of other languages, with or without their year word:
        # "quatre-vingt-dix-sept ans", "noventa y tres", "noventa e dois", "novantacinquenne", "девяносто два",
        # "nëntëdhjetë e një", "deviņdesmit trīs gadi"
        Pat(
            "intl_words",
            r"(?i:\b(?P<v>quatre[- ]vingt[- ](?:dix|onze|douze|treize|quatorze|quinze|seize)(?:[- ](?:sept|huit|neuf))?|"
            r"noventa(?:[ \t]+[ye][ \t]+\p{L}+)?|novant\p{L}+|девяност\p{L}+(?:[ \t]+\p{L}+)?|"
            r"nëntëdhjetë(?:[ \t]+e[ \t]+\p{L}+)?|deviņdesmit(?:[ \t]+\p{L}+)?))\b"
            r"(?![ \t]*(?:mg|mcg|%|mL|ml|min|minutes|minutos|secondes|segundos|mmHg|kg|g\b|bpm|lpm|par|por|per))",
            0.9,
        ),
        # an English number word or a bare number over 89 in brackets after a name or a relation: "sister Jessie
        # (ninety-four)", "(wife, 90)", "la abuela (93 a.)", "grandma kuini (90yo, ...)"
        Pat(
            "paren_after_name",
            r"(?<=\p{Lu}\p{Ll}+[ \t]?\(|\b(?:wife|husband|mother|father|son|daughter|sister|brother|mum|mom|dad|"
            r"grandma|grandmother|grandfather|grandpa|granny|aunt|uncle|abuela|abuelo)[ \t]*\((?:[\p{L} ]{1,20},[ \t]*)?|"
            r"\((?:wife|husband|mother|father|sister|brother|mum|dad|grandmother|grandfather)[,\s]+)"
            rf"(?P<v>{_AGE_WORDS}|9\d|1[0-2]\d)(?=[ \t]*(?:a\.|y\.?|yrs?|yo)?[ \t]*[),])",
            0.85,
            I,
        ),
        # dictated: "her mother ninety one has Parkinson's": an age in words straight after a relation
        Pat(
            "relation_words",
            r"(?i:\b(?:wife|husband|mother|father|mum|mom|dad|grandmother|grandfather|grandma|grandpa|granny|nan|"
            r"aunt|uncle|sister|brother)[ \t]+)"
            rf"(?P<v>ninety(?:[- ]{_UNITS})?|(?:one[- ]|a[- ])?hundred(?:[- ](?:and[- ])?{_UNITS})?)\b",
            0.85,
            I,
        ),
        # session 14: "- pt 97 y |" in a call log; "(SC0061258) ninety-two, fall": an age word between commas
        Pat(
            "pt_n_y",
            r"(?i:\b(?:pt|patient)[ \t]+)(?P<v>(?:9\d|1[0-2]\d))[ \t]*(?:y|yo|yrs?)\b",
            0.9,
        ),
        Pat(
            "words_listed",
            rf"(?<=[,)][ \t])(?P<v>ninety(?:[- ]{_UNITS})?)(?=[ \t]*[,;)])",
            0.85,
            I,
        ),
        # "she is 97", "he turned 101": a pronoun and a verb before a bare number over 89
        Pat(
            "pronoun_is",
            r"(?i:\b(?:she|he|they|pt|patient|who|mother|father|mum|mom|dad|grandmother|grandfather|nan|nana|nanna|"
            r"gran|granny|grandma|grandpa|grandad|granddad)\s+"
            r"(?:is|was|turned|turns|will be|just turned|is now)\s+)(?P<v>(?:9\d|1[0-2]\d))\b(?![.,]\d|\s*(?:%|mg|kg|lb|bpm|/|mmhg|units?))",
            0.9,
        ),
    )
