"""spaCy's `Matcher`, run only for the patterns whose required words are in the message.

A `Matcher` tries every pattern at every token, and evaluates `IN` lists in Python, so with the
~600 token patterns of the bundled packs one big `Matcher` costs tens of milliseconds a message
and grows with the rule count. Most patterns name words they cannot match without ("arrest", one
of "ignore/disregard" ...). Each pattern gets its own small `Matcher` and is indexed under the
words of its most selective required token (stop words are avoided as index keys). A message
runs only the patterns found through its own words that have a word for every required token,
and each only on windows around those words (a match cannot reach further from its required
words than the pattern is long; open-ended patterns are followed `OPEN_REACH` tokens). Matching
itself is still spaCy's, so the matches are the same as one big `Matcher`'s up to that reach
(tested in tests/rulebook/test_rulepacks.py).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

#: How far (in tokens) an open-ended pattern (``OP: "+"`` or ``"*"``) is followed. spaCy's
#: Matcher tries every way an open repeat can match, so on a whole Doc a run of 5,000 "!"
#: against ``[{"ORTH": {"IN": ["!", "?"]}}, {"ORTH": "!", "OP": "+"}]`` makes 12.5 million
#: matches (minutes and gigabytes). Run on windows of this reach the work grows linearly with
#: the text; a longer run comes back as overlapping pieces, which `CompiledRules.raw_matches`
#: joins into one match.
OPEN_REACH = 32

#: A required word token: the words it accepts, and how far after the previous one it may be.
_Step = tuple[frozenset[int], int | None]

_WORD_KEYS = ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM")
_EXACT_KEYS = ("ORTH", "TEXT")


def _required(token: dict[str, Any]) -> bool:
    op = token.get("OP")
    if op is None or op == "+":
        return True
    if isinstance(op, str) and op.startswith("{"):
        low = op.strip("{}").split(",")[0].strip()
        return bool(low) and int(low) >= 1
    return False


def _words(token: dict[str, Any]) -> frozenset[str] | None:
    """The words a token spec accepts, or None if it is not a word test. Lower-case, except for
    the case-sensitive keys (ORTH, TEXT): "NOW" in capitals must not be looked for as "now",
    which is in most messages."""
    accepted: frozenset[str] | None = None
    for key in _WORD_KEYS:
        if key not in token:
            continue
        value = token[key]
        fold = str.lower if key not in _EXACT_KEYS else str
        if isinstance(value, str):
            words = frozenset({fold(value)})
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words = frozenset(fold(str(v)) for v in value["IN"])
        else:
            continue
        accepted = words if accepted is None else accepted & words
    return accepted


def _most_tokens(token: dict[str, Any]) -> int | None:
    """Most tokens one token spec can take (None: no limit)."""
    op = token.get("OP")
    if op in ("+", "*"):
        return None
    if isinstance(op, str) and op.startswith("{"):
        high = op.strip("{}").split(",")[-1].strip()
        return int(high) if high else None
    return 1


def required_steps(pattern: list[dict[str, Any]]) -> list[tuple[frozenset[str], int | None]]:
    """The required word tokens in pattern order, each with the most tokens its first token can
    lie after the previous one's first token (None for the first, or when a repeat is open)."""
    steps: list[tuple[frozenset[str], int | None]] = []
    distance: int | None = None
    for token in pattern:
        words = _words(token) if _required(token) else None
        most = _most_tokens(token)
        if words:
            steps.append((words, distance if steps else None))
            distance = most
        elif steps and distance is not None:
            distance = None if most is None else distance + most
    return steps


def max_length(pattern: list[dict[str, Any]]) -> int | None:
    """Most tokens the pattern can span, or None when unbounded (+ or *)."""
    total = 0
    for token in pattern:
        op = token.get("OP")
        if op in ("+", "*"):
            return None
        if isinstance(op, str) and op.startswith("{"):
            bounds = op.strip("{}").split(",")
            high = bounds[-1].strip()
            if not high:
                return None
            total += int(high)
        elif op == "!":
            total += 1
        else:
            total += 1
    return total


def _selectivity(words: frozenset[str], stop_words: frozenset[str]) -> int:
    """Lower is better: few words, and no stop words (which are in almost every message)."""
    return sum(1000 if w in stop_words else 1 for w in words)


class _LazyMatcher:
    """A one-pattern spaCy `Matcher`, built the first time a message needs it.

    A message needs a few dozen of the ~600 patterns, so a one-message `tonecheck check` (a
    fresh process) builds only those instead of all of them (about 70 ms)."""

    __slots__ = ("_built", "_key", "_pattern", "_vocab")

    def __init__(self, vocab: Any, key: str, pattern: list[dict[str, Any]]) -> None:
        self._vocab = vocab
        self._key = key
        self._pattern = pattern
        self._built: Any = None

    def __call__(self, doclike: Any, allow_missing: bool = False) -> Any:
        if self._built is None:
            from spacy.matcher import Matcher

            # validated with the rule (schema.py), where a problem names its file and rule
            matcher = Matcher(self._vocab, validate=False)
            # an open repeat matches every sub-run of a long run ("!!!!!!"): keep the longest
            # ones only, as `CompiledRules.raw_matches` would anyway
            greedy = "LONGEST" if max_length(self._pattern) is None else None
            matcher.add(self._key, [self._pattern], greedy=greedy)
            self._built = matcher  # a race between threads builds it twice, harmlessly
        return self._built(doclike, allow_missing=allow_missing)


