"""Rule files are untrusted input: broken ones are reported clearly, hostile ones are refused."""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck import Checker, Config
from tonecheck.rulebook import RulePackError, load_packs
from tonecheck.rulebook.regex_guard import (
    UnsafeRegexError,
    check_regex,
    compile_guarded,
    finditer_guarded,
)

GOOD_RULE = """
[[rule]]
id = "respect.team-word"
dimension = "respect"
category = "condescension"
severity = "warning"
message = "Our team avoids this word."
lemmas = ["frankly"]
suggestions = [{ action = "replace", text = "", description = "Remove it" }]
examples.bad = ["Frankly, you should pay.", "frankly this is late"]
examples.good = ["Please pay by Friday."]
"""


def _pack(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "rules.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_user_pack_needs_no_python(tmp_path: Path) -> None:
    root = _pack(tmp_path, "team", GOOD_RULE)
    checker = Checker(Config(packs=["core", "team"], rule_dirs=[root]))
    report = checker.check("Frankly, you should pay the $20 by 5 May 2026.")
    assert any(f.rule == "respect.team-word" for f in report.findings)
    assert "team" in report.packs


def test_disable_and_severity_override_and_allow(tmp_path: Path) -> None:
    root = _pack(tmp_path, "team", GOOD_RULE)
    text = "Frankly, you should pay the $20 by 5 May 2026."
    disabled = Checker(Config(packs=["core", "team"], rule_dirs=[root], disable=["respect.team-*"]))
    assert not any(f.rule == "respect.team-word" for f in disabled.check(text).findings)
    louder = Checker(
        Config(packs=["core", "team"], rule_dirs=[root], severity={"respect.team-word": "error"})
    )
    assert [
        f.severity.value for f in louder.check(text).findings if f.rule == "respect.team-word"
    ] == ["error"]
    allowed = Checker(
        Config(packs=["core", "team"], rule_dirs=[root], allow=["frankly, you should"])
    )
    assert not any(f.rule == "respect.team-word" for f in allowed.check(text).findings)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[rule]]\nid = 'x", "invalid TOML"),
        (
            GOOD_RULE.replace('dimension = "respect"', 'dimension = "politeness"'),
            "rule 'respect.team-word': dimension",
        ),
        (
            GOOD_RULE.replace('category = "condescension"', 'category = "rudeness"'),
            "unknown category 'rudeness'",
        ),
        (
            GOOD_RULE.replace(
                'examples.bad = ["Frankly, you should pay.", "frankly this is late"]',
                'examples.bad = ["Frankly."]',
            ),
            "at least 2",
        ),
        (GOOD_RULE.replace('lemmas = ["frankly"]', 'regex = ["(a+)+$"]'), "catastrophically"),
        (
            GOOD_RULE.replace('lemmas = ["frankly"]', 'patterns = [[{LOWER = {REGEX = "^fr"}}]]'),
            "REGEX predicate",
        ),
        (
            GOOD_RULE.replace('lemmas = ["frankly"]', 'patterns = [[{EVAL = "import os"}]]'),
            "unknown token attribute",
        ),
        (
            GOOD_RULE.replace('lemmas = ["frankly"]', 'patterns = [[{LOWER = "pay", OP = "x"}]]'),
            "not a valid spaCy token pattern",
        ),
        (
            GOOD_RULE.replace('lemmas = ["frankly"]', 'patterns = [[{LENGTH = {">=" = "two"}}]]'),
            "not a valid spaCy token pattern",
        ),
        (GOOD_RULE.replace('lemmas = ["frankly"]', ""), "at least one of phrases"),
        (GOOD_RULE + "\nsurprise = 1\n", "surprise"),
    ],
)
def test_broken_rule_file_is_named_precisely(tmp_path: Path, body: str, expected: str) -> None:
    root = _pack(tmp_path, "team", body)
    with pytest.raises(RulePackError) as info:
        load_packs(["team"], [root])
    message = str(info.value)
    assert "rules.toml" in message
    assert expected in message
    assert "Traceback" not in message


def test_duplicate_ids_across_packs_are_an_error(tmp_path: Path) -> None:
    _pack(tmp_path, "one", GOOD_RULE)
    _pack(tmp_path, "two", GOOD_RULE)
    with pytest.raises(RulePackError, match="duplicate id"):
        load_packs(["one", "two"], [tmp_path])


