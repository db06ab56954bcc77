"""A user can add a scorer without touching the engine."""

from __future__ import annotations

from tonecheck import Checker, Config
from tonecheck.detectors.base import _REGISTRY, CheckState, Hit, register_scorer
from tonecheck.models import Dimension, Severity


class _ExclamationCounter:
    name = "exclamations"

    def score(self, state: CheckState) -> None:
        count = state.text.count("!")
        if count >= 3:
            state.hits.append(
                Hit(
                    rule="custom.too-many-exclamations",
                    dimension=Dimension.respect,
                    category="shouting",
                    severity=Severity.warning,
                    kind="finding",
                    start=0,
                    end=len(state.text),
                    message=f"{count} exclamation marks read as shouting.",
                )
            )


def test_registered_scorer_runs_in_new_checkers() -> None:
    register_scorer("exclamations", order=50)(lambda resources: _ExclamationCounter())
    try:
        report = Checker(Config()).check("Pay! Now! Please! Today!")
        assert any(f.rule == "custom.too-many-exclamations" for f in report.findings)
        assert report.breakdown["respect"].contributions
    finally:
        _REGISTRY.pop("exclamations", None)
    assert not any(
        f.rule == "custom.too-many-exclamations"
        for f in Checker(Config()).check("Pay! Now! Please! Today!").findings
    )
