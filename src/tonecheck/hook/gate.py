"""The pre-send gate: decide whether an outgoing e-mail may go, and never lose one that may not.

`presend` is the Python entry point for applications that send mail themselves; the
``tonecheck hook`` command uses the same pieces for mail clients (mutt, aerc) and git
send-email. The gate is deliberately simple to reason about:

* a message with findings at or above ``fail_on`` is refused, with one reason per finding;
* a person can still send it by adding an override header with a reason
  (``X-Tonecheck-Override: customer asked for the legal wording``), and the override is logged
  (time, Message-ID, reason, rule ids; never the body);
* a refused message is saved as a draft with an atomic write, so it is never lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from email.message import EmailMessage, Message
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..email import (
    EmailBody,
    EmailInputError,
    blank_quotes,
    extract_body,
    find_signature,
    looks_like_email,
    parse_message,
)
from ..errors import TonecheckError
from ..models import MessageContext, Report, Severity, Stage
from ..render import LineIndex

if TYPE_CHECKING:
    from ..engine.calls import SupportsCheck
    from ..engine.checker import Checker

DEFAULT_OVERRIDE_HEADER = "X-Tonecheck-Override"
#: Environment variable holding the bearer token for ``--server`` (never a command-line flag).
TOKEN_ENV = "TONECHECK_API_TOKEN"
#: The longest server response we read; a report is a few kilobytes.
MAX_SERVER_RESPONSE = 4 * 1024 * 1024


class Verdict(BaseModel):
    """Whether a message may be sent, and why not."""

    allowed: bool = Field(description="True when the message may be sent")
    report: Report | None = Field(default=None, description="The tone report, when one was made")
    reasons: list[str] = Field(
        default_factory=list,
        description="One line per finding at or above fail_on (also listed when overridden)",
    )
    override: str | None = Field(
        default=None, description="The override header's reason, when a person overrode the gate"
    )


class ServerUnavailable(TonecheckError, RuntimeError):
    """The tonecheck service could not give a report; the caller falls back to local checks."""


class ServerRejected(TonecheckError, RuntimeError):
    """The service answered but refused: a wrong or missing token, a TLS certificate that does
    not verify, a URL that is not a tonecheck service. A setup mistake, not an outage: checking
    locally instead would hide it (and a forged certificate) behind a slower check."""


#: HTTP statuses that mean "try again later" (the service is up but cannot answer now).
_TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})


# -- reading the message ---------------------------------------------------------------------


def as_message(message: EmailMessage | Message | str | bytes) -> tuple[Message, EmailBody]:
    """The parsed message and its body. A str or bytes without a header block is treated as a
    bare body, so `presend("Dear Sam, ...")` works too."""
    if isinstance(message, Message):
        return message, extract_body(message)
    if not isinstance(message, (str, bytes)):
        raise TypeError(
            f"message must be an EmailMessage, str or bytes, not {type(message).__name__}"
        )
    if not looks_like_email(message):
        text = message if isinstance(message, str) else _decode_bare(message)
        text = text.replace("\r\n", "\n").removeprefix("\ufeff")
        body = EmailBody(
            text=text,
            checked=blank_quotes(text),
            content_type="text/plain",
            signature=find_signature(text),
        )
        return EmailMessage(), body
    parsed = parse_message(message)
    raw = message.encode("utf-8", "surrogateescape") if isinstance(message, str) else message
    return parsed, extract_body(parsed, raw=raw)


def _decode_bare(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EmailInputError(
            f"the message has no headers and is not UTF-8 text (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start})"
        ) from None


def find_override(message: Message, header: str = DEFAULT_OVERRIDE_HEADER) -> str | None:
    """The reason given in the override header, or None when absent or empty."""
    try:
        values = message.get_all(header) or []
    except (ValueError, TypeError, IndexError):
        return None
    for value in values:
        reason = " ".join(str(value).split())
        if reason:
            return reason
    return None


# -- checking --------------------------------------------------------------------------------


def check_body(
    checker: Checker | SupportsCheck,
    body: EmailBody,
    *,
    channel: str = "email",
    stage: Stage | str | None = None,
    context: MessageContext | Mapping[str, Any] | None = None,
    template: bool = False,
    id: str | None = None,
) -> Report:
    """Check an e-mail body: quoted replies are already blanked; the signature's findings are
    ignored (its contact details and disclosures still count as strengths)."""
    return checker.check(
        body.checked,
        channel=channel,
        stage=stage,
        context=context,
        template=template,
        id=id,
        ignore=[body.signature] if body.signature is not None else (),
    )


def check_with_server(
    url: str,
    body: EmailBody,
    *,
    stage: str | None = None,
    context: Mapping[str, Any] | None = None,
    template: bool = False,
    timeout: float = 5.0,
) -> Report:
    """POST the body to a running ``tonecheck serve``. Raises `ServerUnavailable` when it
    cannot be reached or is overloaded, so the caller can fall back to checking locally, and
    `ServerRejected` when it refuses the request (authentication, TLS, a wrong URL)."""
    import http.client
    import ssl
    import urllib.error
    import urllib.request

    from pydantic import ValidationError

    payload = {
        "text": body.checked,
        "channel": "email",
        "stage": stage,
        "context": dict(context) if context else None,
        "template": template,
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    token = os.environ.get(TOKEN_ENV)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/check",
        data=json.dumps(payload, default=str).encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_SERVER_RESPONSE + 1)
    except urllib.error.HTTPError as exc:
        if exc.code in _TRANSIENT_STATUS:
            raise ServerUnavailable(f"{url}: HTTP {exc.code} {exc.reason}") from None
        hint = {
            401: f"the server wants a valid token in {TOKEN_ENV}",
            403: f"the token in {TOKEN_ENV} is not allowed to check messages",
            404: "no tonecheck service at this URL (check --server)",
        }.get(exc.code, "the server refused the request")
        raise ServerRejected(f"{url}: HTTP {exc.code} {exc.reason}: {hint}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ssl.SSLError):
            raise ServerRejected(f"{url}: TLS error: {exc.reason}") from None
        raise ServerUnavailable(f"{url}: {exc.reason}") from None
    except ssl.SSLError as exc:
        raise ServerRejected(f"{url}: TLS error: {exc}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise ServerUnavailable(f"{url}: {exc}") from None
    if len(data) > MAX_SERVER_RESPONSE:
        raise ServerUnavailable(f"{url}: response larger than {MAX_SERVER_RESPONSE} bytes")
    try:
        return Report.model_validate_json(data)
    except ValidationError:
        raise ServerUnavailable(f"{url}: the response is not a tonecheck report") from None


def reasons_for(report: Report, body_text: str, fail_on: Severity | str) -> list[str]:
    """One line per finding at or above `fail_on`: where, what, the words, and the fix."""
    if fail_on == "never":
        return []
    level = Severity(fail_on).rank
    index = LineIndex(body_text)
    reasons = []
    for finding in report.findings:
        if finding.severity.rank < level:
            continue
        line, col = index.line_col(finding.start)
        words = body_text[finding.start : finding.end] if finding.end > finding.start else ""
        words = " ".join(words.split())
        if len(words) > 60:
            words = words[:57] + "..."
        quoted = f' "{words}"' if words else ""
        reason = f"body line {line}, col {col}: {finding.severity.value} {finding.rule}{quoted}: {finding.message}"
        fixes = [s.description or s.text for s in finding.suggestions if s.description or s.text]
        if fixes:
            reason += f" Fix: {fixes[0].rstrip('.')}."
        if finding.related:
            reason += f" ({finding.also()})"
        reasons.append(reason)
    return reasons


def decide(
    report: Report, body: EmailBody, fail_on: Severity | str, override: str | None
) -> Verdict:
    """Turn a report into a verdict; an override lets a failing message through."""
    failing = report.fails(fail_on)
    return Verdict(
        allowed=(not failing) or override is not None,
        report=report,
        reasons=reasons_for(report, body.text, fail_on) if failing else [],
        override=override if failing else None,
    )


def presend(
    message: EmailMessage | Message | str | bytes,
    *,
    fail_on: Severity | str = "error",
    checker: Checker | None = None,
    stage: Stage | str | None = None,
    context: MessageContext | Mapping[str, Any] | None = None,
    override_header: str = DEFAULT_OVERRIDE_HEADER,
) -> Verdict:
    """Check an outgoing message before an application sends it.

    >>> verdict = presend(message)                      # doctest: +SKIP
    >>> if not verdict.allowed:
    ...     raise RuntimeError("; ".join(verdict.reasons))

    `override` is set only when the override header let a failing message through; log it.
    Raises `EmailInputError` when the message has no readable text; other errors propagate,
    so the caller decides whether to fail open or closed.
    """
    if fail_on != "never":
        Severity(fail_on)  # a typo must raise, not silently allow everything
    if checker is None:
        from ..engine.default import default_checker

        checker = default_checker()
    parsed, body = as_message(message)
    report = check_body(checker, body, stage=stage, context=context)
    return decide(report, body, fail_on, find_override(parsed, override_header))
