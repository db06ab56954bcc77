"""spaCy's tokenizer, kept linear on long runs without whitespace.

spaCy splits prefixes and suffixes off a whitespace-free chunk one at a time, copying the rest of
the chunk each time, so a chunk of n punctuation marks costs n² (here: 6,000 "{" take 8 s, and a
100,000-character message of them would take most of an hour). Real words, URLs and reference
numbers are far shorter than `LONG_RUN`, so ordinary text goes straight to spaCy. A longer run is
cut into `PIECE`-character pieces, each tokenized by spaCy, and the Doc is assembled from the
parts with the original characters and spaces, so ``doc.text`` is still exactly the input and
character offsets stay valid.
"""

from __future__ import annotations

import re
from typing import Any

#: Whitespace-free runs up to this length go to spaCy as they are.
LONG_RUN = 400
#: Longer runs are tokenized in pieces of this many characters.
PIECE = 64

_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


class RunSafeTokenizer:
    """Wraps a spaCy `Tokenizer`; everything but ``__call__`` is the wrapped tokenizer's."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        # memory_zone, vocab, pipe, explain, ... (only called for names not set here)
        return getattr(self.inner, name)

    def __call__(self, text: str) -> Any:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.inner(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for run in runs:
            self._add(text[position : run.start()], words, spaces)
            for start in range(run.start(), run.end(), PIECE):
                self._add(text[start : min(run.end(), start + PIECE)], words, spaces)
            position = run.end()
        self._add(text[position:], words, spaces)
        return Doc(self.inner.vocab, words=words, spaces=spaces)

    def _add(self, part: str, words: list[str], spaces: list[bool]) -> None:
        if not part:
            return
        for token in self.inner(part):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
