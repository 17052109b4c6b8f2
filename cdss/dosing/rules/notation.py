"""Error-prone notation (ISMP list and The Joint Commission do-not-use list) inside medication statements."""

from __future__ import annotations

import re
from typing import ClassVar

from cdss.dosing.rules.base import Finding, Rule, RuleContext
from cdss.dosing.severity import Severity

UNITS = r"(?:mg|mcg|g|units?|meq|ml|mmol)\b"
_MS_DOSE = re.compile(r"\b(MS|MSO4|MS04|MgSO4|MgS04)\s+\d+(?:\.\d+)?\s*(?:mg|g)\b")


class NotationRule(Rule):
    """Protects against misreadings: "1.0 mg" read as 10 mg, ".5 mg" as 5 mg, "U" as 0 or 4, "IU" as IV or 10,
    "µg" as mg, "QD" as QID, "QOD" as QID, "MSO4"/"MgSO4" confused. Reported as information on the statement it occurs in."""

    name = "notation"
    PATTERNS: ClassVar[list[tuple[str, re.Pattern[str], str]]] = [
        (
            "trailing zero",
            re.compile(r"(?i)(?<![\d.])\d+\.0+\s*" + UNITS),
            "write 1 mg, never 1.0 mg (read as 10 mg)",
        ),
        (
            "naked decimal",
            re.compile(r"(?i)(?<![\d.\w])\.\d+\s*" + UNITS),
            "write 0.5 mg, never .5 mg (read as 5 mg)",
        ),
        (
            "U for units",
            re.compile(
                r"(?<![\w.])\d+(?:\.\d+)?\s*[Uu](?:(?![\w/])|(?=/(?:min|h|hr|kg|day|dose|mL|ml)\b))"
            ),
            "write 'units' ('U' is read as 0 or 4)",
        ),
        (
            "µg",
            re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*[µμ]g\b"),
            "write 'mcg' ('µg' is read as mg, a 1,000-fold overdose)",
        ),
        (
            "IU",
            re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*IU\b|\bIU\b"),
            "write 'units' or 'international units' (IU is read as IV or 10)",
        ),
        ("QD", re.compile(r"(?i)\bq\.?\s?d\.?(?![\w])"), "write 'daily' (QD is read as QID)"),
        (
            "QOD",
            re.compile(r"(?i)\bq\.?\s?o\.?\s?d\.?(?![\w])"),
            "write 'every other day' (QOD is read as QID or daily)",
        ),
        (
            "SQ/SC",
            re.compile(r"(?<![\w/])(?:SQ|SC|sq|s\.c\.|subq)(?![\w/])"),
            "write 'subcut' or 'subcutaneously' (SQ is read as '5 every', SC as SL)",
        ),
        (
            "cc",
            re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*cc\b"),
            "write 'mL' ('cc' is read as 'u' or '00')",
        ),
        (
            "HS/qhs",
            re.compile(r"(?i)(?<![\w])q?hs(?![\w])"),
            "write 'at bedtime' (HS is read as half-strength, qhs as every hour)",
        ),
        (
            "drug abbreviation",
            re.compile(
                r"\b(?:AZT|HCTZ|HCT|PTU|MTX|TNK|TPA|tPA|CPZ|PCA|ARA-A|AZA|DPT|HCl|MOM|NTG|6-MP)\b"
            ),
            "write the full drug name (ISMP: abbreviated drug names are mistaken for one another)",
        ),
        (
            "MSO4/MgSO4",
            re.compile(r"\b(?:MSO4|MS04|MgSO4|MgS04|MS)\b(?=\s*\d|\s+(?:IV|PO|IM))"),
            "write 'morphine sulfate' or 'magnesium sulfate' (the abbreviations are confused)",
        ),
    ]

    def check(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        for st in ctx.all_statements:
            if st.status == "allergy":
                continue
            a, b = st.span
            seg = ctx.text[max(0, a) : b]
            seen = set()
            for label, rx, advice in self.PATTERNS:
                m = rx.search(seg)
                if m and label not in seen:
                    seen.add(label)
                    out.append(
                        Finding(
                            self.name,
                            Severity.INFO,
                            [st.drug],
                            f"error-prone notation '{m.group(0).strip()}' "
                            f"({label}) in the {st.drug} order: {advice}",
                            (a + m.start(), a + m.end()),
                            st.origin,
                            "ISMP list of error-prone abbreviations; The Joint Commission do-not-use list",
                        )
                    )
        covered = {f.span for f in out}
        for m in _MS_DOSE.finditer(
            ctx.text
        ):  # "MS 2 mg IV": not a drug name the extractor knows, but an order
            if ctx.origin != "answer" and (m.start(), m.end()) not in covered:
                out.append(
                    Finding(
                        self.name,
                        Severity.INFO,
                        ["morphine"],
                        f"error-prone abbreviation '{m.group(1)}' for a "
                        "drug: write 'morphine sulfate' or 'magnesium sulfate' (MS, MSO4 and MgSO4 are "
                        "confused)",
                        (m.start(), m.end()),
                        ctx.origin,
                        "ISMP list of error-prone abbreviations; The Joint Commission do-not-use list",
                    )
                )
        return _unique(out)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.span, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
