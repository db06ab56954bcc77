"""Per-sentence cue evidence: modality, frames, pressure, empathy, who acts on whom.

Each cue of these families found in a sentence gives one item for that sentence (the first
occurrence's span, the cue's ``value``). Four readings are computed rather than listed: a short
deadline (from the sentence's values), an actor acting on the reader within a word window
(``agency.legal-on-reader``, ``agency.sender-on-reader``), and thanks for a payment the message
confirms (``empathy.appreciation`` from ``receipt.confirmed`` and ``receipt.thanks``).
"""

from __future__ import annotations

from ..models import Dimension
from .items import EvidenceItem
from .lexicon import Lexicon
from .values import SentenceValues
from .view import Match, MessageView, word_hash

#: ``courtesy`` is formulaic courtesy ("hope you are well"): a family of its own, so that it is
#: never counted among ``empathy.items``, the real acknowledgements and offers of help.
FAMILIES = ("modality", "frame", "pressure", "empathy", "courtesy")
AGENCY_LISTED = ("agency.reader-patient", "agency.reader-choice")
_DIGITS = frozenset("0123456789")


def is_month(view: MessageView, match: Match) -> bool:
    """ "May" the month, not the modal: capitalised inside a sentence, or next to a number."""
    _, start, end = match
    if end - start != 1 or view.lower[start] != _MAY:
        return False
    word = view.text[view.idx[start] : view.idx[start] + view.length[start]]
    sentence = view.sentence_of(start)
    if word == "May" and view.first_word[sentence] != start:
        return True
    for neighbour in (start - 1, start + 1):
        if 0 <= neighbour < len(view.idx):
            text = view.text[view.idx[neighbour] : view.idx[neighbour] + view.length[neighbour]]
            if text[:1] in _DIGITS:
                return True
    return False


_MAY = word_hash("may")


def drop_months(view: MessageView) -> None:
    """Remove hedges that are the month May from the view (every family reads it after)."""
    if not any(m[0] == "modality.hedged" and is_month(view, m) for m in view.matches):
        return
    keep = [m for m in view.matches if not (m[0] == "modality.hedged" and is_month(view, m))]
    view.matches = keep
    view.by_sentence = [[] for _ in view.starts]
    for match in keep:
        view.by_sentence[view.sentence_of(match[1])].append(match)


#: Dimensions of the readings computed here rather than listed.
COMPUTED_DIMENSIONS = {
    "pressure.short-deadline": Dimension.respect,
    "agency.legal-on-reader": Dimension.respect,
    "agency.sender-on-reader": Dimension.respect,
}


def _item(
    view: MessageView,
    lexicon: Lexicon,
    name: str,
    start: int,
    end: int,
    sentence: int,
    value: float,
) -> EvidenceItem:
    first, last = view.char_span(start, end)
    cue = lexicon.cues.get(name)
    return EvidenceItem(
        name=name,
        dimension=cue.dimension if cue else COMPUTED_DIMENSIONS.get(name),
        value=value,
        start=first,
        end=last,
        sentence=sentence,
    )


def acts_on_reader(view: MessageView, sentence: int, actor: str, window: int) -> Match | None:
    """The first actor of kind ``actor`` followed by a reader word within ``window`` tokens."""
    matches = view.by_sentence[sentence]
    readers = [m for m in matches if m[0] == "agency.reader"]
    for match in matches:
        if match[0] != actor:
            continue
        for reader in readers:
            if match[2] <= reader[1] <= match[2] + window:
                return (f"{actor}-on-reader", match[1], reader[2])
    return None


def sentence_evidence(
    view: MessageView, lexicon: Lexicon, values: list[SentenceValues]
) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    short = lexicon.setting("values.short_days")
    window = int(lexicon.setting("agency.window"))
    for sentence, matches in enumerate(view.by_sentence):
        seen: set[str] = set()
        for name, start, end in matches:
            if name in seen:
                continue
            if name.partition(".")[0] in FAMILIES or name in AGENCY_LISTED:
                seen.add(name)
                items.append(
                    _item(view, lexicon, name, start, end, sentence, lexicon.cues[name].value)
                )
        days = values[sentence].days
        if days is not None and days <= short:
            s, e = view.starts[sentence], view.ends[sentence]
            items.append(_item(view, lexicon, "pressure.short-deadline", s, e, sentence, 1.0))
        for actor in ("agency.legal", "agency.sender"):
            found = acts_on_reader(view, sentence, actor, window)
            if found:
                items.append(_item(view, lexicon, found[0], found[1], found[2], sentence, 1.0))
    items.extend(thanked_receipt(view, lexicon, items))
    return items


def thanked_receipt(
    view: MessageView, lexicon: Lexicon, items: list[EvidenceItem]
) -> list[EvidenceItem]:
    """Thanks for a payment said as a receipt: "Rent received! ... Thank you!".

    A receipt's thanks rarely names what it is for, and the confirmation often stands sentences
    away from it, so neither a phrase nor a sentence can read the class. A confirmation alone
    thanks no one, and a bare "thank you" closes demands as often as receipts (formula, per
    docs/labelling.md); together in one message they are thanks for the payment confirmed.
    """
    if any(item.name == RECEIPT_READS for item in items):
        return []
    confirmed = next((m for m in view.matches if m[0] == "receipt.confirmed"), None)
    if confirmed is None or not any(m[0] == "receipt.thanks" for m in view.matches):
        return []
    _, start, end = confirmed
    value = lexicon.cues[RECEIPT_READS].value
    return [_item(view, lexicon, RECEIPT_READS, start, end, view.sentence_of(start), value)]


#: The empathy cue a thanked receipt is read as.
RECEIPT_READS = "empathy.appreciation"
