"""Synthetic clinical notes with gold PHI spans and clinical spans that must survive.

Our own name, place and value lists and templates, in five note styles
(discharge summary, progress note, ED triage, consult, letter). The lists
here are deliberately not used by any recognizer: the recognizers work from
context and shape, and this set measures that honestly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = [
    "Ellen",
    "John",
    "Tobias",
    "Aoife",
    "Mateo",
    "Priya",
    "Kwame",
    "Olga",
    "Hiroshi",
    "Fatima",
    "Lucía",
    "Dmitri",
    "Grace",
    "Samuel",
    "Niamh",
    "Chiamaka",
    "Arjun",
    "Ingrid",
    "Rafael",
    "Mei",
    "Yusuf",
    "Beatriz",
    "Callum",
    "Zanele",
    "Teodor",
    "Amara",
    "Lars",
    "Sione",
    "Keira",
    "Oluwaseun",
    "Henrik",
    "Valentina",
    "Declan",
    "Thandiwe",
    "Nikolai",
    "Esperanza",
    "Bartholomew",
    "Wren",
    "Imogen",
    "Cormac",
    "Delphine",
    "Ezekiel",
    "Marisol",
    "Anselm",
    "Rosalind",
]
LAST = [
    "Abara",
    "Moss",
    "Ní Bhriain",
    "Duarte-Silva",
    "De la Cruz",
    "O'Connor",
    "McAllister",
    "Nguyen",
    "Okonkwo",
    "Van der Berg",
    "Kowalczyk",
    "Haddad",
    "Fitzgerald",
    "Rasmussen",
    "Castellanos",
    "Achterberg",
    "Mbeki",
    "Lindqvist",
    "Papadopoulos",
    "Szabo",
    "Whitlock",
    "Oyelaran",
    "Delacroix",
    "Brennan",
    "Takahashi",
    "Iverson",
    "Gallagher",
    "Mendoza-Ruiz",
    "Okafor",
    "Thorsen",
    "Bellweather",
    "Quintero",
    "Halvorsen",
    "Strickland",
    "Adeyemi",
    "Marchetti",
    "Holloway",
    "Vasquez",
    "Kerrigan",
    "Oduya",
    "Petrakis",
    "Sandoval",
    "Ferreira",
    "Calloway",
]
STREETS = [
    "Harbor View Road",
    "Maple Street",
    "Old Mill Lane",
    "Kestrel Avenue",
    "Birchwood Drive",
    "Quarry Hill Road",
    "Saint Albans Court",
    "Larkspur Way",
    "Foundry Street",
    "Ellery Boulevard",
]
CITIES = [
    ("Springfield", "IL"),
    ("Fairhaven", "MA"),
    ("Bellingham", "WA"),
    ("Dunmore", "PA"),
    ("Marlow", "NH"),
    ("Cedar Falls", "IA"),
    ("Port Orchard", "WA"),
    ("Greenville", "SC"),
    ("Bozeman", "MT"),
    ("Ashland", "OR"),
]
FACILITIES = [
    "Saint Anselm General Hospital",
    "Harbor View Medical Center",
    "Riverside Family Clinic",
    "Mercy Ridge Hospital",
    "Northfield Rehabilitation Center",
    "Lakeshore Nursing Home",
    "St. Brigid's Infirmary",
    "Cedar Valley Health Center",
    "Westbrook Urgent Care",
    "Pinecrest Hospice",
]
RELATIONS = [
    "son",
    "daughter",
    "wife",
    "husband",
    "sister",
    "brother",
    "niece",
    "partner",
    "grandson",
    "neighbour",
]
DRUG_LINES = [
    "Lisinopril 10 mg PO daily",
    "APAP 650 mg PO q6h PRN pain",
    "Jardiance 10 mg PO daily",
    "KCl 20 mEq PO BID",
    "HCTZ 25 mg PO daily",
    "ASA 81 mg PO daily",
    "Eliquis 5 mg PO BID",
    "Lasix 40 mg IV BID",
    "Metformin 1,000 mg PO BID",
    "Tylenol 1 g PO q8h",
    "Lovenox 40 mg SC daily",
    "Keppra 500 mg PO BID",
    "Bactrim DS 1 tab PO BID x5 days",
    "Percocet 5/325 1-2 tabs PO q4-6h PRN",
    "Warfarin 5 mg PO nightly",
    "Methotrexate 15 mg PO weekly",
    "Insulin glargine 20 units SC nightly",
    "Vancomycin 1,250 mg IV q12h",
    "Ondansetron 4 mg IV q8h PRN nausea",
    "Furosemide 20 mg PO daily",
    "Gabapentin 300 mg PO TID",
    "Norco 5/325 1 tab PO q6h PRN",
    "Synthroid 75 mcg PO daily",
    "Plavix 75 mg PO daily",
]
LABS = [
    "eGFR 38",
    "BP 148/92",
    "HR 88",
    "Na 131 mmol/L",
    "K 5.6 mmol/L",
    "Cr 1.8 mg/dL",
    "INR 2.4",
    "WBC 13.2",
    "Hgb 9.8 g/dL",
    "SpO2 94% on RA",
    "Temp 38.4 C",
    "glucose 212 mg/dL",
    "A1c 8.1%",
    "BNP 890",
    "Plt 142",
    "lactate 2.9",
    "pain 5/10",
    "RR 22",
    "troponin 0.04",
]
EPONYMS = [
    "Parkinson's disease",
    "Wilson's disease",
    "Down syndrome",
    "Guillain-Barré syndrome",
    "Murphy's sign",
    "a Swan-Ganz catheter",
    "Crohn's disease",
    "Hodgkin lymphoma",
    "Cushing's syndrome",
    "Bell's palsy",
    "a Foley catheter",
    "Alzheimer's dementia",
    "Graves' disease",
    "Barrett's oesophagus",
    "Raynaud's phenomenon",
    "Stevens-Johnson syndrome",
    "a positive Babinski sign",
    "Cheyne-Stokes respirations",
    "Wernicke's encephalopathy",
]
DURATIONS = [
    "x5 days",
    "in 2 weeks",
    "for 3 months",
    "over 48 hours",
    "x7 days",
    "within 72 hours",
    "for 10 days",
]
PROBLEMS = [
    "community-acquired pneumonia",
    "CHF exacerbation",
    "AKI on CKD stage 3b",
    "cellulitis of the left leg",
    "DKA",
    "atrial fibrillation with RVR",
    "hyponatraemia",
    "a COPD exacerbation",
    "a gout flare",
    "urosepsis",
]


@dataclass
class Note:
    text: str
    phi: list[tuple[int, int, str]] = field(default_factory=list)
    clinical: list[tuple[int, int]] = field(default_factory=list)
    style: str = ""


class Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.phi: list[tuple[int, int, str]] = []
        self.clin: list[tuple[int, int]] = []

    def t(self, s: str) -> Builder:
        self.parts.append(s)
        self.pos += len(s)
        return self

    def p(self, kind: str, s: str) -> Builder:
        self.phi.append((self.pos, self.pos + len(s), kind))
        return self.t(s)

    def c(self, s: str) -> Builder:
        self.clin.append((self.pos, self.pos + len(s)))
        return self.t(s)

    def build(self, style: str) -> Note:
        return Note("".join(self.parts), self.phi, self.clin, style)


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, xs: list[str]) -> str:
        return self.r.choice(xs)

    def person(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def date(self) -> str:
        r = self.r
        y, m, d = r.randint(2019, 2026), r.randint(1, 12), r.randint(1, 28)
        months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
        fmt = r.randint(0, 7)
        return [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{months[m - 1]} {d}, {y}",
            f"{d} {months[m - 1]} {y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d:02d}-{months[m - 1][:3]}-{y}",
            f"{months[m - 1][:3]} {d}",
            f"{m}/{d}/{y}",
        ][fmt]

    def dob(self) -> str:
        r = self.r
        return f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(1928, 1990)}"

    def phone(self) -> str:
        r = self.r
        a, b, c = r.randint(201, 989), r.randint(200, 999), r.randint(0, 9999)
        return [
            f"({a}) {b}-{c:04d}",
            f"{a}-{b}-{c:04d}",
            f"{a}.{b}.{c:04d}",
            f"+1 {a} {b} {c:04d}",
            f"{a}-{b}-{c:04d} x{r.randint(10, 999)}",
        ][r.randint(0, 4)]

    def mrn(self) -> str:
        r = self.r
        return [
            f"{r.randint(10**6, 10**8 - 1):08d}",
            f"A{r.randint(10**6, 10**7 - 1)}",
            f"{r.randint(100, 999)}-{r.randint(10**4, 10**5 - 1)}",
        ][r.randint(0, 2)]

    def digits(self, n: int) -> str:
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    def ssn(self) -> str:
        return f"{self.r.randint(101, 665)}-{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}"

    def email(self, first: str, last: str) -> str:
        local = (first[0] + last).lower().replace(" ", "").replace("'", "").replace("-", "")
        import unicodedata

        local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
        return f"{local}{self.r.randint(1, 99)}@{self.pick(['mailbox.com', 'example.org', 'inbox.net'])}"

    def age_old(self) -> str:
        return str(self.r.randint(90, 104))

    def age_ok(self) -> str:
        return str(self.r.randint(19, 89))


def _meds(b: Builder, g: Gen, n: int) -> None:
    for line in g.r.sample(DRUG_LINES, n):
        b.t("- ").c(line).t("\n")


def discharge(g: Gen) -> Note:
    b = Builder()
    f, ln = g.person()
    df, dl = g.person()
    rel_f = g.pick(FIRST)
    city, st = g.pick(CITIES)
    b.t("DISCHARGE SUMMARY\nPatient: ").p("PERSON", f"{ln.upper()}, {f.upper()}").t("   MRN: ").p(
        "MRN", g.mrn()
    )
    b.t("   DOB: ").p("DATE", g.dob()).t("\nAdmitted: ").p("DATE", g.date()).t("   Discharged: ").p(
        "DATE", g.date()
    )
    b.t("\nAttending: Dr. ").p("PERSON", f"{df} {dl}").t("   Facility: ").p(
        "LOCATION", g.pick(FACILITIES)
    ).t("\n\n")
    old = g.r.random() < 0.4
    b.t("HOSPITAL COURSE\n").t("Mr. " if g.r.random() < 0.5 else "Ms. ").p("PERSON", ln).t(" is a ")
    if old:
        b.p("AGE", g.age_old())
    else:
        b.c(g.age_ok())
    b.t("-year-old with ").c(g.pick(EPONYMS)).t(" admitted with ").c(g.pick(PROBLEMS)).t(". Labs: ")
    b.c(g.pick(LABS)).t(", ").c(g.pick(LABS)).t(". Treated ").c(g.pick(DURATIONS)).t(".\n")
    b.t(f"Her {g.pick(RELATIONS)} " if g.r.random() < 0.5 else f"His {g.pick(RELATIONS)} ").p(
        "PERSON", rel_f
    )
    b.t(" (").p("PHONE", g.phone()).t(") was updated by phone.\n\nDISCHARGE MEDICATIONS\n")
    _meds(b, g, 4)
    b.t("\nFOLLOW-UP\nSee Dr. ").p("PERSON", dl).t(" at ").p("LOCATION", g.pick(FACILITIES)).t(
        " "
    ).c(g.pick(DURATIONS))
    b.t(". Home: ").p("LOCATION", f"{g.r.randint(10, 9999)} {g.pick(STREETS)}").t(", ").p(
        "LOCATION", f"{city}, {st} {g.digits(5)}"
    )
    b.t("\n\nElectronically signed by ").p("PERSON", f"{df} {dl}").t(", MD on ").p(
        "DATE", g.date()
    ).t("\n")
    return b.build("discharge")


def progress(g: Gen) -> Note:
    b = Builder()
    f, ln = g.person()
    nf, nl = g.person()
    b.t("Progress Note - ").p("DATE", g.date()).t("\nPt: ").p("PERSON", f"{f} {ln}").t(" (MRN ").p(
        "MRN", g.mrn()
    ).t(")\n\n")
    b.t("S: ").p("PERSON", f).t(" reports less pain today, ").c(g.pick(LABS)).t(". Slept well.\n")
    b.t("O: ").c(g.pick(LABS)).t(", ").c(g.pick(LABS)).t(", ").c(g.pick(LABS)).t(
        ". Exam notable for "
    ).c(g.pick(EPONYMS)).t(".\n")
    b.t("A/P: ").c(g.pick(PROBLEMS)).t(", improving.\n")
    _meds(b, g, 3)
    b.t("Discussed with nurse ").p("PERSON", f"{nf} {nl}").t(" and pharmacist ").p(
        "PERSON", g.pick(FIRST) + " " + g.pick(LAST)
    )
    b.t(". Repeat labs ").c(g.pick(DURATIONS)).t(".\n-- ").p(
        "PERSON", f"{g.pick(FIRST)} {g.pick(LAST)}"
    ).t(", NP\n")
    return b.build("progress")


def triage(g: Gen) -> Note:
    b = Builder()
    f, ln = g.person()
    b.t("ED TRIAGE ").p("DATE", g.date()).t(" 14:32\nName: ").p("PERSON", f"{f} {ln}").t("  Age: ")
    if g.r.random() < 0.5:
        b.p("AGE", g.age_old()).t("  ")
    else:
        b.c(g.age_ok()).t("  ")
    b.t("SSN: ").p("SSN", g.ssn()).t("\nInsurance member ID: ").p("ID", f"XK{g.digits(9)}").t(
        "  Acct#: "
    ).p("ID", g.digits(10))
    b.t("\nArrived by private car, plate ").p(
        "ID",
        f"{g.digits(1)}{chr(65 + g.r.randint(0, 25))}{chr(65 + g.r.randint(0, 25))}{g.digits(4)}",
    )
    b.t(". Lives alone in ").p("LOCATION", g.pick(CITIES)[0]).t(".\nCC: chest pain. ").c(
        g.pick(LABS)
    ).t(", ").c(g.pick(LABS)).t(".\n")
    b.t("Home meds:\n")
    _meds(b, g, 2)
    b.t("Contact: ").p("PERSON", f"{g.pick(FIRST)} {ln}").t(", ").p("PHONE", g.phone()).t(", ").p(
        "EMAIL", g.email(f, ln)
    ).t("\n")
    b.t("Pacemaker serial number: ").p("ID", f"PJN{g.digits(6)}").t(". Triage RN: ").p(
        "PERSON", f"{g.pick(FIRST)} {g.pick(LAST)}"
    ).t(", RN\n")
    return b.build("triage")


def consult(g: Gen) -> Note:
    b = Builder()
    f, ln = g.person()
    cf, cl = g.person()
    b.t("NEPHROLOGY CONSULT\nRequested by: Dr. ").p("PERSON", cl).t("   Date of service: ").p(
        "DATE", g.date()
    ).t("\n")
    b.t("Patient: ").p("PERSON", f"{f} {ln}").t(", MRN: ").p("MRN", g.mrn()).t("\n\n")
    b.t("Reason: ").c(g.pick(PROBLEMS)).t(" with ").c("eGFR 38").t(" and ").c(g.pick(LABS)).t(".\n")
    b.t("History: ").p("PERSON", f"{f} {ln}").t(" is a ")
    old = g.r.random() < 0.3
    if old:
        b.p("AGE", g.age_old())
    else:
        b.c(g.age_ok())
    b.t(" yo with ").c(g.pick(EPONYMS)).t(". Previously followed at ").p(
        "LOCATION", g.pick(FACILITIES)
    ).t(" until ").p("DATE", g.date()).t(".\n")
    b.t("Records faxed to ").p("PHONE", g.phone()).t(". Portal: ").p(
        "URL",
        f"https://portal.{g.pick(['mercyridge', 'harborview', 'cedarvalley'])}.org/chart/{g.digits(6)}",
    )
    b.t("; device IP ").p(
        "IP", f"10.{g.r.randint(0, 255)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}"
    ).t(".\nRecommendations:\n")
    _meds(b, g, 3)
    b.t("Prescriber NPI: ").p("ID", g.digits(10)).t("  DEA: ").p(
        "ID", f"B{chr(65 + g.r.randint(0, 25))}{g.digits(7)}"
    ).t("\n")
    b.t("Thank you, ").p("PERSON", f"{cf} {cl}").t(", MD\n")
    return b.build("consult")


def letter(g: Gen) -> Note:
    b = Builder()
    f, ln = g.person()
    pf, pl = g.person()
    city, st = g.pick(CITIES)
    b.p("LOCATION", g.pick(FACILITIES)).t("\n").p(
        "LOCATION", f"{g.r.randint(1, 999)} {g.pick(STREETS)}"
    ).t("\n")
    b.p("LOCATION", f"{city}, {st} {g.digits(5)}").t("\n\n").p("DATE", g.date()).t(
        "\n\nDear Dr. "
    ).p("PERSON", pl).t(",\n\n")
    b.t("I saw your patient ").t("Mrs. " if g.r.random() < 0.5 else "").p("PERSON", f"{f} {ln}").t(
        " (DOB "
    ).p("DATE", g.dob())
    b.t(") in clinic today. She has ").c(g.pick(EPONYMS)).t(" and ").c(g.pick(PROBLEMS)).t(". ")
    b.c(g.pick(LABS)).t(". I have started:\n")
    _meds(b, g, 2)
    b.t("Her daughter ").p("PERSON", g.pick(FIRST)).t(" will bring her back ").c(
        g.pick(DURATIONS)
    ).t(". ")
    b.t("Please call me on ").p("PHONE", g.phone()).t(" or email ").p("EMAIL", g.email(pf, pl)).t(
        ".\n\nYours sincerely,\n\n"
    )
    b.p("PERSON", f"{pf} {pl}").t(", MBBS\nConsultant Physician\n")
    return b.build("letter")


STYLES = (discharge, progress, triage, consult, letter)


def generate(n: int, seed: int = 1234) -> list[Note]:
    g = Gen(seed)
    return [STYLES[i % len(STYLES)](g) for i in range(n)]
