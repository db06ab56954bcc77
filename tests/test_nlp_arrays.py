"""The pipeline's array-based components against the per-token code they replace.

The sentencizer must set exactly the boundaries spaCy's ``sentencizer`` sets, and the
lemmatizer exactly the lemmas a per-token lookup gives, on the corpora and on generated text.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from tonecheck.text.nlp import LEMMA_CACHE_SIZE, _Lemmatizer, _Sentencizer, lemma_table

CORPUS = Path(__file__).resolve().parent / "corpus"


def _texts_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [t for v in value.values() for t in _texts_in(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts_in(v)]
    return []


@lru_cache(maxsize=1)
def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(CORPUS.rglob("*.toml")):
        texts += _texts_in(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted(CORPUS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += _texts_in(json.loads(line))
    return texts


@lru_cache(maxsize=1)
def _reference() -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _starts(doc: Any) -> list[bool | None]:
    return [token.is_sent_start for token in doc]


def _same_boundaries(text: str) -> bool:
    nlp = _reference()
    return _starts(nlp(text)) == _starts(_Sentencizer()(nlp.make_doc(text)))


def test_sentencizer_matches_spacy_on_the_corpora() -> None:
    texts = _corpus_texts()
    assert len(texts) > 100
    assert [t for t in texts if not _same_boundaries(t)] == []


def test_sentencizer_keeps_boundaries_set_before_it() -> None:
    nlp = _reference()
    theirs, ours = nlp.make_doc("one two. three four"), nlp.make_doc("one two. three four")
    for doc in (theirs, ours):
        doc[1].is_sent_start = True
        doc[3].is_sent_start = False
    nlp.get_pipe("sentencizer")(theirs)
    _Sentencizer()(ours)
    assert _starts(ours) == _starts(theirs)
    assert _starts(ours)[1] is True and _starts(ours)[3] is False


_PIECES = st.sampled_from(
    ["pay", "now", ".", "!", "?", "...", "!!", "?!", " ", "\n", "\n\n", "'", '"', ")", "Mr.", "5"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(" ".join))
def test_sentencizer_matches_spacy_on_generated_text(text: str) -> None:
    assert _same_boundaries(text)


def _lemmas_per_token(doc: Any) -> list[str]:
    table = lemma_table()
    return [table.get(token.lower_, token.lower_) for token in doc]


def test_lemmatizer_matches_a_per_token_lookup() -> None:
    nlp = spacy.blank("en")
    lemmatize = _Lemmatizer(nlp.vocab, lemma_table())
    for text in _corpus_texts()[:400]:
        doc = lemmatize(nlp.make_doc(text))
        assert [token.lemma_ for token in doc] == _lemmas_per_token(doc), text


def test_lemmatizer_answers_the_same_after_its_cache_is_cleared() -> None:
    nlp = spacy.blank("en")
    lemmatize = _Lemmatizer(nlp.vocab, lemma_table())
    text = "Instalments were paid; arrears won't be charged. " + " ".join(
        f"word{i}" for i in range(LEMMA_CACHE_SIZE + 10)
    )
    doc = lemmatize(nlp.make_doc(text))
    assert len(lemmatize.cache) <= LEMMA_CACHE_SIZE
    assert [token.lemma_ for token in doc] == _lemmas_per_token(doc)
    assert [t.lemma_ for t in lemmatize(nlp.make_doc("Instalments paid"))] == ["instalment", "pay"]
