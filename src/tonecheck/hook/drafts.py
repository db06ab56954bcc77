"""Drafts and the override log: the hook's only writes, kept to the standard library.

A refused message is saved here before anything else happens to it, and a warm-daemon hook call
(``tonecheck.daemon.hook_client``) saves it without importing the checker, pydantic or the report
model, which is why these live apart from the gate's decision (`gate`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

#: Environment variable naming the drafts folder (the ``--drafts`` option wins over it).
DRAFTS_ENV = "TONECHECK_DRAFTS"


def default_drafts_dir() -> Path:
    """``$TONECHECK_DRAFTS``, else ``$XDG_DATA_HOME/tonecheck/drafts``, else
    ``~/.local/share/tonecheck/drafts``."""
    configured = os.environ.get(DRAFTS_ENV)
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "tonecheck" / "drafts"


def override_log_path(drafts_dir: Path) -> Path:
    """The override log lives next to the drafts folder, not in it (drafts are messages)."""
    return drafts_dir.parent / "overrides.jsonl"


def save_draft(data: bytes, drafts_dir: Path | None = None) -> Path:
    """Write the exact message bytes to a new file in `drafts_dir`, atomically.

    The file appears complete or not at all (temporary file, fsync, rename), is readable only
    by its owner, and never replaces an existing draft.
    """
    folder = drafts_dir if drafts_dir is not None else default_drafts_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    digest = hashlib.sha256(data).hexdigest()[:10]
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tonecheck-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        for attempt in range(100):
            final = folder / f"{stamp}-{digest}{'' if attempt == 0 else f'-{attempt}'}.eml"
            try:
                os.link(temporary, final)  # fails if the name exists: never overwrite a draft
            except FileExistsError:
                continue
            except OSError:
                if final.exists():
                    continue
                os.replace(temporary, final)  # file systems without hard links
                break
            os.unlink(temporary)
            break
        else:  # pragma: no cover - 100 drafts with the same microsecond and content
            raise FileExistsError(f"{folder}: could not find a free draft name")
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _fsync_dir(folder)
    return final


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _local_user() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        return None


def log_override(
    log_path: Path,
    *,
    message_id: str | None,
    reason: str,
    rules: list[str],
    sender: str | None = None,
) -> None:
    """Append one JSON line: when, which message, who sent it (the From header and the local
    user running the hook), why, and which rules were overridden.

    The body is never logged (it holds personal data); the Message-ID is enough to find the
    message in the sent folder. An override is a decision someone answers for, so the log
    says who made it."""
    entry = {
        "time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "message_id": message_id,
        "sender": sender,
        "user": _local_user(),
        "reason": reason,
        "rules": rules,
    }
    log_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line)  # one write per line: concurrent hooks do not interleave
    finally:
        os.close(fd)
