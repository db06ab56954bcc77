"""The warm daemon: same answers as checking in process, never a lost or changed message, and a
fallback for every way it can be missing, stale, broken or unsafe."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tonecheck.config import Config
from tonecheck.daemon import client
from tonecheck.daemon.paths import UnsafeRuntimeDir, fingerprint, runtime_dir

MESSAGE = (
    b"From: Acme Collections <billing@acme.example>\nTo: pat@example.com\n"
    b"Subject: Your balance\n\nPay now or we will sue you and tell your employer.\n"
)


@pytest.fixture
def daemon_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    folder = Path(f"/tmp/tcd-{os.getpid()}-{tmp_path.name}"[:90])  # socket paths are short
    monkeypatch.setenv("TONECHECK_DAEMON_DIR", str(folder))
    monkeypatch.delenv("TONECHECK_NO_DAEMON", raising=False)
    env = {**os.environ, "TONECHECK_DAEMON_DIR": str(folder)}
    env.pop("TONECHECK_NO_DAEMON", None)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    yield env
    client.stop()
    for leftover in folder.glob("*") if folder.exists() else []:
        leftover.unlink(missing_ok=True)
    if folder.exists():
        folder.rmdir()


def _hook(
    env: dict[str, str], *extra: str, config: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "tonecheck.cli", "hook", "--then", "cat"]
    if config is not None:
        command[4:4] = ["--config", str(config)]
    command[4:4] = list(extra)
    drafts = Path(env["TONECHECK_DAEMON_DIR"]).parent / f"drafts-{os.getpid()}"
    return subprocess.run(
        command,
        input=MESSAGE,
        capture_output=True,
        env={**env, "TONECHECK_DRAFTS": str(drafts)},
        timeout=300,
        check=False,
    )


def _same(a: subprocess.CompletedProcess[bytes], b: subprocess.CompletedProcess[bytes]) -> bool:
    """Same exit, output and messages (refused drafts get different, timestamped names)."""

    return (a.returncode, a.stdout, _masked(a.stderr)) == (
        b.returncode,
        b.stdout,
        _masked(b.stderr),
    )


def _masked(err: bytes) -> bytes:
    return re.sub(rb"saved at \S+\.eml", b"saved at DRAFT", err)


def test_hook_answers_the_same_through_the_daemon(daemon_env: dict[str, str]) -> None:
    config = Config.discover()
    assert client.start(config, wait=180)
    served = client.status()
    assert served is not None and served["served"] == 0
    warm = _hook(daemon_env)
    cold = _hook(daemon_env, "--no-daemon")
    assert warm.returncode == 1 and _same(warm, cold)
    sent = _hook(daemon_env, "--fail-on", "never")
    assert sent.returncode == 0 and sent.stdout == MESSAGE  # passed on byte for byte
    after = client.status()
    assert after is not None and after["served"] == 2  # the warm calls went to the daemon


def test_a_warm_hook_imports_nothing_heavy(daemon_env: dict[str, str]) -> None:
    """With a warm daemon the hook process only sends bytes and writes the verdict: no
    pydantic, no report model, no spaCy; and it says and saves what an in-process call does."""
    assert client.start(Config.discover(), wait=180)
    probe = (
        "import sys\n"
        "from tonecheck.cli import main\n"
        "code = main(['hook', '--then', 'cat'])\n"
        "heavy = [m for m in ('pydantic', 'spacy', 'tonecheck.models') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
        "sys.exit(code)\n"
    )
    drafts = Path(daemon_env["TONECHECK_DAEMON_DIR"]).parent / f"drafts-{os.getpid()}"
    before = set(drafts.glob("*.eml")) if drafts.exists() else set()
    warm = subprocess.run(
        [sys.executable, "-c", probe],
        input=MESSAGE,
        capture_output=True,
        env={**daemon_env, "TONECHECK_DRAFTS": str(drafts)},
        timeout=300,
        check=False,
    )
    said, _, heavy = warm.stderr.rpartition(b"HEAVY=")
    assert heavy == b"", warm.stderr
    saved = set(drafts.glob("*.eml")) - before
    assert len(saved) == 1 and saved.pop().read_bytes() == MESSAGE
    served = client.status()
    assert served is not None and served["served"] == 1
    cold = _hook(daemon_env, "--no-daemon")
    assert warm.returncode == cold.returncode == 1
    assert _masked(said) == _masked(cold.stderr)


def test_a_changed_config_restarts_the_daemon(daemon_env: dict[str, str], tmp_path: Path) -> None:
    assert client.start(Config.discover(), wait=180)
    first = client.status()
    assert first is not None
    custom = tmp_path / "tonecheck.toml"
    custom.write_text('disable = ["respect.threat-arrest"]\n', encoding="utf-8")
    changed = Config.from_file(str(custom))
    assert fingerprint(changed) != first["fingerprint"]
    result = _hook(daemon_env, config=custom)
    cold = _hook(daemon_env, "--no-daemon", config=custom)
    assert _same(result, cold)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        found = client.status()
        if found is not None and found["fingerprint"] == fingerprint(changed):
            break
        time.sleep(0.5)
    else:
        pytest.fail("no daemon for the new config")
    assert found["pid"] != first["pid"]


def test_a_broken_socket_falls_back_without_losing_the_message(
    daemon_env: dict[str, str],
) -> None:
    folder = runtime_dir()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "daemon.sock"))  # answers nothing useful: closes at once
    server.listen(1)
    (folder / "starting").write_text("")  # and no new daemon gets started in the test
    try:
        result = _hook(daemon_env)
    finally:
        server.close()
    cold = _hook(daemon_env, "--no-daemon")
    assert _same(result, cold)


def test_an_open_runtime_dir_is_refused(daemon_env: dict[str, str]) -> None:
    folder = Path(daemon_env["TONECHECK_DAEMON_DIR"])
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o755)
    with pytest.raises(UnsafeRuntimeDir):
        runtime_dir()
    assert client.status() is None
    with pytest.raises(client.DaemonUnavailable):
        client.check_via_daemon(Config(), "Please pay by Friday.")
    folder.chmod(0o700)


def test_idle_daemon_exits(daemon_env: dict[str, str], tmp_path: Path) -> None:
    custom = tmp_path / "tonecheck.toml"
    custom.write_text("daemon_idle_minutes = 0.02\n", encoding="utf-8")
    assert client.start(Config.from_file(str(custom)), wait=180)
    deadline = time.monotonic() + 30
    while client.status() is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert client.status() is None
    assert not (runtime_dir() / "daemon.sock").exists()


def test_switches_turn_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TONECHECK_NO_DAEMON", raising=False)
    assert client.daemon_enabled(Config())
    assert not client.daemon_enabled(Config(), no_daemon=True)
    assert not client.daemon_enabled(Config(daemon=False))
    monkeypatch.setenv("TONECHECK_NO_DAEMON", "1")
    assert not client.daemon_enabled(Config())
