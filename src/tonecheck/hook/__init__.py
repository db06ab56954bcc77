"""The pre-send gate: check an outgoing message, refuse it as a draft or let it go.

`gate` holds the decision; the CLI surface is ``tonecheck.cli.hook``."""

from .gate import (
    DEFAULT_OVERRIDE_HEADER,
    ServerRejected,
    ServerUnavailable,
    Verdict,
    as_message,
    check_body,
    check_with_server,
    decide,
    default_drafts_dir,
    find_override,
    log_override,
    override_log_path,
    presend,
    reasons_for,
    save_draft,
)

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
