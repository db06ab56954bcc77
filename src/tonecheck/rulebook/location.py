"""Where the bundled rule folders are, with no dependency on the rule schema.

Kept apart from the loader so that parts of the engine that only read a data folder (the
rewrite recipes, for one) can find it without importing the schema and, through it, the report
models: that import would close a cycle back to ``models`` when a report is rewritten.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import TonecheckError


class RulePackError(TonecheckError, ValueError):
    """A rule pack could not be loaded. The message is meant to be shown to a person as is."""


def builtin_rules_dir() -> Path:
    """Where the bundled packs are: inside the installed package, or the checkout's rules/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    checkout = here.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise RulePackError(
        "the built-in rule packs are missing from this installation "
        f"(looked in {packaged} and {checkout}); reinstall tonecheck"
    )


__all__ = ["RulePackError", "builtin_rules_dir"]
