"""One proposed change to the original text, shared by the engine and the steps that refine
its edits (next_step.py), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
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
