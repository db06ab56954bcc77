"""CSV output: one row of scores per message, for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

from .base import ErrorRow, Row, _severity_counts
from .files import FileStore

_CSV_COLUMNS = [
    "key",
    "source",
    "location",
    "id",
    "channel",
    "stage",
    "agent",
    "date",
    "respect",
    "clarity",
    "empathy",
    "transparency",
    "overall",
    "findings",
    "errors",
    "warnings",
    "suggestions",
    "max_severity",
    "rules",
]
_ERROR_COLUMNS = ["key", "source", "location", "error"]


def _csv_line(values: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue().encode("utf-8")


class CsvStore(FileStore):
    """One row of scores per message (findings are counted, and their rule ids listed)."""

    def header(self) -> bytes:
        return _csv_line(_CSV_COLUMNS)

    def error_header(self) -> bytes:
        return _csv_line(_ERROR_COLUMNS)

    def encode(self, row: Row) -> bytes:
        r = row.report
        counts = _severity_counts(r)
        top = r.max_severity()
        rules = sorted({f.rule for f in r.all_findings()})  # every rule that read something
        return _csv_line(
            [
                row.item.key,
                row.item.source,
                row.item.location,
                row.source_id or "",
                r.channel.value,
                r.stage.value,
                row.agent or "",
                row.item.date or "",
                r.scores.respect,
                r.scores.clarity,
                r.scores.empathy,
                r.scores.transparency,
                r.scores.overall,
                len(r.findings),
                counts["error"],
                counts["warning"],
                counts["suggestion"],
                top.value if top else "",
                ";".join(rules),
            ]
        )

    def encode_error(self, row: ErrorRow) -> bytes:
        return _csv_line([row.item.key, row.item.source, row.item.location, row.error])
