"""The hook and ``--server``: a server that refuses (token, TLS, wrong URL) is a setup error
(exit 2, draft kept), a server that cannot be reached or is overloaded is skipped for a local
check; the override log says who overrode."""

from __future__ import annotations

import http.server
import io
import json
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tonecheck.cli import main
from tonecheck.email import read_email
from tonecheck.hook import ServerRejected, ServerUnavailable, check_with_server, log_override

MESSAGE = (
    b"From: Jo Agent <jo@acme.example>\r\nTo: Sam <sam@example.com>\r\nSubject: Hi\r\n"
    b"Message-ID: <m-1@acme.example>\r\n\r\nHi Sam, thank you for your payment.\r\n"
)


class _Status(http.server.BaseHTTPRequestHandler):
    status: ClassVar[int] = 401

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(_Status.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Status)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (401, ServerRejected, "TONECHECK_API_TOKEN"),
        (403, ServerRejected, "not allowed"),
        (404, ServerRejected, "no tonecheck service"),
        (503, ServerUnavailable, "HTTP 503"),
        (429, ServerUnavailable, "HTTP 429"),
    ],
)
def test_status_classification(server: str, status: int, error: type, words: str) -> None:
    _Status.status = status
    body = read_email(MESSAGE)
    with pytest.raises(error, match=words):
        check_with_server(f"http://{server}", body, timeout=5)


def test_tls_failure_is_rejected(server: str) -> None:
    body = read_email(MESSAGE)  # https to a plain-HTTP port: the TLS handshake fails
    with pytest.raises(ServerRejected, match="TLS error"):
        check_with_server(f"https://{server}", body, timeout=5)


def _run_hook(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(MESSAGE)))
    return main(["hook", *args])


def test_rejected_server_is_an_error_and_keeps_the_draft(
    server: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _Status.status = 401
    monkeypatch.delenv("TONECHECK_API_TOKEN", raising=False)
    drafts = tmp_path / "drafts"
    code = _run_hook(monkeypatch, ["--drafts", str(drafts), "--server", f"http://{server}"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "HTTP 401" in err and "checking locally" not in err
    [draft] = drafts.iterdir()
    assert draft.read_bytes() == MESSAGE


def test_overloaded_server_falls_back(
    server: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _Status.status = 503
    code = _run_hook(monkeypatch, ["--drafts", str(tmp_path / "d"), "--server", f"http://{server}"])
    assert code == 0
    assert "checking locally" in capsys.readouterr().err


def test_override_log_records_sender_and_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "jo-local")
    monkeypatch.setenv("USER", "jo-local")
    log = tmp_path / "overrides.jsonl"
    log_override(log, message_id="<a@b>", reason="approved", rules=["r"], sender="Jo <jo@x>")
    [entry] = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["sender"] == "Jo <jo@x>"
    assert entry["user"] == "jo-local"


def test_hook_override_logs_the_from_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    harsh = MESSAGE.replace(b"thank you for your payment", b"pay now or we will have you arrested")
    harsh = b"X-Tonecheck-Override: legal approved\r\n" + harsh
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(harsh)))
    log = tmp_path / "log.jsonl"
    assert main(["hook", "--drafts", str(tmp_path / "d"), "--log", str(log)]) == 0
    [entry] = [json.loads(line) for line in log.read_text().splitlines()]
    assert entry["sender"] == "Jo Agent <jo@acme.example>"
    assert entry["reason"] == "legal approved"
    assert "user" in entry
