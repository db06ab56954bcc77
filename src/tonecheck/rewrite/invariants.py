"""The rewrite-quality invariants of docs/rewrite.md, as one function the test suite and
bench/evaluate_rewrite.py share, so the floors the tests assert are the figures the bench prints.

Each invariant names a defect a reviewer rejects; none asks the checker whether it likes the
rewrite except the last pair (no dimension drops, no hostile span left), which re-checks with the
stage detected so the original stage cannot flatter the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import budget
from .safety import facts_kept, new_problems
from .slots import MERGE_FIELD, disclosures, read_slots

if TYPE_CHECKING:
    from ..models import Report

#: Points a dimension may move down and still count as not dropped: the fitted continuous
#: measures (message length, reading ease, politeness) shift by a fraction of a point with any
#: edit, and reports and the CLI show whole points. bench/evaluate_rewrite.py --strict reports
#: the rate with no tolerance.
DROP_TOLERANCE = 1.0

INVARIANTS = (
    "facts-kept",
    "disclosures-verbatim",
    "first-line-in-place",
    "last-line-in-place",
    "grammar-clean",
    "budget",
    "no-duplicate-slot",
    "idempotent",
    "no-dimension-drop",
    "no-hostile-span",
)
HOSTILE = frozenset({"threat", "abusive", "shaming", "impersonation"})
_FIELD_SLOT = {
    "amount": re.compile(r"amount|balance|total", re.I),
    "deadline": re.compile(r"date|deadline", re.I),
    "contact": re.compile(r"contact|phone|email", re.I),
    "payment_method": re.compile(r"payment link|pay_?link|payment_link", re.I),
}


def _units(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    # a full stop the sentence goes on after in lower case ("etc. for seven years") ends no unit
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?![a-z])", text.strip()) if s.strip()]


def _in_place(original: str, revised: str, index: int) -> bool:
    """The original's first (or last short) line is still first (last) unless it was edited."""
    units, new = _units(original), _units(revised)
    if not units or not new:
        return True
    unit = units[index]
    if index == -1 and len(unit) > 40:
        return True
    return unit == new[index] or unit not in new


def _duplicate_slot(original: str, revised: str) -> bool:
    before = read_slots(original)
    new_fields = [
        f
        for f in MERGE_FIELD.findall(revised)
        if MERGE_FIELD.findall(revised).count(f) > MERGE_FIELD.findall(original).count(f)
    ]
    for slot, pattern in _FIELD_SLOT.items():
        if before.filled(slot) and any(pattern.search(f) for f in new_fields):
            return True
    return False


def check_revision(
    original: str,
    report: Report,
    revised: str,
    recheck: Callable[[str], Report],
    mode: str = "minimal",
    tolerance: float = DROP_TOLERANCE,
) -> dict[str, bool]:
    """Invariant name -> passed, for one rewrite. `recheck(text)` checks with the stage detected."""
    channel = report.channel.value
    allowed: set[str] = set()
    if report.context is not None:
        allowed = {str(v) for v in report.context.model_dump().values() if v is not None}
        if report.context.due_date:
            allowed.add(report.context.due_date.strftime("%-d %B %Y"))
        formatted = report.context.formatted_amount()
        if formatted:
            allowed.add(formatted)
    result = {
        "facts-kept": facts_kept(original, revised, allowed),
        "disclosures-verbatim": all(d in revised for d in disclosures(original)),
        "first-line-in-place": _in_place(original, revised, 0),
        "last-line-in-place": _in_place(original, revised, -1),
        "grammar-clean": not new_problems(original, revised),
        "no-duplicate-slot": not _duplicate_slot(original, revised),
    }
    ok_budget = budget.new_placeholders(original, revised) <= budget.MAX_NEW_PLACEHOLDERS
    if channel == "sms":
        limit = budget.sms_segments(original)
        ok_budget &= budget.sms_segments(revised) <= (limit if mode == "minimal" else max(limit, 2))
    if channel == "voice":
        ok_budget &= budget.words(revised) <= budget.voice_budget(original)
    result["budget"] = ok_budget
    before = recheck(original)
    after = recheck(revised)
    again = after.rewrite(revised, mode=mode)
    result["idempotent"] = again == revised
    old, new = before.scores.by_dimension(), after.scores.by_dimension()
    result["no-dimension-drop"] = all(new[k] > v - tolerance or new[k] >= v for k, v in old.items())
    result["no-hostile-span"] = not any(
        f.category in HOSTILE and f.end > f.start and f.severity.value != "suggestion"
        for f in after.all_findings()
    ) or bool(report.revision(original, mode).do_not_send)
    return result
