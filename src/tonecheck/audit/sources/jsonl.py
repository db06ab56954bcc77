"""JSON Lines input: one object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import (
    _BOM,
    ROLE_DEFAULTS,
    Item,
    Source,
    SourceOptions,
    UsageError,
    _find_column,
    _list_columns,
    _read_lines,
    _record_item,
    resolve_columns,
)


class JsonlSource(Source):
    """One JSON object per line. Blank lines are skipped; every other bad line is an error."""

    kind = "JSONL"

    def __init__(self, path: Path, label: str, options: SourceOptions) -> None:
        super().__init__(path, label, options)
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}

    def _parse(self, raw: bytes, cut: bool) -> tuple[dict[str, Any] | None, str | None]:
        limit = self.options.max_record_bytes
        if cut:
            return None, f"line is longer than {limit:,} bytes"
        if raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
        except RecursionError:
            return None, "invalid JSON: nested too deeply"
        if not isinstance(value, dict):
            return None, f"expected a JSON object, got {type(value).__name__}"
        return value, None

    def validate(self) -> None:
        first: dict[str, Any] | None = None
        try:
            with self.path.open("rb") as handle:
                for raw, cut in _read_lines(handle, self.options.max_record_bytes):
                    if not raw.strip():
                        continue
                    first, _ = self._parse(raw, cut)
                    if first is not None:
                        break
        except OSError as exc:
            raise UsageError(f"{self.label}: cannot read: {exc.strerror or exc}") from None
        keys = list(first) if first is not None else []
        if first is None:
            # Nothing readable: every line will be recorded as an input error. Resolve against
            # the user's names so an explicit choice still works.
            keys = [v for v in self.options.columns.values() if v] or ["text"]
        self.roles, self.context_columns = resolve_columns(
            keys, self.options, self.label, kind="key"
        )

    def items(self) -> Iterator[Item]:
        with self.path.open("rb") as handle:
            for number, (raw, cut) in enumerate(
                _read_lines(handle, self.options.max_record_bytes), 1
            ):
                if not raw.strip():
                    continue
                item = self._item(str(number), f"{self.label}:{number}", len(raw))
                value, problem = self._parse(raw, cut)
                if value is None:
                    item.error = problem
                    yield item
                    continue
                roles = self._roles_for(value)
                text_key = roles["text"]
                event_key = roles.get("event")
                has_event = event_key is not None and value.get(event_key) not in (None, "")
                if (text_key is None or text_key not in value) and not has_event:
                    wanted = text_key or " / ".join(ROLE_DEFAULTS["text"])
                    item.error = f"no {wanted!r} key; keys are: {_list_columns(list(value))}"
                    yield item
                    continue
                yield _record_item(value, roles, self.context_columns, item)

    def _roles_for(self, value: dict[str, Any]) -> dict[str, str | None]:
        """JSON objects need not share keys: roles the user did not name are looked up in each
        object by their default names."""
        roles: dict[str, str | None] = {}
        keys = list(value)
        for role, defaults in ROLE_DEFAULTS.items():
            given = self.options.columns.get(role)
            if given:
                roles[role] = self.roles.get(role) or given
            else:
                roles[role] = next((c for d in defaults if (c := _find_column(keys, d))), None)
        return roles
