"""Error tree. Every message tells the user what to do next, because these
messages reach clinicians, IT staff and CI logs, not just developers."""

from __future__ import annotations


class CdssError(Exception):
    """Base class. `code` is the stable machine-readable identifier used in JSON errors."""

    code = "error"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(CdssError):
    code = "config_error"
    exit_code = 2
    http_status = 500


class UsageError(CdssError):
    code = "usage_error"
    exit_code = 2
    http_status = 400


class InputError(CdssError):
    """Bad user input (empty text, too large, undecodable)."""

    code = "bad_input"
    exit_code = 2
    http_status = 422


class StoreError(CdssError):
    code = "store_error"
    http_status = 503


class StoreLockedError(StoreError):
    code = "store_locked"


class StoreReadOnlyError(StoreError):
    """A write through a store opened read-only (serving, audits, search): only ingestion writes."""

    code = "store_read_only"


class ModelError(CdssError):
    code = "model_error"
    http_status = 503


class BackendUnavailable(CdssError):
    code = "backend_unavailable"
    http_status = 503


class FormularyError(CdssError):
    code = "formulary_error"
    exit_code = 2


class NothingToIngest(CdssError):
    code = "nothing_to_ingest"
    exit_code = 1


class BudgetExceeded(CdssError):
    """A request ran past its time budget (`server.request_budget_s`). Work stops at the next stage boundary
    rather than holding a server thread for as long as a hostile input can make it take."""

    code = "time_budget_exceeded"
    http_status = 503


class Deadline:
    """A monotonic deadline checked between stages (and inside long loops): cheap, and never interrupts a
    stage half-way, so no partial result escapes."""

    def __init__(self, seconds: float | None) -> None:
        import time

        self._clock = time.monotonic
        self.seconds = seconds
        self.at = self._clock() + seconds if seconds else None

    def check(self, stage: str) -> None:
        if self.at is not None and self._clock() > self.at:
            raise BudgetExceeded(
                f"the request ran past its {self.seconds:g} s time budget during {stage}; send a "
                "shorter note, or raise server.request_budget_s"
            )
