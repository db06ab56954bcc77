"""Configuration: which packs to load, what to silence, and the thresholds per channel.

Read from ``tonecheck.toml`` or ``[tool.tonecheck]`` in ``pyproject.toml``. Unknown keys are
errors, not warnings: a misspelt ``disable`` that silently does nothing is how a team ends up
trusting a check that is not running.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .accounts.settings import AccountsConfig
from .errors import TonecheckError
from .models import Severity

#: A config file to use instead of discovering one, for every surface (CLI, audit, service, API).
ENV_CONFIG = "TONECHECK_CONFIG"


class ConfigError(TonecheckError, ValueError):
    """The configuration is invalid; the message names the file, the key and what is allowed."""


class ChannelThresholds(BaseModel):
    """Readability targets for one channel."""

    model_config = ConfigDict(extra="forbid")

    max_grade: float = Field(
        default=8.0, description="Flesch-Kincaid grade above which clarity drops"
    )
    min_reading_ease: float = Field(default=60.0)
    max_sentence_words: int = Field(default=30, ge=5)
    max_average_sentence_words: float = Field(default=20.0, ge=5)
    max_characters: int | None = Field(default=None, description="Length limit (SMS)")


def _default_thresholds() -> dict[str, ChannelThresholds]:
    return {
        "email": ChannelThresholds(max_sentence_words=30, max_average_sentence_words=20),
        "letter": ChannelThresholds(max_sentence_words=35, max_average_sentence_words=22),
        "sms": ChannelThresholds(
            max_sentence_words=25, max_average_sentence_words=18, max_characters=320
        ),
        "voice": ChannelThresholds(max_sentence_words=25, max_average_sentence_words=18),
    }


class Config(BaseModel):
    """All settings. Every field has a safe default, so ``Config()`` is a working setup."""

    model_config = ConfigDict(extra="forbid")

    packs: list[str] = Field(
        default_factory=lambda: ["core"], description="Rule packs to load, in order"
    )
    jurisdiction_packs: bool = Field(
        default=True,
        description="Also load the packs whose [pack] table declares a jurisdiction ('us', 'uk'), "
        "applied to messages whose context.jurisdiction names it",
    )
    rule_dirs: list[Path] = Field(
        default_factory=list, description="Extra folders holding rule packs"
    )
    disable: list[str] = Field(
        default_factory=list, description="Rule ids to turn off ('respect.*' works)"
    )
    allow: list[str] = Field(
        default_factory=list,
        description="Phrases that are never flagged (a team's approved or legally required wording)",
    )
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Rule id -> severity override"
    )
    thresholds: dict[str, ChannelThresholds] = Field(default_factory=_default_thresholds)
    fail_on: Severity | Literal["never"] = Severity.error
    max_chars: int = Field(
        default=100_000, ge=1, description="Longest message accepted, in characters"
    )
    max_rules: int = Field(default=20_000, ge=1)
    spacy_model: str | None = Field(
        default=None,
        description="A trained spaCy pipeline (e.g. en_core_web_sm) for rules that need POS tags; "
        "when unset or not installed, a blank English pipeline is used",
    )
    sentiment: bool = Field(default=True, description="Run the VADER sentiment scorer")
    accounts: AccountsConfig = Field(
        default_factory=AccountsConfig,
        description="Account-level audit: jurisdiction, disabled rules, thresholds (docs/accounts.md)",
    )
    daemon: bool = Field(
        default=True,
        description="Let `tonecheck hook` and `check` use a warm background checker "
        "(docs/performance.md); false checks every message in process",
    )
    daemon_idle_minutes: float = Field(
        default=30.0, gt=0, description="Minutes without a request after which the daemon exits"
    )
    include: list[str] = Field(
        default_factory=list,
        description="Globs (.gitignore syntax) choosing the files `tonecheck check FOLDER` "
        "checks; empty: every file that is not hidden or ignored",
    )
    exclude: list[str] = Field(
        default_factory=list, description="Globs of files and folders `tonecheck check` skips"
    )
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The file this config was read from (None when built in code), for error messages."""
        return self._source

    def __eq__(self, other: object) -> bool:
        """Equal settings are equal configs, wherever they were read from."""
        if not isinstance(other, Config):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    @field_validator("thresholds", mode="before")
    @classmethod
    def _merge_thresholds(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        merged: dict[str, Any] = {k: v.model_dump() for k, v in _default_thresholds().items()}
        for channel, overrides in value.items():
            if channel not in merged:
                hint = (
                    f"; `{channel}` is a top-level setting: move it above the first [table] line"
                    if channel in cls.model_fields
                    else ""
                )
                raise ValueError(
                    f"unknown channel {channel!r} (allowed: {', '.join(merged)}){hint}"
                )
            if isinstance(overrides, ChannelThresholds):
                overrides = overrides.model_dump()
            merged[channel] = {**merged[channel], **overrides}
        return merged

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Load a tonecheck.toml, or the [tool.tonecheck] table of a pyproject.toml."""
        path = Path(path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if path.name == "pyproject.toml":
            raw = raw.get("tool", {}).get("tonecheck", {})
        return cls.from_mapping(raw, source=path, base=path.parent)

    @classmethod
    def from_mapping(
        cls, raw: dict[str, Any], source: str | Path | None = None, base: Path | None = None
    ) -> Config:
        from .config_errors import plain_errors

        path = Path(source) if source is not None else None
        try:
            config = cls.model_validate(raw)
        except ValidationError as exc:
            problems = plain_errors(exc.errors(), path, cls.model_fields)
            raise ConfigError("\n".join(problems)) from None
        config._source = path
        if base is not None:
            config.rule_dirs = [p if p.is_absolute() else base / p for p in config.rule_dirs]
            config.accounts.rule_dirs = [
                p if p.is_absolute() else base / p for p in config.accounts.rule_dirs
            ]
        return config

    @classmethod
    def discover(cls, start: str | Path | None = None) -> Config:
        """The file named by ``TONECHECK_CONFIG``, else the nearest tonecheck.toml or
        pyproject.toml with [tool.tonecheck], walking up."""
        named = os.environ.get(ENV_CONFIG, "").strip()
        if named:
            if not Path(named).is_file():
                raise ConfigError(f"{named}: config file not found (named by {ENV_CONFIG})")
            return cls.from_file(named)
        folder = Path(start or Path.cwd()).resolve()
        for candidate in [folder, *folder.parents]:
            own = candidate / "tonecheck.toml"
            if own.is_file():
                return cls.from_file(own)
            pyproject = candidate / "pyproject.toml"
            if pyproject.is_file():
                try:
                    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                    continue
                if "tonecheck" in data.get("tool", {}):
                    return cls.from_file(pyproject)
        return cls()

    def is_disabled(self, rule_id: str) -> bool:
        if not self.disable:
            return False
        return _matches_any(rule_id, tuple(self.disable))


@lru_cache(maxsize=8192)
def _matches_any(rule_id: str, patterns: tuple[str, ...]) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(rule_id, pattern) for pattern in patterns)
