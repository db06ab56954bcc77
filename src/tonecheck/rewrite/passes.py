"""A rewrite run to its fixed point: rewriting the rewrite changes nothing.

One pass can unlock another: an inserted amount or date can make an edit the first pass had to
refuse safe, or move the stage so a requirement appears. `Report.revision` re-checks the
revision as the report was checked and revises again, within limits that keep each later pass
to filling in, never to re-deciding what of the sender's words goes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .edit import Mode
from .engine import Revision, revise
from .safety import new_problems

if TYPE_CHECKING:
    from ..models import Report


#: Passes a rewrite may take to reach its fixed point: what one pass adds (an amount, a date)
#: can make an edit the first pass had to refuse safe, and a rewrite of the rewrite must not
#: find more to change.
MAX_PASSES = 3


#: Letters a later pass may take out of the text before it: a word or two fixed, never a
#: sentence the first pass kept (its reading can change once an insert moves the stage).
LATER_PASS_CUT = 12


def _repeats(text: str) -> int:
    sentences = [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return len(sentences) - len(set(sentences))


def _words_cut(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(
        sum(c.isalnum() for c in before[a:b])
        for op, a, b, _, _ in matcher.get_opcodes()
        if op in {"delete", "replace"}
    )


def revise_to_fixed_point(
    text: str,
    report: Report,
    mode: Mode = "minimal",
    recheck: Callable[[str], Report] | None = None,
) -> Revision:
    """`revise` again on its own result, re-checked by `recheck`, until nothing changes (or
    MAX_PASSES), so rewriting the rewrite changes nothing. Without `recheck` (a report read
    back from JSON or sent from another process) it is one pass."""
    original = text
    revision = revise(text, report, mode)
    if recheck is None or revision.do_not_send or revision.text == text:
        return revision
    passes = 1
    while passes < MAX_PASSES:
        again = revise(revision.text, recheck(revision.text), mode)
        passes += 1
        if again.do_not_send or again.text == revision.text:
            break
        if new_problems(original, again.text):
            break  # each pass is judged on its own window; together they must read clean too
        if _repeats(again.text) > _repeats(revision.text):
            break  # "Pay now." made "Pay by [DUE DATE]." beside the one the first pass wrote
        if _words_cut(revision.text, again.text) > LATER_PASS_CUT:
            break  # the first pass chose what of the sender's words goes; later ones fill in
        revision = again.model_copy(update={"edits": revision.edits + again.edits})
    return revision
