"""Audits of millions of messages on a Dask cluster: one row of results per message.

``audit(ddf)`` turns a Dask DataFrame of messages into a Dask DataFrame of results (scores, counts
by severity and by category, findings as JSON), lazily, ready for ``to_parquet``. It runs on
whatever scheduler is active: a ``distributed`` cluster, or Dask's local threads.
`tonecheck.integrations.dask_cluster.audit_on_cluster` streams `Report` objects back in input
order for callers that store reports themselves (``tonecheck audit --scheduler``).

Why it is built this way:

* **One Checker per worker process, not per partition.** Building a Checker takes seconds and a
  check milliseconds, so a Checker is cached in a process-wide dict keyed by the config's JSON.
  Every partition a worker runs reuses it; threads of one worker share it (``Checker.check`` keeps
  no per-message state). The cache holds a few configs at most, so a long-lived worker serving
  many audits does not grow without bound.
* **The config travels as JSON**, the same way ``tonecheck.engine.batch`` hands it to pool workers:
  small, picklable, and the cache key at once. Paths in ``rule_dirs`` must exist on the workers.
* **Reports travel as JSON**, not pickles: the JSON form is the published, versioned contract, so
  a client and workers with slightly different pydantic builds still agree, and nothing of the
  worker's Checker (which a `Report` references for ``rewrite()``) can ride along.
* **A bad row does not stop an audit of millions.** A missing text or a text over ``max_chars``
  gives a row with ``input_error`` set and empty scores; ``audit_on_cluster`` raises or yields
  an ``InputError`` as asked.
* **The columns are fixed** (every documented category gets a column) so ``meta`` is known without
  computing anything and every partition writes the same Parquet schema.

Inside this module ``import dask`` is the real Dask package: imports are absolute.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

try:
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "tonecheck.integrations.dask needs the dask extra: pip install 'tonecheck[dask]'"
    ) from exc

from ..config import Config
from ..engine.calls import CheckCall, coerce_channel, coerce_stage
from ..models import CATEGORIES, Channel, Report, Severity

if TYPE_CHECKING:
    from ..engine.checker import Checker

__all__ = [
    "RESULT_COLUMNS",
    "audit",
    "audit_frame",
    "category_column",
    "findings_json",
    "worker_checker",
]

SCORE_COLUMNS = ("respect", "clarity", "empathy", "transparency", "overall")
SEVERITY_COLUMNS = {s.value: f"severity_{s.value}" for s in Severity}


def category_column(category: str) -> str:
    """The result column counting findings of `category` ('missing-amount' -> 'category_missing_amount')."""
    return "category_" + category.replace("-", "_")


#: Result columns and their pandas dtypes, in order. Strings use the nullable "string" dtype so
#: the Parquet schema is the same with pandas 2 and 3 and for partitions where every value is null.
RESULT_COLUMNS: dict[str, str] = {
    "id": "string",
    "channel": "string",
    "stage": "string",
    "stage_detected": "boolean",
    **{name: "float64" for name in SCORE_COLUMNS},
    "findings_count": "int64",
    "strengths_count": "int64",
    **{column: "int64" for column in SEVERITY_COLUMNS.values()},
    **{category_column(c): "int64" for c in CATEGORIES},
    "category_other": "int64",
    "findings": "string",
    "input_error": "string",
}

# -- one Checker per worker process ---------------------------------------------------------

_MAX_CACHED = 4
_checkers: OrderedDict[str, Checker] = OrderedDict()
_lock = threading.Lock()
#: How many Checkers this process has built; the tests read it on each worker.
builds = 0


def worker_checker(config_json: str) -> Checker:
    """The Checker for this config in this process, built on first use and then reused."""
    global builds
    with _lock:
        checker = _checkers.get(config_json)
        if checker is None:
            from ..engine.checker import Checker

            checker = Checker(Config.model_validate_json(config_json))
            builds += 1
            _checkers[config_json] = checker
            while len(_checkers) > _MAX_CACHED:
                _checkers.popitem(last=False)
        else:
            _checkers.move_to_end(config_json)
        return checker


# -- rows -----------------------------------------------------------------------------------


def findings_json(report: Report) -> str:
    """The findings of `report` as a compact JSON array (the ``findings`` column)."""
    return json.dumps([f.model_dump(mode="json") for f in report.findings], separators=(",", ":"))


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _row(**values: Any) -> dict[str, Any]:
    """A result row: every count column at 0, then `values`."""
    row: dict[str, Any] = {
        column: 0 for column, dtype in RESULT_COLUMNS.items() if dtype == "int64"
    }
    row.update(values)
    return row


def _report_row(report: Report) -> dict[str, Any]:
    row = _row(
        id=report.id,
        channel=report.channel.value,
        stage=report.stage.value,
        stage_detected=report.stage_detected,
        findings_count=len(report.findings),
        strengths_count=len(report.strengths),
        findings=findings_json(report),
        input_error=None,
    )
    row.update(report.scores.model_dump())
    for finding in report.findings:
        row[SEVERITY_COLUMNS[finding.severity.value]] += 1
        column = category_column(finding.category)
        row[column if column in row else "category_other"] += 1
    return row


def _error_row(id_value: str | None, channel: str | None, message: str) -> dict[str, Any]:
    return _row(
        id=id_value,
        channel=channel,
        stage=None,
        stage_detected=None,
        findings=None,
        input_error=message,
        **{name: float("nan") for name in SCORE_COLUMNS},
    )


def _require_columns(frame: pd.DataFrame, *names: str | None) -> None:
    for column in names:
        if column is not None and column not in frame.columns:
            raise KeyError(
                f"column {column!r} not found; columns: {', '.join(map(str, frame.columns))}"
            )


def _row_calls(
    frame: pd.DataFrame,
    text_column: str,
    id_column: str | None,
    channel_column: str | None,
    stage_column: str | None,
    channel: Channel | str,
    stage: str | None,
    template: bool,
) -> Iterator[CheckCall]:
    """One call per row; its ``text`` is None when the row has no usable text."""
    _require_columns(frame, text_column, id_column, channel_column, stage_column)
    texts = frame[text_column].tolist()
    ids = frame[id_column].tolist() if id_column else [str(i) for i in frame.index]
    channels = frame[channel_column].tolist() if channel_column else [None] * len(frame)
    stages = frame[stage_column].tolist() if stage_column else [None] * len(frame)
    for text, id_value, channel_value, stage_value in zip(
        texts, ids, channels, stages, strict=True
    ):
        yield CheckCall(
            text=text if isinstance(text, str) else None,
            id=None if _missing(id_value) else str(id_value),
            channel=channel if _missing(channel_value) else str(channel_value).strip().lower(),
            stage=stage if _missing(stage_value) else str(stage_value).strip().lower(),
            template=template,
        )


def _check_call(checker: Checker, call: CheckCall) -> Report | str:
    """A report, or the reason this row could not be checked."""
    try:
        return call.run(checker)
    except (TypeError, ValueError) as exc:
        return str(exc)


def _audit_partition(
    frame: pd.DataFrame,
    config_json: str,
    text_column: str,
    id_column: str | None,
    channel_column: str | None,
    stage_column: str | None,
    channel: str,
    stage: str | None,
    template: bool,
) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    if len(frame):
        checker = worker_checker(config_json)
        calls = _row_calls(
            frame, text_column, id_column, channel_column, stage_column, channel, stage, template
        )
        for call in calls:
            result = _check_call(checker, call)
            rows.append(
                _report_row(result)
                if isinstance(result, Report)
                else _error_row(call.id, call.channel_name, result)
            )
    else:  # meta: no Checker needed, but a wrong column name should fail now, not on a worker
        _require_columns(frame, text_column, id_column, channel_column, stage_column)
    result = pd.DataFrame(rows, columns=list(RESULT_COLUMNS), index=frame.index)
    return result.astype(RESULT_COLUMNS)


def _normalise(channel: Channel | str, stage: str | None) -> tuple[str, str | None]:
    stage_value = coerce_stage(stage)
    return coerce_channel(channel).value, stage_value.value if stage_value is not None else None


def audit_frame(
    df: pd.DataFrame,
    text_column: str = "text",
    id_column: str | None = None,
    channel_column: str | None = None,
    stage: str | None = None,
    config: Config | None = None,
    *,
    channel: Channel | str = Channel.email,
    stage_column: str | None = None,
    template: bool = False,
) -> pd.DataFrame:
    """The single-process audit of a pandas DataFrame: the same columns as `audit`, same index."""
    channel_value, stage_value = _normalise(channel, stage)
    config_json = (config if config is not None else Config.discover()).model_dump_json()
    return _audit_partition(
        df,
        config_json,
        text_column,
        id_column,
        channel_column,
        stage_column,
        channel_value,
        stage_value,
        template,
    )


def audit(
    ddf: dd.DataFrame,
    text_column: str = "text",
    id_column: str | None = None,
    channel_column: str | None = None,
    stage: str | None = None,
    config: Config | None = None,
    *,
    channel: Channel | str = Channel.email,
    stage_column: str | None = None,
    template: bool = False,
) -> dd.DataFrame:
    """Audit every message of `ddf` (lazy): one result row per input row, same index.

    Columns: see `RESULT_COLUMNS` — ``id`` (from `id_column`, else the index), ``channel``,
    ``stage``, ``stage_detected``, the five scores, counts by severity (``severity_error``...) and
    by category (``category_threat``...; categories outside the documented list count in
    ``category_other``), ``findings`` (JSON array of findings) and ``input_error`` (why a row was
    not checked, else null). `stage` fixes the stage for all rows; `stage_column` per row; leave
    both unset to detect it. `channel_column` values override `channel` per row.

    >>> result = audit(ddf, text_column="body", id_column="message_id")  # doctest: +SKIP
    >>> result.to_parquet("audit/")  # doctest: +SKIP
    """
    channel_value, stage_value = _normalise(channel, stage)
    config_json = (config if config is not None else Config.discover()).model_dump_json()
    options: dict[str, Any] = {
        "config_json": config_json,
        "text_column": text_column,
        "id_column": id_column,
        "channel_column": channel_column,
        "stage_column": stage_column,
        "channel": channel_value,
        "stage": stage_value,
        "template": template,
    }
    # An empty frame needs no Checker, so meta costs nothing and checks the column names now.
    meta = _audit_partition(ddf._meta, **options)
    frame: Any = ddf
    result: dd.DataFrame = frame.map_partitions(_audit_partition, meta=meta, **options)
    return result
