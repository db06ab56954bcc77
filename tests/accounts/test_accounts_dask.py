"""The account audit on a Dask DataFrame finds what the in-process audit finds."""

from __future__ import annotations

import pytest

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")

from tonecheck.accounts import audit  # noqa: E402
from tonecheck.accounts.generator import account_name, as_row, generate, planted  # noqa: E402
from tonecheck.integrations.dask_accounts import COLUMNS, audit_frame  # noqa: E402

N = 240


def _frame() -> pd.DataFrame:
    rows = []
    for record in generate(N, seed=4, block=60):
        row = as_row(record)
        row["score"] = record.score
        row["thread"] = record.thread
        rows.append(row)
    return pd.DataFrame(rows)


def test_partitioned_by_account_finds_the_planted_and_nothing_else() -> None:
    frame = dd.from_pandas(_frame(), npartitions=5)
    result = audit_frame(frame).compute(scheduler="synchronous")
    assert list(result.columns) == list(COLUMNS) and set(result["kind"]) == {"account"}
    found = {(a, r) for a, r in zip(result["account"], result["rule"], strict=True)}
    expected = {(account_name(i), planted(i, seed=4)) for i in range(N) if planted(i, seed=4)}
    assert found == expected
    in_process = {(f.account, f.rule, f.check, f.start) for f in audit(generate(N, seed=4))}
    starts = pd.to_datetime(result["start"], utc=True)
    dask_side = {
        (a, r, c, s.to_pydatetime())
        for a, r, c, s in zip(
            result["account"], result["rule"], result["check"], starts, strict=True
        )
    }
    assert dask_side == in_process


def test_names_missing_columns() -> None:
    frame = dd.from_pandas(pd.DataFrame({"acct": ["a"], "text": ["hi"]}), npartitions=1)
    with pytest.raises(ValueError, match="no 'at' column"):
        audit_frame(frame, account="acct")
    with pytest.raises(ValueError, match="unknown field"):
        audit_frame(frame, acount="acct")
