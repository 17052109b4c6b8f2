"""Scores the dose checker on an independent case set (JSON Lines written blind by a pharmacist helper).

Each case has `expected` (error | correct | not_checked | notation), `severity`, `drugs` and `rules`.

- an `error` case is caught when a warning or critical finding names one of the case's drugs (or the case names
  none); a `critical` case counts as caught at critical only with a critical finding on those drugs;
- a `correct` case is a false alarm when any warning or critical finding is produced;
- `not_checked` / `notation` cases pass when a finding of one of the case's rules (any severity) is produced.
- an `unknown_drug` case whose drugs have all since been added to the formulary (nimodipine after set 6) no
  longer tests coverage: it is scored as a correct order (no warning or critical finding), and counted apart.

Run as a script to print the figures and the misses: `python tests/dosing/independent/scoring.py set1.jsonl`.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PATIENT_KEYS = {
    "age",
    "age_years",
    "sex",
    "weight_kg",
    "weight",
    "height_cm",
    "egfr",
    "crcl",
    "scr",
    "scr_mg_dl",
    "creatinine",
    "potassium",
    "k",
    "pregnant",
    "allergies",
}
SERIOUS = {"warning", "critical"}
INFO_RULES_EQUIVALENT = {
    "not_checked": {"not_checked", "unknown_drug", "weight_based"},
    "unknown_drug": {"unknown_drug", "not_checked"},
    # set 7's authors were told to label "weight-based drug with no weight" as rule weight_based; the checker
    # reports it as not_checked naming the missing weight
    "weight_based": {"weight_based", "not_checked"},
    # set 18's authors labelled the same case (a per-kg order, no weight recorded) with rule "weight"
    "weight": {"weight", "weight_based", "not_checked"},
}


@dataclass
class Score:
    n: int = 0
    errors: int = 0
    caught: int = 0
    critical: int = 0
    critical_caught: int = 0
    correct: int = 0
    false_alarms: int = 0
    info_cases: int = 0
    info_reported: int = 0
    crashes: int = 0
    now_in_formulary: int = 0
    misses: list[str] = field(default_factory=list)
    critical_misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    info_misses: list[str] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)
    failed_by_category: Counter[str] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.caught / max(1, self.errors)

    @property
    def critical_recall(self) -> float:
        return self.critical_caught / max(1, self.critical)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / max(1, self.correct)

    @property
    def info_rate(self) -> float:
        return self.info_reported / max(1, self.info_cases)

    def summary(self) -> str:
        return (
            f"n={self.n} recall {self.recall:.3f} ({self.caught}/{self.errors}), critical caught at critical "
            f"{self.critical_recall:.3f} ({self.critical_caught}/{self.critical}), false alarms "
            f"{self.false_alarm_rate:.3f} ({self.false_alarms}/{self.correct}), not-checked/notation reported "
            f"{self.info_rate:.3f} ({self.info_reported}/{self.info_cases}), crashes {self.crashes}"
            + (
                f", unknown-drug cases now in the formulary (scored as correct) {self.now_in_formulary}"
                if self.now_in_formulary
                else ""
            )
        )


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# From set 24 on, the authors' brief defined patient.scr in micromol/L (sets 1-15 wrote it in mg/dL); the checker's
# contract keeps scr in mg/dL and takes SI values as scr_umol_l, so those sets' values are passed under that name
SCR_UMOL_FROM_SET = 24


def _patient(case: dict[str, Any]) -> dict[str, Any] | None:
    p = case.get("patient") or None
    if not p:
        return None
    out = {k: v for k, v in p.items() if k in PATIENT_KEYS}
    m = re.match(r"s(\d+)-", str(case.get("id", "")))
    if "scr" in out and m and int(m.group(1)) >= SCR_UMOL_FROM_SET:
        out["scr_umol_l"] = out.pop("scr")
    return out


def _norm(name: str) -> str:
    """Drug names compare without case and with hyphens as spaces ("sulfamethoxazole trimethoprim")."""
    return name.lower().replace("-", " ").strip()


def _names_match(gold: set[str], found: list[str]) -> bool:
    """A finding names a case drug when the names are equal, or when one is the other with a salt or form word
    added ("penicillin g" for "penicillin g benzathine", "insulin glargine" for "insulin glargine u300")."""
    for f in (_norm(d) for d in found):
        for g in gold:
            if f == g or g.startswith(f + " ") or f.startswith(g + " "):
                return True
    return False


def _describe(findings: list[Any]) -> str:
    return (
        "; ".join(f"{f.severity}/{f.rule}/{','.join(f.drugs)}" for f in findings) or "no findings"
    )


def score(checker: Any, cases: list[dict[str, Any]]) -> Score:
    s = Score()
    formulary = getattr(checker, "formulary", None)
    # compared as the cases' names are, hyphens as spaces ("hyoscine-butylbromide")
    known = {_norm(d) for d in getattr(formulary, "drugs", {}) or {}}
    names = getattr(formulary, "synonyms", {}) or {}
    for c in cases:
        s.n += 1
        cat, exp, drugs = (
            c.get("category", "?"),
            c["expected"],
            {_norm(d) for d in c.get("drugs") or []},
        )
        s.by_category[cat] += 1
        # a case's drug written by another name the formulary knows ("benzathine benzylpenicillin", the BAN of
        # penicillin G benzathine) is that drug
        drugs = drugs | {_norm(names[d]) for d in drugs if d in names}
        if (
            exp == "not_checked"
            # labelled as an unknown drug ("unknown_drug", with or without "not_checked" beside it)
            and "unknown_drug" in set(c.get("rules") or [])
            and set(c.get("rules") or []) <= {"unknown_drug", "not_checked"}
            and drugs
            and drugs <= known
        ):
            exp = "correct"
            s.now_in_formulary += 1
        try:
            findings = checker.check(c["text"], patient=_patient(c)).findings
        except Exception as exc:  # a crash is a failure of the case, and counted
            s.crashes += 1
            findings = []
            c = {**c, "rationale": f"CRASH {type(exc).__name__}: {exc}"}
        about = [f for f in findings if not drugs or _names_match(drugs, f.drugs)]
        tag = f"{c['id']} [{cat}] {c['text'][:110]!r} -> {_describe(findings)}"
        if exp == "error":
            s.errors += 1
            if any(f.severity in SERIOUS for f in about):
                s.caught += 1
            else:
                s.misses.append(tag)
                s.failed_by_category[cat] += 1
            if c.get("severity") == "critical":
                s.critical += 1
                if any(f.severity == "critical" for f in about):
                    s.critical_caught += 1
                else:
                    s.critical_misses.append(tag)
        elif exp == "correct":
            s.correct += 1
            if any(f.severity in SERIOUS for f in findings):
                s.false_alarms += 1
                s.alarms.append(tag)
                s.failed_by_category[cat] += 1
        else:
            s.info_cases += 1
            wanted = set(c.get("rules") or [exp])
            for r in list(wanted):
                wanted |= INFO_RULES_EQUIVALENT.get(r, set())
            if any(f.rule in wanted for f in findings):
                s.info_reported += 1
            else:
                s.info_misses.append(tag)
                s.failed_by_category[cat] += 1
    return s


def main(argv: list[str]) -> int:
    from cdss.dosing import DoseChecker, Formulary

    root = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[3]
    checker = DoseChecker(Formulary.load(root / "corpora" / "formulary"))
    s = score(checker, load(Path(argv[1])))
    print(s.summary())
    for title, rows in (
        ("MISSED", s.misses),
        ("CRITICAL NOT AT CRITICAL", s.critical_misses),
        ("FALSE ALARMS", s.alarms),
        ("NOT REPORTED", s.info_misses),
    ):
        print(f"\n== {title} ({len(rows)})")
        print("\n".join(rows))
    print("\nfailed by category:", dict(s.failed_by_category.most_common()))
    print("cases by category:", dict(s.by_category.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
