"""The SMART EHR launch in headless Chromium: the browser follows the real redirects (our app, the
fake EHR's authorize endpoint, back to our callback), lands on the panel with the patient loaded from
FHIR, asks, and never holds a token in cookies it can read or in storage."""

from __future__ import annotations

import io
import logging
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cdss.web.services import Services
from tests.web.smart_fakes import CLIENT_ID, LAUNCH, FakeEhr
from tests.web.test_panel_browser import ARTIFACTS, page  # noqa: F401  (the Chromium fixture)
from tests.web.test_smart import smart_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def running(web_services: Services, tmp_path: Path) -> Iterator[tuple[str, FakeEhr, io.StringIO]]:
    ehr = FakeEhr()
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    srv = make_server("127.0.0.1", 0, smart_app(web_services, tmp_path, ehr), threaded=True)
    base = f"http://127.0.0.1:{srv.server_port}"
    srv.app.config["CDSS"] = srv.app.config["CDSS"].with_overrides(
        {"smart.redirect_uri": base + "/smart/callback"}
    )
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield base, ehr, log
    srv.shutdown()
    logging.getLogger().removeHandler(handler)
    ehr.close()


def test_ehr_launch_in_chromium(running: tuple[str, FakeEhr, io.StringIO], page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, ehr, log = running
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # the EHR opens the app's launch URL with iss and launch
    q = urllib.parse.urlencode({"iss": ehr.iss, "launch": LAUNCH})
    page.goto(f"{base}/smart/launch?{q}")
    page.wait_for_selector("#smart:not([hidden])", timeout=30_000)
    assert page.url == base + "/panel?launch=smart"
    assert ehr.authorize_requests[0]["client_id"] == CLIENT_ID
    assert "Okonkwo-Baptiste" in page.inner_text("#smart-patient")
    assert "58" in page.inner_text("#smart-labs") and "eGFR 28" in page.inner_text("#smart-labs")
    assert "apixaban" in page.inner_text("#smart-meds")
    assert "penicillin" in page.inner_text("#smart-allergies")
    assert "apixaban 5 mg twice daily" in page.input_value("#note")  # the latest note, from FHIR
    assert page.is_hidden("#settings") and page.is_hidden("#image-field")
    page.click("#smart-notes li:nth-child(2) button")
    assert "bruising" in page.input_value("#note")
    page.click("#smart-notes li:nth-child(1) button")
    page.fill("#question", "Is her naproxen safe with her kidney function?")
    page.click("#ask")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    assert page.locator("#findings li").count() >= 1
    assert "naproxen" in page.inner_text("#findings").lower()

    # the browser holds no token: the session cookie is HttpOnly, storage is empty
    assert page.evaluate("document.cookie") == ""
    storage = page.evaluate(
        "JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage)])"
    )
    cookies = page.context.cookies()
    session = [c for c in cookies if c["name"] == "cdss_smart"]
    assert len(session) == 1 and session[0]["httpOnly"] and session[0]["sameSite"] == "Lax"
    for tok in ehr.issued_tokens:
        assert tok not in storage and all(tok not in c["value"] for c in cookies)
        assert tok not in log.getvalue()
    assert "Okonkwo" not in log.getvalue()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel-smart.png"), full_page=True)
    assert errors == []
