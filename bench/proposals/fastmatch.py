"""Proposal for ``src/tonecheck/rulebook/fastmatch.py`` (owned by the lead): a drop-in replacement
for spaCy's ``Matcher`` for rule token patterns, indexed by anchor words.

Why: spaCy's ``Matcher`` starts every pattern at every token and evaluates ``IN`` lists in Python,
so its cost is tokens x patterns: with the ~500 token patterns of the bundled packs it took about
10 ms of a ~11 ms check of a 170-token message (20x the floor), and it grows linearly with the
rule count. Here each pattern is only tried where it can match:

1. **Gate**: every token of a pattern that must occur (no ``?``/``*``/``{0,n}``/``!`` operator) and
   is given by a word (ORTH/TEXT/LOWER/LEMMA/NORM, a value or an ``IN`` list) must be present in
   the message, or the pattern is skipped without looking at a token (a set intersection).
2. **Anchor**: a pattern that passes is tried only at the start positions that put its rarest
   required word where it occurs.
3. **Match**: a small automaton over the token attribute arrays (one ``doc.to_array`` call)
   returns every (start, end) the pattern matches, like spaCy's ``Matcher`` (all matches, not
   only the longest; zero-length matches are never returned).

Patterns using what this does not implement (model attributes, ``REGEX``/``FUZZY`` and set
predicates other than IN/NOT_IN, extensions) go to an internal spaCy ``Matcher``, so results
are identical by construction for those; ``bench/proposals/check_fastmatch.py`` checks the rest
against spaCy on the benchmark corpus and every rule example.

Use in ``CompiledRules.__init__``: ``self.matcher = TokenMatcher(nlp.vocab)`` instead of
``Matcher(nlp.vocab)``; ``add`` and ``__call__`` have the same signature and result shape.
"""

from __future__ import annotations

import re
from typing import Any

_STRING_ATTRS = {
    "ORTH": "ORTH",
    "TEXT": "ORTH",
    "LOWER": "LOWER",
    "LEMMA": "LEMMA",
    "NORM": "NORM",
    "SHAPE": "SHAPE",
}
_FLAG_ATTRS = {
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
}
_INT_ATTRS = {"LENGTH"}
_SENT = "IS_SENT_START"
_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
_WORD_ATTRS = {"ORTH", "LOWER", "LEMMA", "NORM"}


class _Unsupported(Exception):
    pass


def _quantity(token: dict[str, Any]) -> tuple[int, int | None, bool]:
    """(min, max or None for unbounded, negated) of a token spec's OP."""
    op = token.get("OP")
    if op is None or op == "1":
        return 1, 1, False
    if op == "?":
        return 0, 1, False
    if op == "*":
        return 0, None, False
    if op == "+":
        return 1, None, False
    if op == "!":
        return 1, 1, True
    found = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if not found:
        raise _Unsupported(op)
    low, comma, high = found.groups()
    if not comma:
        return int(low), int(low), False
    return int(low or 0), (int(high) if high else None), False


