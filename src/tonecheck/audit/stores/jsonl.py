"""JSON Lines output: one object per message, with its full report."""

from __future__ import annotations

import json
from typing import Any

from .base import ErrorRow, Row, _report_json
from .files import FileStore


class JsonlStore(FileStore):
    """One JSON object per message: where it came from, its (redacted) text, and the report."""

    def encode(self, row: Row) -> bytes:
        return _json_line(
            {
                **_origin(row),
                "id": row.source_id,
                "agent": row.agent,
                "date": row.item.date,
                "text": row.text,
                "report": json.loads(_report_json(row.report)),
            }
        )

    def encode_error(self, row: ErrorRow) -> bytes:
        return _json_line({**_origin(row), "error": row.error})


def _origin(row: Row | ErrorRow) -> dict[str, Any]:
    """Where a message came from: the first keys of every line, report or error alike."""
    return {"key": row.item.key, "source": row.item.source, "location": row.item.location}


def _json_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
