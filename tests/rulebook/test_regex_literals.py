"""The regex prefilter may only skip a regex that certainly cannot match."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck import Checker
from tonecheck.rulebook.regex_literals import may_match, required_groups

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import messages


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (r"\barrears\b", {"arrears"}),
        (r"\b(?:soon|later)\b", {"soon", "later"}),
        (r"\bf[*#@]{1,2}ck\b", {"*", "#", "@"}),  # the symbol is rarer than the letter
        (r"(?:x|\d)+ due", {" due"}),
        (r"\d{3}-\d{4}", {"-"}),
        (r"[a-z]+@[a-z]+", {"@"}),
        (r"ABC", {"abc"}),  # case-folded: the message is folded too
    ],
)
def test_literals_of_simple_shapes(expression: str, expected: set[str]) -> None:
    groups = required_groups(expression)
    assert groups is not None
    assert groups[0] == expected  # the rarest group comes first


@pytest.mark.parametrize("expression", [r"\d+", r"(?:abc)?\d", r"a|\d", r"\w{3,}", r"(?<!x)"])
def test_no_literal_means_no_prefilter(expression: str) -> None:
    assert required_groups(expression) is None
    assert may_match(None, "")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # the words of positive lookarounds are needed too; negative ones need nothing
        (r"\bimmediately\b(?=.{0,99}\bdisput)", [{"immediately"}, {"disput"}]),
        (r"(?<=\bsettle\b.{0,9})\bimmediately\b", [{"immediately"}, {"settle"}]),
        (r"\bnow\b(?!.{0,99}\bdate)", [{"now"}]),
        # an alternation is one group: each way to match brings its rarest word
        (
            r"(?:pay in full|settle) (?:today|friday)",
            [{"pay in full", "settle"}, {"today", "friday"}],
        ),
        # beyond the rarest group, short words (in nearly every message) are not worth testing
        (r"\bdisputed\b(?=.{0,99}\bnow\b)", [{"disputed"}]),
    ],
)
def test_groups_every_match_needs(expression: str, expected: list[set[str]]) -> None:
    assert required_groups(expression) == tuple(frozenset(g) for g in expected)


def test_a_message_needs_every_group() -> None:
    groups = required_groups(r"\btoday\b(?=[\s\S]{0,99}\bdisput)")
    assert may_match(groups, "pay today, or dispute it")
    assert not may_match(groups, "pay today")
    assert not may_match(groups, "you may dispute this")


def _every_rule_regex(
    checker: Checker,
) -> list[tuple[str, object, tuple[frozenset[str], ...] | None]]:
    return [(r.id, compiled, lits) for r, compiled, lits in checker.resources.compiled.regexes]


def test_prefilter_never_skips_a_match_in_examples_and_corpus(checker: Checker) -> None:
    texts = [e.text for r in checker.resources.ruleset.rules for e in r.examples.bad]
    texts += [e.text for r in checker.resources.ruleset.rules for e in r.examples.good]
    texts += [m["text"] for m in messages(400, seed=17)]
    regexes = _every_rule_regex(checker)
    assert sum(lits is not None for _, _, lits in regexes) >= len(regexes) * 0.8
    matched = 0
    for text in texts:
        folded = text.casefold()
        for rule_id, compiled, literals in regexes:
            if compiled.search(text):  # type: ignore[attr-defined]
                matched += 1
                assert may_match(literals, folded), (rule_id, text[:120])
    assert matched > 500


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "£40",
                "$1,200.50",
                "due",
                "by",
                "12/03",
                "now",
                "immediately",
                "F**K",
                "ſoon",
                "ARREARS",
                "Kelvin K",
                "receipt",
                "0800 123 4567",
                "@",
                "x",
                " ",
                "\n",
                "İ",
                "ß",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_prefilter_never_skips_a_match_in_odd_text(text: str) -> None:
    checker = _checker()
    folded = text.casefold()
    for rule_id, compiled, literals in _every_rule_regex(checker):
        if compiled.search(text):  # type: ignore[attr-defined]
            assert may_match(literals, folded), (rule_id, text)
    _gate_agrees(checker, text)


def _gate_agrees(checker: Checker, text: str) -> None:
    """The one-pass Aho-Corasick gate picks exactly the regexes `may_match` keeps."""
    folded = text.casefold()
    regexes = _every_rule_regex(checker)
    expected = [n for n, (_, _, lits) in enumerate(regexes) if may_match(lits, folded)]
    assert checker.resources.compiled.regex_gate.needed(folded) == expected, text[:120]


def test_gate_picks_the_same_regexes_on_examples_and_corpus(checker: Checker) -> None:
    texts = [e.text for r in checker.resources.ruleset.rules for e in r.examples.bad]
    texts += [m["text"] for m in messages(400, seed=17)]
    for text in texts:
        _gate_agrees(checker, text)


def test_gate_without_literals_scans_everything() -> None:
    from tonecheck.rulebook.regex_gate import RegexGate

    assert RegexGate([None, None]).needed("anything") == [0, 1]
    gate = RegexGate(
        [
            (frozenset({"due"}),),
            None,
            (frozenset({"£", "pay"}),),
            (frozenset({"£"}), frozenset({"due"})),
        ]
    )
    assert gate.needed("nothing here") == [1]
    assert gate.needed("£5 due") == [0, 1, 2, 3]
    assert gate.needed("pay £5") == [1, 2]  # the last needs "due" as well


_CACHED: list[Checker] = []


def _checker() -> Checker:
    if not _CACHED:
        _CACHED.append(Checker())
    return _CACHED[0]
