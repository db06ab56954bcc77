"""One pass over a Doc that every evidence family reads: token offsets, sentence bounds and the
cue matches of each sentence.

All cues go into two spaCy ``PhraseMatcher``s (word forms and lemmas), so a message is scanned
twice in C whatever the number of lists; the rest is integer bookkeeping. Token attributes come
from one ``doc.to_array`` call instead of a Python pass over Token objects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..text.nlp import lemma_table, sentence_index
from .lexicon import Lexicon


def word_hash(word: str) -> int:
    """The LOWER / LEMMA hash spaCy gives ``word`` in any vocabulary (tokens are compared by it)."""
    from spacy.strings import get_string_id

    return int(get_string_id(word))


#: A cue match: (cue name, first token, one past the last token).
Match = tuple[str, int, int]
_EXCLUDE = "!"


class CueMatcher:
    """Finds every cue of a `Lexicon` in a Doc built with ``vocab``."""

    def __init__(self, vocab: Any, lexicon: Lexicon) -> None:
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        self.lexicon = lexicon
        self.vocab = vocab
        tokenizer = English(vocab=vocab).tokenizer
        table = lemma_table()
        self.by_lower = PhraseMatcher(vocab, attr="LOWER")
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.positions: dict[int, tuple[str, bool, str]] = {}
        for cue in lexicon.cues.values():
            matcher = self.by_lemma if cue.match == "lemma" else self.by_lower
            for label, phrases in (
                (cue.name, cue.all_phrases()),
                (cue.name + _EXCLUDE, cue.exclude),
            ):
                if not phrases:
                    continue
                docs = []
                for phrase in phrases:
                    doc = tokenizer(phrase)
                    if cue.match == "lemma":
                        for token in doc:
                            token.lemma_ = table.get(token.lower_, token.lower_)
                    docs.append(doc)
                matcher.add(label, docs)
                key = vocab.strings[label]
                self.positions[key] = (cue.name, label.endswith(_EXCLUDE), cue.position)

    def __call__(self, doc: Any, view: MessageView) -> list[Match]:
        found: list[Match] = []
        excluded: dict[str, list[tuple[int, int]]] = {}
        for matcher in (self.by_lower, self.by_lemma):
            if len(matcher) == 0:
                continue
            for key, start, end in matcher(doc):
                name, is_exclusion, position = self.positions[key]
                if is_exclusion:
                    excluded.setdefault(name, []).append((start, end))
                    continue
                if position != "any":
                    at_start = view.first_word[view.sentence_of(start)] == start
                    if at_start != (position == "sentence-start"):
                        continue
                found.append((name, start, end))
        if excluded:
            found = [
                m
                for m in found
                if not any(s < m[2] and m[1] < e for s, e in excluded.get(m[0], ()))
            ]
        found.sort(key=lambda m: (m[1], m[2], m[0]))
        return found


@dataclass(slots=True)
class MessageView:
    """Offsets and sentences of one Doc, plus its cue matches grouped by sentence."""

    text: str
    idx: list[int]
    length: list[int]
    lower: list[int]
    is_word: list[bool]
    starts: list[int]
    ends: list[int]
    first_word: list[int]
    #: The sentence of each token.
    sent: list[int]
    matches: list[Match] = field(default_factory=list)
    by_sentence: list[list[Match]] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Any, matcher: CueMatcher, text: str | None = None) -> MessageView:
        """``text`` is ``doc.text`` when the caller has it (building it joins every token)."""
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER

        index = sentence_index(doc)
        if len(doc):
            rows = doc.to_array([IDX, LENGTH, LOWER, IS_PUNCT, IS_SPACE])
            idx, length, lower = (rows[:, k].tolist() for k in range(3))
            is_word = ((rows[:, 3] == 0) & (rows[:, 4] == 0)).tolist()
        else:
            idx, length, lower, is_word = [], [], [], []
        first_word = []
        sent: list[int] = []
        for k, (start, end) in enumerate(zip(index.starts, index.ends, strict=True)):
            first = next((i for i in range(start, end) if is_word[i]), start)
            first_word.append(first)
            sent.extend([k] * (end - start))
        view = cls(
            text=doc.text if text is None else text,
            idx=idx,
            length=length,
            lower=lower,
            is_word=is_word,
            starts=list(index.starts),
            ends=list(index.ends),
            first_word=first_word,
            sent=sent,
        )
        view.matches = matcher(doc, view)
        view.by_sentence = [[] for _ in view.starts]
        for match in view.matches:
            view.by_sentence[view.sentence_of(match[1])].append(match)
        return view

    def sentence_of(self, token: int) -> int:
        return self.sent[token] if token < len(self.sent) else max(0, len(self.starts) - 1)

    def token_at(self, char: int) -> int:
        """The token that holds character ``char`` (or the last one before it)."""
        return max(0, bisect_right(self.idx, char) - 1)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens ``start`` to ``end`` (exclusive)."""
        last = max(start, end - 1)
        return self.idx[start], self.idx[last] + self.length[last]

    def sentence_text(self, sentence: int) -> str:
        start, end = self.char_span(self.starts[sentence], self.ends[sentence])
        return self.text[start:end]

    def sentence_chars(self, sentence: int) -> tuple[int, int]:
        return self.char_span(self.starts[sentence], self.ends[sentence])

    def in_sentence(self, sentence: int, prefix: str) -> list[Match]:
        head = prefix + "."
        return [m for m in self.by_sentence[sentence] if m[0].startswith(head)]
