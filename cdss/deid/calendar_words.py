"""Dates written in words that the numeric date patterns cannot see: named days and other languages' calendars.

Safe Harbor removes every date element more specific than the year. A holiday names a day ("on Christmas Eve",
"just before Farmers' Day", "since Hmong New Year"), and notes from outside the English-speaking world write
months and weekdays in their own language ("14. mars 2024", "maandag 6 mei", "Dydd Gwener, 1 Mawrth 2024",
"20 de fevereiro de 2023", "wtorek, 12 marca 2024", "令和6年3月8日", "15 Sha'ban 1445"). Two recognizers, one
per kind, with the word lists as class data.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from cdss.deid.base import ClinicalPatternRecognizer, Pat
from cdss.deid.gazetteers import english_words

I = regex.IGNORECASE  # noqa: E741


class HolidayRecognizer(ClinicalPatternRecognizer):
    """Holidays and named days: each is one day of the year, so a date element."""

    ENTITY = "DATE"
    HOLIDAYS: ClassVar[str] = (
        r"(?:Christmas(?: Eve| Day)?|Xmas(?: Eve)?|Boxing Day|New Year'?s?(?: Eve| Day)?|Hogmanay|Good Friday|"
        r"Easter(?: Sunday| Monday| Day)?|Thanksgiving(?: Day)?|Hallowe'?en|Independence Day|Memorial Day|"
        r"Labou?r Day|Veterans'? Day|Remembrance (?:Day|Sunday)|Armistice Day|Canada Day|Australia Day|Anzac Day|"
        r"Waitangi Day|Bastille Day|St\.? Patrick'?s Day|Saint Patrick'?s Day|Paddy'?s Day|Valentine'?s Day|"
        r"Mother'?s Day|Father'?s Day|Koningsdag|King'?s Day|Queen'?s Birthday|King'?s Birthday|Golden Week|"
        r"Heritage Day|Freedom Day|Youth Day|Farmers'? Day|Republic Day|Diwali|Deepavali|Holi|Lunar New Year|"
        r"Chinese New Year|T[eế]t|Hmong New Year|Rosh Hashanah|Yom Kippur|Passover|Hanukk?ah|Chanukah|Purim|"
        r"Eid(?:[- ](?:al|ul|el)[- ](?:Fitr|Adha))?|Prince K[uū]hi[oō] Day|Kamehameha Day|Juneteenth|"
        r"MLK Day|Martin Luther King(?: Jr\.?)? Day|Presidents'? Day|Cinco de Mayo|D[ií]a de (?:los )?Muertos|"
        r"Wielkanoc|Wigilia|Gŵyl Dewi|St\.? David'?s Day|Burns Night|Bonfire Night|Guy Fawkes(?: Night)?|"
        r"Victoria Day|Family Day|Midsummer(?:'s)?(?: Eve| Day)?|Sankthans|Juhannus|Walpurgis(?: Night)?|"
        r"Carnival|Carnaval|Mardi Gras|Shrove Tuesday|Ash Wednesday|Palm Sunday|Whit Monday|Pentecost|"
        r"Onam|Pongal|Songkran|Nowruz|Norooz|Vesak|Matariki)"
    )
    PATTERNS = (Pat("holiday", rf"(?<![\w'])(?P<v>{HOLIDAYS})(?![\w'])", 0.85, I),)
    NEGATIVE = (r"(?i)\bholi(?:stic)?\b(?=\s+(?:care|approach))",)

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        word = text[start:end]
        # "Holi", "Eid", "Tet", "Onam" are holidays only with a capital ("tet" is not); "Carnival" needs one too
        return word[0].isupper()


class ForeignDateRecognizer(ClinicalPatternRecognizer):
    """Months and weekdays in the languages our notes arrive in, with a day number or a year beside them, or a
    month name alone when it is no English word ("oktober", "fevereiro", "januari")."""

    ENTITY = "DATE"
    MONTHS: ClassVar[str] = (
        # French, Spanish, Portuguese, Italian, German, Dutch, Scandinavian, Polish, Welsh, Romanian, Turkish,
        # Indonesian/Malay, Māori
        r"(?:janvier|f[ée]vrier|f[ée]vr\.?|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"
        r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre|"
        r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|"
        r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
        r"Januar|J[äa]nner|Februar|M[äa]rz|Juni|Juli|Oktober|Dezember|"
        r"januari|februari|maart|mei|augustus|oktober|"
        r"januar|februar|marts|maj|augusti|desember|des\.|okt\.|"
        r"stycze[ńn]|stycznia|luty|lutego|marzec|marca|kwiecie[ńn]|kwietnia|maja|czerwiec|czerwca|lipiec|lipca|"
        r"sierpie[ńn]|sierpnia|wrzesie[ńn]|wrze[śs]nia|pa[źz]dziernik|pa[źz]dziernika|listopad|listopada|grudzie[ńn]|grudnia|"
        r"Ionawr|Chwefror|Mawrth|Ebrill|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr|"
        r"ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie|"
        r"Ocak|[ŞS]ubat|Mart|Nisan|May[ıi]s|Haziran|Temmuz|A[ğg]ustos|Eyl[üu]l|Ekim|Kas[ıi]m|Aral[ıi]k|"
        r"Maret|Agustus|Ogos|Disember|"
        r"Kohit[āa]tea|Huitanguru|Pout[ūu]terangi|Paengaw[hā]+[āa]wh[āa]|Haratua|Pipiri|H[ōo]ngongoi|"
        r"Hereturik[ōo]k[āa]|Mahuru|Whiringa-[āa]-nuku|Whiringa-[āa]-rangi|Hakihea)"
    )
    WEEKDAYS: ClassVar[str] = (
        r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|"
        r"s[áa]bado|domingo|segunda-feira|ter[çc]a-feira|quarta-feira|quinta-feira|sexta-feira|Montag|Dienstag|"
        r"Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
        r"mandag|tirsdag|onsdag|torsdag|fredag|l[øö]rdag|s[øö]ndag|m[åa]ndag|tisdag|poniedzia[łl]ek|wtorek|[śs]roda|"
        r"czwartek|pi[ąa]tek|sobota|niedziela|Dydd (?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)|R[āa]hina|R[āa]t[ūu]|"
        r"R[āa]apa|R[āa]pare|R[āa]mere|R[āa]horoi|R[āa]tapu|luni|mar[țt]i|miercuri|joi|vineri|s[âa]mb[ăa]t[ăa]|duminic[ăa]|"
        r"Pazartesi|Sal[ıi]|[ÇC]ar[şs]amba|Per[şs]embe|Cuma|Cumartesi|Pazar)"
    )
    ISLAMIC: ClassVar[str] = (
        r"(?:Muharram|Safar|Rabi['’]? ?(?:al|ul)[- ](?:Awwal|Thani|Akhir)|Jumad[ai] ?(?:al|ul)[- ](?:Awwal|Ula|Thani|Akhirah)|"
        r"Rajab|Sha['’]?ban|Ramadan|Ramadhan|Shawwal|Dhu ?al[- ]Qa['’]?dah|Dhul[- ]Qa['’]?dah|Dhu ?al[- ]Hijjah|Dhul[- ]Hijjah)"
    )
    PATTERNS = (
        Pat(
            "day_month",
            rf"(?<![\w])(?P<v>(?:{WEEKDAYS},?\s+)?(?:(?:le|el|il|den|de|am|op|på|w)\s+)?\d{{1,2}}(?:\.|º|°|er|e)?\s+"
            rf"(?:de\s+)?{MONTHS}(?:,?\s+(?:de\s+|del\s+)?(?:19|20)\d{{2}})?)(?![\w])",
            0.9,
            I,
        ),
        Pat(
            "weekday_day",
            rf"(?<![\w])(?P<v>(?:le\s+)?{WEEKDAYS},?\s+\d{{1,2}}(?:\.|er)?(?:\s+{MONTHS})?)(?![\w])",
            0.85,
            I,
        ),
        Pat(
            "month_year",
            rf"(?<![\w])(?P<v>{MONTHS}\s+(?:de\s+|del\s+)?(?:19|20)\d{{2}})(?![\w])",
            0.85,
            I,
        ),
        Pat(
            "month_alone",
            rf"(?<![\w])(?P<v>(?:(?:em|en|in|im|i|w|no|na|au|le)\s+)?{MONTHS})(?![\w])",
            0.6,
            I,
        ),
        Pat(
            "islamic",
            rf"(?<![\w])(?P<v>\d{{1,2}}\s+{ISLAMIC}(?:\s+\d{{3,4}}(?:\s*(?:AH|H))?)?)(?![\w])",
            0.9,
            I,
        ),
        Pat(
            "cjk",
            r"(?P<v>(?:(?:令和|平成|昭和|民國|民国)\s*)?\d{1,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日)",
            0.95,
        ),
        Pat(
            "iso_dots",
            r"(?<![\w.])(?P<v>(?:19|20)\d{2}\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01]))(?![\w.])",
            0.9,
        ),
        Pat(
            "dmonyyyy",
            r"(?<![\w])(?P<v>\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{2,4})(?![\w])",
            0.9,
            I,
        ),
        # a date in a file name: "BRANDT_CTAP_07042024.dcm"
        Pat(
            "file_date",
            r"(?<=[_\-])(?P<v>(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2]))"
            r"(?:19|20)\d{2}|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?=[_.\-])",
            0.85,
        ),
        # "on the 9th", "since Sunday 7th": a day of the month with no month
        Pat(
            "ordinal_day",
            r"(?i:\b(?:on|by|since|until|till|from|before|after)\s+(?:the\s+)?)(?P<v>(?:(?:mon|tues?|wed(?:nes)?|"
            r"thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\s+)?(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b"
            r"(?!\s+(?:day|week|month|year|percentile|centile|cycle|dose|rib|finger|toe|intercostal|ics|grade|decade|"
            r"time|line|cranial|nerve|trimester|birthday|attempt|episode|admission|fraction|vertebra|generation))",
            0.85,
        ),
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        if pattern != "month_alone":
            return True
        word = regex.sub(r"^(?:(?:em|en|in|im|i|w|no|na|au|le)\s+)", "", text[start:end], flags=I)
        low = word.lower().rstrip(".")
        # alone, a month name must be long and no English word ("mars", "mai", "mart", "medi" are not dates)
        return len(low) >= 5 and low not in english_words() and low not in self.terms
