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
from functools import lru_cache
from pathlib import Path
from typing import Any

LEMMA_COMPONENT = "tonecheck_lemmatizer"
LINE_BREAK_COMPONENT = "tonecheck_line_breaks"
_BULLETS = frozenset({"-", "*", "\u2022", "\u2013", ">"})


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Word form -> lemma, from spacy-lookups-data's English lookup table."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rb") as handle:
        table: dict[str, str] = json.loads(handle.read())
    # Collection words the general table misses or gets wrong for our purposes.
    table.update({"instalments": "instalment", "installments": "installment", "wo": "will",
                  "ca": "can", "n't": "not", "arrears": "arrears"})
    return table


def _register_component() -> None:
    from spacy.language import Language

    if Language.has_factory(LEMMA_COMPONENT) and Language.has_factory(LINE_BREAK_COMPONENT):
        return

    @Language.factory(LEMMA_COMPONENT)
    def _make(nlp: Any, name: str) -> Any:
        table = lemma_table()

        def assign_lemmas(doc: Any) -> Any:
            for token in doc:
                lower = token.lower_
                token.lemma_ = table.get(lower, lower)
            return doc

        return assign_lemmas

    @Language.component(LINE_BREAK_COMPONENT)
    def line_breaks(doc: Any) -> Any:
        """Messages are laid out in lines: a greeting, a list of options, a signature. A blank
        line always ends a sentence; a single line break does when the next line starts a list
        item or the line before ended with punctuation or a greeting's comma."""
        for i, token in enumerate(doc[:-1]):
            if not token.is_space or "\n" not in token.text:
                continue
            following = doc[i + 1]
            previous = doc[i - 1] if i > 0 else None
            if (
                token.text.count("\n") >= 2
                or following.text in _BULLETS
                or following.like_num
                or previous is None
                or previous.is_punct
                or following.is_title and (previous.is_title or previous.is_upper or previous.like_num)
            ):
                following.is_sent_start = True
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
            return nlp, True
        except OSError:
            pass  # not installed: degrade to the blank pipeline (the checker records this)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LINE_BREAK_COMPONENT)
    nlp.add_pipe(LEMMA_COMPONENT)
    return nlp, False
