"""Human-readable output: a score table, then each finding with where, what, why and a fix.

Two writers share one layout. The rich writer colours severities and highlights the span in
its line; the plain writer prints the same facts with a caret line under the span, so output
piped to a file, a CI log or ``grep`` stays readable and never contains escape codes.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from . import Checked, Redactor

if TYPE_CHECKING:
    from ..models import Finding, Suggestion

#: Source lines longer than this are shown as a window around the span.
WINDOW = 110
CONTEXT = 40
DIMENSIONS = ("respect", "clarity", "empathy", "transparency", "overall")
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


def describe_suggestion(suggestion: Suggestion) -> str:
    """One line saying what to do, in the reader's terms."""
    text = suggestion.text.strip()
    description = suggestion.description.strip()
    if suggestion.action == "replace" and text:
        core = f'replace with "{text}"'
    elif suggestion.action == "replace":
        core = "remove these words"
    elif suggestion.action == "delete":
        core = "delete the sentence"
    elif suggestion.action == "insert" and text:
        core = f'add "{text}"'
    else:
        core = ""
    if core and description:
        return f"{core} ({description})"
    return core or description or suggestion.action


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(items: Sequence[Checked], fail_on: str, failed: bool) -> str:
    counts: Counter[str] = Counter(f.severity.value for c in items for f in c.report.findings)
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warning"], "warning"),
        _plural(counts["suggestion"], "suggestion"),
    ]
    verdict = f"FAIL (--fail-on {fail_on})" if failed else f"pass (--fail-on {fail_on})"
    return f"{_plural(len(items), 'message')} checked: {', '.join(parts)}. {verdict}"


def _span_view(
    item: Checked, finding: Finding, redact: Redactor | None
) -> tuple[str, int, int] | None:
    """(line text, start column, width) of the first line of the span, 0-based columns; with
    redaction, the line is masked and the caret is kept only when masking did not move it.
    Long lines are cut to a window around the span."""
    if not item.text:
        return None
    line_no, col = item.positions.line_col(_first(item, finding))
    line = item.positions.line_text(line_no)
    start = col - 1
    end_line, end_col = item.positions.line_col(finding.end)
    end = end_col - 1 if end_line == line_no else len(line)
    end = max(start, min(end, len(line)))
    if redact is not None:
        masked = redact(line)
        parts = redact(line[:start]), redact(line[start:end]), redact(line[end:])
        if "".join(parts) != masked:
            return _window(masked, -1, 0)
        return _window(masked, len(parts[0]), len(parts[1]))
    return _window(line, start, end - start)


def _first(item: Checked, finding: Finding) -> int:
    """Where a finding is shown: its first visible character (an HTML mail span can start
    with the line breaks of the markup around it)."""
    from .lines import visible_start

    return visible_start(item.text, finding.start, finding.end)


def _is_empty(item: Checked) -> bool:
    return any(f.rule == "format.empty-message" for f in item.report.findings)


def _window(line: str, start: int, width: int) -> tuple[str, int, int]:
    """Cut a long line to about WINDOW characters around the span (whole words kept readable
    by the ellipses), moving the caret with it."""
    if len(line) <= WINDOW:
        return line, start, width
    if start < 0:
        return line[: WINDOW - 3] + "...", -1, 0
    width = min(width, WINDOW - 2 * CONTEXT)
    left = max(0, start - CONTEXT)
    right = min(len(line), start + max(width, 1) + CONTEXT)
    prefix = "..." if left > 0 else ""
    suffix = "..." if right < len(line) else ""
    return prefix + line[left:right] + suffix, start - left + len(prefix), width


def _rewrite_parts(item: Checked, redact: Redactor | None) -> tuple[str, str]:
    revised = item.report.rewrite(item.text)
    original = item.text
    if redact is not None:
        revised, original = redact(revised), redact(original)
    diff = "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            revised.splitlines(keepends=True),
            fromfile=item.label,
            tofile=f"{item.label} (revised)",
        )
    )
    if diff and not diff.endswith("\n"):
        diff += "\n"
    return revised, diff


