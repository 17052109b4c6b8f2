"""Identifiers in table columns: a pipe table whose header names a chart or ID number column, or an age column.

Handover and census tables put the label once, in the header ("| Bed | Patient | IP No. | Age |"), and the numbers
in the rows below it ("| 3 | Sita Shrestha | IP-81-05-2214 | 58 |"), where no label-before-value pattern can see
them. This recognizer reads each table's header, finds the columns whose heading is an identifier label, and marks
the digit-bearing values in those columns of every row. Columns such as "Age", "Bed" or lab results are left alone.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# a heading that names an identifier column (English and the languages of our test notes)
_ID_HEADING = regex.compile(
    r"(?i)^(?:(?:ip|op|ipd|opd|mr|hosp(?:ital)?|chart|record|reg(?:istration)?|file|folder|case|patient|pt|unit|"
    r"admission|inpatient|bed[- ]?head|health|insurance|member|national|id)\s*(?:no\.?|nr\.?|number|#|id)|mrn|uhid|"
    r"nhc|hn|urn|ur\s*no\.?|nhs(?:\s*(?:no\.?|number))?|nhi|chi|ipp|ird|prontu[aá]rio|proc(?:esso)?\.?|"
    r"n[ºo°]\.?\s*(?:de\s*)?(?:utente|processo|dossier|historia)|utente|dossier|historia(?:\s+cl[ií]nica)?|"
    r"expediente|cartella|fall-?nr\.?|patiënt(?:en)?nr\.?|id(?:entifier)?|ssn|sin|nin|nik|nric|aadhaar|cpf|cns)"
    r"(?:\s*/\s*[\p{L}º°. ]{1,20})?$"
)
# an age column: values of 90 or more in it are ages Safe Harbor removes
_AGE_HEADING = regex.compile(
    r"(?i)^(?:age|age\s*\(y(?:ears|rs)?\)|idade|edad|[âa]ge|alter|et[àa]|aldur|wiek|leeftijd|[åa]lder|umur|tu[ổo]i|ya[şs]|"
    r"age/sex|age\s*/\s*sex|возраст|вік)$"
)
_AGE_CELL = regex.compile(
    r"^\s*(?P<v>9\d|1[0-2]\d)\s*(?:y|yrs?|years?|a|anos|años)?\s*(?:/\s*[MFmf])?\s*$"
)
_VALUE = regex.compile(r"(?<![\w])(?:[A-Z]{1,5}[-/ ]?)?\d[\d./ -]{2,22}\d(?:[A-Z])?(?![\w])")
_ROW = regex.compile(r"(?m)^[ \t]*\|.*\|[ \t]*$")
_RULE = regex.compile(r"^[\s|:\-–]+$")


class TableColumnRecognizer(EntityRecognizer):
    """Chart and ID numbers in the column of a pipe table whose header names them."""

    ENTITY = "MRN"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY, "AGE"],
            name=type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "|" not in text:
            return []
        out: list[RecognizerResult] = []
        columns: set[int] | None = None
        ages: set[int] = set()
        last_end = -2
        for m in _ROW.finditer(text):
            line = m.group(0)
            if m.start() > last_end + 1:  # a new table starts: its first row is the header
                columns = None
            last_end = m.end()
            if _RULE.match(line):
                continue
            cells = line.split("|")
            if columns is None:
                columns = {i for i, c in enumerate(cells) if _ID_HEADING.match(c.strip())}
                ages = {i for i, c in enumerate(cells) if _AGE_HEADING.match(c.strip())}
                continue
            pos = m.start()
            for i, cell in enumerate(cells):
                age = _AGE_CELL.match(cell) if i in ages else None
                if age:
                    out.append(
                        RecognizerResult(
                            "AGE",
                            pos + age.start("v"),
                            pos + age.end("v"),
                            0.9,
                            recognition_metadata={
                                "recognizer_name": type(self).__name__,
                                "pattern": "table_age",
                            },
                        )
                    )
                if i in columns:
                    for v in _VALUE.finditer(cell):
                        if sum(ch.isdigit() for ch in v.group(0)) >= 4:
                            out.append(
                                RecognizerResult(
                                    self.ENTITY,
                                    pos + v.start(),
                                    pos + v.end(),
                                    0.9,
                                    recognition_metadata={
                                        "recognizer_name": type(self).__name__,
                                        "pattern": "table_column",
                                    },
                                )
                            )
                pos += len(cell) + 1
        return out
