"""Rewriting a checked message: see docs/rewrite.md.

`revise(text, report, mode)` returns a `Revision`; `tonecheck.rewrite(...)` is the function form
and `Report.rewrite(mode=...)` the method form, both returning the revised text.

Importing this package sets the attribute `tonecheck.rewrite` to the package itself (that is how
Python records a submodule), so the package is made callable with the function form's signature:
`tonecheck.rewrite(text)` works before and after the first import.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .api import rewrite
from .edit import Mode
from .engine import Revision, revise, unlawful_claim
from .protect import protected_spans


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> str:
        return rewrite(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Mode", "Revision", "protected_spans", "revise", "rewrite", "unlawful_claim"]
