"""`tonecheck audit --scheduler ADDRESS` runs the same audit on a Dask cluster: same rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.audit import jsonl_records, messages, run_audit, write_csv

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_audit_on_a_dask_cluster_matches_local(tmp_path: Path) -> None:
    rows = messages(120, seed=11)
    write_csv(tmp_path / "m.csv", rows)
    local = run_audit(["m.csv", "--out", "local.jsonl", "--workers", "1"], tmp_path)
    assert local.returncode == 0, local.stderr
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as cluster:
        remote = run_audit(
            ["m.csv", "--out", "remote.jsonl", "--scheduler", cluster.scheduler_address], tmp_path
        )
    assert remote.returncode == 0, remote.stderr
    mine = jsonl_records(tmp_path / "local.jsonl")
    theirs = jsonl_records(tmp_path / "remote.jsonl")
    assert len(mine) == len(theirs) == 120
    assert mine == theirs
