"""Signals during an audit: a clean stop on the first Ctrl-C/SIGTERM, quiet pool workers, and
workers that exit when the auditing process dies."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any


class Stop:
    """First Ctrl-C/SIGTERM asks for a clean stop (finish, commit, exit); a second one forces.

    Pool workers are forked with this handler too, so a Ctrl-C does not print a traceback from
    every worker: they finish their chunk and the parent stops feeding them.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Stop:
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


running = False
_fork_hook_installed = False


def _in_pool_worker() -> None:
    """Runs in every process forked while an audit runs (the pool's workers).

    Ctrl-C is the parent's business: it stops feeding the pool and commits, so workers ignore
    SIGINT instead of each printing a traceback. SIGTERM gets its default action back so the pool
    can always end its workers. And a worker whose parent died (kill -9, OOM killer) exits
    instead of lingering forever with a loaded pipeline.
    """
    if not running:
        return
    import os
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, name="tonecheck-parent-watch", daemon=True).start()


def install_fork_hook() -> None:
    global _fork_hook_installed
    if not _fork_hook_installed:
        import os

        os.register_at_fork(after_in_child=_in_pool_worker)
        _fork_hook_installed = True
