"""The daemon process: one warm `Checker`, answering on the socket until it is idle too long.

Started as ``python -m tonecheck.daemon --config-json FILE --fingerprint FP`` by the client.
It builds the Checker first and only then puts its socket in place (bind to a temporary name,
then rename), so a client never connects to a daemon that is still loading. Requests are served
one at a time: a `Checker` is not shared between threads, and a pre-send hook sends one
message at a time anyway. It exits when idle for `idle` seconds, when told to stop, when a
client with another fingerprint asks, or when its socket was replaced by a newer daemon's.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from pathlib import Path
from typing import Any

from .paths import runtime_dir, socket_path
from .protocol import ProtocolError, receive, send

#: How often (seconds) the daemon wakes to check its idle time and its socket.
POLL = 2.0


class _Daemon:
    def __init__(self, checker: Any, fingerprint: str, idle: float) -> None:
        self.checker = checker
        self.fingerprint = fingerprint
        self.idle = idle
        self.started = time.time()
        self.last = time.monotonic()
        self.served = 0
        self.running = True

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "status":
            return {
                "ok": True,
                "pid": os.getpid(),
                "fingerprint": self.fingerprint,
                "started": self.started,
                "served": self.served,
                "idle_seconds": self.idle,
            }
        if op == "stop":
            self.running = False
            return {"ok": True, "pid": os.getpid()}
        if op == "hook":
            return self.answer_hook(request)
        if op != "check":
            return {"ok": False, "error": f"unknown request {op!r}"}
        self.last = time.monotonic()  # only checks keep it alive, not status questions
        if request.get("fingerprint") != self.fingerprint:
            self.running = False  # config, rules or tonecheck changed: make way for a new daemon
            return {"ok": False, "stale": True, "error": "daemon serves another configuration"}
        try:
            report = self.checker.check(
                request["text"],
                channel=request.get("channel", "email"),
                stage=request.get("stage"),
                context=request.get("context"),
                template=bool(request.get("template", False)),
                id=request.get("id"),
                ignore=[tuple(pair) for pair in request.get("ignore") or ()],
            )
        except (TypeError, ValueError) as exc:  # the caller's mistake: raised again there
            return {"ok": False, "user_error": type(exc).__name__, "error": str(exc)}
        self.served += 1
        return {"ok": True, "report": report.model_dump_json()}

    def answer_hook(self, request: dict[str, Any]) -> dict[str, Any]:
        """A whole ``tonecheck hook`` call (``cli.hook.evaluate_in_daemon``): the client
        process then only writes the verdict and delivers or saves the message."""
        from ..cli.hook import evaluate_in_daemon

        self.last = time.monotonic()
        reply = evaluate_in_daemon(request, self.checker, self.fingerprint)
        if reply.get("stale"):
            self.running = False  # make way for a daemon of the client's configuration
        elif reply.get("ok"):
            self.served += 1
        return reply

    def handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(30)
            try:
                request = receive(connection)
            except (OSError, ProtocolError):
                return
            try:
                reply = self.answer(request)
            except Exception as exc:  # a bug must not kill the daemon; the client falls back
                reply = {"ok": False, "error": f"internal error: {type(exc).__name__}: {exc}"}
            with contextlib.suppress(OSError):
                send(connection, reply)


def _still_ours(path: Path, inode: int) -> bool:
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def serve(config_json: str, fingerprint: str) -> int:
    """Build the Checker, take the socket, answer until idle; returns the exit code."""
    from ..cli._common import make_checker
    from ..config import Config

    lock = os.environ.get("TONECHECK_DAEMON_LOCK")
    try:
        config = Config.model_validate_json(config_json)
        checker = make_checker(config)
    except BaseException:
        if lock:
            Path(lock).unlink(missing_ok=True)  # let the next client try again
        raise
    checker.check("Warming up: please pay the balance by Friday.")  # lazy imports, caches
    daemon = _Daemon(checker, fingerprint, float(config.daemon_idle_minutes) * 60)
    folder = runtime_dir()
    final = socket_path()
    temporary = folder / f".daemon-{os.getpid()}.sock"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)  # the socket itself is user-only too
    try:
        listener.bind(str(temporary))
    finally:
        os.umask(old_mask)
    listener.listen(16)
    os.replace(temporary, final)  # atomic: clients see the old daemon's socket or ours
    inode = os.stat(final).st_ino
    if lock:
        Path(lock).unlink(missing_ok=True)
    listener.settimeout(POLL)
    try:
        while daemon.running:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                pass
            else:
                daemon.handle(connection)
            if time.monotonic() - daemon.last > daemon.idle or not _still_ours(final, inode):
                break
    finally:
        listener.close()
        if _still_ours(final, inode):
            with contextlib.suppress(OSError):
                final.unlink()
    return 0
