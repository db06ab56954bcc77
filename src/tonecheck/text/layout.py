"""Where things are in a message: greeting, closing, and where an inserted sentence reads well.

Insert suggestions carry a position ('start', 'after-greeting', 'before-closing', 'end'); this
module turns it into a character offset so findings for missing elements point at the place the
rewrite will put them.
"""

from __future__ import annotations

import re

_GREETING = re.compile(
    r"^[ \t]*(?:(?i:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings|to whom it may concern)\b"
    r"[^\n,!]{0,60}(?:[,!:][ \t]*)?"
    # or a bare name on its own line: "Sam," / "Mr Jones,"
    r"|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s)?[A-Z][\w'-]{1,30}(?:\s[A-Z][\w'-]{1,30}){0,2},[ \t]*(?=\r?\n))",
)
_CLOSING = re.compile(
    r"^[ \t]*(?:kind regards|best regards|warm regards|regards|sincerely|yours sincerely|yours faithfully|"
    r"yours truly|best wishes|many thanks|thanks|thank you|best|cheers|respectfully)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
# A sign-off that ends a one-paragraph message: "... call us. Thank you." / "Thanks, Jo"
_TRAILING_SIGN_OFF = re.compile(
    r"(?:(?<=[.!?])\s+|^)((?:thank you|thanks|many thanks|kind regards|regards|best wishes|best)"
    r"\b[^.!?\n]{0,40}[.!]?)\s*$",
    re.IGNORECASE,
)


def greeting_end(text: str) -> int:
    """Offset just after the greeting line (and blank lines after it), or 0."""
    match = _GREETING.match(text)
    if not match:
        return 0
    end = match.end()
    if end < len(text) and text[end] not in "\r\n":
        # an inline greeting ("Hi Sam, we haven't...") belongs to the first sentence: go past it
        return sentence_bounds(text, end, end)[1]
    while end < len(text) and text[end] in "\r\n":
        end += 1
    return end


# A sentence ends at . ! ? before a space, at a blank line, or at a line break before a list item
# or a capital letter; a hard-wrapped line that continues in lower case is the same sentence.
# A spaced ellipsis (". . .") does not end a sentence.
#: A sentence's end: not after a title or a common abbreviation, and not a full stop that the
#: sentence goes on after in lower case, a number or a section sign ("Solomon P.C. still
#: remains unpaid", "20 U.S.C. \u00a7 1095a").
_SENTENCE_END = re.compile(
    r"(?:(?<!\.[ \t])(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)(?<!\bNo)(?<!\betc)(?<!\be\.g)"
    r"(?<!\bi\.e)(?<!\bvs)\.(?![ \t]\.)(?![ \t]+[a-z0-9\u00a7])|[!?])(?=\s)"
    r"|\n(?=[ \t]*(?:\r?\n|[-*\u2022>]|\d+[.)]|[A-Z]))"
)
#: Where a clause starts inside a sentence: "Pay by Friday, or we will ..."
_CLAUSE_START = re.compile(
    r",?\s+(?:or else|or|otherwise|and|unless|so|because|but|(?:in order |so as )?to avoid)\s+"
    r"|[,;:\u2014]\s+|\s+-\s+",
    re.IGNORECASE,
)


def clause_start(text: str, sentence_start: int, start: int) -> int:
    """Start of the clause that holds `start` (the delimiter included), or the sentence start."""
    best = sentence_start
    for match in _CLAUSE_START.finditer(text, sentence_start, start):
        best = match.start()
    return best


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around text[start:end], including its trailing space."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    while left < start and text[left] in " \t":
        left += 1
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    if right_match and right_match.group(0) == "\n":
        right -= 1  # keep the line break itself
    while right < len(text) and text[right] in " \t":
        right += 1
    return left, right


def closing_start(text: str) -> int:
    """Offset where the sign-off or signature starts, or the end of the text."""
    candidates = [m.start() for m in _CLOSING.finditer(text) if m.start() > len(text) // 3]
    signature = _SIGNATURE.search(text)
    if signature:
        candidates.append(signature.start())
    if candidates:
        return min(candidates)
    trailing = _TRAILING_SIGN_OFF.search(text)
    if trailing and trailing.start(1) > 0:
        return trailing.start(1)
    return len(text.rstrip())


def insertion_point(text: str, position: str, channel: str = "email") -> int:
    """Delegates to the zone reader, which knows headers, sign-offs and legal footers."""
    from .zones import insertion_point as zone_insertion_point

    return zone_insertion_point(text, position, channel)
