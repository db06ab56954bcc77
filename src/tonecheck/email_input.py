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
from html.parser import HTMLParser

#: Largest whole message accepted (attachments included; they are not decoded).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: Largest encoded text part we are willing to decode.
MAX_TEXT_PART_BYTES = 8 * 1024 * 1024
#: A signature longer than this is not treated as one, so a "signature" cannot hide a letter.
MAX_SIGNATURE_LINES = 8
MAX_SIGNATURE_CHARS = 600

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


class EmailInputError(ValueError):
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


# -- quoted replies and signatures -----------------------------------------------------------

_QUOTED = re.compile(r"^[ \t]*>")
_ATTRIBUTION_END = re.compile(
    r"(?:\bwrote|a écrit|schrieb|escribió|ha scritto|schreef)\s*:\s*$", re.IGNORECASE
)
_ATTRIBUTION_START = re.compile(r"^[ \t]*(?:On|Le|Am|El|Il|Op)\b", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}[ \t]*$", re.IGNORECASE
)
_OUTLOOK_RULE = re.compile(r"^[ \t]*_{10,}[ \t]*$")
_OUTLOOK_FROM = re.compile(r"^[ \t]*\*?From:\*?[ \t]", re.IGNORECASE)
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line without its newline) for every line of `text`."""
    result = []
    start = 0
    for line in text.split("\n"):
        result.append((start, line))
        start += len(line) + 1
    return result


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans of quoted material: ``>`` lines, the "On ... wrote:" line that introduces them,
    and everything after an "Original Message" separator or an Outlook reply header."""
    lines = _lines(text)
    marked = [bool(_QUOTED.match(line)) for _, line in lines]
    for index, (_, line) in enumerate(lines):
        if _ORIGINAL_MESSAGE.match(line) or (
            _OUTLOOK_RULE.match(line)
            and index + 1 < len(lines)
            and _OUTLOOK_FROM.match(lines[index + 1][1])
        ):
            for rest in range(index, len(lines)):
                marked[rest] = True
            break
    # attributions: a line (or two, when wrapped) ending in "wrote:" just before a quote
    for index, (_, line) in enumerate(lines):
        if marked[index] or not _ATTRIBUTION_END.search(line):
            continue
        following = next((i for i in range(index + 1, len(lines)) if lines[i][1].strip()), None)
        if following is not None and not marked[following]:
            continue
        first = index
        if not _ATTRIBUTION_START.match(line) and index > 0:
            previous = lines[index - 1][1]
            if _ATTRIBUTION_START.match(previous) and not marked[index - 1]:
                first = index - 1
            else:
                continue
        for i in range(first, index + 1):
            marked[i] = True
    regions: list[tuple[int, int]] = []
    for (start, line), is_quoted in zip(lines, marked, strict=True):
        if not is_quoted:
            continue
        end = start + len(line)
        if regions and regions[-1][1] + 1 == start:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


def blank(text: str, regions: list[tuple[int, int]]) -> str:
    """`text` with each region replaced by spaces, newlines kept: same length, same lines."""
    if not regions:
        return text
    chars = list(text)
    for start, end in regions:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def blank_quotes(text: str) -> str:
    """`text` with quoted replies blanked out (see module docstring)."""
    return blank(text, quoted_regions(text))


def find_signature(text: str) -> tuple[int, int] | None:
    """The signature block: from a ``-- `` line (the Usenet/RFC 3676 delimiter) to the end of
    the unquoted text, when it is short enough to be a signature and not a hidden letter."""
    lines = _lines(text)
    quoted = quoted_regions(text)

    def is_quoted(offset: int) -> bool:
        return any(a <= offset <= b for a, b in quoted)

    for index, (start, line) in enumerate(lines):
        if not _SIGNATURE_DELIMITER.match(line) or is_quoted(start):
            continue
        end = len(text)
        for later_start, _ in lines[index + 1 :]:
            if is_quoted(later_start):
                end = later_start
                break
        block = text[start:end].rstrip()
        content_lines = [ln for ln in block.split("\n")[1:] if ln.strip()]
        if len(content_lines) > MAX_SIGNATURE_LINES or len(block) > MAX_SIGNATURE_CHARS:
            return None
        return (start, start + len(block))
    return None


