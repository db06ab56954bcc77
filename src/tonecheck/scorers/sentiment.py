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

from ..models import Dimension, Severity, Suggestion
from .base import CheckState, Hit, register_scorer

if TYPE_CHECKING:
    from ..resources import Resources

HOSTILE_BELOW = -0.6
WARM_ABOVE = 0.6
MIN_WORDS = 4
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
        phrases = sorted({p.lower() for p in resources.ruleset.neutral_phrases}, key=len, reverse=True)
        self.boilerplate = (
            re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE) if phrases else None
        )
        self.enabled = resources.config.sentiment
        self.compound = lru_cache(maxsize=50_000)(self._compound)

    def _compound(self, sentence: str) -> float:
        if self.boilerplate is not None:
            sentence = self.boilerplate.sub(" ", sentence)
        return float(self.analyzer.polarity_scores(sentence)["compound"])

    def score(self, state: CheckState) -> None:
        if not self.enabled:
            return
        lexicon = self.analyzer.lexicon
        covered = [(h.start, h.end) for h in state.hits if h.kind == "finding" and h.dimension is Dimension.respect]
        for sent in state.doc.sents:
            lowers = [t.lower_ for t in sent if not (t.is_punct or t.is_space)]
            if len(lowers) < MIN_WORDS or not any(w in lexicon for w in lowers):
                continue
            value = self.compound(sent.text.strip())
            words = set(lowers)
            if value <= HOSTILE_BELOW and words & _READER:
                if any(a < sent.end_char and sent.start_char < b for a, b in covered):
                    continue  # a rule already explains this sentence better
                state.hits.append(Hit(
                    rule="sentiment.hostile-tone", dimension=Dimension.respect,
                    category="hostile-tone", severity=Severity.suggestion, kind="finding",
                    start=sent.start_char, end=sent.end_char,
                    message=(f"This sentence reads as strongly negative towards the reader "
                             f"(VADER {value:+.2f}); state the fact calmly and say what they can do."),
                    suggestions=[Suggestion(action="advice", description="Rephrase as a neutral fact plus a next step")],
                    weight=8.0,
                ))
            elif value >= WARM_ABOVE and (words & _READER or words & _SENDER):
                state.hits.append(Hit(
                    rule="sentiment.warm-tone", dimension=Dimension.empathy, category="courtesy",
                    severity=Severity.suggestion, kind="strength",
                    start=sent.start_char, end=sent.end_char,
                    message=f"A warm, positive sentence (VADER {value:+.2f}).",
                    weight=3.0,
                ))


@register_scorer("sentiment", order=40)
def _make(resources: Resources) -> SentimentScorer:
    return SentimentScorer(resources)
