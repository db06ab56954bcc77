"""The negation filter reads its words from ``rules/core/negation.toml``, not from Python."""

from __future__ import annotations

import tomllib

import pytest

import tonecheck
from tonecheck.rulebook import builtin_rules_dir
from tonecheck.rulebook.context import ContextWords, DocContext
from tonecheck.rulebook.loader import negation_words


def test_the_filter_uses_the_data_file() -> None:
    raw = tomllib.loads((builtin_rules_dir() / "core/negation.toml").read_text("utf-8"))
    words = negation_words()
    assert words.cues == frozenset(raw["negation"]["cues"])
    assert words.bridge == frozenset(raw["negation"]["bridge"])
    assert words.window == raw["negation"]["window"]


@pytest.mark.parametrize(
    ("text", "target", "negated"),
    [
        ("We will not contact your employer.", "contact", True),
        ("We will never be able to contact your employer.", "contact", True),
        ("If you do not pay, we will contact your employer.", "contact", False),
        ("If you don't pay you could go to jail.", "jail", False),
        ("We will contact your employer.", "contact", False),
    ],
)
def test_cues_and_bridges_decide(
    checker: tonecheck.Checker, text: str, target: str, negated: bool
) -> None:
    doc = checker.resources.nlp(text)
    index = next(t.i for t in doc if t.lower_ == target)
    words = negation_words()
    context = DocContext(doc, ContextWords(doc.vocab, words.cues, words.bridge))
    assert context.negated(index, words.window) is negated
