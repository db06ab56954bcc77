"""Words a regular expression cannot match without, so a message without any of them can skip it.

Each rule regex scans the whole message, and most messages hold none of what a given regex looks
for (a masked swear word, "upon receipt", a premium-rate number). Before the scan, the engine
checks whether the case-folded message contains at least one of the regex's *required literals*;
that test is a few substring searches in C instead of a regex pass.

The literals come from Python's own regular-expression parser (the syntax our rule regexes use is
the ``re`` subset of the ``regex`` package). The analysis is conservative: whenever a construct is
not understood, the regex simply has no prefilter and always runs.
"""

from __future__ import annotations

from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]  # re's own parser
from typing import Any

_CONST = sre_parse  # opcodes are re-exported by the parser module
#: A character class with more members than this is not worth testing for.
_MAX_CLASS = 8

Literals = frozenset[str]


@lru_cache(maxsize=4096)
def required_literals(expression: str) -> Literals | None:
    """Case-folded strings of which every match contains at least one; None when unknown."""
    try:
        parsed = sre_parse.parse(expression)
    except Exception:  # syntax only the `regex` package knows: no prefilter
        return None
    found = _sequence(list(parsed))
    if not found or any(not literal for literal in found):
        return None
    return found


def _sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    """The most selective requirement among the items of a sequence (all must match)."""
    options: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is _CONST.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset({"".join(run).casefold()}))
            run = []
        found = _item(op, av)
        if found:
            options.append(found)
    if run:
        options.append(frozenset({"".join(run).casefold()}))
    if not options:
        return None
    return max(options, key=_rarity)


def _rarity(literals: Literals) -> tuple[float, int]:
    """Longer literals are rarer; a lone symbol (``*``, ``@``) is rarer than a lone letter.
    Then fewer alternatives."""
    shortest = min(len(x) + (1.5 if len(x) == 1 and not x.isalnum() else 0) for x in literals)
    return shortest, -len(literals)


def _item(op: Any, av: Any) -> Literals | None:
    if op is _CONST.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _CONST.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if not found:
                return None  # one way to match needs nothing we can name
            union |= found
        return frozenset(union)
    if op in (_CONST.MAX_REPEAT, _CONST.MIN_REPEAT, getattr(_CONST, "POSSESSIVE_REPEAT", None)):
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else None
    if op is getattr(_CONST, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is _CONST.IN:
        chars = [chr(value) for kind, value in av if kind is _CONST.LITERAL]
        if len(chars) == len(av) and 0 < len(chars) <= _MAX_CLASS:
            return frozenset(c.casefold() for c in chars)
    return None


def may_match(literals: Literals | None, folded_text: str) -> bool:
    """False only when the regex certainly cannot match (`folded_text` is ``text.casefold()``)."""
    return literals is None or any(literal in folded_text for literal in literals)
