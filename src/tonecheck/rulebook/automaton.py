"""Every token pattern of the rule packs in one automaton, run once over a message.

spaCy's `Matcher` tries each pattern at each token and builds Python objects for every window it
is given; with ~600 patterns that was a third of a check even behind a word index. Here each
token is mapped once to its *class*: the set of token specs (``{"LOWER": {"IN": [...]}}``,
``{"IS_TITLE": true}``) it satisfies, cached per (form, lemma, sentence start). All patterns are
compiled into one NFA whose states are "pattern p, element j"; a lazy DFA over token classes
(a set of live NFA states per step, transitions built the first time they are needed and then
reused across messages) finds where matches end in one pass. Each end is then walked back over
the same classes to every start, which gives exactly the ``(key, start, end)`` triples spaCy's
`Matcher` returns (tests/rulebook/test_automaton.py holds the two side by side).

Open-ended patterns (``+``, ``*``) are matched by the same classes with a small Pike VM that keeps,
per NFA state, the earliest start: every end gets its longest match, which, once the compiler joins
a rule's overlapping matches, is the same stretch as all of spaCy's matches, in linear time (a run
of 5,000 "!" has 12.5 million sub-matches). A pattern using a key or operator this module does not
know (``OP: "!"``, ``REGEX``, ``NORM`` ...) falls back to the gated per-pattern `Matcher`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .gated import GatedMatcher, max_length
from .schema import LEXEME_FLAGS

#: Keys compared as text: token attribute name, and whether spaCy compares it case-sensitively.
_TEXT_KEYS = {"LOWER": "lower", "ORTH": "orth", "TEXT": "orth", "LEMMA": "lemma", "SHAPE": "shape"}
#: Boolean lexeme flags (the same for every token of one form): those a rule may use, and the
#: punctuation flags spaCy also offers, so a pattern built in code is evaluated too.
_FLAGS = LEXEME_FLAGS | {"IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY"}
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
#: Cached token classes and DFA transitions are dropped past this many entries (a long-running
#: service sees unbounded vocabularies); both are rebuilt on demand.
CACHE_LIMIT = 200_000

# element kinds
_ONE, _OPTIONAL, _STAR = 0, 1, 2

#: One test on a token: (feature, kind, argument). Features are filled per token form in `_Form`.
_Test = tuple[str, str, Any]


class _Form:
    """The features of one token form that token specs test."""

    __slots__ = ("flags", "lemma", "length", "lower", "orth", "sent_start", "shape")

    def __init__(
        self, vocab: Any, orth: int, lemma: int, sent_start: bool, flags: tuple[str, ...]
    ) -> None:
        lexeme = vocab[orth]
        self.orth = lexeme.orth_
        self.lower = lexeme.lower_
        self.shape = lexeme.shape_
        self.lemma = vocab.strings[lemma] if lemma else ""
        self.length = len(self.orth)
        self.sent_start = sent_start
        # only the flags some spec tests: reading all of them was half the cost of a form
        # seen for the first time (a name, an amount, a reference number: a few per message)
        self.flags = {flag: bool(getattr(lexeme, flag.lower())) for flag in flags}


def _tests(spec: dict[str, Any]) -> list[_Test] | None:
    """A token spec as a list of tests, or None when it uses something not handled here."""
    tests: list[_Test] = []
    for raw_key, value in spec.items():
        key = raw_key.upper()
        if key == "OP":
            continue
        if key in _TEXT_KEYS:
            feature = _TEXT_KEYS[key]
            if isinstance(value, str):
                tests.append((feature, "in", frozenset({value})))
            elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"}:
                for op, values in value.items():
                    if not isinstance(values, list):
                        return None
                    words = frozenset(str(v) for v in values)
                    tests.append((feature, "in" if op == "IN" else "not_in", words))
            else:
                return None
        elif key in _FLAGS or key in ("IS_SENT_START", "SENT_START"):
            if not isinstance(value, bool):
                return None
            tests.append(("sent_start" if "SENT_START" in key else key, "is", value))
        elif key == "LENGTH":
            if isinstance(value, int) and not isinstance(value, bool):
                tests.append(("length", "==", value))
            elif isinstance(value, dict) and value and set(value) <= set(_COMPARE):
                for op, bound in value.items():
                    if not isinstance(bound, int):
                        return None
                    tests.append(("length", op, bound))
            else:
                return None
        else:
            return None
    return tests


def _satisfies(tests: list[_Test], form: _Form) -> bool:
    for feature, kind, argument in tests:
        if kind == "is":
            have = form.sent_start if feature == "sent_start" else form.flags[feature]
            if have is not argument:
                return False
        elif kind == "in":
            if getattr(form, feature) not in argument:
                return False
        elif kind == "not_in":
            if getattr(form, feature) in argument:
                return False
        elif not _COMPARE[kind](form.length, argument):
            return False
    return True


def _elements(pattern: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]] | None:
    """A pattern as (spec, kind) elements, repeats spelled out; None for an unknown operator."""
    out: list[tuple[dict[str, Any], int]] = []
    for spec in pattern:
        op = spec.get("OP")
        if op is None or op == "1":
            out.append((spec, _ONE))
        elif op == "?":
            out.append((spec, _OPTIONAL))
        elif op == "*":
            out.append((spec, _STAR))
        elif op == "+":
            out += [(spec, _ONE), (spec, _STAR)]
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}"):
            bounds = [b.strip() for b in op[1:-1].split(",")]
            if len(bounds) > 2 or not all(b.isdigit() or not b for b in bounds):
                return None
            low = int(bounds[0]) if bounds[0] else 0
            if len(bounds) == 1:
                high: int | None = low
            else:
                high = int(bounds[1]) if bounds[1] else None
            if high is not None and high < low:
                return None
            out += [(spec, _ONE)] * low
            if high is None:
                out.append((spec, _STAR))
            else:
                out += [(spec, _OPTIONAL)] * (high - low)
        else:
            return None
    return out


class TokenAutomaton:
    """Same interface as `spacy.matcher.Matcher` for `add` and `__call__`."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self._fallback = GatedMatcher(vocab)
        self._spec_ids: dict[str, int] = {}
        self._spec_tests: list[list[_Test]] = []
        # specs indexed by one word they require (feature, word); the rest are tried on every form
        self._by_word: dict[tuple[str, str], list[int]] = {}
        self._general: list[int] = []
        #: The lexeme flags any spec tests (attribute names as in `_FLAGS`), and every word a
        #: spec names for LOWER, ORTH or LEMMA.
        self._flags: tuple[str, ...] = ()
        self._words: set[str] = set()
        # NFA: per state its spec (-1 for a pattern's final state), the closed targets of
        # consuming a token there, and its pattern
        self._state_spec: list[int] = []
        self._state_next: list[frozenset[int]] = []
        self._state_pattern: list[int] = []
        self._finals: dict[int, int] = {}  # final state -> pattern
        self._patterns: list[tuple[int, list[tuple[int, int]], bool]] = []  # key, elements, open
        self._keys: list[int] = []  # each pattern's match key, by pattern number
        self._init_by_spec: dict[int, list[int]] = {}
        self._open_init_by_spec: dict[int, list[int]] = {}
        self._count = 0
        # caches, filled lazily
        self._classes: dict[tuple[int, int, bool], int] = {}
        self._by_signature: dict[tuple[Any, ...], int] = {}
        self._class_sets: list[frozenset[int]] = []
        self._class_ids: dict[frozenset[int], int] = {}
        self._dfa_states: list[frozenset[int]] = [frozenset()]
        self._dfa_ids: dict[frozenset[int], int] = {frozenset(): 0}
        self._dfa: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {}
        self._open_classes: dict[int, tuple[frozenset[int], tuple[int, ...]]] = {}

    def __len__(self) -> int:
        return self._count

    @property
    def delegated(self) -> int:
        """How many patterns run through the gated spaCy `Matcher` instead."""
        return len(self._fallback)

    # -- compiling --------------------------------------------------------------------------

    def _spec(self, spec: dict[str, Any], tests: list[_Test]) -> int:
        key = repr(sorted((k, repr(v)) for k, v in spec.items() if k != "OP"))
        number = self._spec_ids.get(key)
        if number is None:
            number = len(self._spec_tests)
            self._spec_ids[key] = number
            self._spec_tests.append(tests)
            tested = {t[0] for t in tests if t[1] == "is" and t[0] != "sent_start"}
            self._flags = tuple(sorted(tested.union(self._flags)))
            for feature, kind, argument in tests:
                if kind in ("in", "not_in") and feature in ("lower", "orth", "lemma"):
                    self._words.update(argument)
            words = [t for t in tests if t[1] == "in" and t[0] in ("lower", "orth", "lemma")]
            if words:
                best = min(words, key=lambda t: len(t[2]))
                for word in best[2]:
                    self._by_word.setdefault((best[0], word), []).append(number)
            else:
                self._general.append(number)
            self._classes.clear()  # a new spec changes the classes of forms seen so far
            self._by_signature.clear()
            self._class_sets.clear()
            self._class_ids.clear()
            self._dfa.clear()
            self._open_classes.clear()
        return number

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        string_key = self.vocab.strings.add(key)
        for pattern in patterns:
            self._count += 1
            elements = _elements(pattern)
            tested = [_tests(spec) for spec, _ in elements] if elements is not None else None
            if elements is None or tested is None or any(t is None for t in tested):
                self._fallback.add(key, [pattern])
                continue
            compiled = [
                (self._spec(spec, tests), kind)
                for (spec, kind), tests in zip(elements, tested, strict=True)
                if tests is not None
            ]
            self._add_nfa(string_key, compiled, max_length(pattern) is None)

    def _add_nfa(self, key: int, elements: list[tuple[int, int]], open_ended: bool) -> None:
        number = len(self._patterns)
        self._patterns.append((key, elements, open_ended))
        self._keys.append(key)
        base = len(self._state_spec)
        size = len(elements)

        def closure(j: int) -> set[int]:
            states = {base + j}
            while j < size and elements[j][1] != _ONE:
                j += 1
                states.add(base + j)
            return states

        for j in range(size + 1):
            self._state_pattern.append(number)
            if j == size:
                self._state_spec.append(-1)
                self._state_next.append(frozenset())
                self._finals[base + j] = number
                continue
            spec, kind = elements[j]
            self._state_spec.append(spec)
            self._state_next.append(frozenset(closure(j if kind == _STAR else j + 1)))
        index = self._open_init_by_spec if open_ended else self._init_by_spec
        for state in closure(0):
            if state - base < size:
                index.setdefault(self._state_spec[state], []).append(state)

    # -- matching ---------------------------------------------------------------------------

    def _class_of(self, orth: int, lemma: int, sent_start: bool) -> int:
        form = _Form(self.vocab, orth, lemma, sent_start, self._flags)
        signature: tuple[Any, ...] | None = None
        words = self._words
        if form.lower not in words and form.orth not in words and form.lemma not in words:
            # a word no spec names (a name, an amount, a reference number) passes every word
            # test the same way, so its class follows from its flags, shape and length alone
            signature = (*form.flags.values(), form.shape, form.length, sent_start)
            known = self._by_signature.get(signature)
            if known is not None:
                return known
        candidates = set(self._general)
        for feature in ("lower", "orth", "lemma"):
            candidates.update(self._by_word.get((feature, getattr(form, feature)), ()))
        satisfied = frozenset(s for s in candidates if _satisfies(self._spec_tests[s], form))
        number = self._class_ids.get(satisfied)
        if number is None:
            number = len(self._class_sets)
            self._class_sets.append(satisfied)
            self._class_ids[satisfied] = number
        if signature is not None:
            self._by_signature[signature] = number
        return number

    def classes(self, doc: Any) -> list[int]:
        """Each token's class number."""
        from spacy.attrs import LEMMA, ORTH, SENT_START

        if len(self._classes) > CACHE_LIMIT:
            # class numbers stay valid (the sets are kept); only the per-form lookup is redone
            self._classes.clear()
            self._by_signature.clear()
        cache = self._classes
        out: list[int] = []
        for orth, lemma, sent_start in doc.to_array([ORTH, LEMMA, SENT_START]).tolist():
            key = (orth, lemma, sent_start == 1)
            number = cache.get(key)
            if number is None:
                number = cache[key] = self._class_of(*key)
            out.append(number)
        return out

    def _step(self, state: int, cls: int) -> tuple[int, tuple[int, ...]]:
        specs = self._class_sets[cls]
        live: set[int] = set()
        spec_of = self._state_spec
        nxt = self._state_next
        for q in self._dfa_states[state]:
            if spec_of[q] in specs:
                live |= nxt[q]
        for spec in specs:
            for q in self._init_by_spec.get(spec, ()):
                live |= nxt[q]
        frozen = frozenset(live)
        number = self._dfa_ids.get(frozen)
        if number is None:
            number = len(self._dfa_states)
            self._dfa_states.append(frozen)
            self._dfa_ids[frozen] = number
        accepted = tuple(sorted(self._finals[q] for q in frozen if q in self._finals))
        result = (number, accepted)
        self._dfa[(state, cls)] = result
        return result

    def _starts(self, pattern: int, end: int, classes: list[int]) -> list[int]:
        """Every start of a match of a bounded `pattern` that ends at token `end`."""
        elements = self._patterns[pattern][1]
        sets = self._class_sets

        def back(j: int) -> set[int]:
            states = {j}
            while j > 0 and elements[j - 1][1] != _ONE:
                j -= 1
                states.add(j)
            return states

        states = back(len(elements))
        starts: list[int] = []
        k = end
        while states and k > 0:
            k -= 1
            specs = sets[classes[k]]
            following: set[int] = set()
            for j in states:
                if j and elements[j - 1][0] in specs:
                    following |= back(j - 1)
            if 0 in following:
                starts.append(k)
            states = following
        return starts

    def _open_step(self, cls: int) -> tuple[frozenset[int], tuple[int, ...]]:
        """For open-ended patterns and one class: the specs it satisfies, and the states a
        match starting at this token is in after it."""
        cached = self._open_classes.get(cls)
        if cached is None:
            specs = self._class_sets[cls]
            started: set[int] = set()
            for spec in specs:
                for q in self._open_init_by_spec.get(spec, ()):
                    started |= self._state_next[q]
            cached = self._open_classes[cls] = (specs, tuple(sorted(started)))
        return cached

    def _open_matches(self, classes: list[int]) -> list[tuple[int, int, int]]:
        """Open-ended patterns: at each end, the match with the earliest start (a Pike VM that
        keeps the earliest start per state, so the work is linear in the text)."""
        if not self._open_init_by_spec:
            return []
        spec_of = self._state_spec
        nxt = self._state_next
        finals = self._finals
        keys = self._keys
        live: dict[int, int] = {}
        found: list[tuple[int, int, int]] = []
        for i, cls in enumerate(classes):
            specs, started = self._open_step(cls)
            if not live and not started:
                continue
            following: dict[int, int] = {}
            for q, start in live.items():
                if spec_of[q] in specs:
                    for t in nxt[q]:
                        if following.get(t, i + 1) > start:
                            following[t] = start
            for t in started:
                following.setdefault(t, i)
            for q, start in following.items():
                pattern = finals.get(q)
                if pattern is not None:
                    found.append((keys[pattern], start, i + 1))
            live = following
        return found

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        classes = self.classes(doc)
        if len(self._dfa) > CACHE_LIMIT:
            self._dfa.clear()
        dfa = self._dfa
        step = self._step
        found: set[tuple[int, int, int]] = set()
        state = 0
        for end, cls in enumerate(classes, start=1):
            hit = dfa.get((state, cls))
            state, accepted = hit if hit is not None else step(state, cls)
            for pattern in accepted:
                key = self._keys[pattern]
                found.update((key, start, end) for start in self._starts(pattern, end, classes))
        found.update(self._open_matches(classes))
        if len(self._fallback):
            found.update(self._fallback(doc))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
