"""Names in non-Latin scripts beside, after a label or before an honorific; their romanised form in brackets."""

from __future__ import annotations

import pytest

from cdss.deid import Deidentifier

pytestmark = pytest.mark.unit


def removed(deid: Deidentifier, text: str, value: str) -> bool:
    spans = [text[e.start : e.end] for e in deid.analyze(text)]
    return any(value in s for s in spans)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bed 4: 黃志強 WONG Chi-keung, M/78, for OGD today.", "黃志強"),
        ("Referred by: 최민수 교수 (Cardiology). Echo attached.", "최민수"),
        ("Patient: นาง มาลี ใจดี (Mrs Malee Jaidee), 66 F, CKD 3b.", "มาลี"),
        ("Patient: นาง มาลี ใจดี (Mrs Malee Jaidee), 66 F, CKD 3b.", "Malee Jaidee"),
        ("Nom de la mère : سلمى حداد\nAntécédents : HTA.", "سلمى حداد"),
        ("Objet : Mme Leila Haddad — ليلى حداد\nTA 150/90.", "ليلى حداد"),
        ("pt: 鈴木 一郎 (suzuki ichiro) 58m, HbA1c 8.1%", "suzuki ichiro"),
        ("wife ወ/ሮ ሰላም will bring the INR booklet", "ሰላም"),
        ("To: Ferreira, Joana <joana.ferreira@example.org>\nSubject: bloods", "Ferreira, Joana"),
        ("C.F.: RSSMRA80A01H501U, residente a Roma", "RSSMRA80A01H501U"),
        ("เลขบัตรประชาชน 1-1037-00221-45-6", "1-1037-00221-45-6"),
    ],
)
def test_removed(deid: Deidentifier, text: str, value: str) -> None:
    assert removed(deid, text, value), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # clinical text in another script with no name cue stays
        ("| 7 | ฟ้าทะลายโจร (Andrographis) caps 2 TID | herbal |", "ฟ้าทะลายโจร"),
        ("진료과 Dept: 유방외과 Breast Surgery", "Breast Surgery"),
        ("Ward: 內科 (Medicine), bed 12", "Medicine"),
    ],
)
def test_kept(deid: Deidentifier, text: str, value: str) -> None:
    assert not removed(deid, text, value), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Patient: Kaiah NAPURRULA     URN: T1234567", "NAPURRULA"),
        ("Patient: 'Ofa Lupe HAVILI   NHI ZKB48QT", "'Ofa Lupe HAVILI"),
        ("Patient: 'Ofa Lupe HAVILI   NHI ZKB48QT", "ZKB48QT"),
        ('pt: maria elena soto ("nena")  mrn 5512034', "nena"),
        ("Whaea Aroha Tane, kaiārahi, attended the hui.", "Aroha"),
        ("mother doña chela at bedside", "chela"),
        ("dispo: home\nr. okonkwo md", "r. okonkwo"),
        ("Known PLHIV, CCC No. 11204-07733, on TLD", "11204-07733"),
        ("Inpatient No: 23-551870J      Bill Ref: BL-1", "23-551870J"),
        ("CNS (Cartão SUS): 700 5021 8834 1276", "700 5021 8834 1276"),
        ("Spouse: Elif Kaya 0542 771 30 18", "0542 771 30 18"),
        ("Daughter: Mei (WONG Mei-yee) 9273 1184 visiting", "9273 1184"),
        ("Claims officer: Aisyah binte Rahman", "binte"),
    ],
)
def test_removed_heldout10_kinds(deid: Deidentifier, text: str, value: str) -> None:
    assert removed(deid, text, value), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hb 9.8, plt 2150 4400 later", "2150 4400"),  # not after a name or bracket
        ("vancomycin 1000 mg IV q12h", "1000"),
    ],
)
def test_kept_heldout10_kinds(deid: Deidentifier, text: str, value: str) -> None:
    assert not removed(deid, text, value), text
