"""Generation backends chosen by configuration (`generate.backend`), never by editing code."""

from __future__ import annotations

from cdss.config import Config
from cdss.embed import Embedder
from cdss.errors import ConfigError
from cdss.generate.types import Draft, GenerationRequest, Generator, Source

__all__ = ["Draft", "GenerationRequest", "Generator", "Source", "make_generator"]


def make_generator(
    config: Config,
    embedder: Embedder,
    synonyms: dict[str, str] | None = None,
    uncovered: dict[str, str] | None = None,
) -> Generator:
    """`synonyms`: the formulary's drug names (name -> generic), which the extractive backend uses to tell
    which drug a sentence is about; `uncovered`: medicines the guidelines discuss that have no formulary entry
    (other_names.yaml), which it abstains on when no source names them."""
    backend = config["generate.backend"]
    if backend == "extractive":
        from cdss.generate.extractive import ExtractiveGenerator

        return ExtractiveGenerator(
            embedder,
            max_sentences=config["generate.max_sentences"],
            rank_prior=config["generate.rank_prior"],
            min_similarity=config["generate.abstain_below"],
            synonyms=synonyms,
            uncovered=uncovered,
        )
    from cdss.generate.prompts import PromptSet

    prompts = PromptSet.load(config["generate.prompt_version"])
    if backend == "transformers":
        from cdss.generate.hf import TransformersBackend

        return TransformersBackend(
            config["generate.model_path"],
            prompts,
            cache_dir=config.resolve_path("generate.cache_dir"),
            device=config["generate.device"],
            max_new_tokens=config["generate.max_new_tokens"],
            temperature=config["generate.temperature"],
            adapter_path=config["generate.adapter_path"],
            merge_adapter=config["generate.merge_adapter"],
        )
    if backend == "openai":
        from cdss.generate.openai_compat import OpenAIBackend

        return OpenAIBackend(
            config["generate.base_url"],
            config["generate.model"],
            prompts,
            api_key_env=config["generate.api_key_env"],
            timeout=config["generate.timeout"],
            max_retries=config["generate.max_retries"],
            max_tokens=config["generate.max_new_tokens"],
            temperature=config["generate.temperature"],
            structured=config["generate.structured_output"],
        )
    if backend == "vertex":
        from cdss.generate.vertex import VertexBackend

        check_cloud_allowed(config)
        return VertexBackend(
            config["generate.vertex_project"],
            config["generate.vertex_region"],
            config["generate.vertex_endpoint"],
            prompts,
            credentials_file=config["generate.vertex_credentials"],
            host=config["generate.vertex_host"],
            model=config["generate.model"],
            timeout=config["generate.timeout"],
            max_retries=config["generate.max_retries"],
            max_tokens=config["generate.max_new_tokens"],
            temperature=config["generate.temperature"],
            structured=config["generate.structured_output"],
        )
    raise ConfigError(
        f"generate.backend must be extractive, transformers, openai or vertex, got {backend!r}"
    )


def check_cloud_allowed(config: Config) -> None:
    """A cloud backend receives the de-identified note and the question: only with explicit consent and with
    every de-identification recognizer running (a reduced set would let identifiers leave the hospital)."""
    if not config["generate.allow_cloud"]:
        raise ConfigError(
            "generate.backend = vertex sends the de-identified note and the question to Google Cloud; "
            "set generate.allow_cloud = true once the hospital has approved that (README: Vertex AI)"
        )
    if str(config["deid.recognizers"]).strip():
        raise ConfigError(
            "a cloud backend needs de-identification with every recognizer: leave deid.recognizers "
            "empty when generate.backend = vertex"
        )
