"""The progress bar: rich on an interactive terminal, nothing otherwise.

Logs of CI jobs and cron runs fill up with carriage-return redraws, so the bar is shown only when
stderr is a TTY, ``CI`` is not set and ``--quiet`` was not given. Progress is measured in input
bytes (the only total known up front for every source type) and shown as messages and messages
per second, with an ETA from the byte rate.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def wanted(quiet: bool) -> bool:
    if quiet or os.environ.get("CI") or os.environ.get("TONECHECK_NO_PROGRESS"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """No-op unless enabled; the audit calls it the same way either way."""

    def __init__(self, enabled: bool, total_bytes: int) -> None:
        self.enabled = enabled and total_bytes > 0
        self._bar: Any = None
        self._task: Any = None
        self.messages = 0
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        self._bar = RichProgress(
            TextColumn("[bold]auditing[/]"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[messages]:,} msgs · {task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            refresh_per_second=4,
        )
        self._task = self._bar.add_task("audit", total=total_bytes, messages=0, rate="…")
        self._bar.start()

    def advance(self, nbytes: int, messages: int, rate: float | None) -> None:
        self.messages += messages
        if self._bar is None:
            return
        shown = f"{rate:,.0f} msg/s" if rate else "…"
        self._bar.update(self._task, advance=nbytes, messages=self.messages, rate=shown)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
