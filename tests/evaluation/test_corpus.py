"""The labelled development corpus (tests/corpus/*.toml) as a yardstick for the engine.

Asserts, per message, that each labelled dimension lands in its expected band (low < 50, mid 50-75,
high > 75, 5 points of tolerance at the edges), that forbidden categories are never reported, and,
per harsh/better pair, that the rewrite scores strictly higher on the compared dimensions.

Where the engine is known to disagree with a label we are confident in, the message records a
``known_gaps`` entry; that single check is marked ``xfail(strict=True)`` so it fails loudly once the
engine improves and the entry can be removed. See docs/evaluation.md.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import tonecheck


def _load_corpus_module() -> ModuleType:
    name = "tonecheck_corpus_load"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / "corpus" / "load.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()
MESSAGES = corpus.load_corpus()
BY_ID = {m.id: m for m in MESSAGES}
PAIRS = corpus.pairs(MESSAGES)


def _param(values: tuple[Any, ...], test_id: str, gap: str | None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {gap}")] if gap else []
    return pytest.param(*values, id=test_id, marks=marks)


BAND_CASES = [
    _param((m.id, dim), f"{m.id}-{dim}", m.gap(f"band.{dim}"))
    for m in MESSAGES
    for dim in corpus.DIMENSIONS
    if dim in m.bands
]
FORBID_CASES = [
    _param((m.id, cat), f"{m.id}-{cat}", m.gap(f"forbid.{cat}"))
    for m in MESSAGES
    for cat in sorted(m.forbid)
]
PAIR_CASES = [
    _param((harsh.id, better.id, dim), f"{better.pair}-{dim}", better.gap(f"pair.{dim}"))
    for harsh, better in PAIRS
    for dim in better.compare
]


@pytest.fixture(scope="session")
def corpus_reports(checker: tonecheck.Checker) -> dict[str, tonecheck.Report]:
    """Every corpus message checked once, with the session's single Checker."""
    return {m.id: checker.check(m.text, **m.check_kwargs()) for m in MESSAGES}


# --- the corpus itself -------------------------------------------------------------------------


def test_corpus_size_and_variety() -> None:
    assert len(MESSAGES) >= 100
    assert len(PAIRS) >= 20
    channels = Counter(m.channel for m in MESSAGES)
    assert set(channels) == set(corpus.CHANNELS)
    stages = {m.stage for m in MESSAGES}
    assert set(corpus.STAGES) <= stages
    assert None in stages, "some messages must leave the stage to detection"
    assert {m.context.get("jurisdiction") for m in MESSAGES} >= {"us", "uk"}
    assert any(m.template for m in MESSAGES)
    for band in corpus.BANDS:
        for dim in ("respect", "clarity", "empathy"):
            assert any(m.bands.get(dim) == band for m in MESSAGES), (dim, band)


def test_known_gaps_are_a_minority() -> None:
    total = len(BAND_CASES) + len(FORBID_CASES) + len(PAIR_CASES)
    gaps = sum(len(m.known_gaps) for m in MESSAGES)
    assert gaps <= total * 0.25, f"{gaps} of {total} corpus checks are marked as known gaps"


def test_band_helper() -> None:
    assert corpus.band_ok(54.9, "low") and not corpus.band_ok(55.0, "low")
    assert corpus.band_ok(70.1, "high") and not corpus.band_ok(70.0, "high")
    assert corpus.band_ok(45.0, "mid") and corpus.band_ok(80.0, "mid")
    assert not corpus.band_ok(44.9, "mid") and not corpus.band_ok(80.1, "mid")
    assert corpus.band_of(50.0) == "mid" and corpus.band_of(75.0) == "mid"
    assert corpus.band_of(49.9) == "low" and corpus.band_of(75.1) == "high"


# --- the engine against the corpus -------------------------------------------------------------


@pytest.mark.parametrize(("message_id", "dimension"), BAND_CASES)
def test_band(corpus_reports: dict[str, tonecheck.Report], message_id: str, dimension: str) -> None:
    message = BY_ID[message_id]
    report = corpus_reports[message_id]
    score = getattr(report.scores, dimension)
    expected = message.bands[dimension]
    findings = sorted(
        {f"{f.category}:{f.rule}" for f in report.findings if f.dimension.value == dimension}
    )
    assert corpus.band_ok(score, expected), (
        f"{message_id} {dimension}: score {score:.1f} is not '{expected}' "
        f"(got '{corpus.band_of(score)}'); findings: {findings}"
    )


@pytest.mark.parametrize(("message_id", "category"), FORBID_CASES)
def test_forbidden_category_absent(
    corpus_reports: dict[str, tonecheck.Report], message_id: str, category: str
) -> None:
    report = corpus_reports[message_id]
    hits = [f"{f.rule} {f.span!r}" for f in report.findings if f.category == category]
    assert not hits, f"{message_id}: '{category}' must not be reported, got {hits}"


@pytest.mark.parametrize(("harsh_id", "better_id", "dimension"), PAIR_CASES)
def test_pair_better_scores_higher(
    corpus_reports: dict[str, tonecheck.Report], harsh_id: str, better_id: str, dimension: str
) -> None:
    harsh = getattr(corpus_reports[harsh_id].scores, dimension)
    better = getattr(corpus_reports[better_id].scores, dimension)
    assert better > harsh, f"{dimension}: {better_id} scored {better:.1f}, {harsh_id} {harsh:.1f}"


# --- the evaluation helpers in bench/ ----------------------------------------------------------


def _load_bench(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"tonecheck_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_external_statistics_helpers() -> None:
    ext = _load_bench("evaluate_external")
    assert ext.ranks([3, 1, 2, 2]) == [4.0, 1.0, 2.5, 2.5]
    assert ext.spearman([1, 2, 3, 4], [10, 20, 30, 45]) == pytest.approx(1.0)
    assert ext.spearman([1, 2, 3, 4], [9, 7, 5, 1]) == pytest.approx(-1.0)
    assert ext.spearman([1, 1, 1], [1, 2, 3]) is None
    assert ext.auc([0.9, 0.8, 0.1, 0.5], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert ext.auc([0.5, 0.5], [1, 0]) == pytest.approx(0.5)
    assert ext.auc([0.2, 0.9, 0.4], [1, 0, 0]) == pytest.approx(0.0)
    assert ext.auc([1.0], [1]) is None


def test_external_evaluation_skips_without_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ext = _load_bench("evaluate_external")
    monkeypatch.setenv("TONECHECK_SHARED_DATA", str(tmp_path / "absent"))
    assert ext.main([]) == 0
    assert "skipping" in capsys.readouterr().out
