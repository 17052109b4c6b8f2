"""Identifying numbers named by the label before them, in the forms other countries and systems write them.

The ID and MRN recognizers know the common English labels (MRN, account, member, licence). Notes also carry
national and system identifiers under their own names: "CPF 418.302.775-09", "Cartão SUS 706 4012 3387 5519",
"ITIN 912-78-4410", "CDL # H4410-8827-3391", "SAPS case no. CAS 118/09/2024", "Police CAIT ref CR/0447129/24",
"MFL code: 10442", "PMDC 41187-P", "kod dostępu 4471", "OPD No: 4417", "portal username hbright96",
"Aadhaar: XXXX XXXX 7316". The value is taken only when it holds digits (or, for user names, letters with digits),
so "ref: see above" is left alone.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from cdss.deid.base import ClinicalPatternRecognizer, Pat

# a measurement, not a chart number: "HC 44.5 cm" (the boundary keeps "HN 123456 given" an identifier)
_UNIT_AFTER = regex.compile(r"\s*(?:(?:cm|mm|kg|g|mg|mL|ml|mmHg|bpm)\b|%|/min)")


class LabelledIdRecognizer(ClinicalPatternRecognizer):
    """National, police, registration, access and system identifiers after their label."""

    ENTITY = "ID"
    LABELS: ClassVar[str] = (
        r"(?:CPF|CNPJ|RG|Cart[ãa]o SUS|CNS|SUS|ITIN|TIN|CDL|CDL ?#|case (?:no\.?|number|#)|case ref|ref(?:erence)?(?: no\.?)?|"
        r"incident (?:no\.?|number|#)|crime ref|log (?:no\.?|number)|MFL code|facility code|PMDC|PMC|MCI|GMC|NMC|AHPRA|"
        r"IMC|KMPDC|SANC|HPCSA|reg(?:istration)? (?:no\.?|number)|kod dost[ęe]pu|access code|PIN|OPD (?:no\.?|number)|"
        r"IPD (?:no\.?|number)|UHID|IP (?:no\.?|number)|folder (?:no\.?|number)|file (?:no\.?|number)|username|user ?name|"
        r"login|user ?id|Clarity code|access key|Aadhaar|PAN|CNIC|NIC|NIK|KTP|NRIC|FIN|HKID|ARC|RRN|My ?Number|"
        r"F[øo]dselsnr\.?|f[øo]dselsnummer|personnummer|personnr\.?|CPR(?:-nr\.?)?|BSN|PESEL|NIE|DNI|NIF|NSS|codice fiscale|"
        r"Versichertennummer|Versicherten-Nr\.?|AHV|NHI|IHI|PPSN|PPS (?:no\.?|number)|Eircode|SIN|NAS|RAMQ|OHIP|"
        r"T\.?C\.? kimlik no\.?|kimlik no\.?|RUT|RUN|CURP|CUIL|CUIT|passport(?: no\.?| number| #)?|bib(?: no\.?| number| #)?|"
        r"cabin(?: no\.?| number)?|service (?:no\.?|number)|DoD ?ID|EDIPI|inmate (?:no\.?|number|#)|booking (?:no\.?|number)|"
        r"unit (?:no\.?|number)|donor (?:id|code|no\.?)|OPO ?(?:id|#)|UNOS ?(?:id|#)|accession(?: no\.?| number| #)?|"
        r"lot(?: no\.?| number)?|serial(?: no\.?| number| #)?|S/N|SN|"
        # chart, insurance and licence numbers under the names other countries use
        r"cartella(?: clinica)?(?: n\.?)?|CF|NHC|CIPA|CIP|ficha|card no\.?|clinic no\.?|HN|Thai ID|FO nr\.?|NUSS|"
        r"CC(?=[ \t]*:[ \t]*\d{6})|SLMC|BMDC(?: Reg)?|Α\.Μ\.|c[ée]dula(?: OM)?|parafa|licen[cs]e|CRM(?:-[A-Z]{2})?|CRO|COREN|DNA-nr\.?|"
        r"HFEA code|cycle|e-Profile|profile|file|pratica(?: n\.?)?|membership(?: no\.?)?|ambulance|AMB|ICVP(?: no\.?)?|"
        r"policy|pre-auth ref|folio|SS|afiliaci[óo]n|NIN|Fayda ID|ART No|HCPC|CORU reg\.?|NIP|IMO|Patiëntnr\.?|"
        r"patiëntnummer|Geb\.datum|bed-?booking|booking ref|claim(?: no\.?| #)?|ICN|Prontuário|prontuario|matr[ií]cula|"
        r"nr karty pacjenta|e-ZLA nr|被保険者番号|記号|PhilHealth(?: No\.?)?|SSS(?: No\.?)?|Expediente(?: EDUS)?|afiliado|HC|SIS|"
        r"C\.?C\.?(?=[ \t]*:?[ \t]*\d{1,3}(?:\.\d{3}){2})|MN|Reg\. Prof\.|No\. KP|KP|No\. RN|MMC|MCR|SCFHS|Dossier(?: n[°º])?|"
        r"immatriculation(?: [A-Z/]+)?|F\.nr\.?|aut\.-ID|RČ|r\. ?č|Hist\. ?br|Č\. chorobopisu|chorobopisu|Törzsszám|Napló|Pecsétszám|"
        r"Antragsnr\.?|AHV-Nr\.?|Fall-Nr\.?|Versichertenkarte|INSZ|NISS|INSZ / NISS|NIHII|RIZIV|INAMI|RNOKPP|"
        r"Fiktionsbescheinigung|eGK(?: \([A-Z ]+\))?|Ch\.-B\.|register no\.?|DBN|MDCN(?: Reg\. No\.?)?|lab no\.?|"
        r"주민등록번호|출동번호|Obra social|Pojišťovna|"
        # Turkish, Vietnamese, Polish, Romanian, Ukrainian/Russian and Spanish chart and ID labels; "ID No."
        r"Protokol(?: No)?|Dosya(?: No)?|Hasta No|S[ốo] v[àa]o vi[ệe]n|S[ốo] h[ồo] s[ơo]|CCCD|CMND|"
        r"(?:Nr )?ksi[ęe]gi g[łl][óo]wnej|Nr\.? FO|[Мм]ед\. карта|карта(?: [а-яё]+){0,3}|ficha cl[ií]nica|"
        # India's health account, Sri Lanka's bed head ticket, Mexico's voter key, Greek and Thai registry labels
        r"ABHA(?: No\.?| number)?|BHT|CCC|Inpatient(?: No\.?| number)?|(?:newborn |baby |infant )?record|NHI|Clave de elector(?: \(INE\))?|Αρ\. μητρώου|μητρώου|เลขบัตรประชาชน|"
        r"เลขประจำตัวประชาชน|"
        # hospital numbers and national IDs from set 11: Jamaica, Haiti, Indonesia, Vietnam, France, Nepal
        r"Hosp(?:ital)?\.? No|No\.? RM|RM|M[ãa] BN|IPP(?: [A-Z]{2,5})?|No\.? dossier|N[°º] dossier|CIN|NIR|TRN|"
        r"citizenship(?: cert(?:ificate)?)?(?: no\.?| number)?|"
        # heldout12: Portuguese, Austrian, Czech, French, Swiss, Malaysian, Israeli and US correctional labels
        r"Processo|Aufnahmezahl|[ČC]\. hospitalizace|hospitalizace|N[°º] d'entr[ée]e|N[°º] registre|N[°º] s[ée]jour|"
        r"Kad temujanji|Facility chart|CC|N\. AVS|National ID|T\.Z\.|No\. K/P|K/P|PERKESO|SOCSO|"
        # session 13 (heldout13/14): the numero sign alone, Cyrillic and Central Asian chart and registry labels,
        # Balkan, Baltic and Latin American national and chart numbers, attendance and practice-system numbers
        r"№|ИБ|[Ии]стори[яј]а?(?: (?:болезни|на болест))?|Бр\. на историја|Өвчний түүх|түүх|Регистрийн дугаар|дугаар|"
        r"[Xx]əstəlik tarixi|tarixi|broj kartona|kartona|Nr\. personal|Nr\. kartele|kartele|rodn[ée] [čc][íi]slo|"
        r"NRC|CI(?=[ \t]*:?[ \t]*\d{1,2}\.\d{3}\.\d{3})|C\.I\.|Expediente(?: EDUS)?|EDUS|Matricule(?: CNS)?|"
        r"N[°º] de s[ée]jour|JMBG?|ЕМБГ|ЕГН|EGN|EMŠO|IIN|ИИН|ЖСН|PINFL|JSHSHIR|Attendance (?:no\.?|number)|"
        r"EMIS(?: no\.?| number)?|SystmOne(?: no\.?)?|Turno|HCl|CUI(?: \(RENAP\))?|"
        r"Historia cl[ií]nica(?: familiar| individual)?(?: No\.?)?|Namba ya faili|faili|CNI|ID)"
    )
    VALUE: ClassVar[str] = (
        # a value holds a digit (or a mask) within its first few characters: "clínica" after "Ficha" is no value
        r"(?P<v>(?=(?:\p{Lu}{1,4}[ -])?[\p{L}./\-]{0,6}[0-9X*])(?:\p{Lu}{1,4}[ -])?[\p{L}0-9X*][\p{L}0-9X*./\-]{0,24}(?:(?<=/)\p{Lu}{1,3})?(?:[ ](?:[0-9X*]{1,7}|[A-Z]{1,3}|\d[A-Z0-9]{2,5}))*?"
        r"(?:[ ][0-9X*]{1,7})*)"
    )
    PATTERNS = (
        Pat(
            "labelled",
            rf"(?i:(?<![\w]){LABELS})\.?(?![\p{{L}}\d-])[ \t]*(?:\([^()\n]{{2,20}}\)[ \t]*)?(?i:#|no\.?|nr\.?|number|n\.?[º°]\.?|№)?[ \t]*"
            rf"[:#=\-–]?[ \t]*{VALUE}(?:\(\d\))?(?![\w])",
            0.85,
        ),
        # user names, chat handles and passcodes: letters first, with an underscore, a dot or a digit somewhere
        # ("username bongz_jozi88", "LINE ID: weiting.h0618", "Passcode: gi2024")
        Pat(
            "handle",
            r"(?i:\b(?:user ?name|user ?id|login|LINE ID|WhatsApp ID|WeChat(?: ID)?|Telegram|Instagram|Skype(?: ID)?|"
            r"handle|pass ?code|password|PIN code))[ \t]*[:=#]?[ \t]*"
            r"(?P<v>(?=[\w.@-]*[\d_.])[A-Za-z][\w.@-]{2,30}[A-Za-z0-9])(?![\w@])",
            0.85,
        ),
    )

    def trim(self, text: str, start: int, end: int, pattern: str = "") -> tuple[int, int]:
        while end > start and text[end - 1] in ".,;:/-":  # "ART No. KAS-ART-04217." ends a sentence
            end -= 1
        return start, end

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        v = text[start:end]
        if pattern == "handle":
            return True  # the label says it is a user name or passcode; the value shape was checked
        if regex.fullmatch(r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}|[A-HJ-NP-Z]{3}\d{4}", v):
            return True  # a New Zealand NHI number, old or new format ("MHQ37KT")
        digits = sum(ch.isdigit() for ch in v)
        masked = sum(ch in "X*" for ch in v)
        if digits + masked < 3 or digits == 0:
            return False
        if "№" in text[max(0, start - 4) : start] and digits < 4:
            return False  # "КП № 181": a short number after the numero sign alone is a code, not a record
        if _UNIT_AFTER.match(text, end):
            return False  # "HC 44.5 cm" is a head circumference, not a chart number
        low = v.lower()
        # "ref 7 days", "PIN 2 weeks": a number with a unit is not an identifier
        return not regex.search(
            r"\b\d+\s*(?:days?|weeks?|months?|years?|mg|ml|kg|h|hrs?|min)\b", low
        )
