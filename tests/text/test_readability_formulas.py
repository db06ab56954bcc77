"""The per-word-cached Flesch formulas give textstat's figures exactly (textstat is the oracle)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck.text.readability_formulas import flesch_scores
from tonecheck.text.syllables import configure_textstat

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import messages

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real" / "messages.jsonl"


def _oracle(text: str) -> tuple[float, float]:
    textstat = configure_textstat()
    return float(textstat.flesch_reading_ease(text)), float(textstat.flesch_kincaid_grade(text))


def test_same_figures_as_textstat_on_corpora() -> None:
    texts = [m["text"] for m in messages(300, seed=5)]
    texts += [json.loads(line)["text"] for line in REAL.read_text(encoding="utf-8").splitlines()]
    assert len(texts) > 500
    for text in texts:
        assert flesch_scores(text) == _oracle(text), text[:120]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Pay",
                "now",
                "£40.00",
                "isn't",
                "co-operate",
                "ÉCOLE",
                "İstanbul",
                ".",
                "!",
                "?",
                "\n",
                " ",
                "e.g.",
                "www.example.com",
                "ref#123",
                "",
                "rhythm",
                "...",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_same_figures_as_textstat_on_odd_text(text: str) -> None:
    assert flesch_scores(text) == _oracle(text), text


def test_empty_and_wordless_texts_score_zero() -> None:
    assert flesch_scores("") == (0.0, 0.0) == _oracle("")
    assert flesch_scores("... !!! ???") == _oracle("... !!! ???")
