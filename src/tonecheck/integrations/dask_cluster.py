"""Streaming `Report` objects back, in input order, from an existing Dask cluster.

``audit_on_cluster(source, "tcp://host:8786")`` serves callers that store reports themselves
(``tonecheck audit --scheduler``); the worker side (one cached Checker per process, rows from
frames) is shared with `tonecheck.integrations.dask`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

try:
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    from dask.delayed import delayed
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "tonecheck.integrations.dask_cluster needs the dask extra: pip install 'tonecheck[dask]'"
    ) from exc

from ..config import Config
from ..engine.calls import CALL_FIELDS, CheckCall
from ..models import Channel, Report
from .dask import _check_call, _missing, _normalise, _require_columns, _row_calls, worker_checker

__all__ = ["InputError", "audit_on_cluster"]


@dataclass(frozen=True)
class InputError:
    """A message that could not be checked (yielded by `audit_on_cluster(on_error="yield")`)."""

    index: int
    id: str | None
    message: str


def _check_calls(calls: Sequence[CheckCall], config_json: str) -> list[tuple[bool, str]]:
    """Worker side: (True, report JSON) or (False, reason) per call."""
    checker = worker_checker(config_json)
    out: list[tuple[bool, str]] = []
    for call in calls:
        result = _check_call(checker, call)
        out.append(
            (True, result.model_dump_json()) if isinstance(result, Report) else (False, result)
        )
    return out


def _check_partition(
    frame: pd.DataFrame, config_json: str, options: Mapping[str, Any]
) -> list[Any]:
    """Worker side, for a Dask DataFrame partition: the texts travel back with the results."""
    calls = list(_row_calls(frame, **options))
    return [
        (call.text, call.id, *result)
        for call, result in zip(calls, _check_calls(calls, config_json), strict=True)
    ]


def _as_call(
    item: Any, columns: Mapping[str, str | None], defaults: Mapping[str, Any]
) -> CheckCall:
    """A stream item's call, reading each field from the column the caller named for it; a
    missing value (None, NaN) takes the default, a missing or non-string text stays a call
    whose run reports it, so the item keeps its place in the output."""
    if isinstance(item, CheckCall):
        return item
    if isinstance(item, str):
        return CheckCall(item, **defaults)
    if isinstance(item, Mapping):
        call = dict(defaults)
        for key in CALL_FIELDS[1:]:
            source = columns.get(key) or key
            if source in item and not _missing(item[source]):
                call[key] = item[source]
        if call.get("id") is not None:
            call["id"] = str(call["id"])
        text = item.get(columns.get("text") or "text")
        return CheckCall(text if isinstance(text, str) else None, **call)
    raise TypeError(f"messages must be str or mappings, not {type(item).__name__}")


def audit_on_cluster(
    source: Iterable[str | Mapping[str, Any] | CheckCall] | pd.DataFrame | dd.DataFrame,
    scheduler_address: str,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    channel_column: str | None = None,
    stage: str | None = None,
    config: Config | None = None,
    channel: Channel | str = Channel.email,
    template: bool = False,
    chunk_size: int = 500,
    max_in_flight: int | None = None,
    on_error: Literal["raise", "yield"] = "raise",
    connect_timeout: float = 30.0,
) -> Iterator[Report | InputError]:
    """Check messages on the Dask cluster at `scheduler_address`; yield reports in input order.

    `source` is what ``Checker.check_many`` takes (strings, or mappings with ``text`` and optional
    ``id``, ``channel``, ``stage``, ``context``, ``template``; `text_column`, `id_column` and
    `channel_column` rename those keys), a pandas DataFrame, or a Dask DataFrame (each partition
    becomes one task). Input is read `chunk_size` messages at a time and at most `max_in_flight`
    chunks (default: twice the cluster's threads) are pending, so memory stays flat on both sides
    however long the stream is. A message that cannot be checked raises ``ValueError`` naming its
    position, or with ``on_error="yield"`` is yielded as an `InputError` and the audit goes on.
    Reports carry their text, so ``report.rewrite()`` works on the caller's side.
    """
    import distributed

    client_class: Any = distributed.Client

    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    channel_value, stage_value = _normalise(channel, stage)
    config_json = (config if config is not None else Config.discover()).model_dump_json()
    defaults = {"channel": channel_value, "stage": stage_value, "template": template, "id": None}
    columns = {"text": text_column, "id": id_column, "channel": channel_column}

    with client_class(scheduler_address, timeout=connect_timeout, set_as_default=False) as client:
        threads = sum(client.nthreads().values()) or 1
        window = max_in_flight or 2 * threads
        pending: deque[tuple[Any, list[tuple[str | None, str | None]] | None]] = deque()
        index = 0

        def results(
            future: Any, known: list[tuple[str | None, str | None]] | None
        ) -> Iterator[Report | InputError]:
            nonlocal index
            for i, item in enumerate(future.result()):
                if known is None:  # a Dask partition: its texts and ids come back with the results
                    text, id_value, ok, payload = item
                else:
                    (text, id_value), (ok, payload) = known[i], item
                if ok:
                    report = Report.model_validate_json(payload)
                    report.attach_text(text)
                    yield report
                elif on_error == "raise":
                    where = f"message #{index}" + (
                        f" (id {id_value})" if id_value is not None else ""
                    )
                    raise ValueError(f"{where} could not be checked: {payload}")
                else:
                    yield InputError(index=index, id=id_value, message=payload)
                index += 1

        tasks = _tasks(
            client,
            source,
            config_json,
            columns,
            defaults,
            chunk_size,
            channel_value,
            stage_value,
            template,
        )
        for task in tasks:
            pending.append(task)
            if len(pending) >= window:
                yield from results(*pending.popleft())
        while pending:
            yield from results(*pending.popleft())


def _frame_items(frame: pd.DataFrame, id_column: str | None) -> Iterator[dict[str, Any]]:
    """Rows of a pandas DataFrame as mappings, lazily; the index is the id when no id column."""
    names = [str(c) for c in frame.columns]
    for label, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        item = dict(zip(names, row, strict=True))
        if id_column is None:
            item["id"] = str(label)
        yield item


def _tasks(
    client: Any,
    source: Any,
    config_json: str,
    columns: Mapping[str, str | None],
    defaults: Mapping[str, Any],
    chunk_size: int,
    channel: str,
    stage: str | None,
    template: bool,
) -> Iterator[tuple[Any, list[tuple[str | None, str | None]] | None]]:
    """Submit work lazily, one chunk at a time, as the consumer pulls results."""
    if isinstance(source, dd.DataFrame):
        options: dict[str, Any] = {
            "text_column": columns["text"],
            "id_column": columns["id"],
            "channel_column": columns["channel"],
            "stage_column": None,
            "channel": channel,
            "stage": stage,
            "template": template,
        }
        frame: Any = source
        for part in frame.to_delayed():
            yield client.compute(delayed(_check_partition)(part, config_json, options)), None
        return
    if isinstance(source, pd.DataFrame):
        _require_columns(source, columns["text"], columns["id"], columns["channel"])
        source = _frame_items(source, columns["id"])
    calls = (_as_call(item, columns, defaults) for item in source)
    while True:
        chunk = list(islice(calls, chunk_size))
        if not chunk:
            return
        future = client.submit(_check_calls, chunk, config_json, pure=False)
        yield future, [(c.text, c.id) for c in chunk]
