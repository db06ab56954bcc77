"""Sentiment: VADER per sentence, with a collection-language overlay.

VADER reads words like "debt", "overdue" and "collection" as negative, which would sink every
polite reminder; the overlay in ``rules/*/sentiment`` tables neutralises them. Only sentences that
address the reader ("you", "your") can be hostile towards them, and only sentences with at least a
few words are scored, since VADER swings to the extremes on fragments. Results are cached per
sentence text because audits see the same template sentences again and again.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..models import Dimension, Suggestion
from .base import CheckState, declared_hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

HOSTILE_BELOW = -0.6
WARM_ABOVE = 0.6
MIN_WORDS = 4
#: Sentences whose VADER score is remembered. Template sentences repeat across an audit; a
#: sentence with a name or an amount in it never does, so a bounded cache keeps the hits and a
#: flat memory profile (about 4 MB when full).
SENTENCE_CACHE_SIZE = 10_000
_READER = frozenset({"you", "your", "yours", "yourself"})
_SENDER = frozenset({"we", "us", "our", "i"})


def build_analyzer(overlay: dict[str, float]) -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    for word, valence in overlay.items():
        if valence == 0:
            analyzer.lexicon.pop(word.lower(), None)
        else:
            analyzer.lexicon[word.lower()] = float(valence)
    return analyzer


class SentimentScorer:
    name = "sentiment"

    def __init__(self, resources: Resources) -> None:
        self.analyzer = build_analyzer(resources.ruleset.sentiment)
        phrases = sorted(
            {p.lower() for p in resources.ruleset.neutral_phrases}, key=len, reverse=True
        )
        self.boilerplate = (
            re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE) if phrases else None
        )
        self.enabled = resources.config.sentiment
        self.compound = lru_cache(maxsize=SENTENCE_CACHE_SIZE)(self._compound)
        self._hashes: tuple[frozenset[int], frozenset[int], frozenset[int]] | None = None

    def _compound(self, sentence: str) -> float:
        if self.boilerplate is not None:
            sentence = self.boilerplate.sub(" ", sentence)
        return float(self.analyzer.polarity_scores(sentence)["compound"])

    def _word_hashes(self) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """spaCy string hashes of the lexicon's words, of reader and of sender words, so a
        sentence is screened on its token hashes without building a string per token."""
        if self._hashes is None:
            from spacy.strings import get_string_id as hash_string

            self._hashes = (
                frozenset(hash_string(w) for w in self.analyzer.lexicon),
                frozenset(hash_string(w) for w in _READER),
                frozenset(hash_string(w) for w in _SENDER),
            )
        return self._hashes

    def score(self, state: CheckState) -> None:
        if not self.enabled:
            return
        from spacy.tokens import Span

        from ..text.nlp import sentence_index

        lexicon, reader, sender = self._word_hashes()
        doc = state.doc
        index = sentence_index(doc)
        lowers, is_word = index.words(doc)
        covered = [
            (h.start, h.end)
            for h in state.hits
            if h.kind == "finding" and h.dimension is Dimension.respect
        ]
        # a sentence's text sliced from the string the Doc was made from (template mode blanks
        # the block tags first): `Span.text` joins a Python Token per word to build the same
        text = doc.text if state.template else state.doc_text
        for start, end in zip(index.starts, index.ends, strict=True):
            flags = is_word[start:end]
            if flags.count(True) < MIN_WORDS:
                continue
            words = {h for h, w in zip(lowers[start:end], flags, strict=True) if w}
            # Only a sentence with a word VADER scores that addresses the reader or speaks for
            # the sender can give a hit (see below), so VADER runs on no other sentence.
            if words.isdisjoint(lexicon) or (words.isdisjoint(reader) and words.isdisjoint(sender)):
                continue
            sent = Span(doc, start, end)
            value = self.compound(text[sent.start_char : sent.end_char].strip())
            if value <= HOSTILE_BELOW and not words.isdisjoint(reader):
                if any(a < sent.end_char and sent.start_char < b for a, b in covered):
                    continue  # a rule already explains this sentence better
                state.hits.append(
                    declared_hit(
                        "sentiment.hostile-tone",
                        sent.start_char,
                        sent.end_char,
                        suggestions=[
                            Suggestion(
                                action="advice",
                                description="Rephrase as a neutral fact plus a next step",
                            )
                        ],
                        value=value,
                    )
                )
            elif value >= WARM_ABOVE:  # the sentence has a reader or a sender word (see above)
                state.hits.append(
                    declared_hit("sentiment.warm-tone", sent.start_char, sent.end_char, value=value)
                )


@register_scorer("sentiment", order=40)
def _make(resources: Resources) -> SentimentScorer:
    return SentimentScorer(resources)
