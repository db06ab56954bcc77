"""Finding the words a person wrote in an RFC 5322 message, without being fooled or flooded.

An outgoing e-mail is more than its text: headers, MIME parts, HTML, attachments, the quoted
message being replied to and a signature. Tone checks should judge only what the sender wrote
now, yet every finding's offset must still point into the body a person sees. So quoted replies
are *blanked* (replaced by spaces of the same length, newlines kept) rather than cut out: the
checked text and the body then have the same length and offsets map one to one.

Signatures are handled differently: they often hold the contact details and required
disclosures the message needs, so blanking them would raise false "missing contact" findings.
They are reported as a span (`EmailBody.signature`) that the caller may ask the Checker to
ignore for findings while still counting its strengths.

Attachments are never decoded: non-text parts are skipped without reading their payload, and
the text part is size-checked before it is decoded, so a 30 MB PDF costs nothing.
"""

from __future__ import annotations

import email
import email.errors
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message

from ..errors import TonecheckError
from .html import html_to_text
from .quotes import blank_quotes, find_signature

#: Largest whole message accepted (attachments included; they are not decoded).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: Largest encoded text part we are willing to decode.
MAX_TEXT_PART_BYTES = 8 * 1024 * 1024

_KNOWN_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "received",
        "return-path",
        "reply-to",
        "sender",
        "in-reply-to",
        "references",
        "delivered-to",
        "x-mailer",
        "user-agent",
        "dkim-signature",
        "x-tonecheck-override",
    }
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?")  # RFC 5322 field-name: printable, no colon
_CONTINUATION = re.compile(rb"^[ \t]+\S")


class EmailInputError(TonecheckError, ValueError):
    """The message cannot be read; the text says what is wrong, for a person to act on."""


@dataclass(frozen=True)
class EmailBody:
    """The body of a message as a reader sees it, and the version the tone checks look at."""

    text: str
    """The decoded body (HTML converted to text), line ends normalised to ``\\n``."""
    checked: str
    """Same length as `text`; quoted replies replaced by spaces (newlines kept)."""
    content_type: str
    """The part the body came from: ``text/plain`` or ``text/html``."""
    subject: str | None = None
    message_id: str | None = None
    signature: tuple[int, int] | None = None
    """Span of the signature block in `text`, when one was recognised."""
    line_offset: int | None = None
    """Lines in the raw message before the body, when the body appears in it verbatim, so
    positions can be reported as lines of the file; None when the body was decoded or converted."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Things a person may want to know (charset fallbacks, MIME defects)."""


def looks_like_email(data: bytes | str) -> bool:
    """True when `data` starts with an RFC 5322 header block that names a known header.

    Every line up to the first blank line must be a header or a folded continuation, and at
    least one must be a header mail software writes (From, Subject, Content-Type...), so a
    letter that opens with "Re: your account" or "Note: ..." is still read as plain text.
    """
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    head = raw[:65536]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From ") and b":" not in lines[0].split(b" ", 2)[1]:
        lines = lines[1:]  # an mbox "From " separator line
    known = False
    seen_header = False
    for number, line in enumerate(lines):
        line = line.rstrip(b"\r")
        if not line:
            return seen_header and known
        if _HEADER_LINE.match(line):
            seen_header = True
            name = line.split(b":", 1)[0].decode("ascii", "replace").lower()
            known = known or name in _KNOWN_HEADERS
        elif not (seen_header and _CONTINUATION.match(line)):
            return False
        if number > 500:
            return False
    return False  # no blank line ends the header block within the first 64 KiB


def parse_message(data: bytes | str) -> EmailMessage:
    """Parse with the modern policy; refuse oversized input before parsing it."""
    size = len(data)
    if size > MAX_MESSAGE_BYTES:
        raise EmailInputError(
            f"message is {size:,} bytes; the limit is {MAX_MESSAGE_BYTES:,} bytes"
        )
    if isinstance(data, str):
        parsed = email.message_from_string(data, policy=policy.default)
    else:
        parsed = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(parsed, EmailMessage):  # pragma: no cover - policy.default guarantees it
        raise EmailInputError("could not parse the message")
    return parsed


def read_email(data: bytes | str, *, include_quoted: bool = False) -> EmailBody:
    """Parse raw message bytes (or text) and return its body; see `extract_body`."""
    try:
        message = parse_message(data)
        raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
        return extract_body(message, raw=raw, include_quoted=include_quoted)
    except RecursionError:
        # thousands of nested multiparts: no real mail looks like this
        raise EmailInputError(
            "the MIME structure is nested too deeply to read (hundreds of levels)"
        ) from None


