"""The client side: ask a running daemon, start one when there is none, stop it, ask its status.

Every function here either succeeds or raises `DaemonUnavailable` (or returns None), so the
callers (``tonecheck hook`` and ``check``) can always fall back to checking in process.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import TonecheckError
from .paths import fingerprint, runtime_dir, socket_path
from .protocol import ProtocolError, receive, send

if TYPE_CHECKING:
    from ..config import Config
    from ..models import Report

#: Set to anything but "" or "0" to never use the daemon (tests, CI, debugging).
DISABLE_ENV = "TONECHECK_NO_DAEMON"
#: Seconds to wait for a daemon's answer before checking in process instead.
REPLY_TIMEOUT = 20.0
#: A start older than this (seconds) without a socket is taken to have failed.
START_GRACE = 90.0


class DaemonUnavailable(TonecheckError):
    """No usable daemon answered; check in process instead."""


def daemon_enabled(config: Config | None, no_daemon: bool = False) -> bool:
    """Whether to use the daemon: not ``--no-daemon``, not ``$TONECHECK_NO_DAEMON``, not
    ``daemon = false`` in the config, and a platform with Unix sockets."""
    if no_daemon or os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return False
    if config is not None and not config.daemon:
        return False
    return hasattr(socket, "AF_UNIX") and os.name == "posix"


def request(payload: dict[str, Any], timeout: float = REPLY_TIMEOUT) -> dict[str, Any]:
    """Send one request to the daemon and return its reply."""
    try:
        path = socket_path()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            send(sock, payload)
            return receive(sock)
    except (OSError, ProtocolError) as exc:
        raise DaemonUnavailable(str(exc) or type(exc).__name__) from None


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def check_via_daemon(
    config: Config,
    text: str,
    *,
    channel: Any = "email",
    stage: Any = None,
    context: Any = None,
    template: bool = False,
    id: str | None = None,
    ignore: Sequence[tuple[int, int]] = (),
    start_if_missing: bool = True,
) -> Report:
    """The report a warm daemon gives for `text`. Raises `DaemonUnavailable` when there is
    none (after starting one in the background for next time) and the checker's own
    TypeError/ValueError for bad input, exactly as `Checker.check` would."""
    from pydantic import ValidationError

    from ..models import Report

    if not isinstance(text, str):
        raise DaemonUnavailable("not text")  # let the in-process check raise its own error
    stamp = fingerprint(config)
    payload = {
        "op": "check",
        "fingerprint": stamp,
        "text": text,
        "channel": _plain(channel),
        "stage": _plain(stage),
        "context": _plain(context),
        "template": template,
        "id": id,
        "ignore": [list(pair) for pair in ignore],
    }
    try:
        reply = request(payload)
    except DaemonUnavailable:
        if start_if_missing:
            start(config, stamp)
        raise
    if reply.get("ok") and isinstance(reply.get("report"), str):
        try:
            return Report.model_validate_json(reply["report"])
        except ValidationError:
            raise DaemonUnavailable("the daemon's answer is not a report") from None
    if reply.get("user_error") == "ValueError":
        raise ValueError(str(reply.get("error")))
    if reply.get("user_error") == "TypeError":
        raise TypeError(str(reply.get("error")))
    if reply.get("stale") and start_if_missing:
        _wait_gone()
        start(config, stamp)
    raise DaemonUnavailable(str(reply.get("error", "no report")))


def hook_via_daemon(data: bytes, options: dict[str, Any], drafts: str) -> dict[str, Any] | None:
    """A whole ``tonecheck hook`` evaluation by a warm daemon: the verdict (allowed, reasons,
    override, fail_on), or None when no daemon gives one (the caller then evaluates in process,
    which also starts a daemon for next time). The message goes as its exact bytes, with this
    process's folder and environment so the daemon finds the same config, drafts and log.

    Only the standard library is imported here: with a warm daemon the hook's own process
    never loads pydantic, the report model or spaCy."""
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return None
    if not hasattr(socket, "AF_UNIX") or os.name != "posix":
        return None
    payload = {
        "op": "hook",
        "data": base64.b64encode(data).decode("ascii"),
        "args": options,
        "drafts": drafts,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
    }
    try:
        reply = request(payload)
    except DaemonUnavailable:
        return None
    return reply if reply.get("ok") is True else None


def _wait_gone(timeout: float = 5.0) -> None:
    """Wait for a stopping daemon to remove its socket (so a new one can take the name)."""
    deadline = time.monotonic() + timeout
    with contextlib.suppress(OSError):
        path = socket_path()
        while path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)


def start(config: Config, stamp: str | None = None, *, wait: float = 0.0) -> bool:
    """Start a daemon for `config` in the background unless one is already starting; with
    `wait`, block up to that many seconds until it answers. Returns whether one answers (or,
    without `wait`, whether a start is under way)."""
    stamp = stamp or fingerprint(config)
    try:
        folder = runtime_dir()
    except OSError:
        return False
    lock = folder / "starting"
    with contextlib.suppress(OSError):
        if time.time() - lock.stat().st_mtime > START_GRACE:
            lock.unlink()  # an earlier start died before taking the socket
    try:
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        descriptor = -1  # another client is starting one already
    except OSError:
        return False
    if descriptor >= 0:
        os.close(descriptor)
        config_file = folder / f"config-{os.getpid()}.json"
        fd = os.open(config_file, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(config.model_dump_json())
        log_fd = os.open(folder / "daemon.log", os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        log = os.fdopen(log_fd, "ab")  # handed to the child
        try:
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tonecheck.daemon",
                    "--config-json",
                    str(config_file),
                    "--fingerprint",
                    stamp,
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # not killed with the hook's terminal or process group
                close_fds=True,
                env={**os.environ, "TONECHECK_DAEMON_LOCK": str(lock)},
            )
        except OSError:
            lock.unlink(missing_ok=True)
            return False
        finally:
            log.close()
    if wait <= 0:
        return True
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = status()
        if found is not None and found.get("fingerprint") == stamp:
            return True
        time.sleep(0.1)
    return False


def status() -> dict[str, Any] | None:
    """The running daemon's pid, fingerprint, start time and requests served, or None."""
    try:
        reply = request({"op": "status"}, timeout=2.0)
    except DaemonUnavailable:
        return None
    return reply if reply.get("ok") else None


def stop() -> int | None:
    """Stop the running daemon; returns its pid, or None when none was running."""
    try:
        reply = request({"op": "stop"}, timeout=5.0)
    except DaemonUnavailable:
        return None
    _wait_gone()
    pid = reply.get("pid")
    return int(pid) if isinstance(pid, int) else None


def describe(found: Mapping[str, Any] | None) -> str:
    """One line for ``tonecheck daemon status``."""
    if found is None:
        return "no daemon running"
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(found["started"])))
    return (
        f"running: pid {found['pid']}, since {started}, {found['served']} check(s) served, "
        f"exits after {float(found['idle_seconds']) / 60:g} idle minutes, "
        f"fingerprint {found['fingerprint']}"
    )