def test_unknown_pack_lists_available(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"available packs: .*core"):
        load_packs(["nope"])


def test_max_rules_limit(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="max_rules"):
        load_packs(["core"], max_rules=3)


@pytest.mark.parametrize(
    "pattern", [r"(a+)+$", r"(\w*\s?)*x", r"(a|aa)+b", r"(x{2,})+", r"(\d+)\1", "a" * 600]
)
def test_catastrophic_regexes_refused(pattern: str) -> None:
    with pytest.raises(UnsafeRegexError):
        check_regex(pattern)


@pytest.mark.parametrize(
    "pattern",
    [r"[$£€]\s?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?", r"\b(?:Mr|Mrs)\.?\s", r"\bcase\s+no\.?\s*\d+"],
)
def test_ordinary_regexes_allowed(pattern: str) -> None:
    check_regex(pattern)


def test_regex_search_has_a_time_limit() -> None:
    # Slips past the shape check (bounded repeats only) but backtracks heavily: the timeout
    # abandons the search (no matches) instead of stalling the check.
    compiled = compile_guarded(r"(?:a|a?){1,25}(?:a){25}b")
    started = time.perf_counter()
    assert finditer_guarded(compiled, "a" * 5000) == []
    elapsed = time.perf_counter() - started
    assert elapsed < 3, elapsed


@lru_cache(maxsize=1)
def _one_big_matcher() -> tuple[Checker, Any, list[str]]:
    """A Checker, one spaCy Matcher holding every token pattern, and every rule example."""
    from spacy.matcher import Matcher

    from tonecheck.rulebook.compiler import _normalise_pattern

    checker = Checker(Config())
    full = Matcher(checker.resources.nlp.vocab)
    texts: list[str] = []
    for rule in checker.resources.ruleset.rules:
        if rule.patterns:
            full.add(rule.id, [_normalise_pattern(p) for p in rule.patterns])
        texts += [e.text for e in [*rule.examples.bad, *rule.examples.good]]
    return checker, full, texts


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_gated_matcher_agrees_on_shuffled_rule_words(data: st.DataObject) -> None:
    """Words of the rule examples in random order and spacing: the gate's order and reach checks
    must never drop a window that one big Matcher finds something in."""
    checker, full, texts = _one_big_matcher()
    words = data.draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4)).copy()
    tokens = " ".join(words).split()
    order = data.draw(st.permutations(tokens))
    keep = data.draw(st.integers(min_value=1, max_value=max(1, len(order))))
    doc = checker.resources.nlp(" ".join(order[:keep]))
    assert _joined(checker.resources.compiled.matcher(doc)) == _joined(full(doc)), doc.text


def test_gated_matcher_finds_what_one_big_matcher_finds() -> None:
    checker, full, texts = _one_big_matcher()
    nlp = checker.resources.nlp
    texts.append(" ".join(texts[:200]))  # one long message with many rules in it
    gated = checker.resources.compiled.matcher
    compared = 0
    for doc in nlp.pipe(texts):
        # open-ended patterns keep only their longest matches, so compare what the rules
        # scorer uses: each rule's matched stretches, overlapping matches joined
        assert _joined(gated(doc)) == _joined(full(doc)), doc.text[:200]
        compared += 1
    assert compared > 1000


def _joined(matches: list[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    joined: list[tuple[int, int, int]] = []
    for key, start, end in sorted(set(matches)):
        if joined and joined[-1][0] == key and start < joined[-1][2]:
            joined[-1] = (key, joined[-1][1], max(end, joined[-1][2]))
        else:
            joined.append((key, start, end))
    return set(joined)


def test_long_runs_stay_linear_and_give_one_match() -> None:
    """A whole-text run of '!' once took minutes and gigabytes (every sub-run was a match)."""
    checker = Checker(Config())
    reports = {n: checker.check("Pay now" + "!" * n) for n in (2_000, 8_000)}
    for n, report in reports.items():
        shouting = [f for f in report.findings if f.rule == "respect.shouting-exclamations"]
        assert [(f.start, f.end) for f in shouting] == [(7, 7 + n)]
    started = time.perf_counter()
    checker.check("!" * 20_000)
    assert time.perf_counter() - started < 20  # quadratic was ~100x this size's linear cost
