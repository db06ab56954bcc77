"""The HTTP service, tested against the real server: uvicorn started in a subprocess on a free
loopback port, spoken to over TCP with httpx. This is what an e-mail add-in sees, including the
parts a TestClient skips (the ASGI server's own parsing, chunked bodies, worker startup).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.support.service import Server, running_server, synthetic_messages  # noqa: E402
from tonecheck import Checker, Report  # noqa: E402
from tonecheck.config import Config  # noqa: E402

TOKEN = "test-token-0123456789"
MAX_BATCH = 5
MAX_BODY = 20_000
HARSH = "FINAL WARNING!!! You ignored our letters. Pay now or we will have you arrested."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Default settings, no auth."""
    with running_server(tmp_path_factory.mktemp("server")) as srv:
        yield srv


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Bearer auth on, small limits so they are cheap to hit."""
    with running_server(
        tmp_path_factory.mktemp("locked"),
        token=TOKEN,
        extra_args=["--max-batch", str(MAX_BATCH), "--max-body-bytes", str(MAX_BODY)],
    ) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30.0) as c:
        yield c


@pytest.fixture(scope="module")
def locked_client(locked: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=locked.url, timeout=30.0) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(response: httpx.Response, status: int, error: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "detail"}
    assert body["error"] == error
    assert isinstance(body["message"], str) and body["message"]
    return body  # type: ignore[no-any-return]


# -- health, schema, contract ---------------------------------------------------------------


def test_healthz_reports_limits(client: httpx.Client, locked_client: httpx.Client) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["max_batch"] == 100 and body["max_body_bytes"] == 1_000_000
    assert body["auth"] is False and body["rules"] > 0 and "core" in body["packs"]
    locked_body = locked_client.get("/healthz").json()  # open even when auth is on
    assert locked_body["auth"] is True and locked_body["max_batch"] == MAX_BATCH


def test_check_matches_the_library(client: httpx.Client, checker: Checker) -> None:
    """The server's report is byte for byte the library's report for the same input."""
    for item in synthetic_messages(25, seed=11):
        payload = {"text": item["text"], "channel": item["channel"], "id": item["id"]}
        response = client.post("/v1/check", json=payload)
        assert response.status_code == 200, response.text
        expected = checker.check(item["text"], channel=item["channel"], id=item["id"])
        assert response.text == expected.model_dump_json()


def test_hook_contract(client: httpx.Client) -> None:
    """Exactly what the CLI's pre-send hook sends, parsed back as a Report."""
    payload = {"text": HARSH, "channel": "email", "stage": None, "context": None, "template": False}
    response = client.post("/v1/check", json=payload)
    assert response.status_code == 200
    report = Report.model_validate_json(response.text)
    assert report.channel.value == "email"
    assert 0 <= report.scores.respect <= 100
    for finding in report.findings:
        assert HARSH[finding.start : finding.end] == finding.span


def test_context_stage_and_template_are_passed(client: httpx.Client, checker: Checker) -> None:
    text = "Hi {{name}}, your balance is due. Please call us."
    context = {
        "amount": "120.50",
        "currency": "usd",
        "due_date": "2025-06-05",
        "jurisdiction": "US",
    }
    payload = {
        "text": text,
        "channel": "sms",
        "stage": "final-notice",
        "context": context,
        "template": True,
    }
    response = client.post("/v1/check", json=payload)
    assert response.status_code == 200, response.text
    expected = checker.check(
        text, channel="sms", stage="final-notice", context=context, template=True
    )
    assert response.text == expected.model_dump_json()
    report = response.json()
    assert report["stage"] == "final-notice" and report["stage_detected"] is False
    assert report["template"] is True and report["context"]["jurisdiction"] == "us"


