"""Shared fixtures: one Checker for the whole session (building one takes about a second)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# commands run by tests check in process; tests/test_daemon.py turns the daemon on where it tests it
os.environ.setdefault("TONECHECK_NO_DAEMON", "1")

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
