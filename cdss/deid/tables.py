"""Identifiers in table columns: pipe tables and CSV exports whose header names a name, ID or age column.

Handover and census tables, bed-board exports, call logs and registers put the label once, in the header
("| Bed | Patient | IP No. | Age |", "ward,bed,URN,surname,given,age"), and the values in the rows below it, where
no label-before-value pattern can see them. This recognizer reads each table's header, finds the columns whose
heading is an identifier label, and marks the values in those columns of every row: digit-bearing values in ID
columns, ages of 90 or more in age columns (numbers or words), and the name in name columns (titles, roles and
bracketed notes left out). Columns such as "Bed", "Procedure" or lab results are left alone, so clinical text in
the same rows survives.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# a heading that names an identifier column (English and the languages of our test notes)
_ID_HEADING = regex.compile(
    r"(?i)^(?:(?:ip|op|ipd|opd|mr|hosp(?:ital)?|chart|record|reg(?:istration)?|file|folder|case|patient|pt|unit|"
    r"admission|inpatient|bed[- ]?head|health|insurance|member|national|id|bib|accession|specimen|sample|lab|"
    r"subject|encounter|visit|episode|booking|lot|batch|ref(?:erence)?)\s*(?:no\.?|nr\.?|number|#|id)|mrn|uhid|"
    r"nhc|hn|urn|ur\s*no\.?|nhs(?:\s*(?:no\.?|number))?|nhi|chi|ipp|ird|prontu[aá]rio|proc(?:esso)?\.?|"
    r"n[ºo°]\.?\s*(?:de\s*)?(?:utente|processo|dossier|historia)|utente|dossier|historia(?:\s+cl[ií]nica)?|"
    r"expediente|cartella|fall-?nr\.?|patiënt(?:en)?nr\.?|id(?:entifier)?|ssn|sin|nin|nik|nric|aadhaar|cpf|cns|"
    r"bib|accession|lot|batch)"
    r"(?:\s*/\s*[\p{L}º°. ]{1,20})?$"
)
# an age column: values of 90 or more in it are ages Safe Harbor removes
_AGE_HEADING = regex.compile(
    r"(?i)^(?:age|age\s*\(y(?:ears|rs)?\)|idade|edad|[âa]ge|alter|et[àa]|aldur|wiek|leeftijd|[åa]lder|umur|tu[ổo]i|ya[şs]|"
    r"age/sex|age\s*/\s*sex|age/gender|возраст|вік)$"
)
_AGE_CELL = regex.compile(
    r"^\s*(?P<v>(?:9\d|1[0-2]\d)(?:\s*(?:y|yrs?|years?|a|anos|años))?|ninety(?:[- ]\w+)?|one hundred(?:[- ]\w+)*|"
    r"a hundred(?:[- ]\w+)*)\s*(?:/?\s*[MFmf])?\s*$"
)
# a column of people: the patient, a relative, or the staff member who took, gave or witnessed something
_PERSON_HEADING = regex.compile(
    r"(?i)^(?:(?:patient|pt|child|resident|client|deceased|donor|contact|member|staff|pax|crew|passenger|runner|"
    r"student|pupil|mother|father|parent|carer|guardian|informant)(?:'s)?(?:\s+(?:full\s+)?name)?"
    r"(?:\s*\([\w ]{1,12}\))?(?:\s*/\s*(?:mrn|nhi|id|hn|urn|dob))?|(?:full\s+|patient\s+)?name(?:\s*\([\w ]{1,12}\))?|"
    r"surname|last\s*name|family\s*name|first\s*name|given(?:\s*name)?|forename|called\s+to|given\s+by|"
    r"witness(?:ed)?(?:\s+by)?|checked\s+by|taken\s+by|received\s+by|recorded\s+by|by|initials|nok|next\s+of\s+kin|"
    r"nurse|vaccinator|recorder|nickname|alias|aka|known\s+as|midwife|mw|carer|key\s*worker|named\s+nurse|"
    r"allocated(?:\s+nurse)?|staff|"
    # session 19: who consented, signed or cared for each row ("| Consenter | LAR / witness |", "| RN |")
    r"consenter|consented\s+by|consenting\s+clinician|obtained\s+by|lar(?:\s*/\s*witness)?|rn|en|hca|"
    r"signed(?:\s+by)?|sign(?:ature)?|clinician|prescriber|seen\s+by|reviewed\s+by|"
    # Dutch: verpleegkundige (vpk), paraaf, initialen
    r"vpk|verpleegkundige|paraaf|initialen)$"
)
_VALUE = regex.compile(r"(?<![\w])(?:[A-Z]{1,5}[-/ ]?)?\d[\d./ -]{1,22}\d(?:[A-Z])?(?![\w])")
_RULE = regex.compile(r"^[\s|:\-–+=]+$")
# a name cell: leading titles and trailing roles, brackets and "/ MRN" are not part of the name
_TITLE = regex.compile(
    r"(?i)^(?:(?:dr|mr|mrs|ms|miss|mx|prof|sr|sister|nurse|mevr|dhr|herr|frau|mme|m|sn|s/n)\.?\s+)+"
)
_ROLE = regex.compile(r"(?i)(?:\s+(?:RN|EN|RM|NP|MD|HCA|CNA|LPN|RPN|SN|OT|PT))+\s*$")
_NAME = regex.compile(r"^[\p{Lu}\p{Ll}'’. \-\"“”,@]{2,60}$")
_PARTICLES = frozenset(
    "de da del della di du van von der den la le bin binti bte al el y e ter ten".split()
)
_NOT_NAMES = frozenset(
    "- -- n/a na nil none tbc self unknown resident staff visitor yes no y n pending same ditto ? patient".split()
)


def _cells(line: str, delim: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each cell; a comma inside double quotes does not split a CSV cell."""
    start, quoted = 0, False
    for i, ch in enumerate(line):
        if ch == '"' and delim == ",":
            quoted = not quoted
        elif ch == delim and not quoted:
            yield start, line[start:i]
            start = i + 1
    yield start, line[start:]


