"""The text of an e-mail, for audits of mailboxes, via the shared ``tonecheck.email``.

Every surface (``tonecheck check``, the hook, the audit) reads a message the same way: text/plain
preferred, HTML turned into text, attachments never decoded, quoted replies blanked (same length,
so offsets into the body stay valid). This module adds only what an audit needs on top: the
recipients' display names (to mask with --redact) and the sender as an "agent".
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from email.message import EmailMessage

from .. import email as email_input
from ..errors import TonecheckError


class MailError(TonecheckError, ValueError):
    """The message cannot be turned into text; the audit records it as an input error."""


@dataclass(frozen=True)
class MailText:
    """What the audit checks (quotes blanked) and what it shows (the body as sent)."""

    checked: str
    shown: str


def parse(raw: bytes) -> EmailMessage:
    """Parse RFC 5322 bytes; oversized messages are refused before parsing."""
    try:
        return email_input.parse_message(raw)
    except email_input.EmailInputError as exc:
        raise MailError(str(exc)) from None


def body_text(message: EmailMessage, raw: bytes | None = None) -> MailText:
    """The body a person wrote, or MailError when there is no readable text part."""
    try:
        body = email_input.extract_body(message, raw=raw)
    except email_input.EmailInputError as exc:
        raise MailError(str(exc)) from None
    shown = body.text if len(body.text) == len(body.checked) else body.checked
    return MailText(checked=body.checked, shown=shown)


def header(message: EmailMessage, name: str) -> str | None:
    """A header as text, or None; malformed headers give None rather than an exception."""
    return email_input.header_value(message, name)


def recipient_names(message: EmailMessage) -> tuple[str, ...]:
    """Display names of the recipients: the customer's name, to be masked by --redact."""
    names: list[str] = []
    for name in ("To", "Cc"):
        value = header(message, name)
        if not value:
            continue
        for display, _address in email.utils.getaddresses([value]):
            if display.strip():
                names.append(display.strip())
    return tuple(names)


def sender(message: EmailMessage, name: str = "From") -> str | None:
    """The agent for a message: the From display name, else the address."""
    value = header(message, name)
    if value is None:
        return None
    parsed = email.utils.getaddresses([value])
    if parsed:
        display, address = parsed[0]
        return display.strip() or address.strip() or value
    return value
