"""Shared fixtures: one Checker for the whole session (building one takes about a second)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tonecheck
from tonecheck.config import Config


@pytest.fixture(scope="session")
def checker() -> tonecheck.Checker:
    return tonecheck.Checker(Config())


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests neither read nor write the user's cache (syllables, hyphenation, rule packs);
    subprocesses inherit the variable."""
    patch = pytest.MonkeyPatch()
    patch.setenv("TONECHECK_CACHE_DIR", str(tmp_path_factory.mktemp("tonecheck-cache")))
    yield
    patch.undo()
