"""Which rule regexes a message needs: one Aho-Corasick pass over all their required literals.

Each regex has groups of case-folded literals, every match containing one literal of each group
(`regex_literals.required_groups`: the words of the match itself and of its positive
lookarounds). Testing them with substring searches costs a pass over the text per literal; one
`pyahocorasick` automaton holding every literal of every regex finds all of them in a single
pass, and only the regexes with every group present in the message are scanned. A regex
without known literals is always scanned. The choice is the same as `may_match` per regex
(tests/rulebook/test_regex_literals.py holds the two side by side).
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from .regex_literals import Requirements


class RegexGate:
    """Picks, per message, the regexes (by position) that can match it."""

    def __init__(self, requirements: Sequence[Requirements | None]) -> None:
        self._always = [n for n, groups in enumerate(requirements) if groups is None]
        #: regex number -> how many groups it needs
        self._needs = {n: len(groups) for n, groups in enumerate(requirements) if groups}
        owners: dict[str, set[tuple[int, int]]] = {}
        for number, groups in enumerate(requirements):
            for index, group in enumerate(groups or ()):
                for literal in group:
                    owners.setdefault(literal, set()).add((number, index))
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            automaton = ahocorasick.Automaton()
            for literal, pairs in owners.items():
                automaton.add_word(literal, tuple(sorted(pairs)))
            automaton.make_automaton()
            self._automaton = automaton

    def needed(self, folded_text: str) -> list[int]:
        """The regexes to scan, in their original order (`folded_text` is ``text.casefold()``)."""
        if self._automaton is None or not folded_text:
            return list(self._always)
        present: set[tuple[int, int]] = set()
        for _end, pairs in self._automaton.iter(folded_text):
            present.update(pairs)
        satisfied: dict[int, int] = {}
        for number, _ in present:
            satisfied[number] = satisfied.get(number, 0) + 1
        hit = [n for n, count in satisfied.items() if count == self._needs[n]]
        return sorted([*self._always, *hit])
