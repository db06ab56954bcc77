"""Property-based tests of the running server against its own ``/openapi.json`` (schemathesis).

Schemathesis reads the published schema, generates valid and invalid requests for every
operation (bounded: a fixed seed, a few dozen examples per operation and phase, about a minute in
all) and checks that the server never answers 5xx, only answers with documented status codes and
content types, and that every 2xx body matches the published response schema.

Two schemathesis checks are left out on purpose, because the library's models are deliberately
more lenient or stricter than a JSON schema can say, and the service reuses those models as they
are: ``negative_data_rejection`` (``MessageContext`` accepts ``""`` for a date and ``"$1,200"`` for
an amount, as CSV exports contain) and ``positive_data_acceptance`` (``sender_type`` accepts only
'creditor'/'collector' and aliases; ``max_chars`` and ``max_batch`` are server settings).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("schemathesis")
pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from tests.support.service import Server, running_server
from tonecheck.models import MessageContext

TOKEN = "schemathesis-token"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "unsupported_method",
    "missing_required_header",
    "ignored_auth",
]
#: Pydantic's published pattern for a serialised Decimal has no exponent.
_DECIMAL_PATTERN = re.compile(r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$")


def decimal_exponent_bug() -> bool:
    """True while ``MessageContext.amount`` serialises large/small amounts as ``1.2E+66``, which
    violates the published response schema (fix belongs in models.py: serialise in fixed point)."""
    dumped = MessageContext(amount=Decimal("1E+20")).model_dump(mode="json")["amount"]
    return not _DECIMAL_PATTERN.match(str(dumped))


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(
        tmp_path_factory.mktemp("schemathesis"), token=TOKEN, extra_args=["--max-batch", "20"]
    ) as srv:
        yield srv


def run_schemathesis(
    server: Server, report_dir: Path, checks: list[str], max_examples: int
) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        server.url + "/openapi.json",
        "--checks",
        ",".join(checks),
        "--max-examples",
        str(max_examples),
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "20240607",
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--max-failures",
        "20",
        "--no-color",
        "--header",
        f"Authorization: Bearer {TOKEN}",
        "--report",
        "junit",
        "--report-dir",
        str(report_dir),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240)


@pytest.mark.slow
def test_openapi_fuzz_no_server_errors(locked: Server, tmp_path: Path) -> None:
    checks = list(CHECKS)
    if decimal_exponent_bug():
        # Known library issue, asserted separately below; keep every other schema check on.
        checks.remove("response_schema_conformance")
    result = run_schemathesis(locked, tmp_path, checks, max_examples=400)
    summary = result.stdout[-6000:]
    assert result.returncode == 0, (
        f"schemathesis found problems:\n{summary}\n{result.stderr[-2000:]}"
    )
    assert re.search(r"\d+ generated", result.stdout), summary
    log = locked.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


@pytest.mark.xfail(
    decimal_exponent_bug(),
    reason="models.py: MessageContext.amount serialises with an exponent",
    strict=True,
)
def test_decimal_amounts_serialise_within_published_schema() -> None:
    for value in ["1E+20", "-4.74E+16", "1E-7", "120.50"]:
        dumped = MessageContext(amount=Decimal(value)).model_dump(mode="json")["amount"]
        assert _DECIMAL_PATTERN.match(str(dumped)), dumped
