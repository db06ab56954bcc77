"""JSON output: the `Report` schema as is, so what a script reads is what the library returns.

One message gives one JSON object; several give JSON Lines (one report per line, each with its
input path as ``id``), so the output can be streamed into ``jq`` or a database without
holding every report in memory. With redaction, spans and context values that can hold
personal data are masked; offsets still refer to the original text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from . import Checked, Redactor

#: Context fields that can identify a person; amounts and dates are kept (they are the point).
_PERSONAL_CONTEXT = ("name", "contact", "creditor")


def report_dict(item: Checked, redact: Redactor | None = None) -> dict[str, Any]:
    """The report as JSON-ready data, masked when `redact` is given."""
    data: dict[str, Any] = item.report.model_dump(mode="json")
    if redact is None:
        return data
    for key in ("findings", "strengths"):
        for finding in data.get(key, []):
            finding["span"] = redact(finding.get("span", ""))
            for suggestion in finding.get("suggestions", []):
                suggestion["text"] = redact(suggestion.get("text", ""))
    context = data.get("context")
    if isinstance(context, dict):
        for key in _PERSONAL_CONTEXT:
            if context.get(key):
                context[key] = "[REDACTED]"
    return data


def render_json(items: Sequence[Checked], out: TextIO, *, redact: Redactor | None = None) -> None:
    if len(items) == 1:
        out.write(json.dumps(report_dict(items[0], redact), indent=2, ensure_ascii=False) + "\n")
        return
    for item in items:
        out.write(json.dumps(report_dict(item, redact), ensure_ascii=False) + "\n")


__all__ = ["render_json", "report_dict"]
