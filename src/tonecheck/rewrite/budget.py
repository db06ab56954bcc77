"""Exact size budgets: SMS segments as a phone counts them, voicemail length, new placeholders.

An SMS that gains one "…" or curly quote switches from GSM-7 (160 characters a segment, 153
when concatenated) to UCS-2 (70, 67), so counting characters is not enough; GSM-7 extension
characters ({ } [ ] ~ | \\ ^ € and form feed) take two septets each.
"""

from __future__ import annotations

import math

from .slots import MERGE_FIELD, in_style

_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = set("\f^{}\\[~]|€")
#: Words a voicemail may gain: a callback line, not a recital of the debt.
VOICE_EXTRA_WORDS = 20
#: New [PLACEHOLDER] fields a rewrite may add before it asks more of the writer than it saves.
MAX_NEW_PLACEHOLDERS = 2


def is_gsm7(text: str) -> bool:
    return all(c in _GSM_BASIC or c in _GSM_EXTENSION for c in text)


def sms_segments(text: str) -> int:
    """Segments the message is sent as (0 for an empty message)."""
    if not text:
        return 0
    if is_gsm7(text):
        septets = sum(2 if c in _GSM_EXTENSION else 1 for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    return 1 if units <= 70 else math.ceil(units / 67)


def words(text: str) -> int:
    return len(text.split())


def voice_budget(original: str) -> int:
    return words(original) + VOICE_EXTRA_WORDS


def placeholders(text: str) -> int:
    return len(MERGE_FIELD.findall(text))


def new_placeholders(original: str, revised: str) -> int:
    """Distinct fields the revision adds: a field used twice ("by [DUE DATE]" in the ask and in
    the next step) is one blank for the writer to fill."""
    return len(set(MERGE_FIELD.findall(revised)) - set(MERGE_FIELD.findall(original)))


#: The blanks the rewrite itself writes, in the default bracket syntax.
OWN_BLANKS = ("[AMOUNT]", "[DUE DATE]", "[CONTACT]", "[PAYMENT LINK]")


def open_blanks(text: str) -> int:
    """The rewrite's own blanks still in `text`, in the default syntax or the template's own
    ("{due_date}" in a "{name}" template). Each stands for an insert already made, so a minimal
    rewrite of a minimal rewrite finds its insert budget spent and adds nothing."""
    style = next((m.group(0) for m in MERGE_FIELD.finditer(text)), None)
    return sum(blank in text or in_style(blank, style) in text for blank in OWN_BLANKS)