class GatedMatcher:
    """Same interface as `spacy.matcher.Matcher` for `add` and `__call__`."""

    def __init__(self, vocab: Any) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.vocab = vocab
        self._stop = frozenset(STOP_WORDS)
        # (matcher, anchor words, most tokens, required word steps)
        self._patterns: list[tuple[Any, frozenset[int], int | None, list[_Step]]] = []
        self._index: dict[int, list[int]] = {}
        self._always: list[int] = []
        self._flags: list[str] = []  # token flags some pattern is anchored on, in column order

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        for pattern in patterns:
            number = len(self._patterns)
            words = required_steps(pattern)
            # words are compared as string-store hashes, as spaCy keeps them in its arrays
            steps = [
                (frozenset(self.vocab.strings.add(w) for w in accepted), most)
                for accepted, most in words
            ]
            if words:
                # every match holds a word of the most selective required token: search
                # around those
                best = min(range(len(words)), key=lambda i: _selectivity(words[i][0], self._stop))
                anchors = steps[best][0]
            else:
                flag = _anchor_flag(pattern)
                if flag is None:
                    anchors = frozenset()
                    self._always.append(number)
                else:
                    # no word to look for, but a flag every match has on one token (an
                    # upper-case word, a URL): search around the tokens that have it
                    if flag not in self._flags:
                        self._flags.append(flag)
                    anchors = frozenset({_flag_key(self._flags.index(flag))})
            for anchor in anchors:
                self._index.setdefault(anchor, []).append(number)
            matcher = _LazyMatcher(self.vocab, key, pattern)
            self._patterns.append((matcher, anchors, max_length(pattern), steps))

    def __len__(self) -> int:
        return len(self._patterns)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        from spacy.attrs import LEMMA, LOWER, ORTH

        if not len(doc):
            return []
        positions: dict[int, list[int]] = {}
        flag_keys = [_flag_key(n) for n in range(len(self._flags))]
        # each token is found under its lower-case form, its lemma and its exact text
        for i, row in enumerate(doc.to_array([LOWER, LEMMA, ORTH, *self._flags]).tolist()):
            for value in set(row[:3]):
                positions.setdefault(value, []).append(i)
            for key, value in zip(flag_keys, row[3:], strict=True):
                if value:
                    positions.setdefault(key, []).append(i)
        # a set, not the keys view: `frozenset.isdisjoint(view)` walks the whole view each time
        present = frozenset(positions)
        candidates: set[int] = set(self._always)
        for word in present & self._index.keys():
            candidates.update(self._index[word])
        # allow_missing: the Matcher would otherwise check the whole Doc for lemmas (a Python
        # loop over every token) on each call, hundreds of calls per message; the pipeline
        # always sets lemmas, so the check can only cost time.
        found: set[tuple[int, int, int]] = set()
        for number in sorted(candidates):
            matcher, anchors, length, steps = self._patterns[number]
            if any(words.isdisjoint(present) for words, _ in steps):
                continue
            reach = OPEN_REACH if length is None else length
            windows = _windows(positions, anchors, reach, len(doc)) if anchors else [(0, len(doc))]
            if length is None or not anchors:
                # merged windows can be as long as the text: cut them into overlapping chunks
                windows = [(s + a, s + b) for s, e in windows for a, b in _chunks(e - s, reach)]
            for start, end in windows:
                if not _in_order(positions, steps, present, start, end):
                    continue  # the required words are not all here, in order: no match can be
                window = doc[start:end]
                found.update(
                    (key, a + start, b + start) for key, a, b in matcher(window, allow_missing=True)
                )
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


#: Token flags a pattern can be anchored on when it names no word, most selective first.
_ANCHOR_FLAGS = ("LIKE_URL", "LIKE_EMAIL", "IS_UPPER", "IS_DIGIT", "LIKE_NUM", "IS_TITLE")


def _anchor_flag(pattern: list[dict[str, Any]]) -> str | None:
    """The most selective flag that some required token of the pattern must have."""
    wanted = {
        key
        for token in pattern
        if _required(token)
        for key, value in token.items()
        if value is True
    }
    return next((flag for flag in _ANCHOR_FLAGS if flag in wanted), None)


def _flag_key(number: int) -> int:
    """Index key for the tokens with the `number`-th flag: negative, so never a word's hash."""
    return -1 - number


def _in_order(
    positions: dict[int, list[int]],
    steps: list[_Step],
    present: Any,
    start: int,
    end: int,
) -> bool:
    """Whether the required words occur inside ``[start, end)`` in the pattern's order, each
    close enough after the one before it for the tokens in between.

    Calling a `Matcher` costs tens of microseconds even on a short window (it builds Python
    token objects for it), and three calls in four found nothing, so windows that cannot hold a
    match are dropped first. Every place a required word occurs is kept as a possible step, so
    a window that holds a match is never dropped."""
    reachable: list[int] | None = None
    for words, most in steps:
        places: list[int] = []
        for word in words & present:
            found = positions[word]
            places.extend(found[bisect_left(found, start) : bisect_left(found, end)])
        if reachable is not None:
            first = reachable[0]
            places = [
                p
                for p in places
                if p > first and (most is None or any(0 < p - r <= most for r in reachable))
            ]
        if not places:
            return False
        reachable = sorted(places)
    return True


def _chunks(size: int, reach: int) -> list[tuple[int, int]]:
    """Windows of ``2 * reach`` tokens, each starting `reach` after the last: every match of
    up to `reach` tokens lies wholly inside one of them."""
    if size <= 2 * reach:
        return [(0, size)]
    return [(start, min(size, start + 2 * reach)) for start in range(0, size - reach, reach)]


def _windows(
    positions: dict[int, list[int]], anchors: frozenset[int], length: int, size: int
) -> list[tuple[int, int]]:
    """Token ranges around the anchor words, merged where they overlap."""
    hits = sorted({i for word in anchors if word in positions for i in positions[word]})
    windows: list[tuple[int, int]] = []
    for i in hits:
        start, end = max(0, i - length + 1), min(size, i + length)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows
