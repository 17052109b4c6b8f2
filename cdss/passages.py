"""`Passage`: one retrieved chunk, the single type shared by retrieval, generation and the answer.

Retrieval returns passages with an empty `id`; the pipeline numbers the ones it shows the model
(`numbered(i)` gives S1..Sn), and from then on the same object is what prompts cite, what the verifier
checks quotes against and what the answer lists as its sources. One type means a field added at
ingestion (page, offsets, the screening flags) reaches every stage without a copy constructor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

# what `cdss search` and POST /v1/search return for each passage
SEARCH_FIELDS = ("chunk_id", "doc_id", "title", "section", "page", "text", "score")
# what an answer lists for each source it showed the model
SOURCE_FIELDS = ("id", *SEARCH_FIELDS)


@dataclass(kw_only=True)
class Passage:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    page: int | None
    text: str
    score: float
    kind: str = "guideline"
    start: int = 0  # character offsets of `text` in the stored document
    end: int = 0
    screen: dict[str, Any] | None = None  # what ingestion flagged in this chunk (ingest.screen)
    id: str = ""  # the label the model cites (S1..Sn); empty until the pipeline numbers it

    @property
    def instruction_spans(self) -> list[tuple[int, int]]:
        """Spans of sentences addressed to a model, found at ingestion: never shown as evidence."""
        return [(int(a), int(b)) for a, b in (self.screen or {}).get("instructions", [])]

    def numbered(self, i: int) -> Passage:
        return replace(self, id=f"S{i}")

    def to_json(self, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = round(self.score, 6)
        return d if fields is None else {k: d[k] for k in fields}
