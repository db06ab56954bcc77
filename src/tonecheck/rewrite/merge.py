"""Amount and due date merged into the message's own ask, instead of a new sentence beside it.

"Please pay the balance." missing a date reads best as "Please pay the balance by 12 June
2026.", not as that sentence followed by "Please pay by 12 June 2026."; a bare "Please pay."
takes the amount the same way. Only a plain ask is merged into: one sentence, the verb "pay"
or "settle" with at most a short object, no date or amount of its own, not negated and not a
question, so the merged sentence says what the message meant with the missing value filled in.
"""

from __future__ import annotations

import re

from ..text.zones import ZoneKind, zones
from .safety import in_negation_scope, new_problems
from .slots import read_slots

#: A plain ask: "Please pay.", "You can settle your balance.", "Kindly pay the invoice now."
_ASK = re.compile(
    r"(?i)\b(?P<verb>pay|settle|clear)\b(?P<obj>(?: it| (?:the|your|this|our) (?:full )?"
    r"(?:balance|amount|invoice|bill|account|arrears|outstanding balance|overdue amount))?)"
    r"(?P<tail>(?: in full)?(?: (?:today|now|online|by card|by phone))?"
    r"(?: (?:by|within|before) [^.!?\n]{1,40})?)"
    r"(?=[.!]|\s*$)"
)
#: A "pay" that names a right or a way, not an ask: "the right to pay", "able to pay".
_NOT_AN_ASK = re.compile(
    r"(?i)\b(?:right|option|ability|chance|choice|able|unable|way|how|afford)s?(?: to)?\s*$"
)
#: An ask's time that is no date: "now", "immediately".
_NO_DATE = re.compile(r"(?i) (?:now|immediately|right away|at once|straight away)")
_HAS_TIME = re.compile(r"(?i)\b(?:by|before|within|until|on|today|now)\b")


def merge_into_ask(text: str, channel: str, slot: str, insert: str) -> str | None:
    """`text` with the value of `insert` ("Please pay by X." / "The amount due is X.") merged
    into the body's first plain ask, or None when no ask takes it cleanly."""
    value = _value(insert, slot)
    if value is None:
        return None
    for zone in zones(text, channel):
        if zone.kind is not ZoneKind.body:
            continue
        for m in _ASK.finditer(text, zone.start, zone.end):
            if _NOT_AN_ASK.search(text, max(zone.start, m.start() - 24), m.start()):
                continue  # "you will lose the right to pay by instalments" asks for nothing
            sentence = _sentence(text, m.start(), zone.start, zone.end)
            if "?" in sentence or in_negation_scope(text, m.start("verb")):
                continue
            if read_slots(sentence).filled(slot):
                continue
            cut = 0
            if slot == "deadline":
                if _NO_DATE.fullmatch(m.group("tail")):
                    # "Pay now." sets no date anyone can plan for: the date takes its place
                    at, words, cut = m.start("tail"), f" {value}", len(m.group("tail"))
                elif _HAS_TIME.search(m.group("tail")):
                    continue
                else:
                    at, words = m.end(), f" {value}"
            else:
                if m.group("obj").lower() == " it":
                    continue  # "pay it" already names what is paid; "pay it of $80" is no English
                if m.group("obj"):
                    at, words = m.end("obj"), f" of {value}"
                else:
                    at, words = m.end("verb"), f" {value}"
            merged = text[:at] + words + text[at + cut :]
            if new_problems(text, merged):
                continue
            return merged
    return None


#: The end of the sentence an amount stands in: a full stop or "!" before a space or the end
#: (not the decimal point of "£1,240.00").
_SENTENCE_END = re.compile(r"[.!](?=\s|$)")
_ASK_VERB = re.compile(r"(?i)\b(?:pay|settle|clear|remit)\b")
_BULLET = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])\s")


def after_amount(text: str, channel: str, insert: str) -> str | None:
    """`text` with the date ask `insert` ("Please pay by X.") placed right after the body
    sentence that states the amount, or None when there is none to follow.

    With no ask to merge the date into, the sentence that says how much is owed is where a
    reader looks for when to pay it: "The balance of £1,240.00 remains unpaid. Please pay by
    [DUE DATE]." reads as one statement, where the same ask above it reads as a demand made
    before any explanation."""
    amount = read_slots(text).first("amount")
    if amount is None:
        return None
    for zone in zones(text, channel):
        if zone.kind is not ZoneKind.body or not zone.start <= amount.start < zone.end:
            continue
        end = _sentence_end(text, zone.start, zone.end, amount.start, amount.end)
        if end is None:
            return None
        if _ASK_VERB.search(text, _sentence_start(text, amount.start, zone.start), end.start()):
            return None  # the amount is in an ask of its own ("Pay $200 now."): not a second one
        return _placed_after(text, end.end(), insert)
    return None


def _sentence_end(text: str, lo: int, hi: int, start: int, end: int) -> re.Match[str] | None:
    """The end of the body sentence that holds text[start:end] (zone [lo, hi)), or None when
    the sentence is a list item (the insert is not part of the item), a question, or runs on
    past a line break."""
    line_start = text.rfind("\n", lo, start) + 1
    if _BULLET.match(text, max(line_start, lo)):
        return None
    stop = _SENTENCE_END.search(text, end, hi)
    if stop is None or any(c in text[end : stop.start()] for c in "?\n"):
        return None
    return stop


def _placed_after(text: str, at: int, insert: str) -> str | None:
    merged = text[:at] + " " + insert + text[at:]
    return None if new_problems(text, merged) else merged


#: An ask for payment in the message's own words: "Please remit the balance listed above in
#: the return envelope provided.", "You can pay online at ...".
_OWN_ASK = re.compile(
    r"(?i)\b(?:please|kindly|you (?:can|may|must|should)"
    r"|(?:we|i) (?:ask|urge|request|invite) (?:that )?you(?: to)?"
    r"|(?:we|i) would (?:ask|be grateful if) you(?: could| would| to)?)\s+"
    r"(?:\w+\s+){0,2}?(?:pay|remit|settle|send (?:us )?(?:your |the )?payment"
    r"|make (?:a |your |the )?payment)\b"
)


def after_ask(text: str, channel: str, insert: str) -> str | None:
    """`text` with `insert` (the due date as a statement) right after the body's first ask for
    payment, or None when the body has no such ask on a line of its own sentence.

    An ask the merge cannot take ("Please pay the balance listed above in the envelope
    provided.") still is where the reader learns what to do; the date belongs beside it, and
    a second "Please pay by ..." above it would ask twice."""
    for zone in zones(text, channel):
        if zone.kind is not ZoneKind.body:
            continue
        m = _OWN_ASK.search(text, zone.start, zone.end)
        if m is None:
            continue
        end = _sentence_end(text, zone.start, zone.end, m.start(), m.end())
        return None if end is None else _placed_after(text, end.end(), insert)
    return None


def _value(insert: str, slot: str) -> str | None:
    fact = read_slots(insert).first(slot)
    if fact is None:
        return None
    if slot == "deadline":
        return (
            fact.text if re.match(r"(?i)(?:by|within|before)\b", fact.text) else f"by {fact.text}"
        )
    return fact.text


def _sentence_start(text: str, at: int, lo: int) -> int:
    return max(lo, max(text.rfind(c, lo, at) for c in ".!?\n") + 1)


def _sentence(text: str, at: int, lo: int, hi: int) -> str:
    ends = [i for i in (text.find(c, at, hi) for c in ".!?\n") if i != -1]
    return text[_sentence_start(text, at, lo) : min(ends) + 1 if ends else hi]