def test_openapi_documents_library_models(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert {"CheckRequest", "CheckBatchRequest", "ErrorResponse"} <= names
    assert any(n == "Report" or n.startswith("Report-") for n in names)
    assert any(n.startswith("Finding") for n in names) and any(
        n.startswith("Scores") for n in names
    )
    check = schema["paths"]["/v1/check"]["post"]
    assert {"200", "400", "413", "415", "422"} <= set(check["responses"])
    assert "/v1/check-batch" in schema["paths"] and "/v1/rules" in schema["paths"]
    # ReDoc loads scripts from a CDN, so it is off; Swagger UI is served from a package.
    assert client.get("/docs").status_code == 200  # served offline (tests/test_service_docs.py)
    assert client.get("/redoc").status_code == 404


def test_rules_lists_the_loaded_rules(client: httpx.Client, checker: Checker) -> None:
    body = client.get("/v1/rules").json()
    ruleset = checker.resources.ruleset
    assert body["packs"] == list(ruleset.packs)
    ids = [r["id"] for r in body["rules"]]
    assert ids == [r.id for r in ruleset.rules] + [r.id for r in ruleset.requirements]
    assert all(r["kind"] in {"finding", "strength", "requirement"} for r in body["rules"])


def test_rewrite_matches_the_library(client: httpx.Client, checker: Checker) -> None:
    for item in synthetic_messages(8, seed=3):
        response = client.post(
            "/v1/rewrite", json={"text": item["text"], "channel": item["channel"]}
        )
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"text"}
        expected = checker.check(item["text"], channel=item["channel"]).rewrite()
        assert response.json()["text"] == expected


# -- batch ----------------------------------------------------------------------------------


def test_batch_keeps_order_and_ids(client: httpx.Client, checker: Checker) -> None:
    items = synthetic_messages(30, seed=5)
    response = client.post("/v1/check-batch", json={"messages": items})
    assert response.status_code == 200, response.text
    reports = response.json()["reports"]
    assert [r["id"] for r in reports] == [i["id"] for i in items]
    for item, report in zip(items, reports, strict=True):
        expected = checker.check(item["text"], channel=item["channel"], id=item["id"])
        assert report == json.loads(expected.model_dump_json())
    assert client.post("/v1/check-batch", json={"messages": []}).json() == {"reports": []}


def test_batch_limit(locked_client: httpx.Client) -> None:
    ok = locked_client.post(
        "/v1/check-batch", json={"messages": [{"text": "Hi"}] * MAX_BATCH}, headers=AUTH
    )
    assert ok.status_code == 200 and len(ok.json()["reports"]) == MAX_BATCH
    over = locked_client.post(
        "/v1/check-batch", json={"messages": [{"text": "Hi"}] * (MAX_BATCH + 1)}, headers=AUTH
    )
    body = assert_error(over, 413, "batch_too_large")
    assert str(MAX_BATCH) in str(body["message"])


def test_batch_item_errors_name_the_item(client: httpx.Client) -> None:
    response = client.post("/v1/check-batch", json={"messages": [{"text": "ok"}, {"text": 3}]})
    body = assert_error(response, 422, "invalid_request")
    assert body["detail"][0]["loc"] == ["body", "messages", 1, "text"]  # type: ignore[index]


# -- auth -----------------------------------------------------------------------------------


def test_auth_required_when_token_set(locked_client: httpx.Client) -> None:
    payload = {"text": "Hello"}
    missing = locked_client.post("/v1/check", json=payload)
    assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = locked_client.post("/v1/check", json=payload, headers={"Authorization": "Bearer nope"})
    assert_error(wrong, 401, "unauthorized")
    prefix = locked_client.post(
        "/v1/check", json=payload, headers={"Authorization": f"Bearer {TOKEN[:-1]}"}
    )
    assert_error(prefix, 401, "unauthorized")
    basic = locked_client.post(
        "/v1/check", json=payload, headers={"Authorization": f"Basic {TOKEN}"}
    )
    assert_error(basic, 401, "unauthorized")
    assert_error(locked_client.get("/v1/rules"), 401, "unauthorized")
    assert_error(locked_client.post("/v1/rewrite", json=payload), 401, "unauthorized")
    assert locked_client.post("/v1/check", json=payload, headers=AUTH).status_code == 200
    assert locked_client.get("/v1/rules", headers=AUTH).status_code == 200
    assert locked_client.get("/").status_code == 200  # the page itself holds no data


def test_no_auth_by_default(client: httpx.Client) -> None:
    assert client.post("/v1/check", json={"text": "Hello"}).status_code == 200
    # A token sent to a server without auth is ignored, not an error.
    assert client.post("/v1/check", json={"text": "Hello"}, headers=AUTH).status_code == 200


# -- size limit -----------------------------------------------------------------------------


def test_body_over_limit_is_413(locked_client: httpx.Client) -> None:
    big = {"text": "a" * (MAX_BODY + 10)}
    assert_error(locked_client.post("/v1/check", json=big, headers=AUTH), 413, "payload_too_large")
    # The limit is checked before auth: an anonymous client cannot make the server read 1 GB.
    assert_error(locked_client.post("/v1/check", json=big), 413, "payload_too_large")
    just_under = {"text": "a" * (MAX_BODY - 100)}
    assert locked_client.post("/v1/check", json=just_under, headers=AUTH).status_code == 200


