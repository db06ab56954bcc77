"""Where the daemon lives (a folder only this user can enter) and what it serves (a fingerprint)."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TonecheckError

if TYPE_CHECKING:
    from ..config import Config

SOCKET_NAME = "daemon.sock"


class UnsafeRuntimeDir(TonecheckError, OSError):
    """The daemon folder exists but another user could reach it: never use it."""


def runtime_dir() -> Path:
    """``$TONECHECK_DAEMON_DIR``, else ``$XDG_RUNTIME_DIR/tonecheck``, else
    ``<tmp>/tonecheck-<uid>``; created with mode 0700, and refused when it belongs to someone
    else or is open to group or others (a socket there could be spoofed or read)."""
    explicit = os.environ.get("TONECHECK_DAEMON_DIR")
    if explicit:
        folder = Path(explicit)
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "tonecheck"
    else:
        folder = Path(tempfile.gettempdir()) / f"tonecheck-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UnsafeRuntimeDir(f"{folder}: not a folder owned by this user")
    if info.st_mode & 0o077:
        raise UnsafeRuntimeDir(f"{folder}: open to other users (chmod 700 it)")
    return folder


def socket_path() -> Path:
    return runtime_dir() / SOCKET_NAME


def _tree_stamp(root: Path, pattern: str) -> list[str]:
    rows: list[str] = []
    if not root.is_dir():
        return rows
    for path in sorted(root.rglob(pattern)):
        try:
            info = path.stat()
        except OSError:
            continue
        rows.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return rows


def fingerprint(config: Config) -> str:
    """What a daemon's reports depend on: tonecheck's version and source files, the Python
    running it, the config, and every rule file (by size and modification time)."""
    from .._version import __version__
    from ..rulebook.loader import builtin_rules_dir

    package = Path(__file__).resolve().parent.parent
    parts = [__version__, sys.executable, config.model_dump_json()]
    parts += _tree_stamp(package, "*.py")
    for folder in [builtin_rules_dir(), *config.rule_dirs]:
        parts += _tree_stamp(Path(folder), "*.toml")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]
