"""JSON Lines output: one object per message, with its full report."""

from __future__ import annotations

import json
from typing import Any

from .base import ErrorRow, Row, _report_json
from .files import FileStore


class JsonlStore(FileStore):
    """One JSON object per message: where it came from, its (redacted) text, and the report."""

    def encode(self, row: Row) -> bytes:
        record = {
            "key": row.item.key,
            "source": row.item.source,
            "location": row.item.location,
            "id": row.source_id,
            "agent": row.agent,
            "date": row.item.date,
            "text": row.text,
            "report": json.loads(_report_json(row.report)),
        }
        return _json_line(record)

    def encode_error(self, row: ErrorRow) -> bytes:
        record = {
            "key": row.item.key,
            "source": row.item.source,
            "location": row.item.location,
            "error": row.error,
        }
        return _json_line(record)


def _json_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
