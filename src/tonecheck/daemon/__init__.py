"""A warm local checker for the command line (the ``dmypy`` / ``eslint_d`` pattern).

Loading spaCy and compiling the rule packs costs about a second, and a pre-send hook pays it on
every message. The first ``tonecheck hook`` or ``check`` starts a daemon in the background and
checks in process as before; later calls send the text over a Unix socket in a user-private
folder (mode 0700, never TCP) and get the report back from the warm `Checker`.

The daemon serves one *fingerprint* (tonecheck's version and source, the config, the rule
files); a client with another fingerprint makes it exit and starts a fresh one. It exits by
itself after ``daemon_idle_minutes`` (default 30) without a request. Any problem on the way
(no daemon, a stale socket, a timeout, a malformed answer) makes the client check in process,
so the daemon can only make a call faster, never change or lose its result.
"""

from __future__ import annotations

from .client import DaemonUnavailable, check_via_daemon, daemon_enabled, start, status, stop

__all__ = ["DaemonUnavailable", "check_via_daemon", "daemon_enabled", "start", "status", "stop"]