# -- HTML to text ----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "table",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
        "center",
        "form",
        "fieldset",
        "main",
        "nav",
        "aside",
        "figure",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "ms-outlook-quote")
_SIGNATURE_CLASSES = ("gmail_signature", "moz-signature")


class _TextExtractor(HTMLParser):
    """HTML -> plain text: blocks become lines, quotes become ``> `` lines, scripts vanish.

    Quoted HTML (``<blockquote>``, Gmail/Thunderbird quote containers) is turned into ``> ``
    lines so the plain-text quote rules treat both kinds of mail the same way."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.current_depth = 0
        self.quote_depth = 0
        self.skip_depth = 0
        self.pre_depth = 0
        self.stack: list[tuple[str, bool, bool]] = []  # tag, opened a quote, skipped

    def _newline(self) -> None:
        line = "".join(self.current).strip() if not self.pre_depth else "".join(self.current)
        self.lines.append((self.current_depth, line))
        self.current = []
        self.current_depth = self.quote_depth

    def _break(self) -> None:
        if self.current and "".join(self.current).strip():
            self._newline()
        elif self.current:
            self.current = []

    def handle_comment(self, data: str) -> None:
        """Comments vanish, except a ``tonecheck: disable=…`` directive, kept on its own line
        so inline suppression works in HTML mail as in an HTML template (see suppress.py)."""
        if "tonecheck:" in data.lower() and not self.skip_depth:
            self._break()
            self.lines.append((self.quote_depth, f"<!-- {data.strip()} -->"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self.stack.append((tag, False, True))
                self.skip_depth += 1
            return
        if tag == "br":
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._break()
            if tag == "p" and self.lines and self.lines[-1][1]:
                self.lines.append((self.quote_depth, ""))
        if tag == "hr":
            self.lines.append((self.quote_depth, "----"))
        if tag == "li":
            self.current.append("- ")
        if tag in {"td", "th"} and self.current:
            self.current.append("  ")
        if any(c in classes for c in _SIGNATURE_CLASSES):
            self._break()
            self.lines.append((self.quote_depth, "-- "))
        opens_quote = tag == "blockquote" or any(c in classes for c in _QUOTE_CLASSES)
        if tag == "pre":
            self.pre_depth += 1
        if tag not in _VOID_TAGS:
            self.stack.append((tag, opens_quote, False))
            if opens_quote:
                self._break()
                self.quote_depth += 1
                self.current_depth = self.quote_depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        # close back to the matching open tag (HTML in mail is often unbalanced)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for open_tag, opened_quote, skipped in reversed(self.stack[index:]):
                    if skipped:
                        self.skip_depth -= 1
                    if opened_quote:
                        self._break()
                        self.quote_depth -= 1
                        self.current_depth = self.quote_depth
                    if open_tag == "pre":
                        self.pre_depth -= 1
                del self.stack[index:]
                break
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            parts = data.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self._newline()
                self.current.append(part)
            return
        collapsed = re.sub(r"\s+", " ", data)
        if not self.current or "".join(self.current).endswith(" "):
            collapsed = collapsed.lstrip()
        if collapsed:
            if not self.current:
                self.current_depth = self.quote_depth
            self.current.append(collapsed)

    def text(self) -> str:
        self._break()
        out: list[str] = []
        for depth, line in self.lines:
            line = line.replace("\xa0", " ")
            line = line if line == "-- " else line.rstrip()
            if line and depth:
                line = "> " * depth + line
            elif depth:
                line = ">" * depth
            if not line and out and not out[-1]:
                continue  # at most one blank line in a row
            out.append(line)
        while out and not out[-1]:
            out.pop()
        while out and not out[0]:
            out.pop(0)
        return "\n".join(out)


def html_to_text(html: str) -> str:
    """Readable text from an HTML mail body using only the standard library."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient
        pass
    return parser.text()


__all__ = [
    "MAX_MESSAGE_BYTES",
    "EmailBody",
    "EmailInputError",
    "blank",
    "blank_quotes",
    "extract_body",
    "find_signature",
    "header_value",
    "html_to_text",
    "looks_like_email",
    "parse_message",
    "quoted_regions",
    "read_email",
]
