"""Guessing the collection stage from the words of the message, when the caller did not say.

Cues are data (``[[stage_cue]]`` in the packs). Each stage adds up the weights of its cues found
in the text; the highest total wins, ties broken by how specific the stage is (a thank-you note
that mentions an overdue amount is still a thank-you note). No cue at all means ``other``.
"""

from __future__ import annotations

from typing import Any

from ..models import Stage
from ..rulebook.schema import StageCue
from ..text.nlp import phrase_docs

_SPECIFICITY = [
    Stage.thank_you,
    Stage.final_notice,
    Stage.payment_plan,
    Stage.overdue,
    Stage.reminder,
]


class StageDetector:
    def __init__(self, nlp: Any, cues: list[StageCue]) -> None:
        from spacy.matcher import PhraseMatcher

        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.weights: dict[int, tuple[Stage, float]] = {}
        for i, cue in enumerate(cues):
            key = f"stage-cue-{i}"
            hashed = nlp.vocab.strings.add(key)
            self.weights[hashed] = (cue.stage, cue.weight)
            if cue.phrases:
                self.lower.add(key, [nlp.make_doc(p) for p in cue.phrases])
            if cue.lemmas:
                self.lemma.add(key, phrase_docs(nlp, list(cue.lemmas)))

    def detect(self, doc: Any) -> Stage:
        totals: dict[Stage, float] = {}
        for matcher in (self.lower, self.lemma):
            for key, _start, _end in matcher(doc):
                stage, weight = self.weights[key]
                totals[stage] = totals.get(stage, 0.0) + weight
        if not totals:
            return Stage.other
        best = max(totals.values())
        for stage in _SPECIFICITY:
            if totals.get(stage, 0.0) == best:
                return stage
        return Stage.other
