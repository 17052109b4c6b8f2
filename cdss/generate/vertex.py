"""MedGemma deployed from Vertex AI Model Garden, called through its OpenAI-compatible chat completions route.

The endpoint is the same chat completions API as vLLM (Model Garden serves MedGemma with its vLLM
container), so this backend is the openai backend with two differences:

- the URL is built from project, region and endpoint id:
  `https://{region}-aiplatform.googleapis.com/v1beta1/projects/{project}/locations/{region}/endpoints/{id}/chat/completions`
  (`generate.vertex_host` overrides the host, for a dedicated endpoint's DNS name or Private Service Connect);
- the bearer token is an OAuth access token from `google-auth`: a service-account key file
  (`generate.vertex_credentials`) or application default credentials. It is refreshed five minutes before
  it expires and once more if the endpoint answers 401; it is never logged or written anywhere.

This sends the de-identified note and the question to Google Cloud, so `make_generator` refuses the backend
unless `generate.allow_cloud` is true and de-identification runs with every recognizer (README: what leaves
the hospital).
"""

from __future__ import annotations

import datetime
import threading
from typing import Any

from cdss.errors import BackendUnavailable, ConfigError
from cdss.generate.openai_compat import OpenAIBackend
from cdss.generate.prompts import PromptSet

SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]
REFRESH_MARGIN = datetime.timedelta(minutes=5)


def vertex_url(project: str, region: str, endpoint: str, host: str = "") -> str:
    if not (project and region and endpoint):
        raise ConfigError(
            "the vertex backend needs generate.vertex_project, generate.vertex_region and "
            "generate.vertex_endpoint (the numeric endpoint id from the Model Garden deployment)"
        )
    base = (host or f"https://{region}-aiplatform.googleapis.com").rstrip("/")
    return f"{base}/v1beta1/projects/{project}/locations/{region}/endpoints/{endpoint}"


class VertexBackend(OpenAIBackend):
    backend = "vertex"
    refreshable = True

    def __init__(
        self,
        project: str,
        region: str,
        endpoint: str,
        prompts: PromptSet,
        *,
        credentials_file: str = "",
        host: str = "",
        model: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            vertex_url(project, region, endpoint, host),
            model or f"vertex/{endpoint}",
            prompts,
            **kwargs,
        )
        self.credentials_file = credentials_file
        self._credentials: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        try:
            import google.auth
            import google.auth.exceptions
            from google.oauth2 import service_account
        except ImportError as exc:  # pragma: no cover - google-auth is a dependency
            raise ConfigError(
                "the vertex backend needs google-auth: pip install google-auth"
            ) from exc
        try:
            if self.credentials_file:
                return service_account.Credentials.from_service_account_file(
                    self.credentials_file, scopes=SCOPES
                )
            creds, _ = google.auth.default(scopes=SCOPES)
            return creds
        except (OSError, ValueError, google.auth.exceptions.GoogleAuthError) as exc:
            raise ConfigError(
                "no Google Cloud credentials: set generate.vertex_credentials to a service-account key "
                f"file, or configure application default credentials ({type(exc).__name__})"
            ) from exc

    def auth_headers(self, force_refresh: bool = False) -> dict[str, str]:
        from google.auth.exceptions import GoogleAuthError
        from google.auth.transport.requests import Request

        with self._lock:
            if self._credentials is None:
                self._credentials = self._load()
            creds = self._credentials
            expiry = getattr(creds, "expiry", None)  # naive UTC, as google-auth keeps it
            soon = expiry is not None and expiry - REFRESH_MARGIN <= datetime.datetime.now(
                datetime.UTC
            ).replace(tzinfo=None)
            if force_refresh or not creds.token or soon:
                try:
                    creds.refresh(Request())
                except (GoogleAuthError, OSError) as exc:
                    raise BackendUnavailable(
                        f"could not obtain a Google Cloud access token ({type(exc).__name__}); "
                        "check generate.vertex_credentials and network access to the token "
                        "endpoint"
                    ) from exc
            return {"Authorization": f"Bearer {creds.token}"}

    def credentials_hint(self) -> str:
        return (
            "check that the service account has the Vertex AI User role on the project and that "
            "generate.vertex_endpoint names a deployed endpoint"
        )
