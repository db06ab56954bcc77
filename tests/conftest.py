"""Shared fixtures: one Checker for the whole session (building one takes about a second)."""

from __future__ import annotations

import pytest

import tonecheck
from tonecheck.config import Config


@pytest.fixture(scope="session")
def checker() -> tonecheck.Checker:
    return tonecheck.Checker(Config())
