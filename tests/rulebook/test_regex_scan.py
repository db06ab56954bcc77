"""Trying a rule regex only where a match can begin finds exactly what a whole scan finds."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck import Checker
from tonecheck.rulebook.regex_guard import finditer_guarded
from tonecheck.rulebook.regex_literals import leading_literals
from tonecheck.rulebook.regex_scan import MAX_TRIES, lined_up, scan

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import messages

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (r"\b(?:soon|shortly)\b", {"soon", "shortly"}),
        (r"\bfees?\b", {"fee"}),
        (r"(?<=pay\s)now", {"now"}),  # lookarounds consume nothing
        (r"(?m)^Dear\b", {"dear"}),
        (r"[$£€]\s?\d", {"$", "£", "€"}),
        (r"(?:at\sonce|right\saway)", {"at", "right"}),
        (r"(?:ab)+c", {"ab"}),
        (r"PAY", {"pay"}),
    ],
)
def test_leads_of_simple_shapes(expression: str, expected: set[str]) -> None:
    assert leading_literals(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [r"\d+ due", r"(?:the\s)?sum", r"a|\d", r"[a-z]+@x", r"(?<=x)", r"x*y", r"é", r"(?:ab|ſ)"],
)
def test_no_lead_means_a_whole_scan(expression: str) -> None:
    assert leading_literals(expression) is None


def test_text_that_does_not_line_up_is_scanned_whole() -> None:
    assert lined_up("Pay £40 now", "pay £40 now")
    assert not lined_up("Straße", "strasse")  # offsets move
    assert not lined_up("ſoon", "soon")  # a letter beyond ASCII that matches "s"
    assert not lined_up("Café", "café")


def _texts_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [t for v in value.values() for t in _texts_in(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts_in(v)]
    return []


def _texts(checker: Checker) -> list[str]:
    rules = checker.resources.ruleset.rules
    texts = [e.text for r in rules for e in [*r.examples.bad, *r.examples.good]]
    for path in sorted(CORPUS.rglob("*.toml")):
        texts += _texts_in(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted(CORPUS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += _texts_in(json.loads(line))
    return texts + [m["text"] for m in messages(300, seed=23)]


def _agree(checker: Checker, text: str) -> tuple[int, int]:
    """(regexes tried by their leads, of them with a match) on ``text``; asserts agreement."""
    folded = text.casefold()
    if not lined_up(text, folded):
        return 0, 0
    compiled = checker.resources.compiled
    tried = matched = 0
    for (rule, pattern, _), leads in zip(compiled.regexes, compiled.regex_leads, strict=True):
        if leads is None:
            continue
        whole = finditer_guarded(pattern, text)
        assert scan(pattern, text, leads, folded) == whole, (rule.id, text[:160])
        tried += 1
        matched += bool(whole)
    return tried, matched


def test_scan_from_leads_agrees_on_examples_and_corpora(checker: Checker) -> None:
    compiled = checker.resources.compiled
    assert sum(leads is not None for leads in compiled.regex_leads) >= len(compiled.regexes) / 2
    tried = matched = 0
    for text in _texts(checker):
        t, m = _agree(checker, text)
        tried += t
        matched += m
    assert tried > 10_000 and matched > 400  # the comparison saw real matches


def test_many_places_scan_from_the_first() -> None:
    pattern = regex.compile(r"\b(?:due|now)\b(?=[^.]*\bpay\b)", regex.IGNORECASE)
    text = "Due now, due now. " * MAX_TRIES + "It is due now: pay it."
    folded = text.casefold()
    assert scan(pattern, text, frozenset({"due", "now"}), folded) == finditer_guarded(pattern, text)
    assert scan(pattern, text, frozenset({"due", "now"}), folded)


_CHECKER: list[Checker] = []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "pay",
                "now",
                "immediately",
                "right away",
                "£40",
                "$1,200.50",
                "fees",
                "interest",
                "the outstanding balance",
                "dispute",
                "within 7 days",
                "soon",
                "F**K",
                ".",
                " ",
                "\n",
                "12 March",
                "Kelvin",
            ]
        ),
        max_size=14,
    ).map(" ".join)
)
def test_scan_from_leads_agrees_on_odd_text(text: str) -> None:
    if not _CHECKER:
        _CHECKER.append(Checker())
    _agree(_CHECKER[0], text)
