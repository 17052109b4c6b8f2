"""The values de-identification hands to the rest of the service: detected spans and the de-identified note.

They live apart from the engine so that the pseudonymizer, the audit and the web layer can use them without
importing Presidio or spaCy (and without the engine <-> pseudonym import cycle).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import regex


@dataclass
class Entity:
    """One identifier span in the original note (character offsets), its type and the detector's confidence."""

    start: int
    end: int
    type: str
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "score": round(self.score, 3),
        }


@dataclass
class DeidResult:
    """The note with identifiers replaced by numbered tags. `mapping` (tag -> original value) stays in memory to
    re-link the clinician's view; it is never logged or stored."""

    text: str
    entities: list[Entity]
    mapping: dict[str, str] = field(repr=False, default_factory=dict)
    replaced_bytes: bool = False

    def counts(self) -> dict[str, int]:
        return dict(Counter(e.type for e in self.entities))

    def relink(self, text: str) -> str:
        """Put the original values back into text shown to the clinician (never into logs or storage)."""
        return regex.sub(
            r"\[([A-Z]+_\d+)\]", lambda m: self.mapping.get(m.group(1), m.group(0)), text
        )
