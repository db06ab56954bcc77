"""Spans no edit may touch: amounts, dates, contact details, references, merge fields, the
reader's name and the disclosure or rights sentences the report found."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .slots import read_slots

if TYPE_CHECKING:
    from ..models import Report

_PROTECTED_CATEGORIES = {"disclosure", "rights", "opt-out"}
_KEPT_SLOTS = {"amount", "deadline", "contact", "reference", "field", "disclosure"}


def protected_spans(text: str, report: Report) -> list[tuple[int, int]]:
    spans = [(f.start, f.end) for f in read_slots(text).facts if f.slot in _KEPT_SLOTS or f.field]
    name = report.context.name if report.context else None
    if name:
        spans.extend(m.span() for m in re.finditer(re.escape(name), text))
    for strength in report.strengths:
        if strength.category in _PROTECTED_CATEGORIES:
            spans.append((strength.start, strength.end))
    return spans