def test_chunked_body_over_limit_is_413(locked_client: httpx.Client) -> None:
    """No Content-Length: the body is counted as it arrives."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 1000
        yield b'"}'

    headers = {**AUTH, "Content-Type": "application/json"}
    response = locked_client.post("/v1/check", content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "payload_too_large")


def test_default_limit_is_one_megabyte(client: httpx.Client) -> None:
    response = client.post("/v1/check", json={"text": "b" * 1_000_001})
    assert_error(response, 413, "payload_too_large")


# -- bad input: always a clear 4xx ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (b"{not json", "application/json", 400, "invalid_json"),
        (b'{"text": "unterminated', "application/json", 400, "invalid_json"),
        (b"\xff\xfe\x00garbage", "application/json", 400, "invalid_json"),
        (b"", "application/json", 422, "invalid_request"),
        (b"[]", "application/json", 422, "invalid_request"),
        (b'"just a string"', "application/json", 422, "invalid_request"),
        (b"null", "application/json", 422, "invalid_request"),
        (b'{"text": "hi"}', "text/plain", 415, "unsupported_media_type"),
        (b'{"text": "hi"}', "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies(
    client: httpx.Client, body: bytes, content_type: str, status: int, error: str
) -> None:
    response = client.post("/v1/check", content=body, headers={"Content-Type": content_type})
    assert_error(response, status, error)


def test_missing_content_type_is_415(client: httpx.Client) -> None:
    request = client.build_request("POST", "/v1/check", content=b'{"text": "hi"}')
    request.headers.pop("content-type", None)
    assert_error(client.send(request), 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": None}, "text"),
        ({"text": 42}, "text"),
        ({"text": ["a"]}, "text"),
        ({"text": "hi", "channel": "fax"}, "channel"),
        ({"text": "hi", "channel": 1}, "channel"),
        ({"text": "hi", "stage": "eventually"}, "stage"),
        ({"text": "hi", "template": "maybe"}, "template"),
        ({"text": "hi", "context": "us"}, "context"),
        ({"text": "hi", "context": {"amount": "lots"}}, "amount"),
        ({"text": "hi", "context": {"due_date": "tomorrow"}}, "due_date"),
        ({"text": "hi", "context": {"sender_type": "bailiff"}}, "sender_type"),
        ({"text": "hi", "context": {"colour": "red"}}, "colour"),
        ({"text": "hi", "chanel": "sms"}, "chanel"),
        ({"text": "hi", "id": {"nested": True}}, "id"),
    ],
)
def test_wrong_types_are_422_with_the_field(
    client: httpx.Client, payload: dict[str, object], field: str
) -> None:
    body = assert_error(client.post("/v1/check", json=payload), 422, "invalid_request")
    assert field in str(body["message"])
    assert any(field in [str(p) for p in item["loc"]] for item in body["detail"])  # type: ignore[attr-defined, index]


def test_unknown_routes_and_methods(client: httpx.Client) -> None:
    assert_error(client.get("/v2/check"), 404, "not_found")
    assert_error(client.get("/v1/check"), 405, "method_not_allowed")
    assert_error(client.put("/v1/check", json={"text": "x"}), 405, "method_not_allowed")


def test_odd_but_valid_text(client: httpx.Client, checker: Checker) -> None:
    """Texts that break naive offset code: emoji, combining marks, NUL, lone surrogates escaped."""
    for text in [
        "",
        "   ",
        "Pay 💷 now!!! 😡",
        "Cafe\u0301 \u0000 ok",
        "\ud83d lone",
        "x" * 50_000,
    ]:
        body = json.dumps({"text": text})  # ASCII with \u escapes, so lone surrogates survive
        response = client.post(
            "/v1/check", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, (text[:20], response.text[:200])
        assert response.text == checker.check(text).model_dump_json()


# -- concurrency ----------------------------------------------------------------------------


def test_concurrent_requests_give_sequential_results(client: httpx.Client) -> None:
    """One Checker shared by the threadpool gives the same bytes as one request at a time."""
    items = synthetic_messages(60, seed=21)

    def post(item: dict[str, str]) -> str:
        r = client.post("/v1/check", json={"text": item["text"], "channel": item["channel"]})
        assert r.status_code == 200
        return r.text

    sequential = [post(item) for item in items]
    with ThreadPoolExecutor(max_workers=12) as pool:
        concurrent = list(pool.map(post, items * 3))
    assert concurrent == sequential * 3


# -- the command ----------------------------------------------------------------------------


def run_service(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tonecheck.service", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_command_rejects_bad_options(tmp_path: Path) -> None:
    bad = run_service("--workers", "0")
    assert bad.returncode == 2 and "--workers" in bad.stderr
    broken = tmp_path / "tonecheck.toml"
    broken.write_text("dissable = ['x']\n")
    result = run_service("--config", str(broken), "--port", "0")
    assert result.returncode == 2 and "dissable" in result.stderr
    missing = run_service("--config", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert run_service("--port", "70000").returncode == 2


def test_command_help_mentions_defaults() -> None:
    result = run_service("--help")
    assert result.returncode == 0
    assert "127.0.0.1" in result.stdout and "8750" in result.stdout


def test_loopback_detection() -> None:
    from tonecheck.service.command import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert (
        not _is_loopback("0.0.0.0")
        and not _is_loopback("192.168.1.4")
        and not _is_loopback("example")
    )


def test_the_hooks_own_client_reads_our_reports(
    client: httpx.Client, server: Server, checker: Checker
) -> None:
    """The CLI hook's HTTP client (another module) against this server: the contract both ways."""
    hook = pytest.importorskip("tonecheck.hook")
    email_input = pytest.importorskip("tonecheck.email")
    if not hasattr(hook, "check_with_server") or not hasattr(email_input, "EmailBody"):
        pytest.skip("the hook has no server client yet")
    body = email_input.EmailBody(text=HARSH, checked=HARSH, content_type="text/plain")
    report = hook.check_with_server(server.url, body, timeout=30)
    assert report.model_dump_json() == checker.check(HARSH, channel="email").model_dump_json()


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str | None]]:
    """A server with a config file: a small max_chars, and the first rule the harsh probe
    triggers disabled (None when the current packs report nothing for it)."""
    report = Checker(Config()).check(HARSH)
    rule = report.findings[0].rule if report.findings else None
    folder = tmp_path_factory.mktemp("configured")
    config = folder / "tonecheck.toml"
    config.write_text("max_chars = 300\n" + (f'disable = ["{rule}"]\n' if rule else ""))
    with running_server(folder, extra_args=["--config", str(config)]) as srv:
        yield srv, rule


