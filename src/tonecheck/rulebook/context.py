"""The context filters on a match (negation before it, a denial after it, the sentence's words),
read from arrays of string hashes instead of spaCy `Token` objects.

A message has dozens of matches and each filter looks at a few tokens around one; building a
Python `Token` (and a `Span` for ``token.sent``) per look cost more than the tests themselves.
One ``doc.to_array`` call gives every token's LOWER and LEMMA hash and punctuation/alpha flags,
and the sentence of a token comes from the Doc's shared `SentenceIndex`; the word lists are
compared as hashes. The rules are the same as on tokens: ``’`` counts as ``'``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from ..text.nlp import sentence_index


def _hashes(strings: Any, words: Iterable[str]) -> frozenset[int]:
    """String-store hashes of `words`, each also spelled with a curly apostrophe."""
    out: set[int] = set()
    for word in words:
        out.add(strings[word])
        out.add(strings[word.replace("'", "\u2019")])
    return frozenset(out)


class ContextWords:
    """The filters' word lists as hashes for one vocabulary."""

    def __init__(self, vocab: Any, cues: Iterable[str], bridge: Iterable[str]) -> None:
        strings = vocab.strings
        self.strings = strings
        self.cues = _hashes(strings, cues)
        self.bridge = _hashes(strings, bridge)
        self.coordinators = _hashes(strings, ("or", "nor", "and"))
        self.be = _hashes(strings, ("is", "are", "was", "were", "be", "'s", "'re"))
        self.denial = _hashes(strings, ("not", "n't", "no", "never", "unavailable"))
        self.unavailable = strings["unavailable"]
        self._lists: dict[tuple[str, ...], frozenset[int]] = {}

    def of(self, words: tuple[str, ...]) -> frozenset[int]:
        """A rule's ``near``/``not_near`` list as hashes (as written: the sentence's lemmas and
        lower-case forms are compared exactly)."""
        found = self._lists.get(words)
        if found is None:
            found = self._lists[words] = frozenset(self.strings[w] for w in words)
        return found


class DocContext:
    """One Doc's token arrays and sentence bounds, read once for all its matches."""

    def __init__(self, doc: Any, words: ContextWords) -> None:
        from spacy.attrs import IS_ALPHA, IS_PUNCT, LEMMA, LOWER

        rows = doc.to_array([LOWER, LEMMA, IS_PUNCT, IS_ALPHA]).tolist()
        self.lower = [r[0] for r in rows]
        self.lemma = [r[1] for r in rows]
        self.punct = [bool(r[2]) for r in rows]
        self.alpha = [bool(r[3]) for r in rows]
        index = sentence_index(doc)
        self.starts: list[int] = index.starts
        self.ends: list[int] = index.ends
        self.words = words
        self._sentence_words: dict[int, frozenset[int]] = {}

    def _sentence(self, i: int) -> int:
        return bisect_right(self.starts, i) - 1

    def sentence_words(self, i: int) -> frozenset[int]:
        """Lemma and lower-case hashes of the sentence holding token `i`."""
        k = self._sentence(i)
        found = self._sentence_words.get(k)
        if found is None:
            start, end = self.starts[k], self.ends[k]
            found = frozenset(self.lemma[start:end]) | frozenset(self.lower[start:end])
            self._sentence_words[k] = found
        return found

    def negated(self, token_start: int, window: int) -> bool:
        """A negation cue within `window` tokens before the match, in the same sentence and
        clause: punctuation ends the clause, and so does any word outside the bridge list,
        except in a list ("you will not be arrested or sent to prison")."""
        words = self.words
        first = max(self.starts[self._sentence(token_start)], token_start - window)
        previous: int | None = None
        for i in range(token_start - 1, first - 1, -1):
            lower = self.lower[i]
            if lower in words.cues:
                return True
            if self.punct[i]:
                return False
            coordinated = previous in words.coordinators and self.alpha[i]
            if lower not in words.bridge and not coordinated:
                return False
            previous = lower
        return False

    def denied_after(self, token_end: int) -> bool:
        """'Payment plans are not available': a strength denied right after it is named."""
        words = self.words
        sent_end = self.ends[self._sentence(token_end - 1)]
        window = self.lower[token_end : min(sent_end, token_end + 3)]
        if window and window[0] == words.unavailable:
            return True
        return len(window) >= 2 and window[0] in words.be and window[1] in words.denial
