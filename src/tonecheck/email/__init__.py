"""Reading outgoing e-mail: `mime` walks the message, `quotes` finds quoted replies and
signatures, `html` turns HTML bodies into text. Importers use this package's names."""

from .html import html_to_text
from .mime import (
    MAX_MESSAGE_BYTES,
    EmailBody,
    EmailInputError,
    extract_body,
    header_value,
    looks_like_email,
    parse_message,
    read_email,
)
from .quotes import blank, blank_quotes, find_signature, quoted_regions

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
