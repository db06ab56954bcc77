"""The one-pass token automaton against spaCy's `Matcher`, its semantic oracle.

Bounded patterns must give exactly the Matcher's ``(key, start, end)`` triples; open-ended ones
(``+``, ``*``) give each end its longest match, so they are compared as the compiler uses them:
a rule's overlapping matches joined into one stretch.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck import Checker
from tonecheck.config import Config
from tonecheck.rulebook.automaton import TokenAutomaton
from tonecheck.rulebook.compiler import _normalise_pattern
from tonecheck.rulebook.gated import max_length

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

Triple = tuple[int, int, int]


def _texts_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [t for v in value.values() for t in _texts_in(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts_in(v)]
    return []


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(CORPUS.rglob("*.toml")):
        texts += _texts_in(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted(CORPUS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += _texts_in(json.loads(line))
    return texts


def _joined(matches: set[Triple]) -> set[Triple]:
    joined: list[Triple] = []
    for key, start, end in sorted(matches):
        if joined and joined[-1][0] == key and start < joined[-1][2]:
            joined[-1] = (key, joined[-1][1], max(end, joined[-1][2]))
        else:
            joined.append((key, start, end))
    return set(joined)


def _agree(ours: set[Triple], oracle: set[Triple], open_keys: set[int]) -> bool:
    def bounded(found: set[Triple]) -> set[Triple]:
        return {m for m in found if m[0] not in open_keys}

    def open_ended(found: set[Triple]) -> set[Triple]:
        return _joined({m for m in found if m[0] in open_keys})

    return bounded(ours) == bounded(oracle) and open_ended(ours) == open_ended(oracle)


@lru_cache(maxsize=1)
def _setup() -> tuple[Checker, Any, set[int], list[str]]:
    from spacy.matcher import Matcher

    checker = Checker(Config())
    vocab = checker.resources.nlp.vocab
    oracle = Matcher(vocab)
    open_keys: set[int] = set()
    examples: list[str] = []
    for rule in checker.resources.ruleset.rules:
        if rule.patterns:
            patterns = [_normalise_pattern(p) for p in rule.patterns]
            oracle.add(rule.id, patterns)
            if any(max_length(p) is None for p in patterns):
                open_keys.add(vocab.strings[rule.id])
        examples += [e.text for e in [*rule.examples.bad, *rule.examples.good]]
    return checker, oracle, open_keys, examples


def test_every_pack_pattern_is_compiled_not_delegated() -> None:
    checker = _setup()[0]
    automaton = checker.resources.compiled.matcher
    assert isinstance(automaton, TokenAutomaton)
    assert len(automaton) > 500
    assert automaton.delegated == 0  # every bundled pattern runs in the automaton


def test_same_matches_as_spacy_on_rule_examples_and_corpora() -> None:
    checker, oracle, open_keys, examples = _setup()
    texts = [*examples, *_corpus_texts()]
    texts.append(" ".join(examples[:200]))  # one long message holding many rules
    automaton = checker.resources.compiled.matcher
    compared = matched = 0
    for doc in checker.resources.nlp.pipe(texts):
        ours, theirs = set(automaton(doc)), set(oracle(doc))
        assert _agree(ours, theirs, open_keys), doc.text[:200]
        compared += 1
        matched += len(theirs)
    assert compared > 2000 and matched > 2000


_WORDS = ["pay", "paid", "now", "you", "we", "will", "not", "court", "Court", "NOW", "the", "!"]
_SPECS: list[dict[str, Any]] = [
    {"LOWER": "pay"},
    {"LOWER": {"IN": ["now", "you", "we"]}},
    {"LEMMA": "pay"},
    {"LEMMA": {"IN": ["will", "court"]}},
    {"ORTH": "Court"},
    {"ORTH": {"IN": ["NOW", "!"]}},
    {"LOWER": {"NOT_IN": ["the", "not"]}},
    {"IS_TITLE": True},
    {"IS_UPPER": True},
    {"IS_PUNCT": True},
    {"IS_ALPHA": False},
    {"IS_SENT_START": True},
    {"LENGTH": {">=": 4}},
    {"LOWER": {"IN": ["you", "we"]}, "IS_TITLE": True},
    {},
]
_OPS = [None, None, None, "?", "*", "+", "{0,2}", "{1,3}", "{2}", "{1,}"]


@st.composite
def _pattern(draw: st.DrawFn) -> list[dict[str, Any]]:
    tokens = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        spec = dict(draw(st.sampled_from(_SPECS)))
        op = draw(st.sampled_from(_OPS))
        if op is not None:
            spec["OP"] = op
        tokens.append(spec)
    return tokens


@settings(max_examples=200, deadline=None)
@given(
    patterns=st.lists(_pattern(), min_size=1, max_size=4),
    words=st.lists(st.sampled_from(_WORDS), min_size=0, max_size=14),
    breaks=st.lists(st.integers(min_value=0, max_value=14), max_size=2),
)
def test_generated_patterns_agree_with_spacy(
    patterns: list[list[dict[str, Any]]], words: list[str], breaks: list[int]
) -> None:
    """Random patterns over words, sets, flags, gaps and repeats, on random texts with sentence
    breaks: the automaton and the Matcher find the same matches."""
    from spacy.matcher import Matcher

    nlp = _setup()[0].resources.nlp
    for place in sorted(set(breaks), reverse=True):
        if place < len(words):
            words = [*words[:place], ".", *words[place:]]
    doc = nlp(" ".join(words))
    automaton, oracle = TokenAutomaton(nlp.vocab), Matcher(nlp.vocab)
    open_keys: set[int] = set()
    for number, pattern in enumerate(patterns):
        key = f"generated-{number}"
        automaton.add(key, [pattern])
        oracle.add(key, [pattern])
        if max_length(pattern) is None:
            open_keys.add(nlp.vocab.strings[key])
    assert _agree(set(automaton(doc)), set(oracle(doc)), open_keys), (patterns, doc.text)


def test_unknown_operators_fall_back_to_spacy() -> None:
    nlp = _setup()[0].resources.nlp
    automaton = TokenAutomaton(nlp.vocab)
    automaton.add("negated", [[{"LOWER": "pay"}, {"LOWER": "now", "OP": "!"}]])
    automaton.add("plain", [[{"LOWER": "pay"}]])
    assert automaton.delegated == 1 and len(automaton) == 2
    doc = nlp("pay later, pay now")
    found = {(nlp.vocab.strings[k], s, e) for k, s, e in automaton(doc)}
    assert found == {("negated", 0, 2), ("plain", 0, 1), ("plain", 3, 4)}


def test_long_runs_stay_linear() -> None:
    nlp = _setup()[0].resources.nlp
    automaton = TokenAutomaton(nlp.vocab)
    automaton.add("shout", [[{"ORTH": {"IN": ["!", "?"]}}, {"ORTH": "!", "OP": "+"}]])
    doc = nlp("Pay now" + " !" * 5000)
    found = _joined(set(automaton(doc)))
    assert found == {(nlp.vocab.strings["shout"], 2, 5002)}
