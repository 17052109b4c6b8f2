"""The sidebar panel in real Chromium (Debian's package) driven by Playwright, against a real app on loopback."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cdss.web.services import Services
from tests.web.conftest import KEY, make_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NOTE = (
    "Patient: MOSS, ELLEN  MRN: 00482913\n78-year-old woman, confused, Na 118. CrCl 24 mL/min.\n"
    "Meds: naproxen 500 mg PO TID, ibuprofen 400 mg PO TID, nitrofurantoin 100 mg PO BID"
)
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def server(
    web_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setenv("CDSS_API_KEYS", KEY)
    srv = make_server("127.0.0.1", 0, make_app(web_services, tmp_path), threaded=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture
def page(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian chromium is not installed: run `make test` (it installs it with apt-get) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=FLAGS,
            viewport={"width": 420, "height": 1100},
            device_scale_factor=1,
        )
        pg = ctx.new_page()
        yield pg
        ctx.close()


def test_panel_ask_shows_findings_chips_and_highlighted_quote(server: str, page) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    resp = page.goto(server + "/panel")
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    page.fill("#api-key", KEY)
    page.fill("#note", NOTE)
    page.fill("#question", "How fast may sodium be raised in the first 24 hours?")
    page.keyboard.press("Enter")  # keyboard submit from the question field
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)

    findings = page.locator("#findings li")
    assert findings.count() >= 2
    assert page.locator("#findings li.critical, #findings li.warning").count() >= 1
    claims = page.locator("#claims > li")
    assert claims.count() >= 1 and "10 mmol/L" in page.inner_text("#claims")
    chip = page.locator("#claims .chip").first
    assert chip.get_attribute("aria-expanded") == "false"
    chip.focus()
    page.keyboard.press("Enter")  # chips are buttons: keyboard accessible
    assert chip.get_attribute("aria-expanded") == "true"
    source = page.locator("#claims .source:not([hidden])").first
    assert "sodium" in source.inner_text().lower()
    mark = source.locator("mark")
    assert mark.count() == 1 and len(mark.inner_text()) > 20
    page.click("#saw summary")
    seen = page.inner_text("#deid-note")
    assert "[PERSON_1]" in seen and "MOSS" not in seen
    assert "total" in page.inner_text("#timings")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "panel.png"), full_page=True)
    assert errors == []


def test_panel_errors_inline_and_zoom(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/panel")
    page.fill("#api-key", "wrong-key")
    page.fill("#question", "anything?")
    page.click("#ask")
    page.wait_for_selector("#error:not([hidden])")
    assert "API key" in page.inner_text("#error")
    # readable at 200% zoom in a 420 px sidebar: no horizontal scrolling
    page.evaluate("document.body.style.zoom = '2'")
    width = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert width


def test_panel_attaches_an_image_with_preview_and_labels_its_reading(
    server: str, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Patient: Rosalind Okafor")
    picture = tmp_path / "rash.png"
    buf = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 40, 40)).save(buf, format="PNG", pnginfo=info)
    picture.write_bytes(buf.getvalue())
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/panel")
    page.fill("#api-key", KEY)
    page.fill("#question", "Which antibiotic for cellulitis?")
    page.set_input_files("#image", str(picture))
    page.wait_for_selector("#image-wrap:not([hidden])")
    assert page.get_attribute("#image-preview", "src").startswith("data:image/png;base64,")
    page.click("#ask")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    wrap = page.locator("#image-reading-wrap")
    assert wrap.is_visible() and "not verified" in wrap.inner_text()
    meta = page.inner_text("#image-meta")
    assert "80 × 60 PNG" in meta and "PNG text" in meta
    page.click("#image-clear")
    assert page.locator("#image-wrap").is_hidden()
    assert errors == []
