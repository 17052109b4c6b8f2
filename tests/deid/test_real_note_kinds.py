"""The kinds of identifier and clinical string that failed on independent notes (issue 11), one case each:
what must be removed, and what must survive, through the whole de-identifier (all recognizers together)."""

from __future__ import annotations

import pytest

from cdss.deid import Deidentifier

pytestmark = pytest.mark.integration

REMOVED = [
    # names in hurried text, first names after relation words, names that are ordinary words only with context
    ("spoke w/ dr kessler re plan", "kessler"),
    ("wife rosalind at bedside", "rosalind"),
    ("charge RN tuan aware", "tuan"),
    ("Grace came in; wife Grace signed consent", "Grace"),
    ("mr stavropoulos (sp?) on the chart", "stavropoulos"),
    ("rm 7b, marjorie pellegrino, mrn 2280", "pellegrino"),
    ("Patient: TREMBLAY-GAGNON, Marie-Ève Josée", "Marie-Ève"),
    ("Patient: NGUYỄN, VĂN THÀNH", "VĂN"),
    ("Seen with Olúwasèyí Adébáyọ̀-Bámidélé today", "Olúwasèyí"),
    # staff initials
    ("foam dressing changed 1000 (SN, GR).", "GR"),
    ("Transcribed by: kjw   11/08/2023", "kjw"),
    ("MDT. Present: DF, LK, MO.", "LK"),
    ("Primary RN: J. Thornbury (JT)", "JT"),
    # places and facilities
    ("transferred from St Brigid's Ward", "Brigid"),
    ("MANCHESTER SOUTH COMMUNITY HEALTH NHS TRUST", "MANCHESTER"),
    ("Little Acorns Day Nursery", "Acorns"),
    ("Boudreaux & Sons Funeral Home", "Boudreaux"),
    ("HÔPITAL SAINTE-MARGUERITE-DE-RIVIÈRE-CLAIRE", "MARGUERITE"),
    ("4180, rue Saint-Hubert, app. 3", "Hubert"),
    ("14 Rue des Lilas, 69003 Lyon", "Lilas"),
    ("moved from Reading last year", "Reading"),
    ("lives at 114 elm st", "elm"),
    # dates
    ("seen thu 10/10", "thu 10/10"),
    ("Wed 21/08/2024 clinic", "Wed"),
    ("on the third of July", "third of July"),
    ("le 19 décembre 2023", "décembre"),
    ("el 12 de marzo de 2024", "marzo"),
    ("admitted Christmas Eve", "Christmas"),
    ("a ninety-three-year-old woman", "ninety-three"),
    ("widow, aged ninety-four, lives alone", "ninety-four"),
    ("she is 97 and independent", "97"),
    ("he turned one hundred in May", "hundred"),
    # session 19 (heldout25, a development set since its first run)
    ("Co-worker Joy on the same line has similar symptoms.", "Joy"),
    ("Son Bill and dtr-in-law Hope staying.", "Hope"),
    ("Rights Advisor: Colleen Walsh, Rights Advisor Service. Counsel: Marc Hanna", "Hanna"),
    ("LP/tmw  job #558102-77", "tmw"),
    ("received 09/09/24 11:20, lab no UHK24-0909-3317, by JOC", "JOC"),
    ("Recibido en patología: JLR 18/09/24 15:30", "JLR"),
    ("MRN 0 4 4 7 1 9 3 medicare", "0 4 4 7"),
    ("date of birth the 4th of the 9th 1968", "9th 1968"),
    ("seen August the twenty first twenty twenty four", "twenty first"),
    ("Completed by: Mairéad Nic an tSaoi, CNM2", "tSaoi"),
    ('3 | HALCROW, W. ("Willie") | 66 |', "Willie"),
    ("Funeral home director Tommy Eller", "Tommy"),
    ("dictating on patient earline crenshaw C R E N S H A W", "C R E N"),
    ("discussed with doctor pattel from electrophysiology", "pattel"),
    ("Scr# | Name | Consenter\nS-041 | Thibodeaux, Joseph | AMB\n", "AMB"),
    # session 19 (heldout26, a development set since its first run)
    ("13/05/2024, 19:05 - Joy: en de wond ruikt", "Joy"),
    ("zoon Marc telefonisch verwittigd", "Marc"),
    ("Contact dienst: 016 34 37 99", "34 37 99"),
    ("GSM 0498/12.34.56 zoon", "12.34.56"),
    ("Melder: Lies Declercq, verpleegkundige (paraaf LDC)", "LDC"),
    ("Ingevuld door Yvonne (YvdM), gecontroleerd door SdV.", "SdV"),
    ("Afgesloten door P-J.V. op 12/03/2024.", "P-J.V"),
    ("patient number B S N 9 0 8 3 0 1 6 6 2 new line", "9 0 8 3"),
    ("Subject: Medicatieverificatie - BSN eind. 9932", "9932"),
    ('Age: 93 years ("ninety three" as per family)', "ninety three"),
    ("Age: 94 (ninety-four)   Resident no.", "ninety-four"),
    ("Staff Nurse (emp. no. CHA-N-1183)", "CHA-N-1183"),
    ("ABHA address: wangshuk@abdm   Mobile", "wangshuk"),
    ("AGB 01036622, BIG 59036622701, pieper 3471", "59036622701"),
    ("1 | P. Muniyammal 68F, IP 2024071842 | Dengue", "Muniyammal"),
    ("Employee: Most. Shirin Akter   Employee ID", "Shirin"),
    ('maternal grandmother MaNgcobo ("uGogo") at house', "MaNgcobo"),
    ("woning van zijn moeder (Ria ter Horst) in Houten", "Ria"),
    # numbers
    ("SIN 527 318 904", "527 318 904"),
    ("RAMQ TREM 6852 1914", "TREM 6852 1914"),
    ("last 4 of SSN (6031)", "6031"),
    ("SSN 412 58 3307", "412 58 3307"),
    ("chartMRN04857211 on file", "04857211"),
    ("photo IMG_Iheanacho_arm_0601.jpg attached", "Iheanacho"),
    ("514 555-0182 poste 4417", "4417"),
    ("Medicare 2953 71845 1/2", "71845"),
    # initials defined after a name are that person again in a log column, non-ASCII capitals included
    ("Research nurse: Åsa Lindqvist (ÅL)\n| R-014 | 04.02.2025 | consented | ÅL |", "ÅL"),
    ("08:05 - Hodan Cali Warsame: ok\n09:00 - Dr A: Hodan pls line list them", "Hodan"),
    # session 18 (heldout23): numbers dictated as digit words, numbered streets, a weekday with an ordinal day,
    # initials before a surname, initials holding Mc, the Medicare Beneficiary Identifier, an age after a relation
    ("Patient's cell is five one four, five five five comma zero one seven two.", "five five five"),
    ("MRN zero four six seven seven two one, seen today", "six seven seven"),
    ("PPS eight seven six five four three two T A", "four three two"),
    ("copy mailed to 611 W 177th St, Apt 4C", "177th"),
    ("Clinic - #305 - 13737 96 Ave, Surrey", "13737"),
    ("appointment Thurs 10th 10:30", "10th"),
    ("Crew: ACP2 D. Ahmat / ACP1 K. Whitehouse", "D. Ahmat"),
    ("NIC nights: CMcC   NIC days: AD", "CMcC"),
    ("Medicare Beneficiary Identifier: 4TK9-WN3-HX72", "4TK9"),
    ("her mother ninety one has Parkinson's disease", "ninety one"),
    # session 18 (heldout24): a relation or role word before a foreign look-alike, lower-case relation abbreviations,
    # request-form name fields, greetings, theatre-list initials, a role with initials in brackets, masked and
    # direct-dial numbers, the Hawaiian ʻokina inside a name
    ("ride home = brother Hemos.", "Hemos"),
    ("per dtr-in-law nazma (blister pack checked)", "nazma"),
    ("Charge RN: Kelly W.   Clerk: Arjun   MRP on call", "Arjun"),
    ("Surname: ADEBAYO-OKONKWO   Forename(s): Oluwaseun Chidi", "ADEBAYO-OKONKWO"),
    ("Nama Pesakit: AMBROSE @ AMBI MAJANGGIM   No.", "AMBROSE"),
    ("08:14 - Agnieszka W: Dzień dobry Joy! Fasting 6.4", "Joy"),
    ("Scrub/circulating: OR1 AMB/KTL; OR2 RCC/JDV", "KTL"),
    ("Addendum (PA GMB): spoke to wife Efua", "GMB"),
    ("Med rec - Mdm SITI KHADIJAH BTE OSMAN (S****512H) - transfer", "512H"),
    ("Senior Pharmacist | DID 6850 3127", "6850 3127"),
    ("my daughter Kuʻulei checks on me every day", "Kuʻulei"),
    # session 20 (heldout27, a development set since): Brazilian, Portuguese, Angolan, Turkish and Israeli shapes
    ("filha Juliana, cel (11) 98421-6630; residência (11) 3062-1187", "98421-6630"),
    ("NOK niece (0212) 247 19 55", "247 19 55"),
    ("Segurado: BI 002211987LA038, apólice 4471", "002211987LA038"),
    ("NIT 128.44512.77-3 (trabalhador)", "128.44512.77-3"),
    ("Cartão de Cidadão 31245678 4 ZY7", "31245678 4 ZY7"),
    ("Patient: Fatima Zoabi, 93 years, TZ 514481472", "514481472"),
    ("Mother: Kader Demirtaş, TC 52959382126", "52959382126"),
    ("protokol no. for 303 is 2024/041877", "041877"),
    ("Hospital no. ΠΑΓΝΗ 24-008817", "008817"),
    ("Chamar sexta 23/02 para rever", "23/02"),
    ("Primeiro internamento out/2022, depois nov/23", "out/2022"),
    # session 20 (heldout28, a development set since): logins, lower-case Mac names, local numbers, labelled IDs
    ("Verified by tbrandt 14:02", "tbrandt"),
    ("Entered by: mlarson", "mlarson"),
    ("user dfontaine2 logged the dose", "dfontaine2"),
    ("night staff: ruaridh mackay, hca", "mackay"),
    ("Call ER 722-2026 when 10 min out", "722-2026"),
    ("site officer Mr Hussain Al-Aradi (1725 6610) informed", "1725 6610"),
    ("Nombre: ELIDA MONTEZUMA   Cedula: 12-714-2315", "12-714-2315"),
    ("DOB 02/09/1989, SSB 000482913", "000482913"),
    ("Asegurado IPS   H.C. N° 458.221", "458.221"),
    ("Signature: /s/ SJH   Date: 09/16/2024", "SJH"),
]
KEPT = [
    "frank haematuria, will review",
    "Hoehn and Yahr stage 2",
    "Kellgren-Lawrence grade 3",
    "Austin Flint murmur",
    "Abbey pain scale 11",
    "Barrett's oesophagus Prague C2M5",
    "Burkholderia pseudomallei",
    "Sinemet 12.5/50",
    "fever 3/7",
    "review in 3/12",
    "power 4/5",
    "BiPAP 14/6",
    "4/4 cores",
    "ISUP Grade Group 3",
    "Garden III",
    "19 Fr Blake drain",
    "Nottingham Hip Fracture Score 6",
    "Barthel Index 55/100",
    "COPD, Asthma",
    "HR is 97",
    "weight was 95 kg",
    "Entresto (sacubitril/valsartan) 24/26 mg",
    "denosumab (Prolia) 60 mg SC",
    # session 17: a named operation, one modifier word before the noun, a roman stage with a capital letter
    "Whipple pancreaticoduodenectomy",
    "Bankart shoulder repair",
    "Schatzker IVB",
    "Fregoli delusion",
    "Lassa fever",
    # session 18: digit words that are doses, not numbers; a letter that ends a unit or a vitamin is no initial
    "one or two tablets two three times a day",
    "CRP 48 mg/L. Spirometry",
    "low vitamin D. Recheck in 3/12",
    "initial SOFA 11",
    # a relation word before a heading or a drug is no name
    "Child Protection Medical Assessment",
    "Elle prend son Previscan 20 mg",
    # session 19: near-misses of the patterns above
    "faltering growth with rapid in-patient catch-up",
    "given by IV push",
    "the patient feels better",
    "options A and B",
    "BP 120 80 HR 88",
    "MMSE 17/30",
    "Wagner graad 2",
    "Todd's paresis",
    "Fleischner Society 2017",
    "95 (ninety five) percent",
    "door de huisarts gezien",
    "Bed 4 72F",
    "DuoNeb nebs QID",
    # Portuguese words of a ward note are no names (foreign_words: derived words of the deeper frequency lists)
    "Regulação: caso aceite",
    # dose ranges are no local phone numbers; English plurals after a colon are no logins
    "gabapentin 100-2000 mg/day titrated",
    "Symptoms: fevers, rigors and chills",
]


@pytest.mark.parametrize(("text", "identifier"), REMOVED)
def test_identifier_removed(deid: Deidentifier, text: str, identifier: str) -> None:
    out = deid.deidentify(text).text
    assert identifier not in out, out


@pytest.mark.parametrize("text", KEPT)
def test_clinical_string_kept(deid: Deidentifier, text: str) -> None:
    out = deid.deidentify(f"Findings {text}.").text
    assert text in out, out


def test_two_ambiguous_neighbours_and_listed_children(deid: Deidentifier) -> None:
    """Session 15: a name beside a clear given name is taken whichever side it is on ("Euan Baxter"), and a child
    listed with a date of birth under a clinical-word name is removed everywhere it recurs."""
    out = deid.deidentify(
        "Attendees: Euan Baxter - housing officer.\n Harris Kerr, DOB 02/06/2023\nHarris weighed today."
    ).text
    assert "Baxter" not in out and "Harris" not in out, out
    kept = deid.deidentify("Salter-Harris II fracture of the distal radius; no Ramsay Hunt.").text
    assert "Salter-Harris II" in kept and "Ramsay Hunt" in kept, kept
