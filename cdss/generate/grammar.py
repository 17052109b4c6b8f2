"""Grammar-constrained decoding for the transformers backend: the model can only emit JSON matching a schema.

Why llguidance: it is the engine behind structured outputs in llama.cpp and
one of vLLM's, so the transformers path constrains decoding the way the
servers do; it is a 7 MB wheel with no dependencies (xgrammar pulls in a 1 GB
triton for GPU kernels; outlines and lm-format-enforcer are heavier or
slower per token). The processor is written against the stable
`LogitsProcessor` call so it does not depend on a transformers integration.
"""

from __future__ import annotations

import json
from typing import Any

from cdss.errors import ModelError


class SchemaConstraint:
    """Built once per tokenizer; `processor(schema)` gives a fresh logits processor for one generation."""

    def __init__(self, hf_tokenizer: Any, vocab_size: int) -> None:
        try:
            import llguidance
            import llguidance.hf
        except ImportError as exc:  # pragma: no cover - a dependency of cdss
            raise ModelError(
                "constrained decoding needs llguidance: pip install llguidance"
            ) from exc
        self._ll = llguidance
        self.tokenizer = llguidance.hf.from_tokenizer(hf_tokenizer, n_vocab=vocab_size)

    def processor(self, schema: dict[str, Any]) -> Any:
        grammar = self._ll.LLMatcher.grammar_from_json_schema(
            json.dumps(schema), defaults={"whitespace_flexible": False}
        )
        return _JsonProcessor(self._ll, self.tokenizer, grammar)


class _JsonProcessor:
    """A transformers logits processor: masks every token the grammar does not allow next."""

    def __init__(self, ll: Any, tokenizer: Any, grammar: str) -> None:
        import llguidance.torch as llt

        self._llt = llt
        self.matcher = ll.LLMatcher(tokenizer, grammar)
        if self.matcher.is_error():
            raise ModelError(f"the answer schema could not be compiled: {self.matcher.get_error()}")
        self.bitmask = llt.allocate_token_bitmask(1, tokenizer.vocab_size)
        self.prompt_len: int | None = None

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self.prompt_len is None:
            self.prompt_len = int(input_ids.shape[1])
        else:
            self.matcher.consume_token(int(input_ids[0, -1]))
        self._llt.fill_next_token_bitmask(self.matcher, self.bitmask, 0)
        self._llt.apply_token_bitmask_inplace(scores, self.bitmask.to(scores.device))
        return scores
