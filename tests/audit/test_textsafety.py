"""Lone surrogates (JSON escapes like "\\ud83d" with no partner) reach us from real exports: the
check, the report JSON and every audit output must survive them with offsets unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.audit import jsonl_records, run_audit
from tonecheck import Checker
from tonecheck.text.textsafety import without_surrogates

LONE = "Pay \ud83d now or we will call your employer. \udc00"


def test_lone_surrogates_become_replacement_characters_of_the_same_length() -> None:
    cleaned = without_surrogates(LONE)
    assert len(cleaned) == len(LONE)
    assert cleaned == LONE.replace("\ud83d", "\ufffd").replace("\udc00", "\ufffd")
    cleaned.encode("utf-8")  # would raise if one were left


def test_clean_text_is_returned_as_is() -> None:
    text = "Hello 😀 — a proper pair"
    assert without_surrogates(text) is text


def test_check_keeps_offsets_into_the_callers_text(checker: Checker) -> None:
    report = checker.check(LONE)
    assert report.findings, "the threat should still be found"
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(LONE)
        assert finding.span == without_surrogates(LONE[finding.start : finding.end])
    json.loads(report.model_dump_json())


def test_audit_stores_lone_surrogates_from_json_escapes(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": LONE})  # ASCII, so the escape survives on disk
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    result = run_audit(["in.jsonl", "--out", "out.jsonl"], tmp_path)
    assert result.returncode == 0, result.stderr
    (record,) = jsonl_records(tmp_path / "out.jsonl")
    assert record["text"] == without_surrogates(LONE)
    assert record["report"]["findings"]
