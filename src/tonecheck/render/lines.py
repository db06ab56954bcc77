"""One line per finding: ``concise`` for terminals and pre-commit, ``github`` for Actions.

A failing pre-commit run over twenty templates should read like ruff's output, one
``file:line:col: severity rule message`` line per finding that editors and ``grep`` understand,
not twenty score tables. The ``github`` format writes workflow commands
(https://docs.github.com/actions/reference/workflow-commands-for-github-actions) so findings
appear as annotations on the pull request's changed lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from . import Checked, Redactor

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def visible_start(text: str, start: int, end: int) -> int:
    """The first offset in ``[start, end)`` that is not whitespace, so a span that begins with
    line breaks (common in HTML mail) is shown on the line where its words are."""
    index = start
    while index < end and index < len(text) and text[index].isspace():
        index += 1
    return index if index < end else start


def _position(item: Checked, start: int, end: int) -> tuple[int, int]:
    return item.line_col(visible_start(item.text, start, end))


def render_concise(
    items: Sequence[Checked], out: TextIO, *, redact: Redactor | None = None
) -> None:
    counts: Counter[str] = Counter()
    failing_files = 0
    for item in items:
        if item.report.findings:
            failing_files += 1
        for finding in item.report.findings:
            line, col = _position(item, finding.start, finding.end)
            message = redact(finding.message) if redact else finding.message
            if finding.related:
                message += f" ({finding.also()})"
            severity = finding.severity.value
            counts[severity] += 1
            out.write(f"{item.where}:{line}:{col}: {severity} {finding.rule} {message}\n")
    total = sum(counts.values())
    if total:
        parts = ", ".join(
            f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
            for s in ("error", "warning", "suggestion")
            if counts[s]
        )
        out.write(
            f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {failing_files} of "
            f"{len(items)} file{'s' if len(items) != 1 else ''}.\n"
        )
    else:
        out.write(f"All {len(items)} file{'s' if len(items) != 1 else ''} passed.\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(items: Sequence[Checked], out: TextIO, *, redact: Redactor | None = None) -> None:
    for item in items:
        for finding in item.report.findings:
            line, col = _position(item, finding.start, finding.end)
            end_line, end_col = item.line_col(finding.end)
            message = redact(finding.message) if redact else finding.message
            if finding.related:
                message += f" ({finding.also()})"
            properties = [f"file={_escape_property(item.label)}", f"line={line}", f"col={col}"]
            properties.append(f"endLine={max(end_line, line)}")
            if end_line == line and end_col > col:  # GitHub reads endColumn on one line only
                properties.append(f"endColumn={end_col}")
            properties.append(f"title={_escape_property(f'tonecheck {finding.rule}')}")
            level = _GITHUB_LEVEL[finding.severity.value]
            out.write(f"::{level} {','.join(properties)}::{_escape_data(message)}\n")


__all__ = ["render_concise", "render_github", "visible_start"]
