"""/v1/ask with an image: accepted, stripped of metadata, and never read by a backend that cannot read it."""

from __future__ import annotations

import base64

import pytest
from flask.testing import FlaskClient

from tests.test_images import png_with_text
from tests.web.conftest import AUTH


@pytest.mark.integration
def test_api_accepts_an_image_and_labels_what_it_cannot_verify(client: FlaskClient) -> None:
    data = base64.b64encode(png_with_text()).decode()
    r = client.post(
        "/v1/ask",
        headers=AUTH,
        json={
            "question": "Which antibiotic for cellulitis?",
            "image": {"data": data, "media_type": "image/png"},
        },
    )
    assert r.status_code == 200, r.get_json()
    image = r.get_json()["image"]
    assert image["source_format"] == "png" and "PNG text" in image["metadata_removed"]
    assert (
        image["reading"] is None and "does not read images" in image["note"]
    )  # the extractive default
    bad = client.post(
        "/v1/ask", headers=AUTH, json={"question": "x?", "image": {"data": "not base64!"}}
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "image.data"
    pdf = base64.b64encode(b"%PDF-1.7 not an image").decode()
    wrong = client.post("/v1/ask", headers=AUTH, json={"question": "x?", "image": {"data": pdf}})
    assert wrong.status_code == 422 and wrong.get_json()["error"]["field"] == "image"
