"""Per-process shared services, built once (lazily or by warm-up after fork), never at import.

Web workers share one Deidentifier, DoseChecker and Pipeline; each is
thread-safe for the server's threads.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from cdss.config import Config

if TYPE_CHECKING:
    from flask import Flask

    from cdss.deid import Deidentifier
    from cdss.dosing import DoseChecker
    from cdss.pipeline import Pipeline
    from cdss.retrieve import Retriever


class Services:
    def __init__(
        self,
        config: Config,
        *,
        deid: Deidentifier | None = None,
        checker: DoseChecker | None = None,
        pipeline: Pipeline | None = None,
    ) -> None:
        """Stages not given are built from `config` on first use (or by `warm_up`); given ones are shared as
        they are (tests pass a pipeline over a small store; an operator can pass a pre-built one)."""
        self.config = config
        self._lock = threading.RLock()
        self._deid: Deidentifier | None = deid
        self._checker: DoseChecker | None = checker
        self._pipeline: Pipeline | None = pipeline
        self.started = time.time()
        self.warm = False

    def init_app(self, app: Flask) -> None:
        """Register with the app, and close the store when the app context of the process ends (as flaskr's
        `db.init_app` registers `close_db`). Request contexts do not close it: the store lives per process."""
        app.extensions["cdss.services"] = self
        if not getattr(
            self, "_atexit", False
        ):  # one registration, however many apps share these services
            import atexit

            atexit.register(self.close)
            self._atexit = True

    @property
    def deid(self) -> Deidentifier:
        with self._lock:
            if self._deid is None:
                from cdss.deid import Deidentifier

                self._deid = Deidentifier.from_config(self.config)
            return self._deid

    @property
    def checker(self) -> DoseChecker:
        with self._lock:
            if self._checker is None:
                from cdss.dosing import DoseChecker

                self._checker = DoseChecker.from_config(self.config)
            return self._checker

    @property
    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                from cdss.pipeline import Pipeline

                self._pipeline = Pipeline.from_config(
                    self.config, deid=self.deid, checker=self.checker
                )
            return self._pipeline

    @property
    def retriever(self) -> Retriever:
        return self.pipeline.retriever

    def warm_up(self) -> None:
        """Load every model now (gunicorn post_worker_init), so no request pays for it."""
        self.pipeline.warm_up()
        self.checker.check("warm up 5 mg")
        self.warm = True

    def ready(self) -> dict[str, bool]:
        state = {
            "deid": self._deid is not None,
            "dosing": self._checker is not None,
            "pipeline": self._pipeline is not None,
        }
        if self._pipeline is not None:
            try:
                self._pipeline.retriever.store.count()
                state["store"] = True
            except Exception:  # noqa: BLE001 - readiness reports, never raises
                state["store"] = False
        else:
            state["store"] = False
        return state

    def close(self) -> None:
        """Idempotent: closing twice (atexit after an explicit close) is harmless."""
        if self._pipeline is not None and not getattr(self, "_closed", False):
            self._closed = True
            self._pipeline.retriever.store.close()
