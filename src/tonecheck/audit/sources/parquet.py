"""Parquet input, read one record batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import Item, Source, SourceOptions, UsageError, _record_item, resolve_columns


class ParquetSource(Source):
    """Parquet read a batch of rows at a time with pyarrow (optional dependency)."""

    kind = "Parquet"
    batch_rows = 512

    def __init__(self, path: Path, label: str, options: SourceOptions) -> None:
        super().__init__(path, label, options)
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}

    def _file(self) -> Any:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError(
                f"{self.label}: reading Parquet needs pyarrow: pip install 'tonecheck[parquet]'"
            ) from None
        try:
            return pq.ParquetFile(str(self.path))
        except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError family
            raise UsageError(f"{self.label}: not a readable Parquet file: {exc}") from None

    def validate(self) -> None:
        parquet = self._file()
        names = list(parquet.schema_arrow.names)
        self.roles, self.context_columns = resolve_columns(names, self.options, self.label)

    def items(self) -> Iterator[Item]:
        parquet = self._file()
        total_rows = max(1, parquet.metadata.num_rows)
        per_row = max(1, self.size() // total_rows)
        wanted = sorted({c for c in [*self.roles.values(), *self.context_columns.values()] if c})
        number = 0
        for batch in parquet.iter_batches(batch_size=self.batch_rows, columns=wanted):
            for record in batch.to_pylist():
                number += 1
                item = self._item(str(number), f"{self.label}: row {number}", per_row)
                yield _record_item(record, self.roles, self.context_columns, item)
