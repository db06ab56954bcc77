"""One finding per place: rules reading the same words are reported once, with the other
readings in ``related``, and the scores stay exactly what the separate readings give."""

from __future__ import annotations

from pathlib import Path

import pytest

import tonecheck
from tonecheck.engine.grouping import group_findings
from tonecheck.models import Breakdown, Contribution, Dimension, Finding, Severity

LAST_CHANCE = "This is your last chance to pay the $120 you owe."
SUE = "Pay the $120 by 5 June or we will sue you."


def _finding(rule: str, start: int, end: int, category: str, severity: str = "warning") -> Finding:
    return Finding(
        rule=rule,
        dimension=Dimension.respect,
        category=category,
        severity=Severity(severity),
        start=start,
        end=end,
        span="x" * (end - start),
        message=rule,
    )


def test_readings_of_the_same_words_fold_into_the_most_severe() -> None:
    findings = [
        _finding("a.missing", 0, 0, "missing-amount", "error"),
        _finding("a.wide", 10, 30, "urgency"),
        _finding("a.same", 12, 30, "consequences", "error"),
        _finding("a.inner", 20, 23, "urgency"),  # short, but the same category as a.wide
        _finding("a.apart", 40, 50, "blame"),
    ]
    contributions = [
        Contribution(rule=f.rule, delta=-1.0, kind="finding", index=i)
        for i, f in enumerate(findings)
    ]
    breakdown = {"respect": Breakdown(base=80, contributions=contributions, raw=75, score=75)}
    folded = group_findings(findings, breakdown)
    assert [f.rule for f in folded] == ["a.missing", "a.same", "a.apart"]
    assert [r.rule for r in folded[1].related] == ["a.wide", "a.inner"]
    assert [c.index for c in breakdown["respect"].contributions] == [0, 1, 1, 1, 2]


def test_short_overlap_of_different_concepts_stays_apart() -> None:
    findings = [_finding("a.long", 0, 40, "shouting"), _finding("a.word", 30, 35, "urgency")]
    assert group_findings(findings, {}) == findings


def test_spanless_and_gate_only_findings_never_fold() -> None:
    gate = _finding("format.unfilled-merge-field", 5, 15, "format", "error")
    gate = gate.model_copy(update={"gate_only": True})
    findings = [_finding("a.x", 5, 15, "format"), gate, _finding("a.m", 5, 5, "format")]
    assert len(group_findings(findings, {})) == 3


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        (LAST_CHANCE, {"respect.urgency-last-chance", "transparency.last-chance"}),
        (SUE, {"respect.threat-lawsuit-ultimatum", "transparency.inevitable-lawsuit"}),
    ],
)
def test_one_finding_names_every_reading(
    checker: tonecheck.Checker, text: str, rules: set[str]
) -> None:
    report = checker.check(text)
    carriers = [f for f in report.findings if rules & {f.rule, *(r.rule for r in f.related)}]
    assert len(carriers) == 1, [f.rule for f in report.findings]
    carrier = carriers[0]
    readings = {carrier.rule, *(r.rule for r in carrier.related)}
    assert rules <= readings
    assert len({r.dimension for r in [carrier, *carrier.related]}) >= 2  # moves both scores
    assert carrier.severity.rank == max(r.severity.rank for r in [carrier, *carrier.related])
    # every reading still there for the rewrite and the gate, in report order
    unfolded = report.all_findings()
    assert readings <= {f.rule for f in unfolded}
    assert len(unfolded) == len(report.findings) + sum(len(f.related) for f in report.findings)


def test_folding_changes_no_score(checker: tonecheck.Checker) -> None:
    text = "FINAL WARNING!!! " + LAST_CHANCE + " " + SUE
    report = checker.check(text)
    for name, breakdown in report.breakdown.items():
        # every delta and the raw sum are rounded to one decimal apart, so each may be 0.05 off
        slack = 0.05 * (len(breakdown.contributions) + 1)
        assert breakdown.base + sum(c.delta for c in breakdown.contributions) == pytest.approx(
            breakdown.raw, abs=slack
        )
        for c in breakdown.contributions:
            if c.kind in ("finding", "spillover", "cap"):
                carrier = report.findings[c.index]
                assert c.rule in {carrier.rule, *(r.rule for r in carrier.related)}, name
    again = tonecheck.Report.model_validate_json(report.model_dump_json())
    assert again.model_dump_json() == report.model_dump_json()  # related readings round-trip


def test_an_audit_keeps_every_reading_and_counts_places(tmp_path: Path) -> None:
    import json
    import sqlite3
    from contextlib import closing

    from tests.support.audit import run_audit, write_csv

    rows = [
        {
            "id": f"m{i}",
            "text": LAST_CHANCE,
            "agent": "Ann",
            "date": "2026-01-02",
            "customer": "Sam",
        }
        for i in range(3)
    ]
    write_csv(tmp_path / "a.csv", rows)
    result = run_audit(["a.csv", "--out", "a.db", "--workers", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "a.db")) as db:
        by_rule = dict(db.execute("SELECT rule, count(*) FROM findings GROUP BY rule"))
        places = [n for (n,) in db.execute("SELECT findings FROM scores")]
        reports = [json.loads(r) for (r,) in db.execute("SELECT report FROM messages")]
    assert by_rule["respect.urgency-last-chance"] == 3 and by_rule["transparency.last-chance"] == 3
    assert places == [len(r["findings"]) for r in reports]
    assert sum(by_rule.values()) == sum(
        len(f["related"]) + 1 for r in reports for f in r["findings"]
    )
