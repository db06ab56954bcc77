"""Rule regexes tried only where a match can begin.

A regex engine tries every position of the message, and for many rule regexes that walk is most
of their cost: ``\\b(?:principal|interest|fees?|...)`` costs nearly as much on a message with
one of those words as on one full of them. When every match starts with one of a known set of
literals (`regex_literals.leading_literals`), ``str.find`` on the case-folded message gives the
places a match can begin: none means no match; a few means the regex is tried at each of them in
order, skipping those inside a match already found, as ``finditer`` would; more means the scan
starts at the first. Each gives exactly ``finditer``'s matches, because no match starts anywhere
else (lookbehinds and ``\\b`` still see the text before the starting point).

That holds when the folded message lines up with the message character for character and holds
no letter beyond ASCII, whose case-insensitive partners need not fold alike (``ſ`` matches
``s``); any other message is scanned whole (`lined_up`).
"""

from __future__ import annotations

import re
from time import perf_counter
from typing import Any

from .regex_guard import SEARCH_TIMEOUT, finditer_guarded
from .regex_literals import Literals

#: Up to this many places, the regex is tried at each (one ``match`` call costs a few
#: microseconds under the timeout); past it, one scan from the first place is cheaper.
MAX_TRIES = 4

_LETTER_BEYOND_ASCII = re.compile(r"(?![\x00-\x7f])[^\W\d_]")


def lined_up(text: str, folded: str) -> bool:
    """Whether offsets in ``folded`` (``text.casefold()``) are offsets in ``text`` and every
    case-insensitive start of a leading literal shows in ``folded``."""
    if len(folded) != len(text):  # a character folded to several ("ß" -> "ss")
        return False
    return text.isascii() or _LETTER_BEYOND_ASCII.search(text) is None


def _places(leads: Literals, folded: str) -> tuple[list[int], int]:
    """(every place a lead occurs, sorted) when there are at most `MAX_TRIES`, else ([], the
    first place); ([], -1) when there is none."""
    found: list[int] = []
    for lead in leads:
        at = folded.find(lead)
        while at >= 0:
            found.append(at)
            if len(found) > MAX_TRIES:
                firsts = [folded.find(other) for other in leads]
                return [], min(f for f in firsts if f >= 0)
            at = folded.find(lead, at + 1)
    if not found:
        return [], -1
    return sorted(set(found)), found[0]


def scan(compiled: Any, text: str, leads: Literals, folded: str) -> list[tuple[int, int]]:
    """The same offsets as ``finditer_guarded(compiled, text)``, for a message that is
    `lined_up` and a regex whose every match starts with one of ``leads``."""
    tries, first = _places(leads, folded)
    if first < 0:
        return []
    if not tries:
        return finditer_guarded(compiled, text, first)
    deadline = perf_counter() + SEARCH_TIMEOUT
    spans: list[tuple[int, int]] = []
    end = -1
    try:
        for at in tries:
            if at < end:
                continue
            left = deadline - perf_counter()
            if left <= 0:
                return []
            found = compiled.match(text, at, timeout=left)
            if found is not None and found.end() > found.start():
                spans.append(found.span())
                end = found.end()
    except TimeoutError:
        return []
    return spans
