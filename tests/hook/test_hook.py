"""The pre-send hook: exact bytes through, refusals kept as drafts, overrides logged, fail closed.

End-to-end tests run the real console script with a fake sendmail (a Python script that writes
its stdin to a file), so they prove what a mail client would see.
"""

from __future__ import annotations

import http.server
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tonecheck.cli.hook import _strip_header
from tonecheck.email import EmailInputError
from tonecheck.engine.checker import Checker
from tonecheck.hook import Verdict, log_override, presend, save_draft

HARSH = (
    b"From: Recoveries <rec@acme.example>\r\n"
    b"To: Sam <sam@example.com>\r\n"
    b"Subject: Account\r\n"
    b"Message-ID: <harsh-1@acme.example>\r\n"
    b"\r\n"
    b"Pay now or we will have you arrested.\r\n"
)
# CRLF line ends, a latin-1 body with a byte that is not valid UTF-8, and a trailing space line
FRIENDLY = (
    b"From: Jo <jo@acme.example>\r\n"
    b"To: Sam <sam@example.com>\r\n"
    b"Subject: Thank you\r\n"
    b"Message-ID: <friendly-1@acme.example>\r\n"
    b"Content-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Hi Sam,\r\n"
    b"Thank you for your payment of \xa3120. Have a good week.\r\n"
    b" \r\n"
    b"Jo\r\n"
)
FAKE_SENDMAIL = """\
import sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "wb") as handle:
    handle.write(data)
raise SystemExit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
"""


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "tonecheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tonecheck"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TONECHECK_")}
    clean.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), NO_COLOR="1")
    clean["TONECHECK_NO_DAEMON"] = "1"  # in process: tests/test_daemon.py tests the daemon
    return clean


@pytest.fixture
def sendmail(tmp_path: Path) -> Path:
    path = tmp_path / "fake_sendmail.py"
    path.write_text(FAKE_SENDMAIL)
    return path


def hook(
    args: list[str], data: bytes, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*_console_script(), "hook", *args],
        input=data,
        env=env,
        cwd=cwd,
        capture_output=True,
        timeout=120,
        check=False,
    )


def drafts_of(env: dict[str, str]) -> list[Path]:
    folder = Path(env["XDG_DATA_HOME"]) / "tonecheck" / "drafts"
    return sorted(folder.glob("*.eml")) if folder.exists() else []


# -- end to end ------------------------------------------------------------------------------


@pytest.mark.e2e
def test_allowed_message_reaches_sendmail_byte_for_byte(
    tmp_path: Path, env: dict[str, str], sendmail: Path
) -> None:
    out = tmp_path / "sent.eml"
    # --fail-on never: this test is about the bytes, whatever the rule packs say
    result = hook(
        ["--fail-on", "never", "--then", sys.executable, str(sendmail), str(out), "5"],
        FRIENDLY,
        env,
        tmp_path,
    )
    assert out.read_bytes() == FRIENDLY
    assert result.returncode == 5, result.stderr  # the sending command's exit code
    assert drafts_of(env) == []


@pytest.mark.e2e
def test_refused_message_is_saved_not_sent(
    tmp_path: Path, env: dict[str, str], sendmail: Path
) -> None:
    out = tmp_path / "sent.eml"
    result = hook(["--then", sys.executable, str(sendmail), str(out)], HARSH, env, tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert not out.exists()
    assert "respect.threat-arrest" in stderr and "refused" in stderr
    drafts = drafts_of(env)
    assert len(drafts) == 1
    assert drafts[0].read_bytes() == HARSH
    assert str(drafts[0]) in stderr
    assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600
    assert "X-Tonecheck-Override" in stderr  # tells the person how to send anyway


@pytest.mark.e2e
def test_override_header_sends_and_is_logged(
    tmp_path: Path, env: dict[str, str], sendmail: Path
) -> None:
    message = b"X-Tonecheck-Override: legal approved this wording\r\n" + HARSH
    out = tmp_path / "sent.eml"
    result = hook(["--then", sys.executable, str(sendmail), str(out)], message, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == message
    log = Path(env["XDG_DATA_HOME"]) / "tonecheck" / "overrides.jsonl"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["reason"] == "legal approved this wording"
    assert entry["message_id"] == "<harsh-1@acme.example>"
    assert "respect.threat-arrest" in entry["rules"]
    assert "arrested" not in log.read_text()  # never the body
    assert drafts_of(env) == []


_FAULT = """\
import tonecheck.engine.checker

def _broken(self, *args, **kwargs):
    raise RuntimeError("simulated fault inside tonecheck")

tonecheck.engine.checker.Checker.__init__ = _broken
"""


@pytest.mark.e2e
@pytest.mark.parametrize("fail_open", [False, True])
def test_internal_error_fails_closed_unless_fail_open(
    tmp_path: Path, env: dict[str, str], sendmail: Path, fail_open: bool
) -> None:
    fault = tmp_path / "fault"
    fault.mkdir()
    (fault / "sitecustomize.py").write_text(_FAULT)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(fault), env.get("PYTHONPATH")]))
    out = tmp_path / "sent.eml"
    args = ["--fail-open"] if fail_open else []
    result = hook(
        [*args, "--then", sys.executable, str(sendmail), str(out)], FRIENDLY, env, tmp_path
    )
    stderr = result.stderr.decode()
    assert "simulated fault" in stderr
    assert "Traceback" not in stderr
    if fail_open:
        assert result.returncode == 0
        assert out.read_bytes() == FRIENDLY
    else:
        assert result.returncode == 3
        assert not out.exists()
        assert [d.read_bytes() for d in drafts_of(env)] == [FRIENDLY]


