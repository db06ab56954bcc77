"""Text -> spaCy Doc: the one parse every scorer shares.

The default pipeline is ``spacy.blank("en")`` + sentencizer + a lookup lemmatizer, so tonecheck
works offline with no model download. spaCy's own lookup lemmatizer hashes every token through its
Lookups table (about 250 µs a message here); the same ``spacy-lookups-data`` table read once into a
plain dict does the job for a fraction of that. A trained pipeline (``en_core_web_sm``) can be
configured for rules that need POS tags or dependencies; when it is not installed we fall back to
the blank pipeline and report which rules were skipped.
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from .tokenizer import RunSafeTokenizer

LEMMA_COMPONENT = "tonecheck_lemmatizer"
LINE_BREAK_COMPONENT = "tonecheck_line_breaks"
SENTENCE_INDEX_COMPONENT = "tonecheck_sentence_index"
_BULLETS = frozenset({"-", "*", "\u2022", "\u2013", ">"})


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Word form -> lemma, from spacy-lookups-data's English lookup table."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rb") as handle:
        table: dict[str, str] = json.loads(handle.read())
    # Collection words the general table misses or gets wrong for our purposes.
    table.update(
        {
            "instalments": "instalment",
            "installments": "installment",
            "wo": "will",
            "ca": "can",
            "n't": "not",
            "arrears": "arrears",
            "does": "do",
            "n\u2019t": "not",
            "\u2019ve": "have",
            "\u2019ll": "will",
            "\u2019d": "would",
            "\u2019m": "be",
            "\u2019re": "be",
            "\u2019s": "'s",
        }
    )
    return table


#: Most distinct word forms the lemmatizer remembers (the cache is cleared when full, so a stream
#: of millions of messages with ever-new names and numbers keeps a flat memory profile).
LEMMA_CACHE_SIZE = 20_000


class _Lemmatizer:
    """Sets ``token.lemma`` from the lookup table, remembering each word form's answer as a pair
    of string hashes, so a word seen before costs one dict lookup and no string handling.

    Every lemma of the table is interned permanently when the component is built (a fixed set,
    outside any ``nlp.memory_zone()``), so a remembered hash can never point at a string that a
    memory zone has since freed; a form that is its own lemma reuses the token's LOWER hash,
    whose string lives as long as the token's lexeme."""

    def __init__(self, vocab: Any, table: dict[str, str]) -> None:
        self.strings = vocab.strings
        self.table = table
        self.cache: dict[int, int] = {}
        add = self.strings.add
        for lemma in set(table.values()):
            add(lemma, allow_transient=False)

    def __call__(self, doc: Any) -> Any:
        cache = self.cache
        get = cache.get
        for token in doc:
            lower = token.lower
            lemma = get(lower)
            if lemma is None:
                form = token.lower_
                found = self.table.get(form)
                lemma = (
                    lower
                    if found is None or found == form
                    else self.strings.add(found, allow_transient=False)
                )
                if len(cache) >= LEMMA_CACHE_SIZE:
                    cache.clear()
                cache[lower] = lemma
            token.lemma = lemma
        return doc


class SentenceIndex:
    """The sentence boundaries of one Doc, found once and served to ``doc.sents``,
    ``token.sent`` and ``span.sent`` through spaCy's user hooks, plus the word flags and LOWER
    hashes of its tokens (one ``doc.to_array`` call), which the readability and sentiment
    scorers share instead of reading attributes token by token in Python.

    The index holds only integers (no reference back to the Doc), so it stays valid in copies
    and creates no reference cycle. It reflects the boundaries when the pipeline finished; code
    that changes ``is_sent_start`` afterwards should call `install_sentence_index` again.
    """

    __slots__ = ("_words", "ends", "starts")

    def __init__(self, doc: Any) -> None:
        from spacy.attrs import SENT_START

        length = len(doc)
        starts = [0] if length else []
        if length > 1:
            flags = doc.to_array(SENT_START).tolist()
            starts.extend(i for i in range(1, length) if flags[i] == 1)
        self.starts: list[int] = starts
        self.ends: list[int] = [*starts[1:], length] if starts else []
        self._words: tuple[list[int], list[bool]] | None = None

    def __call__(self, doc: Any) -> Iterator[Any]:
        from spacy.tokens import Span

        for start, end in zip(self.starts, self.ends, strict=True):
            yield Span(doc, start, end)

    def _at(self, doc: Any, i: int) -> Any:
        from spacy.tokens import Span

        k = bisect_right(self.starts, i) - 1
        return Span(doc, self.starts[k], self.ends[k])

    def token_sent(self, token: Any) -> Any:
        return self._at(token.doc, token.i)

    def span_sent(self, span: Any) -> Any:
        return self._at(span.doc, span.start)

    def words(self, doc: Any) -> tuple[list[int], list[bool]]:
        """(LOWER hash of every token, whether it is a word: neither punctuation nor space)."""
        if self._words is None:
            from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER

            rows = doc.to_array([LOWER, IS_PUNCT, IS_SPACE]).tolist()
            self._words = ([r[0] for r in rows], [not (r[1] or r[2]) for r in rows])
        return self._words


