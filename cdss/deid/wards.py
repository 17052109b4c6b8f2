"""Hospital units and wards named by number, letter and service: "4 West Telemetry", "5B Med-Surg", "ICU-2",
"Ward 7B Renal", "afdeling Vlinder", "Kaveri Block, 3rd Floor". A unit names where the patient lies in one
hospital, which with a date narrows them to a handful of people, so it is treated as a location; bare service
names ("the ICU", "Renal ward") are not."""

from __future__ import annotations

from typing import ClassVar

from cdss.deid.base import CAP, ClinicalPatternRecognizer, Pat


class WardRecognizer(ClinicalPatternRecognizer):
    """Numbered and named hospital units."""

    ENTITY = "LOCATION"
    SERVICE: ClassVar[str] = (
        r"(?:Tele(?:metry)?|Med[- ]?Surg(?:ical)?|Surgical|Medical|Step[- ]?Down|Oncology|Onc|Cardiac|Cardiology|"
        r"Ortho(?:p(?:a)?edics)?|Neuro(?:logy|surgery)?|Renal|Nephrology|ICU|PCU|CCU|HDU|Rehab|Stroke|Respiratory|"
        r"Gen(?:eral)? Med(?:icine)?|Acute Medical|AMU|Maternity|Postnatal|Antenatal|Labou?r|Paediatrics|Pediatrics|"
        r"Peds|Geriatrics|Psych(?:iatry)?|Observation|Obs|Short Stay)"
    )
    WING: ClassVar[str] = r"(?:North|South|East|West|Central|NE|NW|SE|SW)"
    PATTERNS = (
        Pat(
            "floor_wing",
            rf"(?<![\w/.-])(?P<v>\d{{1,2}}[A-Z]?[ -]?{WING}(?:[ -]+{SERVICE}){{0,3}})(?![\w-])(?! (?:Nile|Africa|Bengal|Virginia|Midlands|Coast|Bank|Indies))",
            0.8,
        ),
        Pat(
            "number_service",
            rf"(?<![\w/.-])(?P<v>\d{{1,2}}[A-Z][ -]+{SERVICE}(?:[ -]+{SERVICE}){{0,2}})(?![\w-])",
            0.8,
        ),
        Pat(
            "unit_number",
            r"(?<![\w/.-])(?P<v>(?:ICU|CCU|PACU|NICU|PICU|MICU|SICU|CVICU|CTICU|HDU|PCU)[ -]\d{1,2}[A-Z]?)(?![\w-])",
            0.8,
        ),
        Pat(
            "ward_number",
            rf"(?<![\w])(?P<v>(?:Ward|Unit|Pod|Wing|Station)\s+\d{{1,2}}[A-Z]?(?:\s+{SERVICE})?)(?![\w-])",
            0.8,
        ),
        Pat(
            "ward_word",
            r"(?<![\w])(?P<v>(?i:afdeling|station|unité|unite|sala|reparto|oddział|avdeling|avdelning)\s+[\p{Lu}\d][\p{L}\d-]+)",
            0.8,
        ),
        Pat(
            "block_floor",
            rf"(?P<v>{CAP} (?:Block|Wing|Tower)(?:,? \d{{1,2}}(?:st|nd|rd|th) Floor)?)",
            0.8,
        ),
    )
