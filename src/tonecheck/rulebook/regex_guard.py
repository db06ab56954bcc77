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

from ..errors import TonecheckError

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


class UnsafeRegexError(TonecheckError, ValueError):
    """A rule's regular expression was refused; the message says why and what to do."""


@lru_cache(maxsize=4096)
def check_regex(expression: str, case_sensitive: bool = False) -> None:
    """Raise UnsafeRegexError for patterns that cannot be run safely on untrusted text.

    Cached because every pattern is checked twice while a Checker loads (by the rule schema and
    again by `compile_guarded`); a refused pattern raises again each time (exceptions are not
    cached). `case_sensitive` is how the rule will run: the test compilation is kept for it."""
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
        _compile(expression, _flags(case_sensitive))
    except regex.error as exc:
        raise UnsafeRegexError(f"regex {expression!r} does not compile: {exc}") from None


def _flags(case_sensitive: bool) -> int:
    # VERSION0 (the default, re-compatible) is ~10x faster than VERSION1 on these patterns
    return 0 if case_sensitive else int(regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _compile(expression: str, flags: int) -> Any:
    """Compiling is nearly all the cost of checking a pattern (0.3 ms each, about 20 ms for the
    built-in packs on every start), so the check's compilation is the one the checker runs; the
    regex package's own cache is not relied on, as it is shared and purged when it fills."""
    return regex.compile(expression, flags)


@lru_cache(maxsize=4096)
def compile_guarded(expression: str, case_sensitive: bool = False) -> Any:
    check_regex(expression, case_sensitive)
    return _compile(expression, _flags(case_sensitive))


def finditer_guarded(compiled: Any, text: str) -> list[tuple[int, int]]:
    """All match offsets, or none when the search exceeds the timeout (never hangs)."""
    try:
        return [
            m.span() for m in compiled.finditer(text, timeout=SEARCH_TIMEOUT) if m.end() > m.start()
        ]
    except TimeoutError:
        return []