class _Element:
    """One token spec: a list of (column, test, argument) checks, and how often it repeats."""

    __slots__ = ("checks", "high", "key", "low", "negated", "words")

    def __init__(self, token: dict[str, Any], strings: Any) -> None:
        from spacy.strings import get_string_id

        self.low, self.high, self.negated = _quantity(token)
        self.checks: list[tuple[str, str, Any]] = []
        #: (column, hashes) the token must have one of, for the gate and the anchor
        self.words: tuple[str, frozenset[int]] | None = None
        for key, value in token.items():
            if key == "OP":
                continue
            upper = key.upper()
            if upper in _STRING_ATTRS:
                column = _STRING_ATTRS[upper]
                if isinstance(value, str):
                    hashed = strings.add(value)
                    self.checks.append((column, "eq", hashed))
                    self._word(column, frozenset((hashed,)))
                elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"}:
                    if "IN" in value:
                        hashes = frozenset(get_string_id(v) for v in value["IN"])
                        self.checks.append((column, "in", hashes))
                        self._word(column, hashes)
                    if "NOT_IN" in value:
                        self.checks.append(
                            (column, "not_in", frozenset(get_string_id(v) for v in value["NOT_IN"]))
                        )
                else:
                    raise _Unsupported(key)
            elif upper in _FLAG_ATTRS or upper == _SENT:
                column = "SENT_START" if upper == _SENT else upper
                if isinstance(value, bool):
                    self.checks.append((column, "eq", int(value)))
                else:
                    raise _Unsupported(key)
            elif upper in _INT_ATTRS:
                if isinstance(value, int) and not isinstance(value, bool):
                    self.checks.append((upper, "eq", value))
                elif isinstance(value, dict) and set(value) <= set(_COMPARE) | {"IN", "NOT_IN"}:
                    for op, argument in value.items():
                        if op in ("IN", "NOT_IN"):
                            self.checks.append((upper, op.lower(), frozenset(argument)))
                        else:
                            self.checks.append((upper, op, argument))
                else:
                    raise _Unsupported(key)
            else:
                raise _Unsupported(key)
        #: (column, values) of an equality/IN check, to find where the element can match
        self.key: tuple[str, frozenset[int]] | None = self.words
        if self.key is None:
            for column, kind, argument in self.checks:
                if kind == "eq":
                    self.key = (column, frozenset((argument,)))
                    break
                if kind == "in":
                    self.key = (column, argument)
                    break

    def _word(self, column: str, hashes: frozenset[int]) -> None:
        if column in _WORD_ATTRS and (self.words is None or len(hashes) < len(self.words[1])):
            self.words = (column, hashes)

    def required_words(self) -> tuple[str, frozenset[int]] | None:
        return self.words if self.low >= 1 and not self.negated else None


def _test(columns: dict[str, list[int]], element: _Element, i: int) -> bool:
    for column, kind, argument in element.checks:
        value = columns[column][i]
        if kind == "eq":
            ok = value == argument
        elif kind == "in":
            ok = value in argument
        elif kind == "not_in":
            ok = value not in argument
        else:
            ok = _COMPARE[kind](value, argument)
        if not ok:
            return element.negated
    return not element.negated


class _Pattern:
    __slots__ = ("anchor", "elements", "key", "max_before", "min_before", "required")

    def __init__(self, key: int, elements: list[_Element]) -> None:
        self.key = key
        self.elements = elements
        self.required = [w for w in (e.required_words() for e in elements) if w is not None]
        self.required.sort(key=lambda w: len(w[1]))
        # The anchor: an element that occurs exactly once and has a word (the rarest such), else
        # one with any equality/IN check; failing that the first element when it is required.
        self.anchor: int | None = None
        best: tuple[int, int] | None = None
        for index, element in enumerate(elements):
            if element.low == 1 and element.high == 1 and not element.negated and element.key:
                rank = (0 if element.words else 1, len(element.key[1]))
                if best is None or rank < best:
                    best, self.anchor = rank, index
        first = elements[0]
        if self.anchor is None and first.low >= 1 and not first.negated and first.key:
            self.anchor = 0
        self.min_before = 0
        self.max_before: int | None = 0
        if self.anchor is not None:
            before = elements[: self.anchor]
            self.min_before = sum(e.low for e in before)
            highs = [e.high for e in before]
            self.max_before = (
                None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
            )

    def starts(
        self, columns: dict[str, list[int]], index: dict[str, dict[int, list[int]]], length: int
    ) -> Any:
        if self.anchor is None:
            return range(length)
        column, values = self.elements[self.anchor].key  # type: ignore[misc]
        where = index.get(column)
        if where is None:
            where = index[column] = {}
            for i, value in enumerate(columns[column]):
                where.setdefault(value, []).append(i)
        positions: list[int] = []
        if len(values) < len(where):
            for value in values:
                found = where.get(value)
                if found:
                    positions.extend(found)
        else:
            for value, found in where.items():
                if value in values:
                    positions.extend(found)
        if self.min_before == 0 and self.max_before == 0:
            return sorted(positions)
        first_element = self.elements[0]
        if first_element.low >= 1 and not first_element.negated and first_element.key:
            # a match starts on a token the first element accepts: take those in the windows
            openings = self._positions(columns, index, first_element.key)
            windows = [
                (p - self.max_before if self.max_before is not None else 0, p - self.min_before)
                for p in positions
            ]
            return sorted({o for o in openings for a, b in windows if a <= o <= b})
        starts: set[int] = set()
        for p in positions:
            last = p - self.min_before
            first = 0 if self.max_before is None else max(0, p - self.max_before)
            starts.update(range(first, last + 1))
        return sorted(starts)

    @staticmethod
    def _positions(
        columns: dict[str, list[int]],
        index: dict[str, dict[int, list[int]]],
        key: tuple[str, frozenset[int]],
    ) -> list[int]:
        column, values = key
        where = index.get(column)
        if where is None:
            where = index[column] = {}
            for i, value in enumerate(columns[column]):
                where.setdefault(value, []).append(i)
        found: list[int] = []
        for value in values if len(values) < len(where) else [v for v in where if v in values]:
            found.extend(where.get(value, ()))
        return found

    def ends(self, columns: dict[str, list[int]], start: int, length: int) -> set[int]:
        current = {start}
        for element in self.elements:
            following: set[int] = set()
            for position in current:
                if element.low == 0:
                    following.add(position)
                count = 0
                p = position
                while (
                    (element.high is None or count < element.high)
                    and p < length
                    and _test(columns, element, p)
                ):
                    p += 1
                    count += 1
                    if count >= element.low:
                        following.add(p)
            current = following
            if not current:
                break
        current.discard(start)
        return current


