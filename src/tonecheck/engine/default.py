"""The shared Checker behind `tonecheck.check`, built once on first use with the discovered
config; here rather than in the package facade so surfaces can reach it without a cycle."""

from __future__ import annotations

import threading

from ..config import Config
from .checker import Checker

_default_checker: Checker | None = None
_lock = threading.Lock()


def default_checker() -> Checker:
    """The shared Checker used by `tonecheck.check` (built on first use, default config)."""
    global _default_checker
    if _default_checker is None:
        with _lock:
            if _default_checker is None:
                _default_checker = Checker(Config.discover())
    return _default_checker
