"""Guards for regular expressions in rule files.

User rule packs are untrusted: a pattern such as ``(a+)+$`` can take exponential time on a short
input and stall a mail client's send button. Shapes known to backtrack catastrophically are refused
when the pack loads, and every search also runs under the ``regex`` package's timeout as a second
line of defence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import regex

MAX_PATTERN_LENGTH = 500
#: Seconds a single regex search may take before it is abandoned (and reported).
SEARCH_TIMEOUT = 0.25

# A group that contains an open-ended quantifier and is itself quantified: (a+)+, (\w*\s?)*,
# (x{2,})+ ... Bounded inner repeats such as (?:,\d{3})* cannot blow up and are allowed.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\})(?:[^()\\]|\\.)*\)\s*[+*{]")
# A quantified alternation group, the other classic catastrophic shape: (a|aa)+
_QUANTIFIED_ALTERNATION = re.compile(r"\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)\s*[+*]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_CODE_LIKE = re.compile(r"\(\?[{#]")


class UnsafeRegexError(ValueError):
    """A rule's regular expression was refused; the message says why and what to do."""


def check_regex(expression: str) -> None:
    """Raise UnsafeRegexError for patterns that cannot be run safely on untrusted text."""
    if len(expression) > MAX_PATTERN_LENGTH:
        raise UnsafeRegexError(
            f"regex is {len(expression)} characters long; the limit is {MAX_PATTERN_LENGTH}"
        )
    if _NESTED_QUANTIFIER.search(expression):
        raise UnsafeRegexError(
            f"regex {expression!r} has a quantified group that contains a quantifier (like (a+)+), "
            "which can backtrack catastrophically; use a phrase list, a token pattern, or a "
            "possessive/atomic form"
        )
    if _QUANTIFIED_ALTERNATION.search(expression):
        raise UnsafeRegexError(
            f"regex {expression!r} repeats an alternation group (like (a|aa)+), which can "
            "backtrack catastrophically; list the alternatives as phrases instead"
        )
    if _BACKREFERENCE.search(expression):
        raise UnsafeRegexError(f"regex {expression!r} uses a backreference, which is not allowed")
    if _CODE_LIKE.search(expression):
        raise UnsafeRegexError(f"regex {expression!r} uses an unsupported construct")
    try:
        regex.compile(expression)
    except regex.error as exc:
        raise UnsafeRegexError(f"regex {expression!r} does not compile: {exc}") from None


@lru_cache(maxsize=4096)
def compile_guarded(expression: str, case_sensitive: bool = False) -> Any:
    check_regex(expression)
    # VERSION0 (the default, re-compatible) is ~10x faster than VERSION1 on these patterns
    flags = 0 if case_sensitive else regex.IGNORECASE
    return regex.compile(expression, flags)


def finditer_guarded(compiled: Any, text: str) -> list[tuple[int, int]]:
    """All match offsets, or none when the search exceeds the timeout (never hangs)."""
    try:
        return [
            m.span() for m in compiled.finditer(text, timeout=SEARCH_TIMEOUT) if m.end() > m.start()
        ]
    except TimeoutError:
        return []
