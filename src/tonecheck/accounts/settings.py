"""The ``[accounts]`` table of tonecheck.toml: default jurisdiction, silenced rules, thresholds.

Kept apart from config.py so the main configuration only gains one field, and so reading the
settings never imports the account engine.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class AccountsConfig(BaseModel):
    """Settings of the account-level audit (see docs/accounts.md)."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(
        default="us", description="Jurisdiction of accounts whose records do not name one"
    )
    disable: list[str] = Field(
        default_factory=list, description="Account rule ids to turn off ('account.*' works)"
    )
    thresholds: dict[str, dict[str, int | float | str]] = Field(
        default_factory=dict,
        description="Rule id (or 'uk:rule id' for one jurisdiction) -> threshold -> value, "
        "e.g. {'account.call-frequency' = {max = 5}}",
    )
    rule_dirs: list[Path] = Field(
        default_factory=list, description="Extra folders of account rules, read after the built-in"
    )
