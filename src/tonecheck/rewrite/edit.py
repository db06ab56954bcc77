"""One proposed change to the original text, shared by the engine and the steps that refine
its edits (next_step.py), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Mode = Literal["minimal", "full"]


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    why: str
    #: Tried in order when `text` fails the window checks: a next step without a date it may
    #: not borrow, then the plain deletion behind it.
    fallbacks: tuple[str, ...] = ()


def cut_to_change(text: str, edit: Edit) -> Edit:
    """The edit narrowed to the words it changes. A fix that rewrites a whole sentence to change
    one comma ("vehicle, however," -> "vehicle. However,") would otherwise overlap, and block,
    every other fix in that sentence, which the next rewrite would then make: a rewrite of the
    rewrite must change nothing."""
    old, new = text[edit.start : edit.end], edit.text
    if not new or old == new:
        return edit
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while head > 0 and not old[head - 1].isspace():
        head -= 1  # whole words only
    while tail > 0 and not old[len(old) - tail].isspace():
        tail -= 1
    if head == 0 and tail == 0:
        return edit
    return replace(
        edit, start=edit.start + head, end=edit.end - tail, text=new[head : len(new) - tail]
    )
