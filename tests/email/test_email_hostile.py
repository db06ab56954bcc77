"""Hostile and broken e-mail: each gives a body or one clear input error, never a traceback."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tonecheck.email import EmailInputError, read_email

HEAD = "From: a@example.com\nTo: b@example.com\nSubject: test\nMIME-Version: 1.0\n"


def _nested(depth: int) -> bytes:
    body = "Content-Type: text/plain\n\nYou owe $50. Please pay by 5 May 2026.\n"
    for level in range(depth):
        boundary = f"b{level}"
        body = f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n--{boundary}\n{body}\n--{boundary}--\n'
    return (HEAD + body).encode()


def test_moderately_nested_multipart_is_read() -> None:
    assert read_email(_nested(150)).text.startswith("You owe $50.")


def test_absurdly_nested_multipart_is_a_clear_error() -> None:
    with pytest.raises(EmailInputError, match="nested too deeply"):
        read_email(_nested(3000))


def test_broken_base64_is_read_best_effort() -> None:
    raw = (
        HEAD + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        "WW91IG93ZSAkNTA=!!!not base64***\n"
    ).encode()
    assert "You owe $50" in read_email(raw).text


def test_twenty_megabyte_attachment_is_not_decoded() -> None:
    attachment = base64.encodebytes(b"\0" * (20 * 1024 * 1024)).decode()
    raw = (
        HEAD + 'Content-Type: multipart/mixed; boundary="X"\n\n--X\nContent-Type: text/plain\n\n'
        "You owe $50.\n--X\nContent-Type: application/octet-stream\n"
        "Content-Disposition: attachment; filename=a.bin\nContent-Transfer-Encoding: base64\n\n"
        + attachment
        + "\n--X--\n"
    ).encode()
    started = time.perf_counter()
    body = read_email(raw)
    assert body.text.strip() == "You owe $50."
    assert time.perf_counter() - started < 30  # generous: only guards against decoding loops


def test_missing_headers_and_wrong_charset() -> None:
    assert "Just a body" in read_email(b"\n\nJust a body").text
    raw = (HEAD + "Content-Type: text/plain; charset=no-such-charset\n\nCaf\xe9 bill: $5\n").encode(
        "latin-1"
    )
    assert "bill: $5" in read_email(raw).text


def test_cli_reports_deep_nesting_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.eml"
    path.write_bytes(_nested(3000))
    result = subprocess.run(
        [sys.executable, "-m", "tonecheck", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nested too deeply" in lines[0] and "deep.eml" in lines[0], (
        result.stderr
    )
