"""Turning reports into something a person or a tool reads: text (rich or plain), JSON, SARIF.

Every renderer gets the same `Checked` record, so positions, redaction and labels are computed
one way for all of them. Nothing here imports spaCy; rich is imported only by the text renderer
and only when colour output is wanted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Report

Redactor = Callable[[str], str]


@dataclass
class Checked:
    """One checked message with what a renderer needs to point at its words."""

    label: str
    """How to name the input to a person: the path as given, or ``<stdin>``."""
    text: str
    """The text the report's offsets refer to (for e-mail: the decoded body)."""
    report: Report
    kind: str = "text"
    """``text`` or ``email``."""
    line_offset: int | None = 0
    """Lines before `text` in the file; None when the body is not verbatim in the file (a
    decoded or HTML e-mail body), so lines are counted within the body."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def positions(self) -> LineIndex:
        index = getattr(self, "_positions", None)
        if index is None:
            index = LineIndex(self.text)
            self._positions = index
        return index

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of `offset`, in lines of the file where possible."""
        line, col = self.positions.line_col(offset)
        return line + (self.line_offset or 0), col

    @property
    def where(self) -> str:
        """Label used before ``:line:col``; says "body" when lines are not the file's."""
        if self.kind == "email" and self.line_offset is None:
            return f"{self.label} (body)"
        return self.label


class LineIndex:
    """Offset -> (line, column), both 1-based; columns count characters, not bytes, and a
    ``\\r`` before a newline is not part of the line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its line ending."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


def get_redactor(names: Iterable[str] = ()) -> Redactor:
    """``tonecheck.redact.redact_text`` bound to `names`: masks e-mail addresses, phone,
    account and card numbers and the given names, the same way the audit does."""
    from ..redact import redact_text

    wanted = tuple(n for n in names if n and n.strip())
    return lambda text: redact_text(text, wanted)


SEVERITY_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


__all__ = ["SEVERITY_LEVEL", "Checked", "LineIndex", "Redactor", "get_redactor"]
