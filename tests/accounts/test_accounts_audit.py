"""The account audit on generated histories: every planted violation found, nothing else, and a
resumed run equal to an uninterrupted one."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tonecheck.accounts import AccountRecord, HistoryError, HistoryStore, audit, ruleset
from tonecheck.accounts.generator import PLANTABLE, account_name, generate, planted
from tonecheck.accounts.history import dump_findings

N = 1500


def test_planted_found_and_nothing_else() -> None:
    found: dict[str, set[str]] = {}
    for finding in audit(generate(N, seed=7)):
        found.setdefault(finding.account, set()).add(finding.rule)
    expected = {account_name(i): planted(i, seed=7) for i in range(N)}
    assert set(PLANTABLE) == {r for r in expected.values() if r}  # each rule is planted
    for account, rule in expected.items():
        assert found.get(account, set()) == ({rule} if rule else set()), account


def test_records_in_any_order_give_the_same_findings() -> None:
    records = list(generate(200, seed=3))
    forward = [f.model_dump() for f in audit(records)]
    backward = [f.model_dump() for f in audit(reversed(records))]
    key = lambda f: (f["account"], f["rule"], f["check"], f["start"])  # noqa: E731
    strip = [{**f, "records": [{**r, "seq": 0} for r in f["records"]]} for f in forward]
    strip_back = [{**f, "records": [{**r, "seq": 0} for r in f["records"]]} for f in backward]
    assert sorted(strip, key=key) == sorted(strip_back, key=key)


def _crashing(records: Iterator[AccountRecord], after: int) -> Iterator[AccountRecord]:
    yield from itertools.islice(records, after)
    raise KeyboardInterrupt


def test_resume_after_interruption_equals_uninterrupted(tmp_path: Path) -> None:
    rules = ruleset()
    with HistoryStore(tmp_path / "whole.sqlite") as whole:
        whole.ingest(generate(300, seed=5), batch=100)
        whole.evaluate(rules, page=40)
        expected = dump_findings(whole)
    path = tmp_path / "resumed.sqlite"
    with HistoryStore(path) as store, pytest.raises(KeyboardInterrupt):
        store.ingest(_crashing(generate(300, seed=5), 1234), batch=100)
    with HistoryStore(path) as store:
        assert store.ingested == 1200  # the last full batch was committed
        assert store.ingest(generate(300, seed=5), batch=100) == 1200
        store.evaluate(rules, page=40)
        assert dump_findings(store) == expected
    assert expected.count("\n") > 100


def test_resume_refuses_changed_input(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with HistoryStore(path) as store, pytest.raises(KeyboardInterrupt):
        store.ingest(_crashing(generate(50, seed=1), 300), batch=100)
    with HistoryStore(path) as store, pytest.raises(HistoryError, match="records changed"):
        store.ingest(generate(50, seed=2), batch=100)
    with HistoryStore(path, restart=True) as store:
        assert store.ingested == 0


def test_evaluate_needs_complete_ingest(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        with pytest.raises(KeyboardInterrupt):
            store.ingest(_crashing(generate(50), 150), batch=100)
        with pytest.raises(HistoryError, match="ingestion has not finished"):
            store.evaluate(ruleset())


def test_record_needs_text_or_event() -> None:
    with pytest.raises(ValueError, match="needs an event or a message text"):
        AccountRecord.model_validate({"account": "a", "at": "2024-01-01T10:00:00+00:00"})
    record = AccountRecord.model_validate(
        {"account": "a", "at": "2024-01-01T10:00:00+00:00", "event": "Breathing_Space_Start"}
    )
    assert record.event is not None and record.event.value == "breathing-space-start"
