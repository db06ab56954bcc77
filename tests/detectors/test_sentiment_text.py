"""The sentiment scorer reads each sentence as a slice of the message, not through `Span.text`."""

from __future__ import annotations

import sys
from pathlib import Path

from tonecheck import Checker
from tonecheck.text.textsafety import without_surrogates

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import messages


def test_slices_are_the_sentence_texts(checker: Checker) -> None:
    texts = [m["text"] for m in messages(150, seed=31)]
    texts += [e.text for r in checker.resources.ruleset.rules for e in r.examples.bad]
    texts += ["Line one\n\nLine two   \n- a\n- b  ", "Pay\ud800 now.  You  must. ", "x"]
    compared = 0
    for text in texts:
        readable = without_surrogates(text)
        doc = checker.resources.nlp(readable)
        for sent in doc.sents:
            assert readable[sent.start_char : sent.end_char] == sent.text, text[:80]
            compared += 1
    assert compared > 1_000
