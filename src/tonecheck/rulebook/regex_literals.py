"""Words a regular expression cannot match without, so a message without any of them can skip it.

Each rule regex scans the whole message, and most messages hold none of what a given regex looks
for (a masked swear word, "upon receipt", a premium-rate number). Before the scan, the engine
checks whether the case-folded message contains, for every group of the regex's *required
literals*, at least one of them (`regex_gate` does this for all regexes in one pass).

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
#: Groups kept per regex beyond the rarest, and the shortest word such a group may hold.
_MAX_GROUPS = 3
_MIN_EXTRA = 4

Literals = frozenset[str]
#: Groups of literals that must all be present: every match contains at least one literal of
#: each group. A regex such as "pay now … (later) dispute" needs "now" *and* "disput", and a
#: message with "now" but no "disput" (most of them) skips it.
Requirements = tuple[Literals, ...]


@lru_cache(maxsize=4096)
def required_groups(expression: str) -> Requirements | None:
    """Every group of case-folded strings a match needs one of, the rarest first; None when
    nothing is known. Positive lookarounds count: the text they look at must be there too."""
    try:
        parsed = sre_parse.parse(expression)
    except Exception:  # syntax only the `regex` package knows: no prefilter
        return None
    found = sorted({group for group in _sequence(list(parsed)) if all(group)}, key=_rarity)
    if not found:
        return None
    rarest, *others = reversed(found)
    # a group of short or one-letter words ("a", " ", "the") is in nearly every message: it
    # would only add work to the gate's pass, so beyond the rarest only words of 4+ letters
    return (rarest, *[g for g in others if min(map(len, g)) >= _MIN_EXTRA][: _MAX_GROUPS - 1])


def _sequence(items: list[tuple[Any, Any]]) -> list[Literals]:
    """The requirements of a sequence: all of its items' requirements."""
    groups: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is _CONST.LITERAL:
            run.append(chr(av))
            continue
        if run:
            groups.append(frozenset({"".join(run).casefold()}))
            run = []
        groups.extend(_item(op, av))
    if run:
        groups.append(frozenset({"".join(run).casefold()}))
    return groups


def _rarity(literals: Literals) -> tuple[float, int]:
    """Longer literals are rarer; a lone symbol (``*``, ``@``) is rarer than a lone letter.
    Then fewer alternatives."""
    shortest = min(len(x) + (1.5 if len(x) == 1 and not x.isalnum() else 0) for x in literals)
    return shortest, -len(literals)


def _item(op: Any, av: Any) -> list[Literals]:
    if op is _CONST.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _CONST.BRANCH:
        # one group for the whole alternation: each way to match brings its rarest group
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if not found:
                return []  # one way to match needs nothing we can name
            rarest: Literals = max(found, key=_rarity)
            union.update(rarest)
        return [frozenset(union)]
    if op in (_CONST.MAX_REPEAT, _CONST.MIN_REPEAT, getattr(_CONST, "POSSESSIVE_REPEAT", None)):
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else []
    if op is getattr(_CONST, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is _CONST.ASSERT:  # (?=…) and (?<=…); a negative lookaround requires nothing
        return _sequence(list(av[1]))
    if op is _CONST.IN:
        chars = [chr(value) for kind, value in av if kind is _CONST.LITERAL]
        if len(chars) == len(av) and 0 < len(chars) <= _MAX_CLASS:
            return [frozenset(c.casefold() for c in chars)]
    return []


def may_match(requirements: Requirements | None, folded_text: str) -> bool:
    """False only when the regex certainly cannot match (`folded_text` is ``text.casefold()``):
    some required group has none of its literals in the text."""
    if requirements is None:
        return True
    return all(any(literal in folded_text for literal in group) for group in requirements)
