"""Consequence statements: presence first, then specificity.

A sentence states a consequence when it names one (``consequence.*`` cues, or a threat action)
inside a frame (if / unless / failure to / to avoid / may result in / before) or with a modal
(will, may), and no negation stands right before it. Its value is
graded, not switched: an unnamed "next step" is vague; a named one (a fee, the credit file,
court, a recovery partner, possession) is worth more; a value of the right kind (an amount, a
date, a day count, or a merge field standing for one) and a stated basis (the agreement, a
statute) add to it. Silence gives nothing, so silence < vague < named < factual with a date and
a basis, which is the order a reader needs.
"""

from __future__ import annotations

from ..models import Dimension
from .items import EvidenceItem
from .lexicon import Lexicon
from .threat import negated
from .values import SentenceValues
from .view import MessageView

PREFIX = "consequence"
BASIS = "consequence-basis.basis"
ACTION = "consequence.action"
_FRAMED_BY = ("frame.", "modality.")
#: kinds whose value is an amount: a fee, and what paying an amount settles
_PRICED = frozenset({"fee", "resolution"})


def specificity(kind: str, values: SentenceValues, based: bool, lexicon: Lexicon) -> float:
    setting = lexicon.setting
    if kind == "vague":
        return setting("consequences.vague")
    score = setting("consequences.named")
    dated = values.date or values.days is not None
    if dated or (kind in _PRICED and values.amount):
        score += setting("consequences.value")
    if based:
        score += setting("consequences.basis")
    return round(min(1.0, score), 4)


def consequence_evidence(
    view: MessageView, lexicon: Lexicon, values: list[SentenceValues]
) -> list[EvidenceItem]:
    """One ``consequence.<kind>`` item per kind stated in a sentence (value: specificity 0-1)
    and ``consequence.best`` for the message (0 when no consequence is stated)."""
    head = PREFIX + "."
    window = int(lexicon.setting("threat.negation_window"))
    items: list[EvidenceItem] = []
    for sentence, matches in enumerate(view.by_sentence):
        if not any(m[0].startswith(_FRAMED_BY) for m in matches):
            continue
        based = any(m[0] == BASIS for m in matches)
        seen: set[str] = set()
        for match in matches:
            name, start, end = match
            if name.startswith("threat."):
                name = ACTION  # a legal or coercive step is a consequence of its own kind
            if not name.startswith(head) or name in seen:
                continue
            if negated(view, match, sentence, window):
                continue  # "we will not sue you"
            seen.add(name)
            first, last = view.char_span(start, end)
            value = specificity(name[len(head) :], values[sentence], based, lexicon)
            items.append(
                EvidenceItem(
                    name=name,
                    dimension=Dimension.transparency,
                    value=value,
                    start=first,
                    end=last,
                    sentence=sentence,
                )
            )
    items.append(EvidenceItem.strongest(f"{PREFIX}.best", Dimension.transparency, items, view.text))
    return items
