"""The run-safe tokenizer: the same Doc text as the input, whatever the runs, in linear time."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck import Checker
from tonecheck.text.nlp import build_pipeline
from tonecheck.text.tokenizer import LONG_RUN, PIECE

RUN_CHARS = st.sampled_from(["!", "{", "(", "$", "a", "É", "😀", "-", "[]", "x1"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", " \u00a0 "])


@st.composite
def texts_with_long_runs(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            parts.append(draw(RUN_CHARS) * draw(st.integers(LONG_RUN - 2, LONG_RUN + 3 * PIECE)))
        else:
            parts.append(draw(st.text(min_size=0, max_size=40)))
        parts.append(draw(SEPARATORS))
    return "".join(parts)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    return build_pipeline()[0]


@settings(max_examples=60, deadline=None)
@given(texts_with_long_runs())
def test_doc_text_is_the_input(text: str) -> None:
    doc = _nlp()(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_ordinary_text_is_tokenized_as_spacy_does(checker: Checker) -> None:
    nlp = checker.resources.nlp
    text = "Hi Sam, please call 0800 123 4567 or see https://pay.example.com/acct?id=42 today!!"
    assert [t.text for t in nlp(text)] == [t.text for t in nlp.tokenizer.inner(text)]


def test_long_run_is_cut_into_pieces_of_real_tokens(checker: Checker) -> None:
    nlp = checker.resources.nlp
    text = "Stop " + "!" * (LONG_RUN * 3) + " now"
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc][:3] == ["Stop", "!", "!"]  # still one token per mark
    assert doc[-1].text == "now"


def test_memory_zone_passes_through(checker: Checker) -> None:
    nlp = checker.resources.nlp
    with nlp.memory_zone():
        doc = nlp("Reference ZQX" + "9" * (LONG_RUN + 10) + " is due.")
        assert doc.text.endswith("is due.")
