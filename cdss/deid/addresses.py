"""Addresses and facilities the way the rest of the world writes them.

The English patterns find "1200 Harbor View Road" and "Springfield, IL 62704". Notes from elsewhere put the street
type first ("Rua Dona Laura, 1022", "C/ Ibiza, 37, 4º izq.", "Via Gregorio VII 118", "Str. Lalelelor nr. 14, bl. C7",
"Jl. Ringroad Utara No. 12"), glue it to the name ("Lindenstraße 14", "Björkvägen 8", "Kralingse Plaslaan 88-B"),
write the postcode before or after the town in their own shape ("752 37 Uppsala", "4250-452 Porto", "3015 GD
Rotterdam", "90610-000", ", Auckland 1051") and name districts by number ("Sector 2", "Woreda 08", "Kebele 05").
Facilities put the kind of place first in Romance and other languages ("Hospital Universitario La Paz", "Spitalul
Clinic de Urgență", "Ospedale San Camillo", "UPT Puskesmas Depok III"). Two recognizers, one per identifier kind,
with the word lists as class data.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from cdss.deid.base import ClinicalPatternRecognizer, Pat
from cdss.deid.gazetteers import english_words

# a capitalised word in any script with case, and the joining words of Romance and other names
W = r"[\p{Lu}][\p{L}'’.\-]*"
JOIN = r"(?i:de|da|do|dos|das|del|della|delle|dei|di|degli|du|des|la|le|el|los|las|van|von|der|den|al|el|bin|e|y)"
# where a labelled address line stops: two spaces, a slash column break, or the next label
_LINE_END = (
    r"(?=[ \t]{2,}|[ \t]+/[ \t]|[ \t]*[|;]|[ \t]*\n|$|[ \t]+(?i:tel|ph|phone|mobile|mob|cell|fax|e-?mail|nok|contact|dob|"
    r"m[óo]vil|telem[óo]vel|telefone|tlf|tfn|telp|hp)\b)"
)


class IntlAddressRecognizer(ClinicalPatternRecognizer):
    """Street addresses, postcodes with their town, and numbered districts outside the English-speaking world."""

    ENTITY = "LOCATION"
    # street types written before the name
    PREFIX: ClassVar[str] = (
        r"(?:Rua|R\.|Av\.|Avenida|Avda\.?|Calle|C/|Paseo|Pº|Pasaje|Psje\.?|Travessa|Tv\.|Largo|Praça|Praca|Alameda|"
        r"Estrada|Rodovia|Via|Viale|V\.le|Piazza|P\.za|Corso|Vicolo|Strada|Str\.|Șos\.|Sos\.|Șoseaua|Soseaua|"
        r"Bulevardul|Bd\.|B-dul|Calea|Splaiul|Aleea|Jl\.|Jln\.|Jalan|Lorong|Soi|Thanon|Rehov|Rechov|Sderot|Ulica|ul\.|"
        r"Leof\.|Λεωφ\.|Οδός|Odos|Carrera|Cra\.|Camino|Ruta|Rruga|Cadde|Caddesi|Sokak|Sok\.|Bulvarı|Mahallesi|Mah\.|"
        r"Ngõ|Phố|Đường|Duong|Rue|Route|Chaussée|Chaussee|Place|Plaza|Plazuela|Camí|Carrer|Passeig)"
    )
    # street types glued to the end of the name
    SUFFIX: ClassVar[str] = (
        r"(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|steig|pfad|vägen|väg|gatan|gata|gränd|torg|vej|"
        r"gade|veien|vei|gaten|gate|laan|straat|plein|gracht|kade|singel|dreef|steeg|dijk|utca|útja|tér|körút|ulice|"
        r"náměstí|třída|katu|tie|kuja|polku|vegur|gata|stræde)"
    )
    HOUSE: ClassVar[str] = (
        r"(?:,?[ \t]*(?:n[ºo°]\.?|nr\.?|No\.?|núm\.?|num\.?)?[ \t]*\d{1,5}(?:[ \t]?[A-Za-z](?![\p{L}]))?"
        r"(?:[-/]\d{1,5}[A-Za-z]?)?)"
    )
    # flat, floor and block after the house number: "4º izq.", "apto 304", "bl. C7, sc. 1, ap. 22", "D: 5", "2.º Esq."
    UNIT: ClassVar[str] = (
        r"(?:,?[ \t]*(?:\d{1,2}(?:\.)?[ºª°][ \t]*(?:izq|dcha|der|esq|dto|frente|dir)\.?|apto\.?[ \t]*\d+\w*|ap\.?[ \t]*\d+|"
        r"bl\.?[ \t]*\w+|sc\.?[ \t]*\w+|et\.?[ \t]*\d+|D:[ \t]*\d+|piso[ \t]*\d+|int\.?[ \t]*\d+|s/n))"
    )
    LABEL: ClassVar[str] = (
        r"(?i:address|addr|home address|residence|residential address|domicilio|domicílio|endere[çc]o|morada|adres|"
        r"adresse|anschrift|wohnort|indirizzo|dimora|residenza|direcci[óo]n|adresa|domiciliu|alamat|địa chỉ|dia chi|"
        r"ikametgah|adres bilgisi|osoite|heimilisfang|bostadsadress|bopel|woonadres|διεύθυνση|home)"
    )
    PATTERNS = (
        # "Address: Rua Dona Laura, 1022, apto 304, Rio Branco, Porto Alegre - RS, 90430-090": the whole value
        Pat(
            "labelled_address",
            rf"(?<![\w]){LABEL}[ \t]*[:：][ \t]*(?P<v>[^\n]{{4,140}}?){_LINE_END}",
            0.85,
        ),
        Pat(
            "prefix_street",
            rf"(?<![\w])(?P<v>{PREFIX}[ \t]+(?:{JOIN}[ \t]+)*{W}(?:[ \t]+(?:{JOIN}[ \t]+)*(?:{W}|[IVX]+|\d{{1,2}}))"
            rf"{{0,4}}{HOUSE}?{UNIT}{{0,4}})",
            0.85,
        ),
        Pat(
            "suffix_street",
            rf"(?<![\w])(?P<v>(?:{W}[ \t]+)?[\p{{Lu}}][\p{{L}}\-]*{SUFFIX}{HOUSE}{UNIT}{{0,3}})",
            0.9,
        ),
        # "Am Schlossberg 3a", "An der Alster 12", "Im Winkel 4"
        Pat(
            "german_article_street",
            r"(?<![\w])(?P<v>(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den)[ \t]+[\p{Lu}][\p{L}\-]+"
            r"[ \t]+\d{1,4}[a-z]?)\b",
            0.85,
        ),
        # postcodes with their town: Sweden/Czechia/Greece "752 37 Uppsala", Portugal "4250-452 Porto",
        # Netherlands "3015 GD Rotterdam", Brazil "90610-000", Poland "00-950 Warszawa"
        Pat(
            "postcode_spaced",
            # not a vital sign written without its slash ("BP 120 80 HR 88"): a town is no 1-3 capital abbreviation
            rf"(?<![\w])(?P<v>\d{{3}}[ \t]\d{{2}}[ \t]+(?!\p{{Lu}}{{1,3}}\b){W}(?:[ \t]+{W})?)",
            0.85,
        ),
        Pat("postcode_pt", rf"(?<![\w])(?P<v>\d{{4}}-\d{{3}}[ \t]+{W}(?:[ \t]+{W})?)", 0.9),
        Pat("postcode_nl", rf"(?<![\w])(?P<v>\d{{4}}[ \t]?[A-Z]{{2}}[ \t]+{W})", 0.85),
        Pat("cep_br", r"(?<![\w-])(?P<v>\d{5}-\d{3})(?![\w-])", 0.85),
        Pat("postcode_pl", rf"(?<![\w])(?P<v>\d{{2}}-\d{{3}}[ \t]+{W})", 0.85),
        # a town then its postcode after a comma (NZ, AU, ZA, TH, LK, RO): ", Auckland 1051", ", Bangkok 10110"
        Pat(
            "town_postcode",
            rf"(?<=,[ \t]{{0,2}})(?P<v>{W}(?:[ \t]+{W}){{0,2}}[ \t]+\d{{4,6}})(?![\w.,/:-]|[ \t]*(?:mg|mL|units?|kg))",
            0.85,
        ),
        # hurried lower-case notes: "westminster ca 92683"
        Pat(
            "lower_city_state_zip",
            r"(?<![\w])(?P<v>[a-z]{3,}(?:[ \t][a-z]{3,})?,?[ \t](?:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|"
            r"la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy)[ \t]"
            r"\d{5}(?:-\d{4})?)(?![\w])",
            0.85,
        ),
        # numbered districts and administrative divisions
        Pat(
            "district",
            r"(?<![\w])(?P<v>(?:Sector|Woreda|Kebele|Zone|Distrito|District|Arrondissement|Bezirk|Kreis|"
            r"Dist\.|Kec\.|Kab\.|Kel\.|Tambon|Amphoe|Khet|Khwaeng|Barangay|Brgy\.|Moo|Sub-city|Subcity|Division|"
            r"Parish|LC1|LC2|LC3|Colonia|Col\.|Bairro|Quartier)[ \t]+(?:\d{1,3}[A-Z]?|[\p{Lu}][\p{L}\-]+(?:[ \t]+"
            r"[\p{Lu}][\p{L}\-]+)?))(?![\w])",
            0.75,
        ),
        # "Zhongzheng Dist.", "Yeka Sub-city", "Makindye Division", "Hadar HaCarmel"
        Pat(
            "named_district",
            r"(?<![\w])(?P<v>[\p{Lu}][\p{L}\-]+[ \t]+(?:Dist\.|District|Sub-city|Subcity|Division|Township|Mah\.|"
            r"Mahallesi|Municipality|Prefecture|Province|County|Region))(?![\w])",
            0.75,
        ),
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        v = text[start:end]
        if pattern in ("district", "named_district"):
            # "Ward 7" and "Zone B" are hospital words too: only with a number or a proper name that is not clinical
            tail = v.split(None, 1)[1] if " " in v else ""
            return bool(tail) and tail.lower() not in self.terms
        if pattern == "labelled_address":
            # an address holds a number or at least two capitalised parts; "Home: lives alone" does not
            parts = [p for p in regex.split(r"[,–-]", v) if p.strip()]
            caps = sum(1 for p in parts if regex.match(r"\s*[\p{Lu}\d]", p))
            return bool(regex.search(r"\d", v)) or caps >= 2
        if pattern == "town_postcode":
            return v.rsplit(None, 1)[0].lower() not in self.terms  # ", Sinemet 1000" is a drug
        return True


class IntlFacilityRecognizer(ClinicalPatternRecognizer):
    """Hospitals, clinics and health posts named with the kind of place first, or with a local suffix."""

    ENTITY = "LOCATION"
    KIND_FIRST: ClassVar[str] = (
        r"(?:Hospital(?:[ \t]+(?:Universitario|Universitário|Universitari|Clínico|Clinico|General|Regional|"
        r"Municipal|Provincial|Central|Infantil|Materno[- ]Infantil|de Clínicas|das Clínicas|do|da|de))*|Hospitalul|Spitalul|"
        r"Ospedale|Policlinico|Presidio Ospedaliero|Azienda Ospedaliera|Fondazione|Klinikum|Krankenhaus|Kliniken|"
        r"Universitätsklinikum|Clínica|Clinica|Cl[ií]nica|Sanatorio|Sanatório|Santa Casa(?: de Misericórdia)?|Centro de "
        r"Sa[úu]de|Centro Médico|Centro Medico|Centro de Salud|Consultorio|CESFAM|CESCOF|SAPU|SAR|UBS|UPA|USF|UCSP|ACeS|"
        r"Posto de Saúde|Puskesmas|UPT Puskesmas|RSUD|RSUP|RS|Klinik|Klinik Kesihatan|Poliklinik|Rumah Sakit|"
        r"Base Hospital|District Hospital|Divisional Hospital|Teaching Hospital|General Hospital|Sub-?district Hospital|"
        r"Upazila Health Complex|UHC|Health Post|Health Centre|Health Center|Dispensary|Aga Khan|Mulago|"
        r"Ziekenhuis|Kliniek|Hôpital|Hopital|Centre hospitalier|Sykehus|Sygehus|Sjukhus|Vårdcentral|Vårdcentralen|"
        r"Terveyskeskus|Heilsugæsla|Nemocnice|Szpital|Przychodnia|Bolnica|Poliklinika|Kórház|Devlet Hastanesi|"
        r"Üniversitesi|Hastanesi|Aile Sağlığı Merkezi|Bệnh viện|Benh vien|Trạm Y tế|Phòng khám)"
    )
    # a local suffix after the name: "Akademiska sjukhuset", "Erasmus MC", "Kotebe Health Center"
    NAME_FIRST: ClassVar[str] = (
        r"(?:sjukhuset|sjukhus|sykehus|sykehuset|sygehus|Ziekenhuis|ziekenhuis|Kliniek|MC|UMC|Klinikum|Klinik|"
        r"Krankenhaus|Hastanesi|HASTANESİ|Spital|Hospital|Health Care Campus|Medical Sciences Complex|Health Facility|"
        r"HEALTH FACILITY|Health Complex|Sadar Hospital|Health Care Centre|Medical Hall|Medical Store|Drug Store|"
        r"Pharmacy|Farmácia|Farmacia|Apotheke|Apotek|Apteekki|Apteka|Eczanesi|Polyclinic|Poliklinik|Puskesmas|CHC|PHC)"
    )
    PATTERNS = (
        Pat(
            "kind_first",
            rf"(?<![\w])(?P<v>(?i:{KIND_FIRST})[ \t]+(?:{JOIN}[ \t]+)*(?:„|\")?{W}(?:”|\")?(?:[ \t]+(?:{JOIN}[ \t]+)*"
            rf"(?:„|\")?(?:{W}|[IVX]+|\d{{1,2}}(?: de [\p{{Lu}}][\p{{L}}]+)?)(?:”|\")?){{0,5}})",
            0.85,
        ),
        # lower-case notes: "kaitaia medical centre", "bolsa family medicine", "northland pathology"
        Pat(
            "lower_facility",
            r"(?<![\w])(?P<v>(?:[a-z][a-z'’\-]+[ \t]+){1,3}(?:medical cent(?:re|er)|hospital|college|high school|"
            r"primary school|school|pathology|family medicine|clinic|pharmacy|health cent(?:re|er)|surgery|"
            r"regional|medical practice|urgent care))(?![\w])",
            0.75,
        ),
        Pat(
            "name_first",
            rf"(?<![\w])(?P<v>(?:{W}[ \t]+){{1,4}}{NAME_FIRST})(?![\w])",
            0.85,
        ),
    )
    GENERIC: ClassVar[frozenset[str]] = frozenset(
        "the our this that local nearest district general regional base teaching main central community city "
        "university universitario clinical clinico clínico health medical care centre center hospital clinic "
        "emergency cardiology oncology paediatric pediatric children's women's maternity psychiatric".split()
    )

    def accept(self, text: str, start: int, end: int, pattern: str = "") -> bool:
        if pattern == "lower_facility":
            # a word that is neither English nor clinical names the place ("kaitaia"); "the local hospital" does not
            head = text[start:end].split()[:-1]
            english = english_words()
            return any(
                w not in english and w not in self.terms and w not in self.GENERIC and len(w) > 2
                for w in head
            )
        # a proper name must be there: "the Health Centre", "Local Pharmacy", "Oncology Clinic" name no place
        tokens = [w.strip('„”"(),.').lower() for w in text[start:end].split()]
        proper = [
            w
            for w in tokens
            if w
            and w not in self.GENERIC
            and w not in self.terms
            and not regex.fullmatch(rf"(?i){self.KIND_FIRST}|{self.NAME_FIRST}|{JOIN}", w)
        ]
        return bool(proper)
