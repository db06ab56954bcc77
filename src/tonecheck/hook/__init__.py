"""The pre-send gate: check an outgoing message, refuse it as a draft or let it go.

`gate` holds the decision, `drafts` the drafts folder and the override log; the CLI surface is
``tonecheck.cli.hook``. Names load on first use, so a warm-daemon hook call that only saves a
draft (`drafts`) never imports the gate's pydantic models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .drafts import default_drafts_dir, log_override, override_log_path, save_draft
    from .gate import (
        DEFAULT_OVERRIDE_HEADER,
        ServerRejected,
        ServerUnavailable,
        Verdict,
        as_message,
        check_body,
        check_with_server,
        decide,
        find_override,
        presend,
        reasons_for,
    )

_DRAFTS = frozenset({"default_drafts_dir", "log_override", "override_log_path", "save_draft"})

__all__ = [
    "DEFAULT_OVERRIDE_HEADER",
    "ServerRejected",
    "ServerUnavailable",
    "Verdict",
    "as_message",
    "check_body",
    "check_with_server",
    "decide",
    "default_drafts_dir",
    "find_override",
    "log_override",
    "override_log_path",
    "presend",
    "reasons_for",
    "save_draft",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(".drafts" if name in _DRAFTS else ".gate", __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value
