"""decode_utf8: the one decoder that the CLI, the audit readers and the ingestion loaders share."""

from cdss.text import decode_utf8


def test_valid_utf8_with_a_byte_order_mark() -> None:
    assert decode_utf8("\ufeffCrCl 25 mL/min – reduce".encode()) == (
        "CrCl 25 mL/min – reduce",
        None,
    )


def test_bad_byte_is_replaced_and_its_offset_reported() -> None:
    text, bad = decode_utf8(b"K+ 5.9 \xff mmol/L")
    assert text == "K+ 5.9 \ufffd mmol/L"
    assert bad == 7
