"""One recognizer per Safe Harbor identifier, patterns as class data.

Near-misses these must not fire on (tested): "eGFR 38", "BP 148/92",
"5.6 mmol/L", "q12h", "pain 5/10", "x5 days", "in 2 weeks", ages up to 89.
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from presidio_analyzer import EntityRecognizer

from cdss.deid.base import (
    CAP,
    INITIAL,
    MIXEDNAME,
    NAME,
    NICK,
    UPNAME,
    UPWORD,
    ClinicalPatternRecognizer,
    Pat,
)
from cdss.deid.dates import AgeOver89Recognizer, DateRecognizer
from cdss.deid.lexicon import SURNAME_PARTICLES

I = regex.IGNORECASE  # noqa: E741
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
YEAR = r"(?:19|20)\d{2}"
LBL = r"[ \t]*(?:#|no\.?|number|num)?[ \t]*[:=#]?[ \t]*"


class PhoneRecognizer(ClinicalPatternRecognizer):
    ENTITY = "PHONE"
    PATTERNS = (
        Pat(
            "nanp",
            r"(?<![\w/.])(?P<v>(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:,?\s*(?:x|ext\.?|extension|poste|#)\s*\d{1,5})?)(?![\w/])",
            0.9,
        ),
        Pat(
            "pager_ext",
            # "SpR bleeped (3382)", "paged on 4471"
            r"(?i:\b(?:pager|pgr|pg|bleep(?:ed)?|beeper|page[ds]?(?: on)?|vocera(?: ext\.?)?|ext\.?|extension|x|"
            r"switch(?:board)?)[ \t]*[:#.(]?[ \t]*)"
            r"(?P<v>\d-\d{4}|\d{4}[ ]\d{4}|\d{3,8}(?:[ \t]*(?:ext\.?|x)[ \t]*\d{1,5})?)\b",
            0.85,
        ),
        Pat(
            "national",
            r"(?<![\w/.])(?P<v>(?:\+\d{1,3}[ -]?)?\(?0\d{1,4}\)?[ -]\d{3,4}[ -]?\d{3,4})(?![\w/])",
            0.85,
        ),
        # an 8-digit landline with its trunk zero, "0654 2401" (Zimbabwe, Kenya): never a lab value
        Pat(
            "trunk_eight",
            # the second group is no clock time ("doses at 0600 1400 2200" are times)
            r"(?<![\w/.,+-])(?P<v>0[1-9]\d{2}[ ](?!(?:[01]\d|2[0-3])[0-5]\d\b)\d{4})"
            r"(?![\w/,-]|\.\d|[ ]?(?:mg|mL|g|units|IU|ng|mmol|kg))",
            0.8,
        ),
        Pat("local_ext", r"(?<![\w/-])(?P<v>\d{3}-\d{4}\s*(?:x|ext\.?)\s*\d{1,5})\b", 0.9),
        Pat(
            "intl",
            r"(?<![\w/])(?P<v>\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}\d(?:,?\s*(?:x|ext\.?|extension|poste)\s*\d{1,6})?)(?![\w/])",
            0.85,
        ),
        # grouped national numbers without a trunk pattern the rule above knows: Nordic "070-482 19 55",
        # "018-611 42 10"; Spanish "917 27 70 00"; Ethiopian "0116 81 2044"
        Pat(
            "grouped",
            r"(?<![\w/.,-])(?P<v>0\d{1,3}-\d{2,3}(?:[ ]\d{2}){2,3}|[6-9]\d{2}(?:[ ]\d{2}){3}|0\d{3}[ ]\d{2}[ ]\d{4})"
            r"(?![\w/.,-])",
            0.8,
        ),
        # French "06 12 48 73 90" (five pairs), South Asian mobiles "9841 256 370", Lisbon "21 846 3390",
        # Icelandic "s. 699 1038" (sími)
        Pat("fr_pairs", r"(?<![\w/.,-])(?P<v>0\d(?:[ .]\d{2}){4})(?![\w/]|[.,-]\d)", 0.85),
        Pat(
            "mobile_4_3_3",
            r"(?<![\w/.,-])(?P<v>[2-9]\d{3}[ -]\d{3}[ -]\d{3})(?![\w/]|[.,-]\d)",
            0.8,
        ),
        # Danish "38 63 62 41", Senegalese "76 320 44 19", Chilean "(2) 2576 4000" and "9 6120 3318",
        # Cameroonian "(+237) 233 42 31 06"
        Pat("pairs_8", r"(?<![\w/.,-])(?P<v>[2-9]\d(?:[ ]\d{2}){3})(?![\w/]|[.,-]\d|[ ]\d)", 0.75),
        Pat(
            "sn_2_3_2_2",
            r"(?<![\w/.,-])(?P<v>[37]\d[ ]\d{3}[ ]\d{2}[ ]\d{2})(?![\w/]|[.,-]\d)",
            0.8,
        ),
        Pat(
            "cl_area",
            r"(?<![\w/.,-])(?P<v>\(\d\)[ ]?\d{4}[ ]\d{4}|9[ ]\d{4}[ ]\d{4})(?![\w/]|[.,-]\d)",
            0.8,
        ),
        Pat(
            "intl_paren",
            r"(?<![\w/])(?P<v>\(\+\d{1,3}\)[ ]?\d{2,4}(?:[ ]\d{2,4}){1,4})(?![\w/]|[.,-]\d)",
            0.85,
        ),
        Pat(
            "grouped_2_3_4",
            r"(?<![\w/.,-])(?P<v>[1-9]\d[ ]\d{3}[ ]\d{4})(?![\w/]|[.,-]\d|[ ]?(?:mg|mL|g|units|IU))",
            0.75,
        ),
        # Australian freecall and local-rate numbers: "1800 627 551", "1300 364 277"
        Pat(
            "au_freecall", r"(?<![\w/.,-])(?P<v>1[38]00[ -]?\d{3}[ -]?\d{3})(?![\w/]|[.,-]\d)", 0.85
        ),
        Pat("is_sími", r"(?<=\bs\.[ ]?)(?P<v>\d{3}[ -]\d{4})\b", 0.85),
        # Turkish mobiles "0533 902 14 71"; Hong Kong and Singapore 8-digit numbers right after a name or bracket
        # ("(CHAN Wing-keung) 6182 4390", "son 陳家俊 (Kelvin Chan) 9168 2735")
        # session 13: Russian/Kazakh "8 747 310 56 02", Lithuanian "8 686 20 174", Malagasy "032 61 207 33",
        # Ethiopian "0912 58 04 71", Mauritian "5 911 0463"
        Pat(
            "trunk8",
            r"(?<![\w/.,-])(?P<v>8[ ]\d{3}[ ]\d{3}[ ]\d{2}[ ]\d{2}|8[ ]\d{3}[ ]\d{2}[ ]\d{3})(?![\w/]|[.,-]\d)",
            0.8,
        ),
        Pat(
            "ten_grouped",
            r"(?<![\w/.,-])(?P<v>0\d{2}[ ]\d{2}[ ]\d{3}[ ]\d{2}|0\d{3}(?:[ ]\d{2}){3})(?![\w/]|[.,-]\d)",
            0.8,
        ),
        Pat(
            "mu_mobile",
            r"(?<![\w/.,-])(?P<v>5[ ]\d{3}[ ]\d{4})(?![\w/]|[.,-]\d|[ ]?(?:mg|mL|g|units))",
            0.75,
        ),
        # Marshall Islands and Gambian seven-digit numbers right after a name: "husband Tarlang Anjoj 455-2218";
        # Tajik and Congolese 2-3-2-2 groups: "90 771 34 12", "05 530 90 12"
        Pat(
            "seven_after_name",
            r"(?<=(?:[)\]],?|\p{Lu}\p{Ll}+,?)[ \t]{1,3})(?P<v>\d{3}[- ]\d{4})(?![\w/.,-]|[ ]?(?:mg|mL|g|units|IU|ng|mmol))",
            0.75,
        ),
        Pat(
            "groups_2_3_2_2",
            r"(?<![\w/.,-])(?P<v>\d{2}[ ]\d{3}[ ]\d{2}[ ]\d{2})(?![\w/]|[.,-]\d|[ ]\d)",
            0.75,
        ),
        # Dutch and Belgian numbers written without a label: "016 34 37 99", "038 421 55 60", "0498/12.34.56"
        Pat(
            "benelux",
            r"(?<![\w/.,+-])(?P<v>0\d{1,3}[ /.]\d{2,3}(?:[ .]\d{2}){2,3})(?![\w/]|[.,-]\d|[ ]\d)",
            0.8,
        ),
        # Brazilian numbers with the area code in brackets: "(11) 98421-6630", "(31) 3839-4410"
        Pat("br_ddd", r"(?<![\w/.,-])(?P<v>\(\d{2}\)[ ]?9?\d{4}-\d{4})(?![\w/]|[.,-]\d)", 0.85),
        # seven-digit local numbers ("call ER 722-2026", "will accompany, 778-1234"), never a dose range
        Pat(
            "seven_dashed",
            r"(?<![\w/.,:+-])(?P<v>[2-9]\d{2}-\d{4})(?![\w/.,-]|[ ]?(?:mg|mcg|g|mL|ml|units?|IU|mmol|%|kg|cells|mm|cm|/))",
            0.7,
        ),
        # a four-and-four number in brackets after a name: "Mr Hussain Al-Aradi (1725 6610)"
        Pat("bracketed_4_4", r"(?<=\([ ]?)(?P<v>\d{4}[ ]\d{4})(?=[ ]?\))", 0.75),
        Pat(
            "tr_landline",
            r"(?<![\w/.,-])(?P<v>\(0\d{3}\)[ ]?\d{3}[ ]\d{2}[ ]\d{2})(?![\w/.,-])",
            0.85,
        ),
        Pat("tr_mobile", r"(?<![\w/.,-])(?P<v>0?5\d{2}[ ]\d{3}[ ]\d{2}[ ]\d{2})(?![\w/.,-])", 0.85),
        Pat(
            "eight_after_name",
            r"(?<=(?:[)\]],?|\p{Lu}\p{Ll}+,?|\p{Han}{2,4})[ \t]{1,3})(?P<v>[2-9]\d{3}[ -]\d{4})(?![\w/,-]|\.\d|[ ]?(?:mg|mL|g|units|IU|ng|mmol))",
            0.8,
        ),
        # extensions and bleeps in other languages: "anexo 4410", "dahili 6014", "çağrı 482", "busca 48217"
        Pat(
            "ext_words",
            r"(?i:\b(?:anexo|ramal|interno|dahili|çağrı|cagri|busca|buscapersonas|bip|poste|durchwahl|apparecchio|"
            r"sokongan|toestel|anknytning|sökare|personsøker|hakulaite|lokal|ichki tel|вн\.? ?тел|внутр\w*|"
            r"iekšējais|vidaus|interní|kućni|lok\.|pieper|piepernr|sein|tst)[ \t]*[:#.]?[ \t]*)(?P<v>\d{3,6}(?:[ ]\d{4})?)\b",
            0.85,
        ),
        # a phone number after "contacted on", "ring", "reach her on"
        Pat(
            "call_on",
            r"(?i:\b(?:contact(?:ed)?|reach(?:ed)?|ring|call|phone|text|whatsapp|sms)\b[^\n.]{0,20}?\bon[ \t]+)"
            r"(?P<v>\+?\d[\d -]{5,14}\d)\b",
            0.85,
        ),
        Pat(
            "labelled",
            r"(?i:\b(?:phone|ph|tel|telephone|cell|mobile|fax|pager|beeper|contact|call(?:\s+back)?(?:\s+at)?|"
            r"helpline|hotline|information line|info line|advice line|"
            r"tel[eé]fono|telefone|telefon|telemóvel|telemovel|móvil|movil|celular|cel|fijo|tlf|tfn|puh|sími|"
            r"mob|mobil|direkte|direct|fono|standard|τηλ|εσωτ|dw|hp|telp|điện thoại|dt|t[ée]l|gsm|natel|did|ddi|"
            r"dsn|comm|portable|handy|numer|内線|電話|тел|телефон|моб|сот|утас|telefoni|telefonas|tālr|"
            r"тел\.?/факс)"
            # "Tel. (vecino, dejar mensaje): 5412 8870", "por teléfono al 7755 1034", "Tél. service: 020 22 416 58"
            r"\.?[ \t]*(?:\([^()\n]{2,30}\)[ \t]*)?(?:#|no\.?|number|nr\.?)?(?:[ \t]+(?:al|service|de|du|na|do))?"
            r"[ \t]*[:=]?[ \t]*)(?P<v>\+?[\d(][\d \t()./-]{5,18}\d)",
            0.95,
        ),
    )


class EmailRecognizer(ClinicalPatternRecognizer):
    ENTITY = "EMAIL"
    PATTERNS = (Pat("email", r"\b(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\b", 0.99),)


class UrlRecognizer(ClinicalPatternRecognizer):
    ENTITY = "URL"
    PATTERNS = (
        Pat("scheme", r"(?P<v>\b(?:https?|ftp)://[^\s<>\"')\]]*[^\s<>\"')\];,.!?])", 0.95, I),
        Pat("www", r"(?P<v>\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>\"')\]]*)?)", 0.9, I),
        Pat(
            "domain",
            r"(?<![@\w.])(?P<v>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|health|info|us|uk|ca)(?:/[^\s<>\"')\]]*)?)\b",
            0.75,
        ),
    )


class IpRecognizer(ClinicalPatternRecognizer):
    ENTITY = "IP"
    OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    PATTERNS = (
        Pat("ipv4", rf"(?<![\d.])(?P<v>{OCTET}\.{OCTET}\.{OCTET}\.{OCTET})(?!\d|\.\d)", 0.95),
        Pat("ipv6", r"(?<![\w:.])(?P<v>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:])", 0.9),
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        import ipaddress

        try:
            ipaddress.ip_address(text[start:end])
        except ValueError:
            return False
        return True


class SsnRecognizer(ClinicalPatternRecognizer):
    ENTITY = "SSN"
    PATTERNS = (
        Pat(
            "dashed",
            r"(?<![\d-])(?P<v>(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4})(?![\d-])",
            0.95,
        ),
        Pat(
            "labelled",
            rf"(?i:\b(?:ssn|social security(?: number| no\.?)?|ss#){LBL})(?P<v>\d{{3}}[\s-]?\d{{2}}[\s-]?\d{{4}})\b",
            0.99,
        ),
        Pat(
            "spaced",
            r"(?<!\d)(?<!\d )(?P<v>(?!000|666|9\d\d)\d{3} (?!00)\d{2} (?!0000)\d{4})(?![\d])",
            0.85,
        ),
        # partial and masked numbers still identify: "last 4 of SSN (6031)", "SSN xxx-xx-2219"
        Pat(
            "last4",
            r"(?i:\blast\s*(?:4|four)(?:\s*digits)?\s*(?:of\s*)?(?:the\s*)?(?:ssn|social(?: security)?(?: number| no\.?)?|"
            r"ss#?)\s*(?:is|was|:|#|=)?\s*\(?\s*)(?P<v>\d{4})\b",
            0.95,
        ),
        Pat(
            "ssn_last4",
            r"(?i:\b(?:ssn|social security(?: number| no\.?)?)\s*\(?(?:last\s*(?:4|four)|l4)\)?\s*[:#=]?\s*)(?P<v>\d{4})\b",
            0.95,
        ),
        Pat(
            "masked",
            r"(?i)(?<![\w-])(?P<v>(?:x{3}|\*{3}|#{3})[- ]?(?:x{2}|\*{2}|#{2})[- ]?\d{4})\b",
            0.95,
        ),  # national numbers whose shape alone identifies them: Italy's codice fiscale, Mexico's CURP and voter key,
        # Thailand's 13-digit ID written 1-2345-67890-12-3
        Pat(
            "codice_fiscale",
            r"(?<![\w])(?P<v>[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z])(?![\w])",
            0.9,
        ),
        # Dutch BSN dictated ("B S N 9 0 8 3 0 1 6 6 2") or given by its last digits ("BSN eind. 9932")
        Pat(
            "bsn_spoken",
            r"(?i:\b(?:bsn|b s n|ssn|s s n|sofinummer|burgerservicenummer)[:#.]?)[ \t]*(?P<v>\d(?:[ \t]\d){7,9})\b",
            0.95,
        ),
        Pat(
            "bsn_tail",
            r"(?i:\b(?:bsn|ssn|sofinummer|burgerservicenummer)[ \t]+(?:eind(?:igend)?(?:\s+op)?|laatste\s+\d\s+cijfers|"
            r"ending(?:\s+in)?)\.?[ \t]*:?[ \t]*)(?P<v>\d{3,4})\b",
            0.9,
        ),
        Pat("curp", r"(?<![\w])(?P<v>[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z\d]\d)(?![\w])", 0.9),
        Pat("ine_key", r"(?<![\w])(?P<v>[A-Z]{6}\d{8}[HM]\d{3})(?![\w])", 0.9),
        Pat("thai_id", r"(?<![\d-])(?P<v>\d-\d{4}-\d{5}-\d{2}-\d)(?![\d-])", 0.9),
        # Angola's bilhete de identidade "002211987LA038" (nine digits, province letters, three digits), Brazil's
        # PIS/NIT "128.44512.77-3", Portugal's Cartão de Cidadão "31245678 4 ZY7": the shape alone identifies them
        Pat(
            "ao_bi",
            r"(?<![\w])(?P<v>\d{9}[ ]?[A-Z]{2}[ ]?\d{3})(?![\w])",
            0.9,
        ),
        # Israel's Teudat Zehut (9 digits) and Turkey's T.C. Kimlik number (11 digits) after their labels
        Pat(
            "il_tr_labelled",
            r"(?:\bTZ|\bT\.Z\.|ת\.?ז\.?|\bT\.?C\.?(?:[ ]?Kimlik)?(?:[ ]?(?:No|Numarası)\.?)?|\bTCKN|\bKimlik[ ]?No\.?)"
            r"[ \t]*[:#]?[ \t]*(?P<v>\d{9}|\d{11})(?!\d)",
            0.95,
        ),
        # labelled national numbers of Central America and the Caribbean: "Cedula: 12-714-2315", "SSB 000482913"
        Pat(
            "cedula_ssb",
            r"(?i:\b(?:c[ée]dula(?:\s+de\s+identidad)?|SSB|NIS|NIB)(?:\s+(?:n[°º.o]|no\.?|#))?[ \t]*[:#]?[ \t]*)"
            r"(?P<v>\d[\d-]{5,14}\d)(?![\w-])",
            0.9,
        ),
        Pat("br_pis", r"(?<![\w.-])(?P<v>\d{3}\.\d{5}\.\d{2}-\d)(?![\w.-])", 0.9),
        Pat("pt_cc", r"(?<![\w])(?P<v>\d{8}[ ]?\d[ ]?[A-Z]{2}\d)(?![\w])", 0.9),
    )


class MrnRecognizer(ClinicalPatternRecognizer):
    ENTITY = "MRN"
    PATTERNS = (
        Pat(
            "labelled",
            rf"(?i:\b(?:mrn|mr#|mr no\.?|medical record(?: number| no\.?| #)?|med rec(?: #| no\.?)?|"
            rf"hospital (?:number|no\.?|#)|unit (?:number|no\.?)|patient id|pt id|chart (?:number|no\.?|#)|record #){LBL})"
            r"(?P<v>[A-Z]{2,5} \d{5,}|[A-Z]{0,3}-?\d[\d-]{2,14}\d)\b",
            0.99,
        ),
        Pat("glued", r"(?i:(?:mrn|mr#|mrno)[:#]?)(?P<v>\d{4,12})\b", 0.95),  # "chartMRN04857211"
        # a Spanish historia clínica number: "H.C. N° 458.221", "HC 0092214"
        Pat(
            "historia_clinica",
            r"(?:\bH\.[ ]?C\.|\bHC\b|(?i:\bhistoria\s+cl[íi]nica))[ \t]*(?:N[°º.o]|no\.?|#)?[ \t]*[:.]?[ \t]*"
            r"(?P<v>\d{1,3}(?:[.,]\d{3})+|\d{4,10})(?![\w.,-]\d)",
            0.9,
        ),
        # Turkish and Greek record labels: "protokol no. 2024/041877", "dosya no: 118842", "Hospital no. ΠΑΓΝΗ 24-008817"
        Pat(
            "tr_protocol",
            r"(?i:\b(?:protokol|dosya|hasta)\s*(?:no|numarası)\.?(?:\s+(?:for|of)\s+\w+)?(?:\s+is)?[ \t]*[:#]?[ \t]*)"
            r"(?P<v>\d{2,4}[/-]\d{4,8}|\d{5,10})\b",
            0.9,
        ),
        Pat(
            "greek_prefixed",
            r"(?i:\b(?:hospital|record|patient)\s*(?:no|number)\.?[ \t]*[:#]?[ \t]*)(?P<v>\p{Greek}{2,6}[ ]?\d{2}-\d{4,8})\b",
            0.9,
        ),
        # dictated digit by digit: "MRN 0 4 4 7 1 9 3"
        Pat(
            "spaced",
            r"(?i:\b(?:mrn|mr#|medical record(?: number)?|hospital (?:number|no\.?)|chart (?:number|no\.?))[:#]?)[ \t]*"
            r"(?P<v>\d(?:[ \t]\d){4,11})\b",
            0.95,
        ),
    )


class IdRecognizer(ClinicalPatternRecognizer):
    """Account, health-plan member, NPI/DEA/licence, plates, device serials, other labelled numbers."""

    ENTITY = "ID"
    VALUE = r"(?P<v>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19})\b"
    PATTERNS = (
        Pat(
            "account",
            rf"(?i:\b(?:account|acct|acc|fin|encounter|visit|csn|har|billing)(?: ?(?:number|no\.?|#|id))?{LBL}){VALUE}",
            0.95,
        ),
        Pat(
            "member",
            rf"(?i:\b(?:member|subscriber|policy|insurance|medicaid|medicare|plan|group|beneficiary|hicn|mbi)"
            rf"(?: ?(?:id|number|no\.?|#))?{LBL}){VALUE}",
            0.95,
        ),
        # session 19: staff, ration-card, national health-account and Dutch professional register numbers
        Pat(
            "other_numbers",
            r"(?i:\b(?:emp(?:loyee)?\.?\s*(?:no|id|number)\.?|staff\s*(?:no|id|number)\.?|ration\s+card(?:\s*\([^)\n]{1,12}\))?|"
            r"pm-?jay(?:\s+(?:card|id))?|abha(?:\s+(?:no\.?|number))?|health insurance board no\.?|agb(?:-code)?|big(?:-nummer)?|"
            r"transcription job|job\s*(?:no\.?|#)|polisnr\.?|polisnummer|aansluitingsnr\.?|rijksregisternr\.?)"
            r"[ \t]*[:#.]?[ \t]*)(?P<v>(?:[A-Z]{2,5} )?(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{2,22}[A-Z0-9](?: \d[\d/-]{2,12})?)"
            r"(?![\w-])",
            0.9,
        ),
        # "ABHA address: wangshuk@abdm": a health-account handle
        Pat("abha_address", r"(?<![\w.])(?P<v>[a-z0-9._]{3,30}@(?:abdm|sbx|ndhm))\b", 0.9),
        # a masked national identifier is still a partial one: "S****512H"
        Pat("masked_id", r"(?<![\w*])(?P<v>[A-Z]?\*{3,5}\d{3,4}[A-Z]?)(?![\w*])", 0.85),
        # the Medicare Beneficiary Identifier (CMS format, written 4-3-4 with dashes): 1EG4-TE5-MK73
        Pat(
            "mbi",
            r"\b(?P<v>[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
            r"[AC-HJKMNP-RT-Y]{2}\d{2})\b",
            0.9,
        ),
        Pat("npi", rf"(?i:\bnpi{LBL})(?P<v>\d{{10}})\b", 0.99),
        Pat(
            "dea",
            r"(?i:\bdea(?:\s*(?:number|no\.?|#))?[ \t]*[:#]?[ \t]*)(?P<v>[A-Z]{2}\d{7})\b",
            0.99,
        ),
        Pat("dea_shape", r"\b(?P<v>[ABFGMPRX][A-Z9]\d{7})\b", 0.7),
        Pat(
            "licence",
            rf"(?i:\b(?:licen[cs]e|lic\.?|driver'?s licen[cs]e|dl|certificate|cert\.?)(?: ?(?:number|no\.?|#))?{LBL}){VALUE}",
            0.9,
        ),
        Pat(
            "plate",
            rf"(?i:\b(?:licen[cs]e plate|plate|registration|reg\.?|tag|vin)(?: ?(?:number|no\.?|#))?{LBL})"
            r"(?P<v>[A-Z0-9][A-Z0-9 -]{2,16}[A-Z0-9])\b",
            0.9,
        ),
        Pat(
            "reference",
            rf"(?i:\b(?:accession|case|claim|ref(?:erence)?|badge|pin|mcrn|gmc|nmbi|ppsn?|chi|ihi|order|"
            rf"requisition|specimen|episode|booking|cad|incident|ticket|tracking|rx|prescription|script|screening|"
            rf"randomi[sz]ation|subject|participant|enrol(?:l)?ment|imc|nmc|ahpra|cpso|medical council|inmate|booking|"
            rf"passport|permit|visa|employee|staff|student)\b(?: ?(?:number|no\.?|#|id|ref))?{LBL})"
            r"(?P<v>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,19})\b",
            0.9,
        ),
        Pat(
            "health_number",
            r"(?:\b(?:Medicare|PHN|MSI|OHIP|Health Card|IHI|CHI|MCP|Care Card|UR No\.?|URN|PPSN?|CLIA|DVA)\b"
            r"[^:\n\d]{0,14}[:#]?[ \t]*)(?P<v>[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){4,24})",
            0.9,
        ),
        Pat(
            "id_hash", r"(?:\bID[ \t]*(?:#|:)[ \t]*|#)(?P<v>[A-Z]{0,4}-?\d[\d-]{3,}[A-Z]?)\b", 0.85
        ),
        Pat(
            "nhs_number",
            rf"(?i:\b(?:nhs|chi|health and care)\b(?: ?(?:number|no\.?|#))?{LBL})(?P<v>\d{{3}}[ -]?\d{{3}}[ -]?\d{{4}})\b",
            0.95,
        ),
        Pat(
            "code",
            r"\b(?P<v>[A-Z]{1,5}-?\d{6,}[A-Z]?|[A-Z]{2,5}-\d{2,4}-\d{4,}|[A-Z]{1,5}(?:-\d{2,6}){3,4}|[A-Z]{2,5}/\d{5,}|\d{6,}-\d{3,})\b",
            0.8,
        ),
        Pat(
            "serial",
            rf"(?i:\b(?:serial|s/n|sn|device id|udi|lot|model/serial)(?: ?(?:number|no\.?|#))?{LBL}){VALUE}",
            0.95,
        ),
        Pat(
            "long_number",
            r"(?<![\w.,/-])(?P<v>\d{6,}[A-Z]?|\d{3,}-\d{3,}-\d{2,}|\d{4,}-\d{4,})(?![\w.,/]|\s*(?:mg|mcg|units?|mL|cells|k\b)|\s?/(?!\s))",
            0.7,
        ),
        Pat("hash_number", r"(?<![\w])#\s?(?P<v>\d{5,})\b", 0.8),
        # national numbers by their shape: Canadian SIN, Quebec RAMQ, UK National Insurance, Irish PPSN,
        # Australian Medicare (with its reference number), 16-digit card numbers
        Pat(
            "sin",
            r"(?i:\b(?:sin|nas|social insurance(?: number| no\.?)?|num[ée]ro d'assurance sociale)\b[^\d\n]{0,6})"
            r"(?P<v>\d{3}[ -]?\d{3}[ -]?\d{3})\b",
            0.95,
        ),
        Pat("ramq", r"\b(?P<v>[A-Z]{4}[ ]?\d{4}[ ]?\d{4})\b", 0.9),
        Pat(
            "ni_number",
            r"\b(?P<v>(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D])\b",
            0.9,
        ),
        Pat("ppsn", r"\b(?P<v>\d{7}[A-W][A-IW]?)\b", 0.85),
        Pat(
            "au_medicare",
            r"(?<![\d])(?<!\d )(?P<v>[2-6]\d{3}[ ]?\d{5}[ ]?\d(?:[ ]?/[ ]?\d| \d\b)?)(?![\d/])",
            0.85,
        ),
        Pat(
            "grouped_9_12",
            r"(?<![\d])(?<!\d )(?P<v>\d{3} \d{3} \d{3}|\d{4} \d{4} \d{4})(?![\d])(?! \d)",
            0.8,
        ),  # SIN, Aadhaar
        Pat(
            "prefixed",
            r"\b(?P<v>[A-Z]{2,5}-\d{4,}[A-Z]?|[A-Z]{2,6}(?:/[A-Z0-9]{2,8}){1,4}/\d{3,}|[A-Z]{2,5}\d{4,}[A-Z0-9]*)\b",
            0.75,
        ),
        Pat("ein", r"(?<![\d-])(?P<v>\d{2}-\d{7})(?![\d-])", 0.8),
        Pat("card16", r"(?<![\d])(?P<v>\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4})(?![\d])", 0.9),
        # photo and document file names carry names and dates: IMG_Iheanacho_arm_0601.jpg
        Pat(
            "file_name",
            r"(?i)(?<![\w.-])(?P<v>[\w][\w\-]*\.(?:jpe?g|png|gif|tiff?|bmp|heic|dcm|pdf|docx?|mp4|mov|avi|wav))\b",
            0.9,
            needs=r"(?i)\.(?:jpe?g|png|gif|tiff?|bmp|heic|dcm|pdf|docx?|mp4|mov|avi|wav)\b",
        ),
    )


class AddressRecognizer(ClinicalPatternRecognizer):
    ENTITY = "LOCATION"
    CREDENTIAL_STATES = ("MD", "PA", "DO", "NP")
    STREET = (
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Rise|"
        r"Heights|Vale|View|Green|Walk|Hill|Park|Residency|Nagar|Marg|"
        r"Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Crescent|Close|Row|Trail|Loop|Alley|Plaza|Grove|Gardens|Mews|Parade|Pde|"
        r"Esplanade|Quay|Wharf|Point Road)"
    )
    STATE = (
        r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
        r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|ON|BC|AB|MB|SK|QC|NS|NB|NL|PE|YT|NU|VIC|NSW|QLD|TAS|ACT)"
    )
    ZIP = r"(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4})"
    PATTERNS = (
        Pat(
            "street_fr",
            rf"(?<![\w])(?P<v>\d{{1,5}}(?:[ \t]?(?:bis|ter|[A-B]))?,?[ \t]+(?i:rue|avenue|av\.|boulevard|boul\.|bd|chemin|"
            rf"ch\.|place|allée|allee|impasse|route|rang|montée|quai|cours)[ \t]+(?:(?:de|du|des|la|le|l'|d')[ \t]*)*"
            rf"{CAP}(?:[ \t-]+(?:(?:de|du|des|la|le|l'|d')[ \t-]*)*{CAP}){{0,4}}(?:,?[ \t]*(?:app\.?|appartement|apt\.?|"
            rf"bureau|local|suite)[ \t]*\w+)?)",
            0.95,
        ),
        Pat(
            "street_lower",
            r"(?<![\w])(?P<v>\d{1,6}[ \t]+(?:[a-z]+[ \t]+){1,3}(?:st|street|rd|road|ave|avenue|ln|lane|dr|drive|"
            r"ct|court|blvd|way|pl|place|terrace|cres|crescent|close)\b\.?)",
            0.8,
        ),
        Pat(
            "route_number",
            r"(?<![\w])(?P<v>\d{1,6}[ \t]+(?:Route|Rte|Highway|Hwy|County Road|CR|State Route|SR)[ \t]+\d{1,4}[A-Z]{0,2})\b",
            0.9,
        ),
        Pat(
            "postcode_town",
            rf"(?<![\d])(?P<v>\d{{5}}[ \t]+{CAP}(?:[ \t-]{CAP})?)\b(?![ \t]*(?:mg|units?|mL))",
            0.85,
        ),
        Pat(
            "street",
            rf"(?<![\w])(?P<v>(?:(?:Flat|Apt|Apartment|Unit|Suite|Level|Floor|#)[ \t]*\w+,?[ \t]*(?:-[ \t]*)?)?(?:\d{{1,4}}/)?\d{{1,6}}[A-Z]?[ \t]+(?:[NSEW]{{1,2}}\.?[ \t]+)?(?:{CAP}[ \t]+){{1,4}}{STREET}\.?"
            r"(?:,?[ \t]*(?:Apt|Apartment|Unit|Suite|Ste|Lot|RR|#)\.?[ \t]*[\w-]+)?)",
            0.95,
        ),
        Pat(
            # "611 W 177th St, Apt 4C", "#305 - 13737 96 Ave": numbered streets (US and western Canadian grids)
            "street_numbered",
            r"(?<![\w])(?P<v>(?:#\d{1,5}[ \t]*[-–][ \t]*)?\d{1,6}[A-Z]?[ \t]+(?:[NSEW]{1,2}\.?[ \t]+)?"
            r"\d{1,4}(?:st|nd|rd|th)?[ \t]+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Place|Pl|Terrace|"
            r"Way|Court|Ct|Lane|Ln)\.?(?:[ \t]+(?:NE|NW|SE|SW|N|S|E|W)\b)?"
            r"(?:,?[ \t]*(?:Apt|Apartment|Unit|Suite|Ste|#)\.?[ \t]*[\w-]+)?)(?![\w])",
            0.9,
        ),
        Pat(
            "flat_house",
            rf"(?<![\w])(?P<v>(?:Flat|Apt|Apartment|Unit|Suite)[ \t]*\w+,[ \t]*(?:{CAP}[ \t]+){{1,3}}(?:House|Court|"
            rf"Mansions|Building|Tower|Block|Lodge|Residency|Apartments)(?:,[ \t]*(?:{CAP}[ \t]*){{1,3}})?)",
            0.9,
        ),
        Pat("po_box", r"\b(?P<v>P\.?\s?O\.?\s+Box\s+\d+)", 0.95, I),
        Pat(
            "city_state_zip",
            rf"\b(?P<v>(?:{CAP}[ \t]+){{0,2}}{CAP},?[ \t]*{STATE}\.?[ \t]+{ZIP})(?![\w])",
            0.95,
        ),
        Pat(
            "ca_postcode",
            r"\b(?P<v>[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z] \d[A-CEGHJ-NPR-TV-Z]\d)\b",
            0.85,
        ),
        Pat("city_state", rf"\b(?P<v>(?:{CAP}[ \t]+){{0,2}}{CAP},[ \t]*{STATE})(?![\w])", 0.7),
        Pat("state_zip", rf"\b{STATE}\s+(?P<v>\d{{5}}(?:-\d{{4}})?)\b", 0.9),
        Pat(
            "zip_label",
            r"(?i:\b(?:zip|zip code|postal code|postcode)[ \t]*[:#]?[ \t]*)(?P<v>\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)\b",
            0.95,
        ),
        Pat("uk_postcode", r"\b(?P<v>[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})\b", 0.8),
        Pat("eircode", r"\b(?P<v>[A-Z]\d[\dW]\s?[A-Z0-9]{4})\b(?<=\w*\d\w*)", 0.75),
        Pat(
            "city_postcode",
            rf"\b(?P<v>(?:{CAP}[ \t]+){{0,2}}{CAP})[ \t]+(?:[A-Z]{{1,2}}\d[A-Z\d]?\s\d[A-Z]{{2}}|[A-Z]\d[\dW]\s?[A-Z0-9]{{4}})\b",
            0.85,
        ),
        Pat("county", rf"\b(?P<v>(?:(?:{CAP}),[ \t]*)?Co\.?[ \t]+{CAP})", 0.9),
        Pat(
            "street_name",
            rf"(?<![\w])(?P<v>(?:Flat|Apt|Unit)?[ \t]?\d*,?[ \t]*(?:{CAP}[ \t]+){{1,3}}(?:Road|Rd|Lane|Ln|Street|Avenue|Ave|Grove|"
            r"Terrace|Drive|Close|Crescent|Gardens|Square|Place|Court|Row|Boulevard|Blvd|Way|Parkway|Mews|Walk|Hill|Parade|Pde))\b",
            0.8,
        ),
        Pat(
            "lives_in",
            rf"(?i:\b(?:lives|living|resides|residing|resident|moved|relocated|born|home|travel(?:l)?ed|returned|visiting|"
            rf"originally|transferred)(?:\s+(?:alone|here|back|with\s+\w+))?\s+(?:in|to|from|of|at)\s+)(?P<v>(?:{CAP}\s+){{0,2}}{CAP})",
            0.8,
        ),
    )
    NEGATIVE = ()

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        value = text[start:end]
        # "Kerrigan, MD" is a credential, not Maryland: without a ZIP code it is left to the person recognizer
        return not (regex.search(r",\s*(?:MD|PA|DO|NP)$", value))


class FacilityRecognizer(ClinicalPatternRecognizer):
    ENTITY = "LOCATION"
    SUFFIX = (
        r"(?:Hospital|Medical Cent(?:er|re)|Health Cent(?:er|re)|Clinic|Infirmary|Nursing Home|Care Home|"
        r"Ward|Church|Parish|Chapel|Cathedral|Mosque|Masjid|Synagogue|Temple|Gurdwara|Funeral Home|Funeral Services|"
        r"Funeral Directors|Mortuary|Cemetery|Crematorium|Primary School|High School|Middle School|School|Academy|"
        r"College|University|Day Nursery|Nursery|Childcare(?: Cent(?:er|re))?|Child Care(?: Cent(?:er|re))?|Daycare|"
        r"Day Care|Preschool|Pre-School|Kindergarten|Montessori|Diner|Restaurant|Caf[eé]|Pub|Hotel|Motel|Inn|"
        r"Shelter|Prison|Correctional (?:Facility|Cent(?:er|re)|Institution)|Jail|Detention Cent(?:er|re)|Lodge|"
        r"Residence|Residential Home|Rest Home|Drug Mart|Chemist|Chemists|Apothecary|Dispensary|Medical Practice|"
        r"Health Board|Health Service|Health Services|Mental Health Service|Family Health Team|Health Team|"
        r"Community Health|Sports Club|Football Club|Club|Endocrinology|Rheumatology|Neurology|Nephrology|"
        r"Gastroenterology|Pulmonology|Hematology|Haematology|Distribution|Logistics|Warehouse|Industries|"
        r"Construction|Plumbing|Manufacturing|Foods|Farms|Motors|Inc\.?|LLC|Ltd\.?|"
        r"Rehabilitation Cent(?:er|re)|Rehab(?:ilitation)? Facility|Care Cent(?:er|re)|Hospice|Urgent Care|Health System|"
        r"Healthcare|Health|Surgery Cent(?:er|re)|Surgical Cent(?:er|re)|Memorial|Institute|Medical Group|Family Practice|"
        r"Pharmacy|Dialysis(?: Cent(?:er|re)| Unit)?|Cancer Cent(?:er|re)|Children's|Manor|Assisted Living|Skilled Nursing Facility|"
        r"Associates|Partners|Specialists|Medical Practice|Practice|Surgery|Cardiology|Family Medicine|Internal Medicine|"
        r"Imaging Cent(?:er|re)|Imaging|Cent(?:er|re)|Medical Cent(?:er|re)|Health Partners|Group|Senior Living|"
        r"Retirement (?:Home|Village|Community)|Orthop(?:a)?edics|Dermatology|Pediatrics|Paediatrics|Urology|Oncology|"
        r"Diagnostics|Laborator(?:y|ies)|Labs?|(?:NHS )?(?:Foundation )?Trust|Home Care|Community Care|Primary Care|Aged Care|"
        r"Heart & Vascular|Vascular|Maternity Unit|Drugs?|Endocrine Associates|Medical Associates|Regional ED|"
        r"Pathology|Radiology|Imaging - \p{Lu}\p{Ll}+|"
        # employers, insurers and services written after a proper name ("Keystone Dental Mutual", "Twin Lakes Poultry")
        r"Mutual|Poultry|Roofing|Freight Lines|Lines|Credit Union|Plaza|Medical Plaza|Pavilion|School District|"
        r"Physiotherapy|Physio|Refugee Services|Services|Transport|Trucking|Packing Co\.?|Packing|Eye Associates|"
        r"Rescue Squad|Day Service|Public Library|Library|Tool & Die|Home Health|Nursing Team|Community Nursing Team|"
        r"Dental Group|Dental|Bakery|Market|Supermarket|Garage|Salon|Bank|Insurance|Realty|Church of \p{Lu}\p{Ll}+|"
        r"Legekontor|legekontor|Farm|Flower Farm|Mine|Mill|Quarry|Factory|Plant)"
    )
    UPSUFFIX = (
        r"(?:HOSPITAL|HOSPITALS|MEDICAL CENT(?:ER|RE)|CLINIC|HEALTH CENT(?:ER|RE)|INTERNAL MEDICINE|FAMILY MEDICINE|FAMILY PRACTICE|"
        r"NHS (?:FOUNDATION )?TRUST|FOUNDATION TRUST|TRUST|CARE HOME|HOUSE|WARD|SCHOOL|CHURCH|FUNERAL HOME|"
        r"HEALTH BOARD|PHARMACY|CHEMIST|NURSERY|CENTRE|CENTER|UNIT|LODGE|BIRTH CENTRE|ENDOSCOPY UNIT|"
        r"MEDICAL GROUP|ASSOCIATES|PRACTICE|SURGERY|INFIRMARY|NURSING HOME|HOSPICE|CARDIOLOGY|PEDIATRICS|PAEDIATRICS|"
        r"RESCUE SQUAD|FIRE DEPARTMENT|POLICE DEPARTMENT|PARISH|MED CTR|MEDICAL CTR|HOME HEALTH|REGIONAL MED CTR)"
    )
    GENERIC = {
        "the",
        "our",
        "emergency",
        "cardiology",
        "anticoagulation",
        "diabetes",
        "renal",
        "heart",
        "failure",
        "general",
        "surgery",
        "medicine",
        "pain",
        "wound",
        "oncology",
        "urgent",
        "family",
        "primary",
        "care",
        "outpatient",
        "inpatient",
        "memory",
        "sleep",
        "lipid",
        "hypertension",
        "coumadin",
        "warfarin",
        "infusion",
        "dialysis",
        "transplant",
        "stroke",
        "travel",
        "fracture",
        "pulmonary",
        "endocrine",
        "rheumatology",
        "neurology",
        "gastroenterology",
        "nephrology",
        "urology",
        "orthopedic",
        "orthopaedic",
        "podiatry",
        "eye",
        "dermatology",
        "psychiatry",
        "behavioral",
        "mental",
        "community",
        "walk-in",
        "smoking",
        "cessation",
        "mental health",
        "interventional",
        "movement",
        "disorders",
        "disorder",
        "imaging",
        "radiology",
        "vascular",
        "spine",
        "hand",
        "breast",
        "bariatric",
        "plastic",
        "thoracic",
        "cardiac",
        "cardiothoracic",
        "colorectal",
        "trauma",
        "burns",
        "day",
        "same-day",
        "ambulatory",
        "infectious",
        "diseases",
        "medical",
        "nuclear",
        "respiratory",
        "hepatology",
        "sports",
        "student",
        "occupational",
        "vaccination",
        "antenatal",
        "maternity",
        "fertility",
        "endoscopy",
        "rehabilitation",
        "geriatric",
        "palliative",
        "critical",
        "intensive",
        "high",
        "dependency",
        "step-down",
        "acute",
        "grade",
        "isup",
        "who",
        "age",
        "risk",
        "blood",
        "support",
        "study",
        "focus",
        "control",
        "treatment",
    }
    PATTERNS = (
        Pat(
            "facility",
            rf"(?P<v>(?:(?:St\.|Saint|Mount|Mt\.)[ \t]+)?(?:{CAP}['’]?s?[ \t]+(?:(?:and|&|of)[ \t]+)?){{1,5}}{SUFFIX}(?!\w)(?:[ \t]+of[ \t]+(?:{CAP}[ \t]*){{1,3}})?(?:[ \t]+#\d+)?)",
            0.9,
        ),
        Pat(
            "facility_of",
            rf"\b(?P<v>(?:University|Hospital|Clinic|Infirmary)\s+of\s+(?:{CAP}\s*){{1,3}})",
            0.85,
        ),
        Pat(
            "facility_caps",
            r"(?<![\w])(?P<v>(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+ ){1,6}" + UPSUFFIX + r")\b",
            0.85,
        ),
        # French and other facilities named after the word: "Hôpital Sainte-Rosalie", "Centre hospitalier X", "CLSC X"
        Pat(
            "facility_fr",
            r"(?<![\w])(?P<v>(?i:h[ôo]pital|centre hospitalier|clinique|clsc|chsld|chu|chum|pharmacie|[ée]cole|"
            r"[ée]glise|maison|r[ée]sidence|centre de sant[ée]|centre m[ée]dical|paroisse)[ \t]+(?:(?i:de|du|des|la|le|l'|d'|"
            r"saint|sainte|st|ste)[ \t'-]*)*[\p{Lu}][\p{L}'’]+(?:[ \t-]+(?:(?i:de|du|des|la|le|l'|d'|et)[ \t'-]*)*[\p{Lu}][\p{L}'’]+){0,5})",
            0.9,
        ),
        # employers and workplaces after the words that introduce them: "Employer: Saudi Aramco", "written up at
        # Bashas'", "a teacher at SD Negeri Condongcatur 2", "formerly at Empresas Públicas de Medellín"
        Pat(
            "employer",
            r"(?i:\b(?:employer(?:[ \t]*\([^)\n]{0,30}\))?[ \t]*:|works?[ \t]+(?:part[- ]time[ \t]+)?(?:as[ \t]+(?:an?[ \t]+)?"
            r"[\w-]+(?:[ \t]+[\w-]+)?[ \t]+)?(?:at|for)|working[ \t]+(?:at|for)|employed[ \t]+(?:at|by)|formerly[ \t]+at|"
            r"at[ \t]+work[ \t]+at|written[ \t]+up[ \t]+at|(?:teacher|nurse|driver|cashier|clerk|worker|accountant|engineer|"
            r"manager|cook|cleaner|labourer|laborer|mechanic|secretary)[ \t]+at|pekerjaan:[ \t]*[\w-]+,)[ \t]+)"
            r"(?P<v>(?-i:[\p{Lu}\d][\p{L}\d'’&.-]*)(?:[ \t]+(?:(?-i:[\p{Lu}\d][\p{L}\d'’&.-]*)|de|of|the|and|&|[–-])){0,6})",
            0.85,
        ),
        # "C of E" and "Saint X's" inside school and church names
        Pat(
            "school_of",
            rf"(?P<v>(?:St\.?|Saint)[ \t]+{CAP}['’]?s?[ \t]+(?:C of E|CofE|RC|Catholic|Anglican|Methodist|Baptist|"
            r"Presbyterian|Lutheran|Episcopal|Orthodox)?[ \t]*(?:Primary|Secondary|High|National|Junior|Infant|Parish)?[ \t]*"
            r"(?:School|Church|Parish|Chapel|Academy|College))",
            0.9,
        ),
    )

    def trim(self, text: str, start: int, end: int, pattern: str = "") -> tuple[int, int]:
        if (
            pattern == "employer"
        ):  # "at Tesco and the": the connecting words after the name are not part of it
            m = regex.search(r"(?:[ \t]+(?:de|of|the|and|&|[–-]))+$", text[start:end])
            if m:
                end = start + m.start()
        return start, end

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        words = regex.findall(r"[\w'’-]+", text[start:end].lower())
        head = [
            w
            for w in words
            if not regex.fullmatch(
                r"(?:hospital|medical|center|centre|clinic|health|system|care|of|practice|surgery|associates|partners|group|"
                r"specialists|imaging|dialysis|unit|internal|medicine|family)",
                w,
            )
        ]
        if not head or all(
            w.rstrip("'s") in self.GENERIC or w in self.GENERIC or w in self.terms for w in head
        ):
            return False
        return not (
            len(head) == 1
            and head[0] in ("the", "a", "our", "your", "this", "that", "same", "local")
        )


class PersonPatternRecognizer(ClinicalPatternRecognizer):
    """Names in the contexts where clinical notes put them."""

    ENTITY = "PERSON"
    vocab: frozenset[str] = frozenset()
    TITLE = (
        r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sr|Sister|Rev|Fr|Father|Pastor|Rabbi|[ôÔ]ng|B[àÀ]|Nyrs|Parch|"
        # Dutch and Flemish: meneer, mevrouw, mejuffrouw, zuster, broeder
        r"Dhr|Mw|Mevr|Mevrouw|Meneer|Mej|Zr|Zuster|Br|Broeder|"
        # Bangladesh: Mosammat (Most., Mst.) before a woman's name
        r"Most|Mst)"
    )
    CRED = r"(?:MD|M\.D\.|DO|D\.O\.|RN|NP|APRN|PA-C|PA|PharmD|RPh|CPhT|MBBS|MBChB|FRCP|LPN|LVN|CNA|PhD|DPM|DDS|DMD|CRNA|PT|OT|SLP|LCSW|MSW|RD|CNM)"
    REL = (
        r"(?:son|daughter|wife|husband|mother|mom|mum|father|dad|brother|sister|partner|spouse|niece|nephew|grandson|"
        r"granddaughter|grandmother|grandfather|friend|caregiver|carer|aunt|uncle|boyfriend|girlfriend|fianc[ée]e?|"
        r"neighbou?r|cousin|guardian|sibling|child|stepson|stepdaughter|roommate|landlord|pal|mate|buddy|flatmate|"
        r"housemate|co-?worker|colleague|workmate|dtr|dau|sis|bro|hubby|"
        # Dutch and Afrikaans: zoon, dochter, schoonzoon, kleinzoon, broer, zus, seun, dogter, ouma, oupa
        r"zoon|dochter|schoonzoon|schoondochter|kleinzoon|kleindochter|echtgenoo?te?|broer|zus|seun|dogter|suster|"
        r"ouma|oupa|moeder|vader|schoonmoeder|schoonvader|oma|opa|"
        # Welsh: merch (daughter), mab (son), gwraig (wife), gŵr (husband), mam (mother), tad (father), ŵyr/wyres
        r"merch|mab|gwraig|g[ŵw]r|tad|[ŵw]yr|wyres)"
    )
    LABEL = (
        r"(?:patient(?: name)?|pt(?: name)?|name|attending|resident|intern|fellow|pcp|primary care(?: physician| provider)?|"
        r"referring(?: physician| provider| doctor)?|provider|physician|surgeon|consultant|nurse|rn|signed(?: by)?|"
        r"electronically signed by|e-signed by|dictated by|transcribed by|authenticated by|cosigned by|cc|copy to|"
        r"contact|emergency contact|nok|next of kin|hcp|health care proxy|poa|guardian|interpreter|case manager|"
        r"social worker|pharmacist|reviewed by|seen by|author|dear|sincerely|regards|countersigned(?: by)?|caller|"
        r"requested by|referred by|reported by|discussed with|spoke (?:to|with)|officer|child|baby|infant|client|"
        r"resident name|parent|mother|father|"
        # the patient's name label in other languages (Indonesian/Malay, Romanian, Spanish/Portuguese, Polish,
        # Czech, Turkish, Vietnamese, French, German)
        r"nama(?: pasien| pesakit)?|pacient|paciente|pasien|pacjent|imi[ęe] i nazwisko|jm[ée]no|hasta ad[ıi](?: soyad[ıi])?|"
        r"ad[ıi] soyad[ıi]|h[ọo] (?:v[àa] )?t[êe]n|b[ệe]nh nh[âa]n|nom(?: du patient)?|patiente?|patient\(in\)|"
        # session 13: Portuguese "utente", French "nom(s)", "père", "mère", "appelant", "accompagnant"
        r"utente|nom\(s\)|p[èe]re|m[èe]re|appelant|accompagnante?|prise par|contact|"
        # session 14: death certificates, registers and staff lists
        r"name of (?:the )?deceased|deceased(?: name)?|informant|verified by|witnessed by|witness|supervisor|"
        r"line manager|manager|liaison|scrub lead|school nurse|minutes|staff on(?: duty)?|"
        r"midwife in charge|midwife|"
        # session 18: name fields of request forms, and the Malay "nama pesakit"
        r"surname|family name|last name|forenames?(?:\(s\))?|first names?|given names?|nama pesakit|pesakit|"
        # session 19: tribunal and hearing reports name the advocates and the panel
        r"(?:rights |patient |legal |independent mental health )?advo(?:cate|cacy)|(?:rights )?advisor|adviser|counsel|"
        r"solicitor|lawyer|attorney|panel member|tribunal member|chairperson|chair)"
    )
    WEAK_LABEL = r"(?:from|to|by|re|attn|attention|fao|patient re)"
    PATTERNS = (
        Pat(
            # "Mr A MacLeod": after a title, a bare capital initial belongs to the name
            "title",
            rf"(?<!\d[ \t]?)\b{TITLE}\.?\s+(?P<v>(?:\p{{Lu}} (?=\p{{Lu}}\p{{Ll}}))?(?:{NAME}|{UPNAME}))",
            0.95,
        ),  # not "19 Fr Blake drain"
        # letter headings in capitals: "RE: REFERRAL OF MRS. FOLASADE ABIKE OGUNLEYE" ("MS Contin", "MR moderate"
        # and "DR grade 2" are clinical, so MS is never a title here and DR, MR and PROF need their full stop)
        Pat(
            "title_caps",
            rf"\b(?:MRS\.?|MISS|(?:DR|MR|PROF)\.)[ \t]+(?P<v>{UPNAME})(?![\p{{Ll}}])",
            0.95,
        ),
        Pat("credential", rf"(?P<v>{NAME}|{UPNAME}),?\s+{CRED}\b", 0.9),
        # system user names and typists' initials: "Printed 10/28/2024 14:06 by RTRAN3", "Log export ... by kgoodman",
        # "Typed: 10/05/2024 (klm)", "Our ref: LMcK/ar"
        Pat(
            "user_login",
            r"(?i:\b(?:printed|exported|export|logged|entered|modified|updated|generated|created|run|amended)\b"
            r"[^\n]{0,30}?\bby)[ \t]+(?P<v>[a-z]{3,}\d*|\p{Lu}{2,}\d+|\p{Lu}\.?\p{Lu}{2,})\b",
            0.85,
        ),
        # Dutch and Flemish initials holding a particle: "MvS", "YvdM", "SdV", "JvdB"
        Pat(
            "particle_initials",
            r"(?<![\w.])(?P<v>\p{Lu}(?:v|vd|vd[ae]|d|t)\p{Lu}{1,2})(?![\w])",
            0.85,
        ),
        # Dutch sign-offs: "paraaf LDC", "gecontroleerd door SdV", "afgesloten door P-J.V."
        Pat(
            "dutch_initials",
            r"(?i:\b(?:paraaf|initialen|gecontroleerd door|ingevuld door|afgesloten door|overgetypt\b[^\n]{0,20}?door|"
            r"opgesteld door|genoteerd door|door))[ \t]*:?[ \t]*(?!(?:OK|SEH|IC|CCU|HA|AIOS)\b)(?P<v>\p{Lu}(?:[-.]?\p{Lu}|[a-z]{1,2}\p{Lu}){1,3}\.?)(?![\w])",
            0.85,
        ),
        # a name with the age and sex after it: "P. Muniyammal 68F", "Dil Maya Gurung, 92 y F"
        Pat(
            "name_age_sex",
            rf"(?<![\w])(?!(?:Bed|Bay|Ward|Room|Rm|Age|Sex|Patient|Pt|Male|Female|Baby|Infant|Child|Case|Cot|Unit|Floor|"
            rf"Level|Block|Grade|Stage|Type)\b)(?P<v>{INITIAL}[ \t]?{CAP}(?:[ \t]{CAP}){{0,2}}|{CAP}(?:[ \t]{CAP}){{1,2}}),?[ \t]+"
            r"(?=\d{1,3}[ \t]?(?:y|yrs?|yo|a)?[ \t]?/?[MF]\b)",
            0.85,
        ),
        # a chat export's speaker: "13/05/2024, 19:02 - Joy: ...", "[19:20] Zr. Anita: ..."
        Pat(
            "chat_speaker",
            rf"(?m)^[ \t]*\[?(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}},?[ \t]+)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\]?"
            rf"[ \t]*[-–]?[ \t]*(?:{TITLE}\.?[ \t]+)?(?P<v>{CAP}(?:[ \t]{CAP})?)[ \t]*:",
            0.85,
        ),
        # a dictation reference line: "LP/tmw  job #558102-77" (the author's, then the typist's initials)
        Pat(
            "dictation_ref",
            r"(?m)^[ \t]*(?P<v>\p{Lu}{2,3}/[a-z]{2,4})(?=[ \t]+(?:job|doc|dict|d:|t:|#|\d))",
            0.85,
        ),
        # "received 09/09/24 11:20, lab no ..., by JOC", "checked by AMB": a specimen or form handled by initials
        Pat(
            "handled_by",
            r"(?i:\b(?:received|collected|checked|verified|processed|booked|logged|taken|drawn|witnessed|consented|"
            r"recibido|recogido)\b[^\n]{0,60}?\bby)[ \t]+"
            r"(?!(?:IV|IM|PO|NG|PEG|SC|ED|GP|ICU|MDT|CT|MRI|OT|PT|SALT|EMS|HEMS|DOT|LP)\b)(?P<v>\p{Lu}{2,4})\b(?![\w/-])",
            0.85,
        ),
        # "Recibido en patología: JLR 18/09/24 15:30": initials with the date and time they signed
        Pat(
            "initials_dated",
            r"(?<=:[ \t]{1,3})(?P<v>\p{Lu}{2,3})[ \t]+\d{1,2}/\d{1,2}/\d{2,4}\b",
            0.85,
        ),
        Pat(
            "typist",
            r"(?i:\b(?:typed|transcribed|dictated)\b[^\n(]{0,30})\((?P<v>[a-z]{2,4})\)",
            0.85,
        ),
        Pat(
            "our_ref",
            r"(?i:\b(?:our|your)\s+ref\b\.?:?)[ \t]*(?P<v>\p{Lu}[\p{L}]{1,5}/[\p{L}]{2,4})\b",
            0.85,
        ),
        Pat(
            "labelled",
            rf"(?i:\b{LABEL})[ \t]*[:\-,]?[ \t]+(?:{TITLE}\.?\s+)?(?P<v>{MIXEDNAME}|{NAME}|{UPNAME})",
            0.85,
        ),
        Pat(
            "last_first",
            rf"(?<![\w,])(?P<v>(?:{UPWORD} ){{0,2}}{UPWORD},[ \t]*{UPWORD}(?: {UPWORD}| [A-Z]\.?)?)(?![\w,])",
            0.8,
        ),
        # "TREMBLAY-GAGNON, Marie-Ève Josée", "PATEL, Harshad Kantilal": the surname in capitals, given names not
        Pat(
            "last_first_mixed",
            rf"(?<![\w,])(?P<v>{UPWORD},[ \t]*{CAP}(?:[ \t]+{CAP})?)(?![\w])",
            0.85,
        ),
        Pat(
            "last_first_cap", rf"(?i:\b(?:patient|pt|name)[ \t]*:[ \t]*)(?P<v>{CAP},\s*{NAME})", 0.9
        ),
        Pat(
            "weak_labelled",
            rf"(?i:\b{WEAK_LABEL})[ \t]*:[ \t]*(?:{TITLE}\.?\s+)?(?P<v>{NAME}|{UPNAME})",
            0.85,
        ),
        Pat(
            "relative",
            rf"(?i:\b(?:his|her|their|the patient's|patient's|pt's|pt|a|with|by|and)\s+{REL}(?:-in-law|-yng-nghyfraith)?)\s*,?\s+"
            rf"(?P<v>{NAME})",
            0.9,
        ),
        Pat(
            "relative_bare",
            rf"(?i:\b{REL}(?:-in-law|-yng-nghyfraith)?)[ \t]*[,(][ \t]*(?P<v>{NAME})[ \t]*[,)]",
            0.9,
        ),
        Pat(
            "relative_start",
            rf"(?:^|[.:;]\s+|\n)(?:-[ \t]*)?(?i:{REL})(?:-in-law|-yng-nghyfraith)?[ \t]*:?[ \t]+(?P<v>{NAME})",
            0.85,
        ),
        Pat(
            "relative_any",
            # a word followed by a dose is a drug ("Elle prend son Previscan 20 mg")
            rf"(?i:\b{REL})(?:-in-law|-yng-nghyfraith)?[ \t]*:?[ \t]+(?P<v>{NAME}|{NICK})"
            r"(?![\p{L}'’-])(?![ \t]+\d+(?:[.,]\d+)?[ \t]*(?:mg|mcg|µg|g|units?|mL|ml)\b)",
            0.85,
        ),
        Pat(
            "bed",
            rf"(?i:\b(?:bed|bay|room|rm|cubicle|cube)[ \t]*\d+[A-Z]?)[ \t]*[-–:,][ \t]*(?P<v>{NAME})",
            0.85,
        ),
        Pat(
            "role",
            rf"(?i:\b(?:midwife|interpreter|chaplain|scribe|sitter|cnm|pgy-?\d|registrar|sho|spr|physio(?:therapist)?|"
            rf"therapist|dietitian|pharmacist|nurse|doula|student|carer|caregiver|social worker|case manager|resident|fellow|"
            rf"attending|surgeon|anaesthetist|anesthetist|consultant|intern|"
            # session 15: technicians, prosthetists and community workers sign records too
            rf"technician|prosthetist|orthotist|health visitor|youth worker|support worker|key ?worker|link worker|"
            rf"family worker|community health worker|healthcare assistant|radiographer|sonographer|audiologist|"
            # session 19: funeral directors, ministers and coordinators sign and are named in records
            rf"(?:funeral )?director|minister|pastor|coordinator|co-ordinator|educator|navigator|advocate))"
            rf"[ \t]*[:,]?[ \t]+(?P<v>{NAME})",
            0.8,
        ),
        Pat(
            "nickname",
            rf"(?i:\b(?:prefers|goes by|known as|aka|a\.k\.a\.|called|named(?: him| her)?))[ \t]+[\"“‘']?(?P<v>{CAP})",
            0.85,
        ),
        Pat("quoted_nick", rf"[\"“](?P<v>{CAP})[\"”](?= {CAP})", 0.85),
        # a dictated name spelled out letter by letter: "earline crenshaw C R E N S H A W"
        Pat("spelled", r"(?<=\p{Ll}{2,}[ \t]+)(?P<v>\p{Lu}(?:[ \t]\p{Lu}){3,})(?![\w])", 0.85),
        # 'HALCROW, W. ("Willie")': a quoted nickname in brackets after a name
        Pat(
            "bracket_nick", rf"(?<=\p{{L}}\.?,?[ \t]?)\([ \t]*[\"“](?P<v>{CAP})[\"”][ \t]*\)", 0.85
        ),
        # "hi hope its shannon", "Dzień dobry Joy!": a greeting names who it is said to
        Pat(
            "greeting",
            rf"(?i:\b(?:hi|hello|hey|hiya|morning|good morning|good evening|dear|dzień dobry|bonjour|hola|buenos días|"
            rf"kia ora|salaam|namaste|talofa|bula|malo e lelei))[ \t,]+(?:{TITLE}\.?[ \t]+)?(?P<v>{CAP})"
            r"(?=[ \t]*[!,.?]|[ \t]*$)",
            0.85,
            regex.MULTILINE,
        ),
        Pat(
            "signoff",
            rf"(?i:\b(?:thanks|thank you|regards|cheers|best wishes|love|sincerely|yours),?)[ \t]*\n?[ \t]*(?:{TITLE}\.?[ \t]+)?(?P<v>{NAME})",
            0.8,
        ),
        Pat(
            "initials_signoff",
            r"(?:^|\n|[.!]\s)[ \t]*[-–—][ \t]?(?P<v>[A-Z]{2,4})[ \t]*$",
            0.8,
            regex.MULTILINE,
        ),
        Pat(
            "is_a_age",
            rf"(?:^|[.:]\s+|\n)(?P<v>{NAME})\s+(?:is|was)\s+an?\s+\d{{1,3}}[- ]?(?:year|yo|y/o|month)",
            0.85,
        ),
        Pat("signature", rf"(?m:^|\n)\s*(?:-{{2,}}|/s/)\s*(?P<v>{NAME})", 0.85),
        # "Signature: /s/ SJH": initials after the electronic-signature mark
        Pat("signature_initials", r"/s/[ \t]*(?P<v>[A-Z]{2,4}|[a-z]{2,4})\b", 0.85),
        # a list of people with their dates of birth: "Harris Dickson, DOB 05/11/2024, CHI ..."
        Pat(
            "name_dob",
            rf"(?m)^[ \t]*(?:[-•*]|\d{{1,2}}[.)])?[ \t]*(?P<v>{NAME}),?[ \t]+(?i:DOB|D\.O\.B\.?|born|b\.)",
            0.85,
        ),
        # hurried lower case after a label: "Patient: vang, pa houa", "Pt: mcallister, grace a."
        Pat(
            "labelled_lower",
            r"(?i:\b(?:patient|pt|name|resident|client)[ \t]*:[ \t]*)(?P<v>[a-z][a-z'’-]{1,25},[ \t]*[a-z]{2,20}"
            r"(?:[ \t]+[a-z]{2,20})?(?:[ \t]+[a-z]\.?)?)(?![\w])",
            0.85,
        ),
        Pat(
            "greeting",
            r"(?i:\b(?:hi|hey|hello|hiya)[ ,]+(?:it'?s|its|this is)[ \t]+)(?P<v>[A-Za-z][a-z]{2,15})\b",
            0.8,
        ),
        # names in Chinese, Japanese or Korean script after a label or beside a romanised name
        Pat(
            "cjk_labelled",
            r"(?i:\b(?:patient|pt|name|患者|氏名|성명|이름)[ \t]*[:：][ \t]*)(?P<v>[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]{1,5}"
            r"(?:[ \t　][\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]{1,5})?)",
            0.9,
        ),
        Pat(
            "cjk_paren",
            rf"(?:{UPNAME}|{NAME})[ \t]*[(（](?P<v>[\p{{Han}}\p{{Hangul}}]{{2,5}}(?:[ \t][\p{{Han}}\p{{Hangul}}]{{1,4}})?)[)）]",
            0.9,
        ),
    )
    NEGATIVE = ()

    # a capitalised word right after a relation word or inside quotes is a name even when it is also a word
    # ("son Will", "wife Grace", '("Hope")'); clinical terms are still refused below
    NAMED_BY_CONTEXT = (
        "typist",
        "our_ref",
        "relative",
        "relative_bare",
        "relative_start",
        "relative_any",
        "quoted_nick",
        "nickname",
    )
    ROLE_WORDS = {
        "the",
        "a",
        "an",
        "and",
        "or",
        "with",
        "for",
        "to",
        "from",
        "is",
        "was",
        "patient",
        "pt",
        "name",
        "none",
        "unknown",
        "n/a",
        "na",
        "triage",
        "physician",
        "consultant",
        "nurse",
        "charge",
        "attending",
        "resident",
        "intern",
        "fellow",
        "registrar",
        "house",
        "officer",
        "doctor",
        "surgeon",
        "pharmacist",
        "clinical",
        "specialist",
        "senior",
        "junior",
        "staff",
        "primary",
        "care",
        "team",
        "service",
        "on-call",
        "covering",
        "night",
        "day",
        "float",
        "cardiology",
        "medicine",
        "surgery",
        "nephrology",
        "neurology",
        "oncology",
        "emergency",
        "department",
        "practitioner",
        "assistant",
        "social",
        "worker",
        "case",
        "manager",
        "unit",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sr",
        "sister",
        "rev",
        "fr",
        "father",
        "all",
        "everyone",
        "colleagues",
    }

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        words = regex.findall(r"[\w'’-]+", text[start:end].lower())
        if pattern == "last_first" and (
            any(w in self.terms and w not in PARTICLE_WORDS for w in words)
            or max(len(w) for w in words) <= 3
        ):  # "RA, WBC", "OD, HTN"
            return False
        if (
            pattern.startswith("relative")
            and len(words) >= 2
            and all(w in english_words() and w not in given_and_surnames() for w in words)
        ):
            return False  # "Child Protection Medical Assessment": a heading after a relation word, not a name
        if pattern in ("last_first", "last_first_mixed") and any(
            w in self.terms
            or (len(w) > 1 and w in english_words() and w not in given_and_surnames())
            for w in words
        ):
            return False  # "COPD, Asthma", "HTN, DM": a problem list, not a name
        if (
            pattern not in ("title", "credential", *self.NAMED_BY_CONTEXT)
            and words
            and self.vocab
            and all(w in self.vocab for w in words)
        ):
            return False  # "CC: Fever": ordinary words after a label are not a name
        if (
            pattern != "title"
            and words
            and all(w.removesuffix("'s") in self.terms for w in words)
            # "his wife Kirsty": a drug brand that is also a given name, after a relation word, is the person
            and not (
                pattern in self.NAMED_BY_CONTEXT and all(w in given_and_surnames() for w in words)
            )
        ):  # "to Augmentin"
            return False
        return bool(words) and not all(w in self.ROLE_WORDS or w in NOT_IDENTIFIERS for w in words)


from cdss.deid.addresses import IntlAddressRecognizer, IntlFacilityRecognizer  # noqa: E402
from cdss.deid.calendar_words import ForeignDateRecognizer, HolidayRecognizer  # noqa: E402
from cdss.deid.gazetteers import (  # noqa: E402
    NOT_IDENTIFIERS,
    NameGazetteerRecognizer,
    TownGazetteerRecognizer,
    UnknownWordRecognizer,
    english_words,
    given_and_surnames,
)
from cdss.deid.ids import LabelledIdRecognizer  # noqa: E402
from cdss.deid.initials import InitialsRecognizer  # noqa: E402
from cdss.deid.people import LocalPersonRecognizer  # noqa: E402
from cdss.deid.spoken import SpokenDigitsRecognizer  # noqa: E402
from cdss.deid.tables import TableColumnRecognizer  # noqa: E402
from cdss.deid.wards import WardRecognizer  # noqa: E402

PARTICLE_WORDS = SURNAME_PARTICLES | {"st"}

from cdss.deid.usernames import UsernameRecognizer  # noqa: E402  (it builds on the gazetteer recognizers)

RECOGNIZERS: dict[str, Callable[[], EntityRecognizer]] = {
    cls.__name__: cls
    for cls in (
        DateRecognizer,
        HolidayRecognizer,
        ForeignDateRecognizer,
        AgeOver89Recognizer,
        PhoneRecognizer,
        EmailRecognizer,
        UrlRecognizer,
        IpRecognizer,
        SsnRecognizer,
        MrnRecognizer,
        IdRecognizer,
        LabelledIdRecognizer,
        SpokenDigitsRecognizer,
        TableColumnRecognizer,
        AddressRecognizer,
        IntlAddressRecognizer,
        FacilityRecognizer,
        IntlFacilityRecognizer,
        WardRecognizer,
        PersonPatternRecognizer,
        LocalPersonRecognizer,
        NameGazetteerRecognizer,
        TownGazetteerRecognizer,
        InitialsRecognizer,
        UsernameRecognizer,
        UnknownWordRecognizer,
    )
}
