"""Which rule regexes a message needs: one Aho-Corasick pass over all their required literals.

Each regex has a set of case-folded literals every match contains (`regex_literals`). Testing
each regex's literals with substring searches costs one pass over the text per literal; one
`pyahocorasick` automaton holding every literal of every regex finds all of them in a single
pass, and only the regexes with a literal in the message are scanned. A regex without known
literals is always scanned. The choice is the same as `may_match` per regex
(tests/rulebook/test_regex_literals.py holds the two side by side).
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from .regex_literals import Literals


class RegexGate:
    """Picks, per message, the regexes (by position) that can match it."""

    def __init__(self, literals: Sequence[Literals | None]) -> None:
        self._count = len(literals)
        self._always = [n for n, found in enumerate(literals) if found is None]
        owners: dict[str, list[int]] = {}
        for number, found in enumerate(literals):
            for literal in found or ():
                owners.setdefault(literal, []).append(number)
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            automaton = ahocorasick.Automaton()
            for literal, numbers in owners.items():
                automaton.add_word(literal, tuple(numbers))
            automaton.make_automaton()
            self._automaton = automaton

    def needed(self, folded_text: str) -> list[int]:
        """The regexes to scan, in their original order (`folded_text` is ``text.casefold()``)."""
        if self._automaton is None or not folded_text:
            return list(self._always)
        hit = set(self._always)
        for _end, numbers in self._automaton.iter(folded_text):
            hit.update(numbers)
            if len(hit) == self._count:
                break
        return sorted(hit)
