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
    r"(?i)\b(?P<verb>pay|settle|clear)\b(?P<obj>(?: (?:the|your|this|our) (?:full )?"
    r"(?:balance|amount|invoice|bill|account|arrears|outstanding balance|overdue amount))?)"
    r"(?P<tail>(?: in full)?(?: (?:today|now|online|by card|by phone))?"
    r"(?: (?:by|within|before) [^.!?\n]{1,40})?)"
    r"(?=[.!]|\s*$)"
)
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
            sentence = _sentence(text, m.start(), zone.start, zone.end)
            if "?" in sentence or in_negation_scope(text, m.start("verb")):
                continue
            if read_slots(sentence).filled(slot):
                continue
            if slot == "deadline":
                if _HAS_TIME.search(m.group("tail")):
                    continue
                at, words = m.end(), f" {value}"
            else:
                if m.group("obj"):
                    at, words = m.end("obj"), f" of {value}"
                else:
                    at, words = m.end("verb"), f" {value}"
            merged = text[:at] + words + text[at:]
            if new_problems(text, merged):
                continue
            return merged
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


def _sentence(text: str, at: int, lo: int, hi: int) -> str:
    left = max(text.rfind(c, lo, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at, hi) for c in ".!?\n") if i != -1]
    return text[max(left, lo) : min(ends) + 1 if ends else hi]
