"""tonecheck works with no network: nothing downloads at run time (no spaCy model, no NLTK data)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

BLOCK_NETWORK = textwrap.dedent(
    """
    import socket, nltk

    def _refuse(*args, **kwargs):
        raise OSError("network is unreachable (blocked by test)")

    socket.socket.connect = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse

    def _no_download(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    nltk.download = _no_download
    """
)

LONG = (
    "Dear Sam, we are writing about the balance on your account, which was due on 3 May 2026. "
    "We have not yet received the payment of $240.50. If you are having difficulty, please call "
    "us on 0800 123 4567 so that we can talk about a plan that works for you. Thank you."
)


def test_check_with_network_blocked_and_cold_cache(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCK_NETWORK)
    script = (
        "import tonecheck, json;"
        f"r = tonecheck.check({LONG!r});"
        "print(json.dumps({'grade': r.readability.flesch_kincaid_grade, 'ease': r.readability.flesch_reading_ease}))"
    )
    env = {
        "PYTHONPATH": str(tmp_path),
        "TONECHECK_CACHE_DIR": str(tmp_path / "cache"),  # no syllable cache yet: built offline
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    import json

    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert 0 < figures["grade"] < 14
    assert 30 < figures["ease"] < 100
    assert any((tmp_path / "cache").iterdir()), "the syllable table should be cached for next time"
