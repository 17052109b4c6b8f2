"""One severity type with one ordering, used by rules, audit, report, panel and CDS Hooks cards.

`Severity` is a `StrEnum`, so a finding serialises as "info" / "warning" / "critical" and compares equal to
those strings; `rank` orders them (critical highest) wherever findings are sorted, counted or thresholded.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for critical: higher is worse."""
        return _RANK[self.value]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        try:
            return cls(str(value).lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r}; use info, warning or critical") from None

    def at_least(self, other: str | Severity) -> bool:
        return self.rank >= Severity.parse(other).rank


_RANK = {"info": 0, "warning": 1, "critical": 2}


def rank(value: str | Severity) -> int:
    """The rank of a severity given as text (audit files, JSON) or as a `Severity`."""
    return Severity.parse(value).rank


def sort_key(value: str | Severity) -> int:
    """Worst first: use as `sorted(findings, key=lambda f: sort_key(f.severity))`."""
    return -rank(value)