def _header(line: str) -> str | None:
    """The delimiter of a line that can head a table: pipes, or a CSV header of short word cells."""
    if line.count("|") >= 2:
        return "|"
    cells = line.split(",")
    if len(cells) >= 4 and all(
        0 < len(c.strip()) <= 25 and not regex.search(r"\d{3}|\s{2}", c) for c in cells
    ):
        return ","
    return None


def _headings(line: str, delim: str) -> dict[int, str]:
    """The identifier columns a header line names, by cell index."""
    kinds: dict[int, str] = {}
    for i, (_, cell) in enumerate(_cells(line, delim)):
        head = cell.strip().strip("#*").strip()
        if _AGE_HEADING.match(head):
            kinds[i] = "AGE"
        elif _ID_HEADING.match(head):
            kinds[i] = "ID"
        elif _PERSON_HEADING.match(head):
            kinds[i] = "PERSON"
    return kinds


class TableColumnRecognizer(EntityRecognizer):
    """Names, chart and ID numbers and ages over 89 in the columns of a table whose header names them."""

    ENTITY = "MRN"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY, "AGE", "PERSON"],
            name=type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "|" not in text and "," not in text:
            return []
        out: list[RecognizerResult] = []
        kinds: dict[int, str] = {}
        delim: str | None = None
        width, paused, pos, tdelim = 0, 0, 0, "|"
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            if delim is not None and (delim not in line or not line.strip()):
                # "--- LUNCH 12:30-13:15 ---" between rows: the table pauses; a row as wide as the header
                # within the next two lines resumes it
                tdelim, delim, paused = delim, None, 3
            if delim is None:
                d = _header(line)
                heads = _headings(line, d) if d else {}
                # a CSV header needs two heading cells and no "label: value" cell (prose lists have commas too)
                if heads and (d == "|" or (len(heads) >= 2 and ":" not in line)):
                    kinds, delim, width, paused = (
                        heads,
                        d,
                        sum(1 for _ in _cells(line, d or "|")),
                        0,
                    )
                    continue
                if paused and kinds:
                    paused -= 1
                    if tdelim in line and abs(sum(1 for _ in _cells(line, tdelim)) - width) <= 1:
                        delim = tdelim
                if delim is None:
                    continue
            if _RULE.match(line):
                continue
            for i, (off, cell) in enumerate(_cells(line, delim)):
                kind = kinds.get(i)
                if kind is not None:
                    out += self._cell(kind, cell, start + off)
        return out

    def _cell(self, kind: str, cell: str, at: int) -> list[RecognizerResult]:
        if kind == "AGE":
            age = _AGE_CELL.match(cell)
            return (
                [self._result("AGE", at + age.start("v"), at + age.end("v"), "table_age")]
                if age
                else []
            )
        if kind == "ID":
            return [
                self._result(self.ENTITY, at + v.start(), at + v.end(), "table_column")
                for v in _VALUE.finditer(cell)
                if sum(ch.isdigit() for ch in v.group(0)) >= 4
            ]
        # a name: before any " / MRN" or "(note)", without titles and roles
        end = len(cell)
        for stop in (" / ", "(", " - ", "->"):
            k = cell.find(stop)
            if 0 <= k < end:
                end = k
        body = cell[:end]
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        title = _TITLE.match(body)
        if title:
            lead, body = lead + title.end(), body[title.end() :]
        role = _ROLE.search(body)
        if role:
            body = body[: role.start()]
        body = body.rstrip(" ,.;:")
        words = [w for w in regex.split(r"[\s,]+", body) if regex.search(r"\p{L}", w)]
        if (
            len(body.strip(".")) < 2
            or body.lower() in _NOT_NAMES
            or not _NAME.match(body)
            or not words
            or len(words) > 6
            # every word capitalised, bar surname particles ("d/o" is cut at the slash): not a note in the cell
            or any(
                not w.lstrip("\"“'").lstrip("(")[:1].isupper() and w.lower() not in _PARTICLES
                for w in words
            )
        ):
            return []
        return [self._result("PERSON", at + lead, at + lead + len(body), "table_name")]

    def _result(self, entity: str, start: int, end: int, pattern: str) -> RecognizerResult:
        return RecognizerResult(
            entity,
            start,
            end,
            0.9,
            recognition_metadata={"recognizer_name": type(self).__name__, "pattern": pattern},
        )
