"""`collect_evidence`: every family's reading of one parsed message."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .consequences import consequence_evidence
from .disrespect import disrespect_evidence
from .items import EvidenceItem
from .lexicon import Lexicon, load_lexicon
from .politeness import PolitenessModel, counted_strategies, load_model, politeness_evidence
from .sentences import drop_months, sentence_evidence
from .threat import ThreatReader, threat_evidence
from .values import SentenceValues, value_reader
from .view import CueMatcher, MessageView


class Evidence:
    """The word lists, their matcher and the fitted politeness weights, built once and shared by
    every check (and every thread: nothing per message is stored here).

    The matcher keeps its phrases in a vocabulary of its own: matching compares string hashes,
    which are the same in every vocabulary, so it reads Docs of any English pipeline, and the
    checker's memory zones can never free a string it holds. Building it takes a few tenths of
    a second, so `default_evidence` builds it on first use, not when a Checker starts."""

    def __init__(
        self, lexicon: Lexicon | None = None, model: PolitenessModel | None = None
    ) -> None:
        from spacy.lang.en import English

        self.lexicon = lexicon or load_lexicon()
        self.matcher = CueMatcher(English().vocab, self.lexicon)
        self.politeness = model or load_model()
        #: Politeness cues read as counts (``counted = true``), for `strategies`.
        self.counted = counted_strategies(self.lexicon)
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
            *politeness_evidence(view, self.politeness, self.counted),
            *sentence_evidence(view, self.lexicon, values),
            *threat_evidence(view, self.threats, values),
            *consequence_evidence(view, self.lexicon, values),
            *disrespect_evidence(view, self.lexicon),
        ]
        items.sort(key=lambda item: (item.sentence < 0, item.start, item.name))
        return items


@lru_cache(maxsize=1)
def default_evidence() -> Evidence:
    """The built-in word lists and weights (``rules/evidence``, ``rules/models``)."""
    return Evidence()


def collect_evidence(
    doc: Any, evidence: Evidence | None = None, *, text: str | None = None
) -> list[EvidenceItem]:
    """Graded evidence for one message parsed by the checker's pipeline (``Checker.resources.nlp``).

    Pass ``evidence`` to use other word lists or weights; by default the built-in ones are
    loaded once (`default_evidence`). Pass ``text`` (the string the Doc was made from) when
    you have it: ``doc.text`` is rebuilt token by token, which costs more than everything else."""
    return (evidence or default_evidence()).collect(doc, text)
