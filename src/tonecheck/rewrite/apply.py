"""Edits applied to the text, last first, each kept only when its sentence window stays clean:
the safety net under every span fix, recipe and insert of the rewrite (docs/rewrite.md)."""

from __future__ import annotations

import re

from ..text.zones import ZoneKind, zones
from . import budget
from .edit import Edit
from .safety import window_ok


def apply_safely(
    text: str, edits: list[Edit], deadline: str | None, channel: str = "email"
) -> tuple[str, int]:
    """Apply edits from the end; each is kept only when its sentence window stays clean and the
    message keeps a body (a greeting over nothing is not a rewrite)."""
    allowed = {deadline.split(" ", 1)[-1]} if deadline else set()
    current = text
    applied = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        found = _located(current, text, edit.start, edit.end)
        if found is None or _cuts_expression(current, *found):
            continue
        start, end = found
        options = [edit.text, *edit.fallbacks]
        for option in options:
            candidate = candidate_text(current, start, end, option)
            w0 = max(0, start - 80)
            before = current[w0 : end + 80]
            after = candidate[w0 : start + len(option) + 80]
            if (
                window_ok(before, after, allowed)
                or not has_body(candidate, channel)
                or _over_budget(text, candidate, channel)
            ):
                continue
            current = candidate
            applied += 1
            break
    return current, applied


def _located(current: str, original: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the words an edit replaces stand now. Edits go from the end, so only the spacing
    mend of the edit after this one can have moved them ("pay.  Legal" -> "pay. If" takes
    a space from this edit's end): the words are found again a few characters off, with what
    is left of their trailing space; None when they are gone."""
    want = original[start:end]
    if current[start:end] == want:
        return start, end
    core = want.rstrip()
    if not core:
        return None
    at = current.find(core, max(0, start - 3), end + 3)
    if at < 0:
        return None
    stop = at + len(core)
    while stop < len(current) and stop - at < len(want) and current[stop] in " \t":
        stop += 1
    return at, stop


#: Template expressions an edit must not cut through: "${isDaily ? 'DAILY' : 'WEEKLY'}".
_EXPRESSION = re.compile(r"\$\{[^}\n]*\}|\{\{.*?\}\}|\{%.*?%\}|<%.*?%>")


def _cuts_expression(text: str, start: int, end: int) -> bool:
    return any(m.start() < at < m.end() for m in _EXPRESSION.finditer(text) for at in (start, end))


def _over_budget(original: str, candidate: str, channel: str) -> bool:
    """An edit that lengthens an SMS past its segment count or a voicemail past its word budget."""
    if channel == "sms":
        return budget.sms_segments(candidate) > budget.sms_segments(original)
    if channel == "voice":
        return budget.words(candidate) > budget.voice_budget(original)
    return False


def has_body(text: str, channel: str) -> bool:
    return any(
        z.kind is ZoneKind.body and re.search(r"[^\W\d_]{2}", text[z.start : z.end])
        for z in zones(text, channel)
    )


def candidate_text(current: str, start: int, end: int, new: str) -> str:
    candidate = current[:start] + new + current[end:]
    at = start + len(new)
    if not new and _starts_sentence(candidate, start) and candidate[at : at + 1].islower():
        candidate = candidate[:at] + candidate[at].upper() + candidate[at + 1 :]
    if new and at - start > 3:
        # the new text's own end meets what follows: "claim.  If" as well as its start
        candidate = _tidy(candidate, at)
    return _tidy(candidate, start)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".!?\n:"


def _tidy(text: str, at: int) -> str:
    """Mend spacing and punctuation around an edit at `at`."""
    lo, hi = max(0, at - 3), min(len(text), at + 3)
    window = text[lo:hi]
    mended = re.sub(r"[ \t]{2,}", " ", window)
    mended = re.sub(r"[ \t]+(?=\n)", "", mended)  # a deleted last sentence's space
    mended = re.sub(r"[ \t]+[-\u2013\u2014]+(?=[.!?,;])", "", mended)  # a clause's dangling dash
    mended = re.sub(r" ([,.;:!?])", r"\1", mended)
    mended = re.sub(r"([.!?])[ \t]*[.]", r"\1", mended)
    mended = re.sub(r"^\s+", "", mended) if lo == 0 else mended
    mended = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", mended)  # a deleted paragraph's gap
    if hi == len(text):
        mended = mended.rstrip(" \t")  # a deleted last sentence's space at the very end
    return text[:lo] + mended + text[hi:]