class TokenMatcher:
    """``spacy.matcher.Matcher`` for tonecheck's rule patterns, tried only where they can match."""

    def __init__(self, vocab: Any) -> None:
        from spacy.matcher.matcher import Matcher

        self.vocab = vocab
        self.patterns: list[_Pattern] = []
        self.fallback = Matcher(vocab)
        self.columns: set[str] = set()
        self._fallback_keys: set[str] = set()
        #: column -> word hash -> patterns whose rarest required word set holds it
        self.by_word: dict[str, dict[int, list[_Pattern]]] = {}
        #: patterns with no required word: tried on every message
        self.always: list[_Pattern] = []

    def __len__(self) -> int:
        return len({p.key for p in self.patterns}) + len(self._fallback_keys)

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        hashed = self.vocab.strings.add(key)
        rest = []
        for pattern in patterns:
            try:
                elements = [_Element(token, self.vocab.strings) for token in pattern]
            except _Unsupported:
                rest.append(pattern)
                continue
            compiled = _Pattern(hashed, elements)
            self.patterns.append(compiled)
            if compiled.required:
                column, hashes = compiled.required[0]
                table = self.by_word.setdefault(column, {})
                for h in hashes:
                    table.setdefault(h, []).append(compiled)
            else:
                self.always.append(compiled)
            for element in elements:
                self.columns.update(column for column, _, _ in element.checks)
        if rest:
            self.fallback.add(key, rest)
            self._fallback_keys.add(key)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        import spacy.attrs as attrs

        found: set[tuple[int, int, int]] = set()
        length = len(doc)
        if self._fallback_keys:
            found.update(self.fallback(doc))
        if not length or not self.patterns:
            return sorted(found, key=lambda m: (m[1], m[2], m[0]))
        names = sorted(self.columns | _WORD_ATTRS)
        table = doc.to_array([getattr(attrs, name) for name in names])
        columns = dict(zip(names, table.T.tolist(), strict=True))
        if "SENT_START" in columns:
            columns["SENT_START"] = [1 if v == 1 else 0 for v in columns["SENT_START"]]
        present = {name: set(columns[name]) for name in _WORD_ATTRS}
        candidates: dict[int, _Pattern] = {id(p): p for p in self.always}
        for column, table in self.by_word.items():
            for h in present[column]:
                listed = table.get(h)
                if listed:
                    for pattern in listed:
                        candidates[id(pattern)] = pattern
        index: dict[str, dict[int, list[int]]] = {}
        for pattern in candidates.values():
            if any(present[column].isdisjoint(hashes) for column, hashes in pattern.required[1:]):
                continue
            for start in pattern.starts(columns, index, length):
                for end in pattern.ends(columns, start, length):
                    found.add((pattern.key, start, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
