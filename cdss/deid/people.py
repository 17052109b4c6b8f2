"""Names after the titles, ranks and role words of other countries and services, and names typed in lower case.

The English context patterns know "Dr", "Mrs", "son" and "RN". Notes also write "Mst. Shahnaz Begum" and
"Md. Rafiqul Islam" (Bangladesh), "W/ro Tigist" and "Ato Dawit" (Ethiopia), "Dña. Pilar", "Sra. Reyes", "Enf. Rui"
(Spain, Portugal, Latin America), "Khun Malee" (Thailand), "Bu Sari" (Indonesia), "Mama Joy" (East Africa),
"SSG Whitlock" and "MAJ D. Okafor" (the US Army), "CNS Maya" (a UK nurse specialist), and, in hurried lower-case notes,
"dr j. mcallister" and "pt tama ngata". A nickname the note introduces ("goes by \"lan\"", "Nickname among friends
\"Dari\"") is the same person in any case.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from cdss.deid.base import NAME, ClinicalPatternRecognizer, Pat
from cdss.deid.gazetteers import english_words, given_and_surnames

_LOWER = (
    r"['ʻ‘’]?[a-z][a-z'’\-]{2,}"  # Tongan and Hawaiian names may begin with a glottal stop ("'ana")
)


_NOT_GIVEN = frozenset(
    "score scale test criteria index sign signs syndrome disease type grade class stage unit ward team protocol "
    "regimen method".split()
)


class LocalPersonRecognizer(ClinicalPatternRecognizer):
    """Names after local titles, military ranks and staff role acronyms; lower-case titled names; introduced
    nicknames."""

    ENTITY = "PERSON"
    TITLES: ClassVar[str] = (
        r"(?:Mst|Md|Mohd|Ato|W/ro|W/rt|W/t|S/r|Dña|Doña|Dona|Sra|Srta|Sr|Dra|Enf|Enf\.ª|Khun|Bu|Ibu|Pak|Bapak|Encik|Puan|"
        r"Haji|Hajjah|Alhaji|Mallam|Mama|Maama|Papa|Baba|Auntie|Aunty|Tita|Tito|Herr|Frau|Uzm|Mme|Mlle|Dhr|Mevr|Sig\.ra|"
        r"Hr|Fru|Δρ|Κος|Κα|Thầy|Bà|Ông|Anh|Chị|Sayın|Whaea|Matua|Koro|Kui|Oom|Tannie|Ouma|Oupa|"
        # session 13: Myanmar honorifics, Cyrillic doctor abbreviations, French marital words
        r"Daw|Maung|д-р|Д-р|др|проф|veuve|épouse|née|ép|Fr|Dott|Dott\.ssa|Dr\.ssa|Sig\.ra|Sig|ved|"
        # session 14: "Verified by S/N Gemma Rudd", a ship's log "Pax Amit Kulkarni", "Crew Marco Bellini"
        r"S/N|Pax|Crew|Sis)"
    )
    RANKS: ClassVar[str] = (
        r"(?:PVT|PV2|PFC|SPC|CPL|SGT|SSG|SFC|MSG|1SG|SGM|CSM|WO1|CW[2-5]|2LT|1LT|CPT|MAJ|LTC|COL|BG|MG|LTG|GEN|"
        r"SA|SN|PO[1-3]|CPO|SCPO|MCPO|ENS|LTJG|LCDR|CDR|CAPT|LCpl|Cpl|Sgt|SSgt|GySgt|MSgt|Pte|Lt|Capt|Maj|Col|"
        r"AB|LS|CPOMA|PO|Stn Off\.?|Supt|Insp|DC|DS|DI|PC|WPC|PCSO)"
    )
    ROLES: ClassVar[str] = (
        r"(?:CNS|CCN|ANP|ACP|RM|HCA|SN|SLT|EMT|CMA|LPN|RN|NP|SSN|SPI|CSPI|RPh|MO|IMO|RMO|HO|JHO|SHO|FY1|FY2|CT1|CT2|"
        r"ST[1-8]|SpR|Reg|Matron|Sister|Charge Nurse|Paramedic|Medic|Tech|Technician|Coordinator|Coordinadora|"
        r"Coordinador|Enfermera|Enfermero|Enfermeira|Infirmière|Infirmier|Pflegekraft|Sjuksköterska|Verpleegkundige|"
        r"IDE(?: de (?:nuit|jour))?|AS|agent|para|ambulancier|sage-femme|aide-soignante?|"
        # session 14: research associates, midwives, Spanish technicians and licentiates
        r"CRA|CRC|midwife|Midwife|t[ée]cnic[oa]|Lic\.|"
        # session 15: health visitors, social workers, tissue viability nurses, Nepali community health workers
        r"HV|SW|TVN|SCPHN|FCHV|ANM|ASHA|CHW|OT|PT|CPO|"
        # session 18: clerks, drivers, porters, operating department practitioners, support workers
        r"Clerk|Ward Clerk|Driver|Porter|ODP|CSW|HCSW|RMN|EN)"
    )
    # romanised East Asian surnames written first in capitals: "CHAN Tai Man", "LEUNG Ka Ho", "NGUYEN Van Long"
    EAST_ASIAN_SURNAMES: ClassVar[str] = (
        r"(?:CHAN|CHEUNG|LEUNG|WONG|LEE|LI|LAM|NG|HO|LAU|CHOW|TSANG|YEUNG|TANG|WU|CHEN|LIN|WANG|ZHANG|LIU|"
        r"HUANG|ZHAO|YANG|ZHOU|XU|SUN|ZHU|HU|GUO|GAO|LUO|CHIU|FUNG|KWOK|LO|MAK|POON|SIU|TAM|TSE|YIP|YU|CHU|KIM|PARK|"
        r"CHOI|JUNG|KANG|CHO|YOON|JANG|LIM|SHIN|HAN|OH|SEO|NGUYEN|TRAN|LE|PHAM|HOANG|PHAN|VU|DANG|BUI|NGO|DUONG|LY|"
        r"TAN|TEO|GOH|ONG|KOH|CHUA|ANG|YEO|TEH)"
    )
    PATTERNS = (
        Pat(
            "surname_first",
            rf"(?<![\w])(?P<v>{EAST_ASIAN_SURNAMES}(?:[ \t]+[\p{{Lu}}][\p{{Ll}}]+(?:-[\p{{Ll}}]+)?){{1,2}})(?![\w])",
            0.85,
        ),
        # a name in Chinese or Korean script written beside the romanised one, without brackets: "Tai Man 陳大文"
        Pat(
            "han_beside",
            r"(?<=[\p{Lu}][\p{Ll}]+[ \t]{1,3})(?P<v>[\p{Han}\p{Hangul}]{2,4})(?![\p{Han}\p{Hangul}])",
            0.85,
        ),
        # an e-mail header's display name, surname first: "To: Rennie, Fiona <fiona.rennie@nhs.scot>"
        Pat(
            "mail_header",
            r"(?im)^[ \t]*(?:from|to|cc|bcc|reply-to)[ \t]*:[ \t]*(?:[^<>\n;]*;[ \t]*)?"
            r"(?P<v>[\p{Lu}][\p{L}'’\-]+,[ \t]+[\p{Lu}][\p{L}'’\-]+(?:[ \t]+[\p{Lu}][\p{L}'’\-]*\.?)?)[ \t]*<",
            0.9,
        ),
        Pat(
            "local_title", rf"(?<![\w])(?<!\d[ \t])(?:{TITLES})\.?[ \t]+(?P<v>{NAME})", 0.9
        ),  # not "19 Fr Blake drain"
        # Burmese "U Tin Aung": the honorific U is a capital letter alone, so two name words must follow
        Pat(
            "burmese_u",
            r"(?<![\w.])U[ \t]+(?P<v>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}[\p{Ll}0-9]+){1,3})(?![\w])",
            0.85,
        ),
        # Mongolian and Russian initials: "Д.Энхтуяа", "Ц. Болдбаатар", "Иванов И.И."
        Pat(
            "cyrillic_initial",
            r"(?<![\w.])(?P<v>\p{Lu}\.[ ]?[\p{Lu}&&\p{Cyrillic}][\p{Ll}&&\p{Cyrillic}]{2,}(?:-[\p{Ll}&&\p{Cyrillic}]+)?|"
            r"[\p{Lu}&&\p{Cyrillic}][\p{Ll}&&\p{Cyrillic}]{2,}[ ]\p{Lu}\.[ ]?\p{Lu}\.)(?![\w])",
            0.85,
        ),
        # Central Asian and Caucasian patronymic words after the father's name: "Karimov Rustam Alisher o'g'li"
        Pat(
            "patronymic_word",
            r"(?<=\p{Lu}\p{Ll}+[ \t])(?P<v>o['‘’ʻ]?g['‘’ʻ]?li|qizi|qızı|kyzy|kızı|uulu|ogly|oğlu|uly|кызы|уулу|оглы|"
            r"қызы|ұлы|угли|кизи)(?![\w'])",
            0.85,
        ),
        # "Ahmad Khaled al-Hamwi": an Arabic article joined to the surname after a capitalised name
        Pat(
            "arabic_article",
            r"(?<=\p{Lu}\p{Ll}+[ \t])(?P<v>(?:al|el|ad|ar|as|at|az|an)-\p{Lu}\p{Ll}+)",
            0.85,
        ),
        # French and West/Central African order, surname in capitals first: "KABORÉ Issaka", "NATIVEL Gilbert",
        # "NDONG OBIANG Serge-Landry", "COMPAORÉ née TRAORÉ Awa"
        Pat(
            "caps_surname_first",
            r"(?<![\p{L}\d/.-])(?P<v>(?:\p{Lu}/)?\p{Lu}[\p{Lu}\p{M}'’]{2,}(?:-\p{Lu}[\p{Lu}\p{M}]+)?"
            r"(?:[ \t]+(?:née|ép\.?|épouse)[ \t]+\p{Lu}[\p{Lu}\p{M}'’]{2,})?(?:[ \t]+\p{Lu}[\p{Lu}\p{M}'’]{2,})?"
            # one or two given names: "NGWA Emmanuel Fru" (a second given word that is English is trimmed)
            r"(?:[ \t]+\p{Lu}\p{Ll}[\p{Ll}\p{M}'’]+(?:-\p{Lu}\p{Ll}+)?){1,2})(?![\p{L}])",
            0.8,
        ),
        # a numbered list of patients: "1) Bwalya Mulenga F 34 NRC ...", "2) Precious Banda F 9 - some dehydration"
        Pat(
            "patient_list",
            r"(?m)^[ \t]*\d{1,2}[).][ \t]+(?P<v>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+){1,2})[ \t]+[MF][ \t]+\d{1,3}\b",
            0.85,
        ),
        Pat("rank", rf"(?<![\w])(?:{RANKS})[ \t]+(?P<v>{NAME})", 0.85),
        # a role word before a name is context enough that a foreign look-alike ("SW Pua") is still a name
        Pat("role_acronym", rf"(?<![\w])(?:{ROLES})[ \t]*:?[ \t]+(?P<v>{NAME})(?![\w])", 0.85),
        # "dr j. mcallister", "pt tama ngata", "mrs le thi hoa": lower-case notes
        Pat(
            "lower_titled",
            rf"(?<![\w-])(?:dr|doctor|pt|patient|attention|attn|fao|mr|mrs|ms|nurse|rn|sr|mum|mom|dad|grandma|grandpa|"
            rf"nana|aunty|auntie|uncle|"
            rf"wife|husband|son|daughter|sister|brother|dtr|dau|sis|bro|hubby|niece|nephew|partner)(?:-in-law)?[.:]?[ \t]+"
            rf"(?P<v>(?:[a-z]\.[ \t]?)?{_LOWER}(?:[ \t]+{_LOWER}){{0,2}})",
            0.8,
        ),
        # "report called to rosalind rn": a lower-case given name right before a nursing or medical role
        Pat(
            "lower_before_role",
            rf"(?<![\w.'’])(?P<v>{_LOWER})[ \t]+(?:rn|lpn|np|pa-c|crna|emt)\b(?![\w.])",
            0.8,
        ),
        # "doña lupe", "sra. chela": these titles are only ever followed by a given name
        Pat(
            "lower_local_title",
            rf"(?<![\w])(?:do[ñn]a|sra|srta|se[ñn]ora)\.?[ \t]+(?P<v>{_LOWER})(?![\w])",
            0.85,
        ),
        # a lower-case signature with its degree: "t. nguyen md", "k. o'brien np"
        Pat(
            "lower_titled",
            r"(?m)^[ \t]*(?:[-–—]{1,2}[ \t]*)?(?P<v>(?:[a-z]\.){1,2}[ \t]?[a-z][a-z'’\-]{2,})[ \t]*,?[ \t]+(?:md|do|np|pa|pa-c|rn|dnp|mbbs)\b",
            0.8,
        ),
        # a nickname in quotes right after a name: 'jesus hernandez ortiz ("chuy")', 'Ma. Luisa dela Cruz "Honey"'
        Pat(
            "introduced_nick",
            rf"(?<=(?:{NAME}|[a-z]{{3,}})[ \t]*\(?[ \t]*)[\"“‘](?P<v>[\p{{L}}][\p{{L}}'’\-]{{1,15}}(?: [\p{{L}}][\p{{L}}'’\-]{{1,15}})?)[\"”’](?=[ \t]*\)?[ \t]*(?:[,;)\n]|\d|[ \t]{{2}}|$))",
            0.85,
        ),
        # session 14: a quoted nickname between the given name and the surname: 'Mike "Tank" Ortega'
        Pat(
            "nick_between",
            r"(?<![\w])(?P<v>\p{Lu}\p{Ll}+[ \t]+[\"“]\p{Lu}[\p{L}'’\-]{1,15}[\"”][ \t]+\p{Lu}[\p{L}'’\-]+)",
            0.9,
        ),
        # "TAN AH KOW @ TAN KOK SENG": the name after the alias sign (never an e-mail: spaces around it)
        Pat(
            "alias_at",
            r"(?<=\p{Lu}[\p{L}'’\-]+[ \t]+@[ \t]+)(?P<v>\p{Lu}[\p{L}'’\-]+(?:[ \t]+\p{Lu}[\p{L}'’\-]+){0,3})",
            0.85,
        ),
        # the user who printed, scanned or updated a record: "Printed by kwalsh2", "by=mtran", "Updated by MvD"
        Pat(
            "user_by",
            r"(?i:\b(?:printed|scanned|updated|generated|entered|created|modified|edited|amended|logged|exported|"
            r"uploaded|keyed|run|taken|booked|received|triaged)[ \t]+by[ \t]*[=:]?[ \t]*|(?<![\w])by=)"
            r"(?P<v>[a-z][a-z0-9._\-]{2,20}|\p{Lu}[a-z]{0,2}\p{Lu}{1,2})(?![\w@.])",
            0.85,
        ),
        # "Initials: N-K-P" on a research or registry form
        Pat(
            "initials_label",
            r"(?i:\binitials[ \t]*[:=][ \t]*)(?P<v>[A-Z](?:[-. ]?[A-Z]){1,3})(?![\w])",
            0.85,
        ),
        # an introduced nickname, quoted, in any case
        Pat(
            "introduced_nick",
            r"(?i:\b(?:goes by|known as|nickname(?:d| among [\w ]{3,20})?|prefers(?: to be called)?|called|aka|a\.k\.a\.)"
            r")[ \t]*[\"“‘'](?P<v>[\p{L}][\p{L}'’\-]{1,20})[\"”’']",
            0.85,
        ),
    )
    # words that follow a title or rank without being a name
    NOT_NAMES: ClassVar[frozenset[str]] = frozenset(
        "on call duty team unit staff nurse doctor patient pt has is was will to for and the a with in at of no not "
        "reviewed seen aware informed notified present called states reports ext x bleep pager ph tel cell "
        "mobile phone".split()
    )

    @staticmethod
    def _english(w: str) -> bool:
        """An English word or an inflection of one ("prefers", "lives", "attending", "reviewed")."""
        english = english_words()
        stems = [w]
        if len(w) > 4:
            # only real inflections: "fifita" is not "fife" + "ita"
            if w.endswith("ing"):
                stems += [w[:-3], w[:-3] + "e"]
            if w.endswith("ed"):
                stems += [w[:-2], w[:-1]]
            if w.endswith("es"):
                stems.append(w[:-2])
            if w.endswith("s"):
                stems.append(w[:-1])
        return any(s in english for s in stems)

    def trim(self, text: str, start: int, end: int, pattern: str = "") -> tuple[int, int]:
        """'pt tama ngata today': the words after the name that are English are not part of it."""
        names = given_and_surnames()
        if pattern == "caps_surname_first":
            # "NATIVEL Gilbert Seen": a second given word that is an English word and no name, or clinical, goes
            words = list(regex.finditer(r"[^ \t]+", text[start:end]))
            last = words[-1].group(0).lower()
            if (
                len(words) >= 3
                and not words[-2].group(0).isupper()
                and ((self._english(last) and last not in names) or last in self.terms)
            ):
                return start, start + words[-2].end()
            return start, end
        if pattern != "lower_titled":
            return start, end
        while True:
            m = regex.search(r"[ \t]+([a-z][a-z'’\-]+)$", text[start:end])
            if (
                not m
                or m.start() == 0
                or not (self._english(m.group(1)) and m.group(1) not in names)
            ):
                return start, end
            end = start + m.start()

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        words = [w.strip(".").lower() for w in text[start:end].split()]
        words = [w for w in words if len(w) > 1 or pattern == "han_beside"]
        if not words or any(w in self.NOT_NAMES for w in words):
            return False
        if pattern == "surname_first":
            given = words[1:]
            # "CHAN Tai Man": one given word that is no English word is enough; "LI Proteus" is an organism
            # romanised given names are often English words ("Tai", "Man", "Long"): only a clinical or scale word
            # after the capitals says it is not a name
            return bool(given) and not any(w in self.terms or w in _NOT_GIVEN for w in given)
        if pattern == "caps_surname_first":
            # the capitals are no abbreviation or clinical word ("ECG Normal", "NOTE Patient") and the given name
            # is a known name or no English word
            names = given_and_surnames()
            raw = text[start:end].split()
            caps = [
                w for w in raw if w.isupper() and w.lower() not in ("née", "ép", "ép.", "épouse")
            ]
            given = [w for w in raw if not w.isupper() and w not in ("née", "ép", "ép.", "épouse")]
            first = given[0].split("-")[0].lower()
            return (
                all(
                    len(w) >= 4 and w.lower() not in self.terms and not self._english(w.lower())
                    for w in caps
                )
                # two surnames in capitals ("COMPAORÉ née TRAORÉ Awa") say name whatever the given name is
                and (first in names or not self._english(first) or len(caps) >= 2)
                and first not in self.terms
            )
        if pattern in ("arabic_article", "initials_label"):
            return True
        if pattern == "user_by":
            # a user name has a digit or is no English or clinical word ("generated by system" is not a person)
            user = text[start:end]
            return any(ch.isdigit() for ch in user) or (
                not self._english(user.lower()) and user.lower() not in self.terms
            )
        if pattern == "patient_list":
            # "2) Precious Banda F 9": one word that is no English word ("Acute Kidney F 34" is not a patient)
            names = given_and_surnames()
            return any((w in names or not self._english(w)) and w not in self.terms for w in words)
        if pattern in ("han_beside", "patronymic_word", "cyrillic_initial", "burmese_u"):
            return not all(w in self.terms for w in words)
        if pattern == "lower_local_title":
            return words[0] not in self.terms
        if pattern == "introduced_nick":
            return words[0] not in self.terms
        if pattern == "lower_before_role":
            names = given_and_surnames()
            w = words[0].lstrip("'’ʻ‘")
            return w in names and not self._english(w) and w not in self.terms
        if pattern == "lower_titled":
            # every word must be neither English nor clinical: "pt has fever" is not a name, "pt tama ngata" is
            names = given_and_surnames()
            return all(
                (not self._english(w) or w in names) and w not in self.terms for w in words
            ) and any(not self._english(w) for w in words)
        if pattern in ("rank", "role_acronym"):
            # "SGT Pruitt", "CNS Maya"; not "RN aware", "MO Clinic"
            names = given_and_surnames()
            return any(w in names or not self._english(w) for w in words) and not all(
                w in self.terms for w in words
            )
        return not all(w in self.terms for w in words)
