"""bench/fit_threat.py: its model of the threat gate is the gate, and it writes only numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import fit_threat  # noqa: E402


@pytest.fixture(scope="module")
def reader() -> fit_threat.Reader:
    return fit_threat.Reader()


def test_the_fits_model_flags_what_the_checker_flags(reader: fit_threat.Reader) -> None:
    # with the shipped numbers, the fit's reading of a message (rule flags + graded readings
    # against warning_at) must be the checker's own verdict, or the fit optimises something else
    model = fit_threat.Model(reader.evidence.lexicon)
    shipped = fit_threat.shipped_params(reader)
    texts = [
        "We will sue you.",
        "If we cannot agree a plan by 30 June 2026, we may consider court action.",
        "Pay today or we will have you arrested and tell your employer.",
        "Thank you, your account is now settled.",
    ]
    checked = 0
    for text in texts + [
        e for spec in reader.findings.finding for e in (*spec.examples.bad, *spec.examples.good)
    ]:
        sample = reader.read("t", text, False, 1.0, "t")
        report = reader.checker.check(text)
        flagged = any(f.category == "threat" for f in report.all_findings())
        assert model.flagged(shipped, sample) == flagged, text
        checked += 1
    assert checked > 50


def test_writing_the_shipped_numbers_changes_nothing(
    reader: fit_threat.Reader, tmp_path: Path
) -> None:
    copy = tmp_path / "threat.toml"
    copy.write_bytes(fit_threat.OUT.read_bytes())
    fit_threat.write(fit_threat.shipped_params(reader), copy)
    assert copy.read_bytes() == fit_threat.OUT.read_bytes()


def test_writing_changes_only_the_fitted_lines(reader: fit_threat.Reader, tmp_path: Path) -> None:
    copy = tmp_path / "threat.toml"
    copy.write_bytes(fit_threat.OUT.read_bytes())
    shipped = fit_threat.shipped_params(reader)
    moved = shipped.with_value("hedge", -0.35).with_value("severity:threat.lawsuit", 0.95)
    fit_threat.write(moved, copy)
    before = fit_threat.OUT.read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert sorted(b for _, b in changed) == ["hedge = -0.35", "value = 0.95"]


def test_the_shipped_numbers_keep_their_signs(reader: fit_threat.Reader) -> None:
    shipped = fit_threat.shipped_params(reader)
    for name, (low, high) in fit_threat.BOUNDS.items():
        assert low - 1e-9 <= shipped.settings[name] <= high + 1e-9, name


@pytest.mark.slow
def test_the_shipped_numbers_are_the_fit(reader: fit_threat.Reader) -> None:
    # reproducible: fitting again from the hand-set prior gives what the file holds
    data, constraints = fit_threat.samples(reader)
    model = fit_threat.Model(reader.evidence.lexicon)
    fitted = fit_threat.fit(model, data, constraints, fit_threat.prior_params(reader))
    shipped = fit_threat.shipped_params(reader)
    assert fitted == shipped


def test_the_fit_may_not_reorder_the_actions() -> None:
    prior = {"threat.arrest": 0.9, "threat.lawsuit": 0.6, "threat.court": 0.6}
    assert fit_threat.same_order({**prior, "threat.court": 0.55}, prior)  # a tie may part
    assert not fit_threat.same_order({**prior, "threat.lawsuit": 0.9}, prior)  # a new tie
    assert not fit_threat.same_order({**prior, "threat.arrest": 0.5}, prior)  # a swap
