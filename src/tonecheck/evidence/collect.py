"""`collect_evidence`: every family's reading of one parsed message."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .consequences import consequence_evidence
from .items import EvidenceItem
from .lexicon import Lexicon, load_lexicon
from .politeness import PolitenessModel, load_model, politeness_evidence
from .sentences import drop_months, sentence_evidence
from .threat import ThreatReader, threat_evidence
from .values import SentenceValues, value_reader
from .view import CueMatcher, MessageView


class Evidence:
    """The word lists, their matcher and the fitted politeness weights, built once per spaCy
    vocabulary (the matcher's phrases live in it) and then shared by every check."""

    def __init__(
        self, vocab: Any, lexicon: Lexicon | None = None, model: PolitenessModel | None = None
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.matcher = CueMatcher(vocab, self.lexicon)
        self.politeness = model or load_model()
        self.values = value_reader(self.lexicon)
        self.threats = ThreatReader(self.lexicon)

    def view(self, doc: Any, text: str | None = None) -> MessageView:
        view = MessageView.of(doc, self.matcher, text)
        drop_months(view)
        return view

    def sentence_values(self, view: MessageView) -> list[SentenceValues]:
        return self.values.read(view)

    def collect(self, doc: Any, text: str | None = None) -> list[EvidenceItem]:
        view = self.view(doc, text)
        values = self.sentence_values(view)
        items = [
            *politeness_evidence(view, self.politeness),
            *sentence_evidence(view, self.lexicon, values),
            *threat_evidence(view, self.threats, values),
            *consequence_evidence(view, self.lexicon, values),
        ]
        items.sort(key=lambda item: (item.sentence < 0, item.start, item.name))
        return items


@lru_cache(maxsize=4)
def evidence_for(vocab: Any) -> Evidence:
    return Evidence(vocab)


def collect_evidence(
    doc: Any, evidence: Evidence | None = None, *, text: str | None = None
) -> list[EvidenceItem]:
    """Graded evidence for one message parsed by the checker's pipeline (``Checker.resources.nlp``).

    Pass ``evidence`` to use other word lists or weights; by default the built-in ones are
    loaded once for the Doc's vocabulary. Pass ``text`` (the string the Doc was made from) when
    you have it: ``doc.text`` is rebuilt token by token, which costs more than everything else."""
    return (evidence or evidence_for(doc.vocab)).collect(doc, text)
