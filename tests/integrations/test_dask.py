"""Distributed audits: the same 2,000 messages audited on a 2-process ``LocalCluster`` and in one
process give identical rows, each worker builds exactly one Checker whatever the number of
partitions, and results survive a Parquet round trip.

The cluster binds 127.0.0.1 only and has no dashboard. Tests compare code paths with each other
(not with fixed finding lists), because the rule packs change while this code does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import tonecheck.integrations.dask as tdask  # noqa: E402
import tonecheck.integrations.dask_cluster as tcluster  # noqa: E402
from tests.support.service import synthetic_messages  # noqa: E402
from tonecheck import Checker, Report  # noqa: E402
from tonecheck.config import Config  # noqa: E402

N_MESSAGES = 2000


@pytest.fixture(scope="module")
def messages() -> pd.DataFrame:
    frame = pd.DataFrame(synthetic_messages(N_MESSAGES, seed=42))
    frame.loc[17, "text"] = None  # an export with a hole in it
    frame.loc[18, "text"] = "x" * 100_001  # over max_chars
    frame.loc[19, "channel"] = None  # falls back to the default channel
    return frame


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def single_process(messages: pd.DataFrame) -> pd.DataFrame:
    return tdask.audit_frame(messages, id_column="id", channel_column="channel", config=Config())


def expected_row(checker: Checker, text: str, channel: str, id_value: str) -> dict[str, Any]:
    report = checker.check(text, channel=channel, id=id_value)
    return {
        "id": id_value,
        "channel": channel,
        "stage": report.stage.value,
        "findings": json.loads(tdask.findings_json(report)),
        **report.scores.model_dump(),
        "severity_error": sum(f.severity.value == "error" for f in report.findings),
        "findings_count": len(report.findings),
    }


def test_single_process_audit_matches_checker(
    messages: pd.DataFrame, single_process: pd.DataFrame, checker: Checker
) -> None:
    assert list(single_process.columns) == list(tdask.RESULT_COLUMNS)
    assert single_process.index.equals(messages.index)
    for i in range(0, N_MESSAGES, 97):
        if i in (17, 18):
            continue
        item = messages.loc[i]
        row = single_process.loc[i]
        exp = expected_row(checker, item["text"], item["channel"] or "email", item["id"])
        assert (
            row["id"] == exp["id"]
            and row["channel"] == exp["channel"]
            and row["stage"] == exp["stage"]
        )
        assert json.loads(row["findings"]) == exp["findings"]
        for name in (
            "respect",
            "clarity",
            "empathy",
            "transparency",
            "overall",
            "severity_error",
            "findings_count",
        ):
            assert row[name] == exp[name], name
        categories = {c: 0 for c in tdask.RESULT_COLUMNS if c.startswith("category_")}
        for finding in exp["findings"]:
            column = tdask.category_column(finding["category"])
            categories[column if column in categories else "category_other"] += 1
        assert {c: int(row[c]) for c in categories} == categories


def test_bad_rows_are_recorded_not_fatal(single_process: pd.DataFrame) -> None:
    missing, too_long = single_process.loc[17], single_process.loc[18]
    assert "missing" in missing["input_error"] and pd.isna(missing["respect"])
    assert "100,000" in too_long["input_error"] and too_long["findings_count"] == 0
    assert single_process.loc[19, "channel"] == "email"
    assert single_process["input_error"].notna().sum() == 2


def test_cluster_audit_identical_to_single_process(
    messages: pd.DataFrame, single_process: pd.DataFrame, client: Any
) -> None:
    ddf = dd.from_pandas(messages, npartitions=16)
    lazy = tdask.audit(
        ddf, text_column="text", id_column="id", channel_column="channel", config=Config()
    )
    assert list(lazy.columns) == list(tdask.RESULT_COLUMNS)  # meta known without computing
    distributed_result = client.compute(lazy).result()
    pd.testing.assert_frame_equal(distributed_result, single_process)

    # One Checker per worker process, not per partition (16 partitions, 2 workers).
    builds = client.run(
        lambda: __import__("tonecheck.integrations.dask", fromlist=["builds"]).builds
    )
    assert sorted(builds.values()) == [1, 1], builds
    # ...and it stays one when the same config audits again.
    again = dd.from_pandas(messages.iloc[:100], npartitions=8)
    client.compute(
        tdask.audit(again, id_column="id", channel_column="channel", config=Config())
    ).result()
    assert (
        client.run(lambda: __import__("tonecheck.integrations.dask", fromlist=["builds"]).builds)
        == builds
    )


def test_parquet_round_trip(
    messages: pd.DataFrame, single_process: pd.DataFrame, client: Any, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    head = messages.iloc[:200]
    ddf = dd.from_pandas(head, npartitions=4)
    out = tmp_path / "audit"
    lazy = tdask.audit(ddf, id_column="id", channel_column="channel", config=Config())
    client.compute(lazy.to_parquet(str(out), compute=False)).result()
    back = pd.read_parquet(out).sort_index()
    back.index.name = None  # Dask names an unnamed index when writing
    assert list(back.columns) == list(tdask.RESULT_COLUMNS)
    pd.testing.assert_frame_equal(
        back, single_process.iloc[:200], check_dtype=False, check_index_type=False
    )


def test_audit_on_cluster_streams_reports_in_order(
    messages: pd.DataFrame, cluster: Any, checker: Checker
) -> None:
    records = messages.iloc[:300].to_dict("records")
    results = list(
        tcluster.audit_on_cluster(
            records,
            cluster.scheduler_address,
            id_column="id",
            channel_column="channel",
            config=Config(),
            chunk_size=150,
            on_error="yield",
        )
    )
    assert len(results) == len(records)
    errors = [r for r in results if isinstance(r, tcluster.InputError)]
    assert [(e.index, e.id) for e in errors] == [
        (17, messages.loc[17, "id"]),
        (18, messages.loc[18, "id"]),
    ]
    for i in range(0, len(records), 15):
        if i in (17, 18):
            continue
        report = results[i]
        assert isinstance(report, Report)
        item = records[i]
        expected = checker.check(item["text"], channel=item["channel"] or "email", id=item["id"])
        assert report.model_dump_json() == expected.model_dump_json()
        assert report.text == item["text"]  # so report.rewrite() works on the caller's side
    # The text travels back, so rewrite() works without the original; it is the one-round
    # rewrite of a report loaded from JSON (no Checker on the caller's side to re-check with).
    first = checker.check(records[0]["text"], channel=records[0]["channel"], id=records[0]["id"])
    detached = Report.model_validate_json(first.model_dump_json())
    assert results[0].rewrite() == detached.rewrite(records[0]["text"])  # type: ignore[union-attr]


def test_audit_on_cluster_raises_on_bad_row_by_default(cluster: Any) -> None:
    with pytest.raises(ValueError, match=r"message #1 \(id b\)"):
        list(
            tcluster.audit_on_cluster(
                [{"text": "ok", "id": "a"}, {"text": None, "id": "b"}],
                cluster.scheduler_address,
                config=Config(),
            )
        )


def test_audit_on_cluster_accepts_frames(
    messages: pd.DataFrame, cluster: Any, single_process: pd.DataFrame
) -> None:
    head = messages.iloc[:120]
    expected = single_process.iloc[:120]
    for source in (head, dd.from_pandas(head, npartitions=3)):
        results = list(
            tcluster.audit_on_cluster(
                source,
                cluster.scheduler_address,
                id_column="id",
                channel_column="channel",
                config=Config(),
                on_error="yield",
            )
        )
        assert [r.id for r in results] == list(head["id"])
        for result, (_, row) in zip(results, expected.iterrows(), strict=True):
            if isinstance(result, Report):
                assert result.scores.respect == row["respect"]
                assert tdask.findings_json(result) == row["findings"]
            else:
                assert result.message == row["input_error"]


def test_unknown_column_fails_before_computing(messages: pd.DataFrame) -> None:
    ddf = dd.from_pandas(messages, npartitions=2)
    with pytest.raises(KeyError, match="body"):
        tdask.audit(ddf, text_column="body")
    with pytest.raises(ValueError, match="unknown channel"):
        tdask.audit(ddf, channel="fax")


def test_local_scheduler_without_cluster(
    messages: pd.DataFrame, single_process: pd.DataFrame
) -> None:
    """No cluster at all: Dask's threaded scheduler, threads sharing the process's one Checker."""
    head = messages.iloc[:200]
    ddf = dd.from_pandas(head, npartitions=4)
    result = tdask.audit(ddf, id_column="id", channel_column="channel", config=Config()).compute(
        scheduler="threads"
    )
    pd.testing.assert_frame_equal(result, single_process.iloc[:200])
