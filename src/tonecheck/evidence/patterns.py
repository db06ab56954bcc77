"""Compact phrase patterns for evidence cues: ``(we|i) [do|really] (understand|appreciate)``.

A cue that lists phrases one by one learns the phrasings of the messages its author read; a
pattern says the class ("a first person, a verb of understanding, what is understood") and
covers the word orders and synonyms people use for it. Patterns are expanded into plain phrases
when the lexicon loads, so matching stays one ``PhraseMatcher`` pass whatever their number, and
with ``match = "lemma"`` every word also covers its inflections ("understands", "understood").

Grammar: words separated by spaces; ``(a|b c|d)`` is exactly one of the alternatives, ``[a|b]``
at most one (optional); alternatives may hold words and groups of their own.
"""

from __future__ import annotations

from itertools import product

from tonecheck.errors import TonecheckError

#: Most phrases one pattern may expand to: a pattern that says more is two patterns.
MAX_EXPANSION = 4000


class PatternError(TonecheckError, ValueError):
    """A cue pattern in the rule data that cannot be expanded (unbalanced brackets, too many phrases).

    Raised while the lexicon loads, so a team that edits a cue learns which pattern is wrong
    before any message is checked; a ``ValueError`` still, for callers that caught that before.
    """


def expand(pattern: str) -> list[str]:
    """Every phrase ``pattern`` stands for, in order, without duplicates."""
    tokens = _tokens(pattern)
    alternatives, rest = _sequence(tokens, 0, pattern)
    if rest != len(tokens):
        raise PatternError(f"unbalanced ')' or ']' in pattern {pattern!r}")
    out: dict[str, None] = {}
    for words in alternatives:
        phrase = " ".join(w for w in words if w)
        if phrase:
            out[phrase] = None
    if not out:
        raise PatternError(f"pattern {pattern!r} stands for no phrase")
    return list(out)


def _tokens(pattern: str) -> list[str]:
    for mark in "()[]|":
        pattern = pattern.replace(mark, f" {mark} ")
    return pattern.split()


def _sequence(tokens: list[str], at: int, pattern: str) -> tuple[list[tuple[str, ...]], int]:
    """One alternative: a run of words and groups, up to ``|``, ``)``, ``]`` or the end."""
    parts: list[list[tuple[str, ...]]] = []
    while at < len(tokens) and tokens[at] not in "|)]":
        token = tokens[at]
        if token in "([":
            close = ")" if token == "(" else "]"
            options: list[tuple[str, ...]] = []
            at += 1
            while True:
                seq, at = _sequence(tokens, at, pattern)
                options += seq
                if at >= len(tokens):
                    raise PatternError(f"unclosed {token!r} in pattern {pattern!r}")
                if tokens[at] == "|":
                    at += 1
                    continue
                if tokens[at] != close:
                    raise PatternError(f"{token!r} closed by {tokens[at]!r} in {pattern!r}")
                at += 1
                break
            if close == "]":
                options.append(())
            parts.append(options)
        else:
            parts.append([(token,)])
            at += 1
    total = 1
    for options in parts:
        total *= len(options)
        if total > MAX_EXPANSION:
            raise PatternError(f"pattern {pattern!r} expands to more than {MAX_EXPANSION}")
    return [tuple(w for piece in combo for w in piece) for combo in product(*parts)], at