def extract_body(
    message: EmailMessage | Message, *, raw: bytes | None = None, include_quoted: bool = False
) -> EmailBody:
    """The body a person wrote: text/plain preferred, else HTML converted to text.

    Raises `EmailInputError` when the message has no readable text part.
    """
    notes: list[str] = []
    defects = _defect_names(message)
    part = _find_body_part(message)
    if part is None:
        kinds = sorted({p.get_content_type() for p in message.walk() if not p.is_multipart()})
        found = ", ".join(kinds) if kinds else "no parts"
        hint = f" (MIME problems: {', '.join(defects)})" if defects else ""
        raise EmailInputError(f"no text/plain or text/html body found (parts: {found}){hint}")
    if defects:
        notes.append(f"MIME problems, read as best as possible: {', '.join(defects)}")
    text = _decode_text(part, notes)
    content_type = part.get_content_type()
    if content_type == "text/html":
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    checked = text if include_quoted else blank_quotes(text)
    signature = find_signature(text)
    line_offset = None
    if part is message and content_type == "text/plain" and raw is not None:
        line_offset = _verbatim_line_offset(raw, text, part)
    return EmailBody(
        text=text,
        checked=checked,
        content_type=content_type,
        subject=_header(message, "subject"),
        message_id=_header(message, "message-id"),
        signature=signature,
        line_offset=line_offset,
        notes=tuple(notes),
    )


def header_value(message: EmailMessage | Message, name: str) -> str | None:
    """A header's decoded value, or None; a malformed header never raises."""
    return _header(message, name)


# -- choosing and decoding the body part -----------------------------------------------------


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("content-disposition") or "").split(";", 1)[0].strip().lower()
    if disposition == "attachment":
        return True
    # an inline text part with a file name is a file the sender attached, not the letter
    return bool(part.get_param("filename", header="content-disposition") or part.get_param("name"))


def _find_body_part(part: Message) -> Message | None:
    """Depth-first search that never opens attachments or forwarded messages."""
    content_type = part.get_content_type()
    if part.is_multipart():
        if part.get_content_maintype() == "message":
            return None  # a forwarded message is someone else's words
        children = [c for c in _children(part) if not _is_attachment(c)]
        if content_type == "multipart/alternative":
            found = [p for p in (_find_body_part(c) for c in children) if p is not None]
            plain = [p for p in found if p.get_content_type() == "text/plain"]
            preferred = plain or found
            return preferred[0] if preferred else None
        for child in children:
            body = _find_body_part(child)
            if body is not None:
                return body
        return None
    if content_type in {"text/plain", "text/html"} and not _is_attachment(part):
        return part
    return None


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def _decode_text(part: Message, notes: list[str]) -> str:
    encoded = part.get_payload(decode=False)
    if isinstance(encoded, str) and len(encoded) > MAX_TEXT_PART_BYTES:
        raise EmailInputError(
            f"the text part is {len(encoded):,} bytes; the limit is {MAX_TEXT_PART_BYTES:,}"
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = b""
    declared = part.get_content_charset()
    return _decode_bytes(payload, declared, notes)


def _decode_bytes(payload: bytes, declared: str | None, notes: list[str]) -> str:
    """Declared charset first; mislabelled or unknown charsets fall back without failing."""
    if declared and declared not in {"us-ascii", "ascii"}:
        try:
            return payload.decode(declared)
        except LookupError:
            notes.append(f"unknown charset {declared!r}; read as UTF-8")
        except UnicodeDecodeError:
            notes.append(f"body is not valid {declared}; read as UTF-8 where possible")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        if not declared or declared in {"us-ascii", "ascii"}:
            notes.append("body has 8-bit bytes but no charset; read as Windows-1252")
            return payload.decode("cp1252", errors="replace")
        notes.append("some bytes could not be decoded and were replaced by U+FFFD")
        return payload.decode("utf-8", errors="replace")


def _verbatim_line_offset(raw: bytes, text: str, part: Message) -> int | None:
    """Header lines before the body when the raw body decodes to exactly `text`."""
    cte = (part.get("content-transfer-encoding") or "").strip().lower()
    if cte not in {"", "7bit", "8bit", "binary"}:
        return None
    match = re.search(rb"\r?\n\r?\n", raw)
    if match is None:
        return None
    body = raw[match.end() :]
    decoded = _decode_bytes(body, part.get_content_charset(), [])
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    if decoded.startswith("\ufeff"):
        decoded = decoded[1:]
    if decoded != text:
        return None
    return raw[: match.end()].count(b"\n")


def _defect_names(message: Message) -> list[str]:
    names: list[str] = []
    for part in message.walk():
        for defect in getattr(part, "defects", []):
            name = type(defect).__name__.removesuffix("Defect")
            if name not in names:
                names.append(name)
    return names


def _header(message: Message, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError, email.errors.HeaderParseError):
        return None
    if value is None:
        return None
    return " ".join(str(value).split()) or None


__all__ = [
    "MAX_MESSAGE_BYTES",
    "EmailBody",
    "EmailInputError",
    "extract_body",
    "header_value",
    "looks_like_email",
    "parse_message",
    "read_email",
]
