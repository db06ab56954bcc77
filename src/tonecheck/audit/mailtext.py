"""The text of an e-mail, for audits of mailboxes.

``tonecheck.email_input`` (the shared e-mail front end used by ``tonecheck check`` and the hook)
is preferred when it is available, so every surface reads a message the same way. This module is
the fallback: the stdlib ``email`` package, text/plain preferred, HTML reduced to text, quoted
replies and the signature left out (they are not the sender's words in this message), and
attachments never decoded.
"""

from __future__ import annotations

import email.policy
import email.utils
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from typing import Any

_PARSER = BytesParser(policy=email.policy.default)


class MailError(ValueError):
    """The message cannot be turned into text; the audit records it as an input error."""


def parse(raw: bytes) -> EmailMessage:
    """Parse RFC 5322 bytes. The stdlib parser is lenient: defects are noted, not raised."""
    message = _PARSER.parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


class _HTMLText(HTMLParser):
    """Just enough HTML-to-text for tone checks: block tags become line breaks, script, style and
    head content disappear, entities are decoded."""

    _BLOCKS = frozenset(["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "section"])
    _HIDDEN = frozenset(["script", "style", "head", "title"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _decode(part: Any) -> str:
    try:
        content = part.get_content()
    except LookupError:
        charset = part.get_content_charset()
        payload = part.get_payload(decode=True) or b""
        try:
            content = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise MailError(f"unknown charset {charset!r} and the body is not UTF-8") from None
    except (ValueError, AssertionError) as exc:
        raise MailError(f"cannot decode the body: {exc}") from None
    if not isinstance(content, str):
        raise MailError("the body is not text")
    return content


def _own_words(text: str) -> str:
    """Drop the signature (after the '-- ' line), quoted lines and the 'On … wrote:' line."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line in ("-- ", "--"):
            break
        if line.lstrip().startswith(">"):
            continue
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        if line.rstrip().endswith("wrote:") and following.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def body_text(message: EmailMessage) -> str:
    """The sender's own words in a message, or MailError when there is no readable text."""
    try:
        from tonecheck import email_input  # type: ignore[attr-defined,unused-ignore]

        extract = getattr(email_input, "body_text", None) or getattr(email_input, "extract_text", None)
    except ImportError:
        extract = None
    if extract is not None:
        try:
            result = extract(message)
            if isinstance(result, str):
                return result
            text = getattr(result, "text", None)
            if isinstance(text, str):
                return text
        except Exception as exc:  # the shared helper's own errors become input errors
            raise MailError(str(exc) or type(exc).__name__) from None
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, IndexError, ValueError):
        part = None
    if part is None:
        if message.get_content_maintype() == "text" or not message.is_multipart():
            part = message
        else:
            raise MailError("no text/plain or text/html body")
    text = _decode(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return _own_words(text)


def recipient_names(message: EmailMessage) -> tuple[str, ...]:
    """Display names of the recipients: the customer's name, to be masked by --redact."""
    names: list[str] = []
    for header in ("To", "Cc"):
        try:
            values = message.get_all(header) or []
        except (ValueError, IndexError):
            continue
        for name, _address in email.utils.getaddresses([str(v) for v in values]):
            if name.strip():
                names.append(name.strip())
    return tuple(names)


def header(message: EmailMessage, name: str) -> str | None:
    """A header as text, or None; malformed headers give None rather than an exception."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


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