@pytest.mark.e2e
def test_missing_then_command_keeps_the_message(tmp_path: Path, env: dict[str, str]) -> None:
    result = hook(["--then", "/nonexistent/sendmail", "-t"], FRIENDLY, env, tmp_path)
    assert result.returncode == 2
    assert "/nonexistent/sendmail" in result.stderr.decode()
    assert [d.read_bytes() for d in drafts_of(env)] == [FRIENDLY]


@pytest.mark.e2e
def test_empty_stdin_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    result = hook([], b"", env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1
    assert drafts_of(env) == []


@pytest.mark.e2e
def test_sendemail_validate_mode(tmp_path: Path, env: dict[str, str]) -> None:
    harsh = tmp_path / "0001-harsh.patch"
    harsh.write_bytes(HARSH)
    friendly = tmp_path / "0002-friendly.patch"
    friendly.write_bytes(FRIENDLY)
    refused = hook([str(harsh)], b"", env, tmp_path)
    assert refused.returncode == 1
    assert "respect.threat-arrest" in refused.stderr.decode()
    assert drafts_of(env) == []  # the message is already in a file
    # git 2.41+ passes a second file with SMTP headers; an override there counts
    headers = tmp_path / "smtp-headers"
    headers.write_bytes(b"X-Tonecheck-Override: reviewed by compliance\n")
    allowed = hook([str(harsh), str(headers)], b"", env, tmp_path)
    assert allowed.returncode == 0, allowed.stderr


class _FakeService(http.server.BaseHTTPRequestHandler):
    """Answers POST /v1/check with a canned report that has one error finding."""

    requests: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        _FakeService.requests.append(
            {"path": self.path, "body": json.loads(self.rfile.read(length))}
        )
        report = {
            "channel": "email",
            "stage": "overdue",
            "stage_detected": True,
            "scores": {
                "respect": 40,
                "clarity": 70,
                "empathy": 55,
                "transparency": 65,
                "overall": 55,
            },
            "findings": [
                {
                    "rule": "respect.server-said-no",
                    "dimension": "respect",
                    "category": "threat",
                    "severity": "error",
                    "start": 0,
                    "end": 3,
                    "message": "Flagged by the service.",
                }
            ],
        }
        data = json.dumps(report).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def service() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeService.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.e2e
def test_server_report_is_used(tmp_path: Path, env: dict[str, str], service: str) -> None:
    result = hook(["--server", service], FRIENDLY, env, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "respect.server-said-no" in result.stderr.decode()
    [request] = _FakeService.requests
    assert request["path"] == "/v1/check"
    body = request["body"]
    assert isinstance(body, dict)
    assert body["channel"] == "email" and "Thank you for your payment" in body["text"]


@pytest.mark.e2e
def test_unreachable_server_falls_back_to_local(
    tmp_path: Path, env: dict[str, str], sendmail: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "sent.eml"
    result = hook(
        [
            "--server",
            f"http://127.0.0.1:{port}",
            "--timeout",
            "2",
            "--fail-on",
            "never",
            "--then",
            sys.executable,
            str(sendmail),
            str(out),
        ],
        FRIENDLY,
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "checking locally" in result.stderr.decode()
    assert out.read_bytes() == FRIENDLY


# -- the Python API --------------------------------------------------------------------------


def test_presend_refuses_and_explains(checker: Checker) -> None:
    verdict = presend(HARSH, checker=checker)
    assert isinstance(verdict, Verdict)
    assert not verdict.allowed and verdict.override is None
    assert verdict.report is not None and verdict.report.fails("error")
    assert any("respect.threat-arrest" in r and "body line 1" in r for r in verdict.reasons)


def test_presend_accepts_message_objects_strings_and_bare_text(checker: Checker) -> None:
    import email
    from email import policy

    message = email.message_from_bytes(FRIENDLY, policy=policy.default)
    assert presend(message, checker=checker).allowed  # type: ignore[arg-type]
    assert presend(FRIENDLY.decode("latin-1"), checker=checker).allowed
    assert not presend("Pay now or we will have you arrested.", checker=checker).allowed


def test_presend_override_and_levels(checker: Checker) -> None:
    overridden = presend(b"X-Tonecheck-Override: approved\r\n" + HARSH, checker=checker)
    assert overridden.allowed and overridden.override == "approved" and overridden.reasons
    empty = presend(b"X-Tonecheck-Override:   \r\n" + HARSH, checker=checker)
    assert not empty.allowed  # an empty reason is not an override
    assert presend(HARSH, checker=checker, fail_on="never").allowed
    with pytest.raises(ValueError):
        presend(HARSH, checker=checker, fail_on="errors")  # a typo must not allow everything


def test_presend_quoted_reply_is_not_judged(checker: Checker) -> None:
    reply = (
        b"From: jo@acme.example\r\nTo: sam@example.com\r\nSubject: Re: x\r\n\r\n"
        b"Thank you for your message, Sam.\r\n\r\n"
        b"On Mon, 3 Nov 2025, Sam wrote:\r\n> I will have you arrested if you call again.\r\n"
    )
    verdict = presend(reply, checker=checker)
    assert verdict.allowed, verdict.reasons


def test_presend_without_text_raises(checker: Checker) -> None:
    data = (
        b'From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: image/png\n\nxx\n--b--\n"
    )
    with pytest.raises(EmailInputError):
        presend(data, checker=checker)


def test_signature_findings_are_ignored_when_the_checker_supports_it(checker: Checker) -> None:
    from tonecheck.hook import as_message, check_body

    _, body = as_message(
        b"From: a@b.c\r\n\r\nThank you for your payment.\r\n\r\n-- \r\nJo, Acme\r\n0800 123 4567\r\n"
    )
    assert body.signature is not None
    seen: dict[str, object] = {}

    class Supporting:
        """A Checker whose check() takes `ignore` (the API proposed for checker.py)."""

        def check(self, text: str, *, ignore: object = (), **kwargs: object) -> object:
            seen["ignore"] = ignore
            seen["text"] = text
            return checker.check(text, **kwargs)  # type: ignore[arg-type]

    check_body(Supporting(), body)  # type: ignore[arg-type]
    assert seen["ignore"] == [body.signature]
    assert seen["text"] == body.checked
    report = check_body(checker, body)  # today's Checker: no ignore argument, still works
    assert report.channel.value == "email"


def test_save_draft_is_exact_private_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = save_draft(HARSH, folder)
    second = save_draft(HARSH, folder)
    assert first != second
    assert first.read_bytes() == HARSH and second.read_bytes() == HARSH
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_override_log_lines(tmp_path: Path) -> None:
    log = tmp_path / "state" / "overrides.jsonl"
    log_override(log, message_id="<a@b>", reason="approved", rules=["respect.x"])
    log_override(log, message_id=None, reason="second", rules=[])
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["reason"] for x in lines] == ["approved", "second"]
    assert set(lines[0]) == {"time", "message_id", "sender", "user", "reason", "rules"}


def test_strip_override_header_only_touches_that_header() -> None:
    message = (
        b"From: a@b.c\r\nX-Tonecheck-Override: ok\r\n because\r\nSubject: s\r\n\r\n"
        b"X-Tonecheck-Override: in the body stays\r\n"
    )
    stripped = _strip_header(message, "X-Tonecheck-Override")
    assert stripped == (
        b"From: a@b.c\r\nSubject: s\r\n\r\nX-Tonecheck-Override: in the body stays\r\n"
    )
    assert _strip_header(HARSH, "X-Tonecheck-Override") == HARSH


@pytest.mark.e2e
def test_smtp_example_dry_run(tmp_path: Path, env: dict[str, str]) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "smtp_presend.py"
    result = subprocess.run(
        [sys.executable, str(example), "--dry-run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "harsh: allowed=False" in result.stdout
    assert "overridden: allowed=True" in result.stdout