def render_text(
    items: Sequence[Checked],
    out: TextIO,
    *,
    fail_on: str,
    failed: bool,
    color: bool,
    redact: Redactor | None = None,
    rewrite: bool = False,
    verbose: bool = False,
) -> None:
    """Write every report, then one summary line."""
    writer: _PlainWriter | _RichWriter = _RichWriter(out) if color else _PlainWriter(out)
    for item in items:
        writer.heading(item)
        if _is_empty(item):
            writer.text("nothing to score: the message is empty\n")
        else:
            writer.scores(item)
        for finding in item.report.findings:
            writer.finding(item, finding, redact)
        if verbose:
            for strength in item.report.strengths:
                writer.strength(item, strength)
            for note in item.notes:
                writer.note(note)
        if rewrite:
            revised, diff = _rewrite_parts(item, redact)
            refusal = item.report.revision(item.text).reason
            if refusal:
                writer.text(f"no rewrite of {item.label}: {refusal}\n")
            elif revised == (redact(item.text) if redact else item.text):
                writer.text(f"no rewrite: the suggestions change nothing in {item.label}\n")
            else:
                writer.rewrite(item, revised, diff)
    writer.summary(summary_line(items, fail_on, failed), failed)


class _PlainWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def _print(self, line: str = "") -> None:
        self.out.write(line + "\n")

    def heading(self, item: Checked) -> None:
        report = item.report
        stage = report.stage.value + (" (detected)" if report.stage_detected else "")
        template = ", template" if report.template else ""
        self._print(f"{item.label}: {report.channel.value}, stage {stage}{template}")

    def scores(self, item: Checked) -> None:
        values = item.report.scores.model_dump()
        header = "  ".join(f"{name:>12}" for name in DIMENSIONS)
        row = "  ".join(f"{values[name]:>12.0f}" for name in DIMENSIONS)
        self._print(header)
        self._print(row)
        self._print()

    def finding(self, item: Checked, finding: Finding, redact: Redactor | None) -> None:
        line, col = item.line_col(_first(item, finding))
        self._print(
            f"{item.where}:{line}:{col}: {finding.severity.value}: {finding.rule} "
            f"[{finding.dimension.value}/{finding.category}]"
        )
        view = _span_view(item, finding, redact)
        if view is not None and finding.end > finding.start:
            text, start, width = view
            self._print(f"    | {text}")
            if start >= 0:
                self._print(f"    | {' ' * start}{'^' * max(1, width)}")
        elif finding.end == finding.start:
            self._print("    (something is missing here)")
        self._print(f"    why: {finding.message}")
        for suggestion in finding.suggestions:
            described = describe_suggestion(suggestion)
            self._print(f"    fix: {redact(described) if redact else described}")
        if finding.reference:
            self._print(f"    see: {finding.reference}")
        for other in finding.related:
            self._print(
                f"    also: {other.rule} [{other.dimension.value}/{other.category}]: {other.message}"
            )
        self._print()

    def strength(self, item: Checked, strength: Finding) -> None:
        line, col = item.line_col(strength.start)
        self._print(f"{item.where}:{line}:{col}: strength: {strength.rule} - {strength.message}")

    def note(self, note: str) -> None:
        self._print(f"note: {note}")

    def rewrite(self, item: Checked, revised: str, diff: str) -> None:
        self._print(f"--- suggested revision of {item.label} ---")
        self._print(revised.rstrip("\n"))
        self._print("--- end of revision ---")
        self._print()
        self.out.write(diff or "(no changes)\n")
        self._print()

    def text(self, line: str) -> None:
        self.out.write(line + "\n")

    def summary(self, line: str, failed: bool) -> None:
        self._print(line)


