"""Quoted replies and signatures in a plain-text body, found so they can be blanked or set aside.

Quoted material is blanked (spaces of the same length, newlines kept) so offsets into the checked
text still point into the body; a signature is only located, because it often carries the contact
details and disclosures a message needs.
"""

from __future__ import annotations

import re

#: A signature longer than this is not treated as one, so a "signature" cannot hide a letter.
MAX_SIGNATURE_LINES = 8
MAX_SIGNATURE_CHARS = 600

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


__all__ = [
    "MAX_SIGNATURE_CHARS",
    "MAX_SIGNATURE_LINES",
    "blank",
    "blank_quotes",
    "find_signature",
    "quoted_regions",
]
