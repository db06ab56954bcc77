"""Raw sums eased onto 0..100: ties at the ends broken, nothing else moved (issue 11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonecheck.scoring import bounded
from tonecheck.scoring.scores import EDGE

raws = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(raws)
def test_inside_the_scale(raw: float) -> None:
    assert 0.0 < bounded(raw) < 100.0 or raw in (0.0, 100.0) or abs(raw) > 1e5


near = st.floats(min_value=-60.0, max_value=160.0, allow_nan=False)


@given(raws | near, raws | near)
def test_order_is_kept(a: float, b: float) -> None:
    if a < b:
        assert bounded(a) <= bounded(b)


@given(near, near)
def test_sums_a_point_apart_stay_apart(a: float, b: float) -> None:
    """From -10 to 110 the slope is at least 1/9, so after the report's rounding to one
    decimal, sums more than a point apart never share a score (a clamp tied all of them)."""
    if a >= -10.0 and a + 1.0 < b <= 110.0:
        assert round(bounded(a), 1) < round(bounded(b), 1)


@pytest.mark.parametrize("raw", [EDGE, 33.3, 50.0, 71.25, 100.0 - EDGE])
def test_the_middle_is_unchanged(raw: float) -> None:
    assert bounded(raw) == raw


@pytest.mark.parametrize("edge", [EDGE, 100.0 - EDGE])
def test_no_step_nor_kink_at_the_edges(edge: float) -> None:
    step = 1e-6
    assert bounded(edge - step) == pytest.approx(edge - step, abs=1e-9)
    assert bounded(edge + step) == pytest.approx(edge + step, abs=1e-9)


def test_far_sums_near_the_ends() -> None:
    assert bounded(-1e9) == pytest.approx(0.0, abs=1e-6)
    assert bounded(1e9) == pytest.approx(100.0, abs=1e-6)
    assert bounded(0.0) == pytest.approx(EDGE / 2)
    assert bounded(100.0) == pytest.approx(100.0 - EDGE / 2)