class _RichWriter:
    """The same layout with colour; rich is imported only here."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console

        self.console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)

    def heading(self, item: Checked) -> None:
        report = item.report
        stage = report.stage.value + (" (detected)" if report.stage_detected else "")
        template = ", template" if report.template else ""
        self.console.print(
            f"[bold]{_escape(item.label)}[/bold]  [dim]{report.channel.value}, stage {stage}{template}[/dim]"
        )

    def scores(self, item: Checked) -> None:
        from rich.table import Table

        values = item.report.scores.model_dump()
        table = Table(box=None, padding=(0, 2), show_edge=False)
        for name in DIMENSIONS:
            table.add_column(name, justify="right")
        cells = []
        for name in DIMENSIONS:
            value = values[name]
            style = "green" if value >= 75 else "yellow" if value >= 50 else "red"
            cells.append(f"[{style}]{value:.0f}[/{style}]")
        table.add_row(*cells)
        self.console.print(table)
        self.console.print()

    def finding(self, item: Checked, finding: Finding, redact: Redactor | None) -> None:
        from rich.text import Text

        line, col = item.line_col(_first(item, finding))
        style = _SEVERITY_STYLE[finding.severity.value]
        heading = Text()
        heading.append(f"{item.where}:{line}:{col}", style="bold")
        heading.append(" ")
        heading.append(finding.severity.value, style=style)
        heading.append(f" {finding.rule} ", style="bold")
        heading.append(f"[{finding.dimension.value}/{finding.category}]", style="dim")
        self.console.print(heading)
        view = _span_view(item, finding, redact)
        if view is not None and finding.end > finding.start:
            text, start, width = view
            shown = Text("    ")
            if start >= 0:
                shown.append(text[:start])
                shown.append(text[start : start + max(1, width)], style=f"{style} reverse")
                shown.append(text[start + max(1, width) :])
            else:
                shown.append(text)
            self.console.print(shown)
        elif finding.end == finding.start:
            self.console.print(Text("    (something is missing here)", style="dim"))
        self.console.print(Text.assemble(("    why: ", "dim"), finding.message))
        for suggestion in finding.suggestions:
            described = describe_suggestion(suggestion)
            self.console.print(
                Text.assemble(("    fix: ", "green"), redact(described) if redact else described)
            )
        if finding.reference:
            self.console.print(Text(f"    see: {finding.reference}", style="dim"))
        for other in finding.related:
            self.console.print(
                Text.assemble(
                    ("    also: ", "dim"),
                    (f"{other.rule} ", "bold"),
                    (f"[{other.dimension.value}/{other.category}]: ", "dim"),
                    other.message,
                )
            )
        self.console.print()

    def strength(self, item: Checked, strength: Finding) -> None:
        from rich.text import Text

        line, col = item.line_col(strength.start)
        self.console.print(
            Text.assemble(
                (f"{item.where}:{line}:{col}: ", "dim"),
                ("strength ", "green"),
                f"{strength.rule} - {strength.message}",
            )
        )

    def note(self, note: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"note: {note}", style="dim"))

    def rewrite(self, item: Checked, revised: str, diff: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        self.console.print(
            Panel(Text(revised.rstrip("\n")), title=f"suggested revision of {_escape(item.label)}")
        )
        styled = Text()
        for line in diff.splitlines(keepends=True) or ["(no changes)\n"]:
            style: Any = None
            if line.startswith("+") and not line.startswith("+++"):
                style = "green"
            elif line.startswith("-") and not line.startswith("---"):
                style = "red"
            elif line.startswith("@@"):
                style = "cyan"
            styled.append(line, style=style)
        self.console.print(styled, end="")
        self.console.print()

    def text(self, line: str) -> None:
        from rich.text import Text

        self.console.print(Text(line))

    def summary(self, line: str, failed: bool) -> None:
        from rich.text import Text

        self.console.print(Text(line, style="bold red" if failed else "bold green"))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


__all__ = ["describe_suggestion", "render_text", "summary_line"]
