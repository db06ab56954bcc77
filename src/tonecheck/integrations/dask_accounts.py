"""The account audit on a Dask DataFrame: partitioned by account, judged partition by partition.

A collection system's export is ordered by time, so one account's records are spread over every
partition. ``audit_frame`` shuffles the frame on the account column, which puts all of an
account's records in one partition (and one partition holds many accounts), then judges each
account there. Nothing but one partition is ever in a worker's memory, and no history passes
through the client. The first and last recorded days (which bound the rules about something
missing) are computed in one cheap pass before the shuffle.

Scores: the score-based rule (``account.tone-escalation``) reads a score column when one is
named, e.g. the ``overall`` column of ``tonecheck.integrations.dask.audit`` joined back onto the messages.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from pydantic import ValidationError

from ..accounts.checks import Span
from ..accounts.engine import evaluate, sort_history
from ..accounts.model import AccountRecord
from ..accounts.settings import AccountsConfig

#: Columns of the result frame, one row per finding (record kind ``account``).
COLUMNS = (
    "kind",
    "account",
    "rule",
    "check",
    "severity",
    "message",
    "reference",
    "jurisdiction",
    "start",
    "end",
    "records",
)
_FIELDS = (
    "account",
    "at",
    "event",
    "text",
    "channel",
    "direction",
    "id",
    "thread",
    "score",
    "amount",
    "due_date",
    "jurisdiction",
)


def _value(value: Any) -> Any:
    """A cell as a plain value; every kind of missing (None, NaN, pandas NA, blank) is None."""
    if value is None or value is getattr(_pandas(), "NA", None):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _pandas() -> Any:
    import pandas as pd

    return pd


def _records(frame: Any, columns: dict[str, str]) -> list[AccountRecord]:
    records = []
    fields = list(columns)
    for values in zip(*(frame[column] for column in columns.values()), strict=True):
        raw = {field: _value(value) for field, value in zip(fields, values, strict=True)}
        data = {k: v for k, v in raw.items() if v is not None}
        if "account" in data:
            data["account"] = str(data["account"])
        try:
            records.append(AccountRecord.model_validate(data))
        except ValidationError:
            continue  # an unreadable row: skipped here, as the audit command records it
    return records


def _days(frame: Any, at: str) -> Any:
    import pandas as pd

    days = [dt.datetime.fromisoformat(str(v)).date() for v in frame[at] if _value(v) is not None]
    return pd.DataFrame(
        {"first": [min(days) if days else None], "last": [max(days) if days else None]}
    )


def _judge(frame: Any, columns: dict[str, str], first: str, last: str, settings: str) -> Any:
    import pandas as pd

    from ..accounts import ruleset

    rules = ruleset(AccountsConfig.model_validate_json(settings))
    span = Span(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    rows: list[dict[str, Any]] = []
    records = _records(frame, columns)
    by_account: dict[str, list[AccountRecord]] = {}
    for record in records:
        by_account.setdefault(record.account, []).append(record)
    for account in sorted(by_account):
        history = sort_history(
            [r.model_copy(update={"seq": n}) for n, r in enumerate(_stable(by_account[account]))]
        )
        for finding in evaluate(history, rules, span):
            row = finding.model_dump(mode="json")
            row["records"] = json.dumps(row["records"])
            rows.append({name: row[name] for name in COLUMNS})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _stable(records: list[AccountRecord]) -> list[AccountRecord]:
    """After a shuffle the rows of a partition come in no fixed order: order them by content,
    so the findings (and their sequence numbers) are the same on every run."""
    return sorted(records, key=lambda r: (r.sort_key, r.model_dump_json()))


def audit_frame(
    frame: Any,
    *,
    settings: AccountsConfig | None = None,
    **columns: str,
) -> Any:
    """A lazy Dask DataFrame of account findings (columns `COLUMNS`) from a frame of records.

    Name the frame's columns by field, e.g. ``audit_frame(ddf, account="acct", at="sent_at",
    event="event", text="body", score="overall")``; fields left out are looked up by their own
    name and skipped when absent.
    """
    import pandas as pd

    unknown = sorted(set(columns) - set(_FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; fields are: {', '.join(_FIELDS)}")
    mapping = {f: columns.get(f, f) for f in _FIELDS if columns.get(f, f) in frame.columns}
    for needed in ("account", "at"):
        if needed not in mapping:
            raise ValueError(
                f"no {needed!r} column; name it with {needed}=COLUMN "
                f"(columns are: {', '.join(map(str, frame.columns))})"
            )
    days = frame[[mapping["at"]]].map_partitions(
        _days, mapping["at"], meta=pd.DataFrame({"first": [], "last": []}, dtype=object)
    )
    bounds = days.compute()
    firsts = [d for d in bounds["first"] if d is not None]
    lasts = [d for d in bounds["last"] if d is not None]
    today = dt.date.today()
    first = (min(firsts) if firsts else today).isoformat()
    last = (max(lasts) if lasts else today).isoformat()
    meta = pd.DataFrame({name: pd.Series(dtype=object) for name in COLUMNS})
    chosen = frame[list(dict.fromkeys(mapping.values()))]
    return chosen.shuffle(on=mapping["account"]).map_partitions(
        _judge,
        mapping,
        first,
        last,
        (settings or AccountsConfig()).model_dump_json(),
        meta=meta,
    )
