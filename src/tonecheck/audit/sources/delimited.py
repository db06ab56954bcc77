"""CSV and TSV input with a header row."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .base import (
    _BOM,
    Item,
    Source,
    SourceOptions,
    UsageError,
    _read_lines,
    _record_item,
    resolve_columns,
)


class CsvSource(Source):
    """CSV or TSV with a header row. Quoting errors, wrong field counts and undecodable bytes
    become input errors at ``file:line``; the reader resynchronises on the next line."""

    kind = "CSV"

    def __init__(self, path: Path, label: str, options: SourceOptions, delimiter: str) -> None:
        super().__init__(path, label, options)
        self.delimiter = delimiter
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}
        self.header: list[str] = []

    def _open_reader(self, handle: BinaryIO, bad: dict[int, str], counter: list[int]) -> Any:
        limit = self.options.max_record_bytes
        encoding = self.options.encoding

        def lines() -> Iterator[str]:
            for number, (raw, cut) in enumerate(_read_lines(handle, limit), 1):
                counter[0] += len(raw)
                if number == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]
                if cut:
                    bad[number] = f"line {number} is longer than {limit:,} bytes"
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    bad.setdefault(
                        number,
                        f"invalid {encoding} bytes on line {number} (byte 0x{raw[exc.start]:02x} at "
                        f"offset {exc.start}); pass --encoding if the file is not {encoding}",
                    )
                    yield raw.decode(encoding, "replace")

        csv.field_size_limit(max(csv.field_size_limit(), limit))
        return csv.reader(lines(), delimiter=self.delimiter, strict=True)

    def validate(self) -> None:
        try:
            with self.path.open("rb") as handle:
                reader = self._open_reader(handle, {}, [0])
                try:
                    header = next(reader)
                except StopIteration:
                    raise UsageError(
                        f"{self.label}: the file is empty (a header row is needed)"
                    ) from None
                except csv.Error as exc:
                    raise UsageError(f"{self.label}:1: cannot read the header row: {exc}") from None
        except OSError as exc:
            raise UsageError(f"{self.label}: cannot read: {exc.strerror or exc}") from None
        self.header = [h.strip() for h in header]
        self.roles, self.context_columns = resolve_columns(self.header, self.options, self.label)

    def items(self) -> Iterator[Item]:
        bad: dict[int, str] = {}
        counter = [0]
        index = {name: i for i, name in reversed(list(enumerate(self.header)))}
        width = len(self.header)
        with self.path.open("rb") as handle:
            reader = self._open_reader(handle, bad, counter)
            next(reader, None)
            previous_line = reader.line_num
            previous_bytes = counter[0]
            number = 0
            while True:
                start_line = previous_line + 1
                try:
                    row = next(reader)
                    problem: str | None = None
                except StopIteration:
                    return
                except csv.Error as exc:
                    row, problem = [], f"broken CSV quoting: {exc}"
                end_line = reader.line_num
                nbytes = counter[0] - previous_bytes
                previous_line, previous_bytes = end_line, counter[0]
                if not row and problem is None:
                    continue  # blank line
                number += 1
                item = self._item(str(number), f"{self.label}:{start_line}", nbytes)
                decoding = next((bad[n] for n in range(start_line, end_line + 1) if n in bad), None)
                if problem is None and decoding is not None:
                    problem = decoding
                if problem is None and len(row) != width:
                    problem = (
                        f"row has {len(row)} fields but the header has {width} "
                        "(an unquoted delimiter or a missing quote?)"
                    )
                if problem is not None:
                    item.error = problem
                    yield item
                    continue
                record = {name: row[i] for name, i in index.items()}
                yield _record_item(record, self.roles, self.context_columns, item)