def test_text_over_max_chars_is_422_without_echo(configured: tuple[Server, str | None]) -> None:
    """The checker's ValueError becomes a 422; the error never repeats the message text."""
    srv, _ = configured
    secret = "ACCOUNT-SECRET-9876 " * 20
    response = httpx.post(srv.url + "/v1/check", json={"text": secret}, timeout=30)
    body = assert_error(response, 422, "invalid_request")
    assert "300" in str(body["message"]) and "ACCOUNT-SECRET" not in response.text
    assert httpx.get(srv.url + "/healthz").json()["max_chars"] == 300


def test_config_file_is_used(configured: tuple[Server, str | None]) -> None:
    """A disabled rule is neither listed as enabled nor reported by the server."""
    srv, rule = configured
    if rule is None:
        pytest.skip("the current rule packs report nothing for the probe message")
    body = httpx.post(srv.url + "/v1/check", json={"text": HARSH}, timeout=30).json()
    assert rule not in [f["rule"] for f in body["findings"]]
    rules = httpx.get(srv.url + "/v1/rules", timeout=30).json()["rules"]
    assert all(not r["enabled"] for r in rules if r["id"] == rule)


def test_two_workers_keep_alive_latency(tmp_path: Path, checker: Checker) -> None:
    """--workers 2: every worker has its Checker, reports are the same, and keep-alive requests
    are not held back by Nagle's algorithm (uvicorn's multi-worker socket loses TCP_NODELAY;
    the service's protocol class sets it again). Without the fix the median here is ~44 ms."""
    import statistics
    import time

    with running_server(tmp_path, workers=2) as srv:
        assert srv.log.read_text().count(" ready (") == 2
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            timings = []
            for _ in range(30):
                start = time.perf_counter()
                assert c.get("/healthz").status_code == 200
                timings.append(time.perf_counter() - start)
            assert statistics.median(timings) < 0.025, timings
            response = c.post("/v1/check", json={"text": HARSH, "channel": "sms"})
            assert response.text == checker.check(HARSH, channel="sms").model_dump_json()