def install_sentence_index(doc: Any) -> SentenceIndex:
    index = SentenceIndex(doc)
    doc.user_hooks["sents"] = index
    doc.user_token_hooks["sent"] = index.token_sent
    doc.user_span_hooks["sent"] = index.span_sent
    return index


def sentence_index(doc: Any) -> SentenceIndex:
    """The Doc's `SentenceIndex` (installed by the pipeline; built now for other Docs)."""
    index = doc.user_hooks.get("sents")
    if isinstance(index, SentenceIndex):
        return index
    return SentenceIndex(doc)


def _line_breaks(doc: Any) -> Any:
    """Messages are laid out in lines: a greeting, a list of options, a signature. A blank
    line always ends a sentence; a single line break does when the next line starts a list
    item or the line before ended with punctuation or a greeting's comma."""
    from spacy.attrs import IS_SPACE

    length = len(doc)
    if length < 2:
        return doc
    # A line break is always a whitespace token of its own; look only at those (``doc.text``
    # would join every token in Python).
    spaces = doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist()
    for i in spaces:
        token = doc[i]
        if "\n" not in token.text:
            continue
        following = doc[i + 1]
        previous = doc[i - 1] if i > 0 else None
        if (
            token.text.count("\n") >= 2
            or following.text in _BULLETS
            or following.like_num
            or previous is None
            or previous.is_punct
            or (
                following.is_title and (previous.is_title or previous.is_upper or previous.like_num)
            )
        ):
            following.is_sent_start = True
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if (
        Language.has_factory(LEMMA_COMPONENT)
        and Language.has_factory(LINE_BREAK_COMPONENT)
        and Language.has_factory(SENTENCE_INDEX_COMPONENT)
    ):
        return

    @Language.factory(LEMMA_COMPONENT)
    def _make(nlp: Any, name: str) -> Any:
        return _Lemmatizer(nlp.vocab, lemma_table())

    Language.component(LINE_BREAK_COMPONENT, func=_line_breaks)

    @Language.component(SENTENCE_INDEX_COMPONENT)
    def sentence_hooks(doc: Any) -> Any:
        install_sentence_index(doc)
        return doc


def build_pipeline(model: str | None = None) -> tuple[Any, bool]:
    """Return (nlp, has_model). `has_model` is True when POS/dependency annotations exist."""
    import spacy

    _register_component()
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner"])
            if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer")
            nlp.add_pipe(SENTENCE_INDEX_COMPONENT)
            nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
            return nlp, True
        except OSError:
            pass  # not installed: degrade to the blank pipeline (the checker records this)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LINE_BREAK_COMPONENT)
    nlp.add_pipe(LEMMA_COMPONENT)
    nlp.add_pipe(SENTENCE_INDEX_COMPONENT)
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    return nlp, False


def phrase_docs(nlp: Any, texts: list[str]) -> list[Any]:
    """Docs for matcher phrases (``PhraseMatcher.add``): tokenised and lemmatised, nothing else.

    Running rule phrases through the whole pipeline (``nlp.pipe``) also finds sentences in each
    of thousands of three-word phrases; with the blank pipeline this gives the same tokens and
    lemmas at a fraction of the cost. Other pipelines (a trained model's own lemmatizer) still
    go through ``nlp.pipe``."""
    if LEMMA_COMPONENT in nlp.pipe_names:
        lemmatize = nlp.get_pipe(LEMMA_COMPONENT)
        return [lemmatize(nlp.make_doc(text)) for text in texts]
    return list(nlp.pipe(texts))
