"""The word lists of graded evidence (``rules/evidence/*.toml``), validated and merged.

Every list is a *cue*: a dotted name, the phrases that show it, and how to read them (by word form
or by lemma, anywhere or only at a sentence's start). Settings are the few numbers a family needs
(how much certainty raises a threat, which day counts are short); they live beside the lists so
that a compliance reviewer can read, and change, both without touching Python.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..models import Dimension
from ..rulebook.loader import RulePackError, builtin_rules_dir
from .patterns import PatternError, expand

Position = Literal["any", "sentence-start", "inside"]


class Cue(BaseModel):
    """One named list of phrases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z-]*(\.[a-z0-9-]+)+$")
    dimension: Dimension | None = None
    #: The item's strength when the cue is read on its own (a threat action's base severity).
    value: float = 1.0
    match: Literal["lower", "lemma"] = "lower"
    #: ``sentence-start``: only as the first word of a sentence; ``inside``: anywhere else.
    position: Position = "any"
    #: Politeness strategies only: read as log(1 + non-overlapping occurrences) rather than
    #: present or absent (a density, like the lexicon counts of `tonecheck.evidence.politeness`).
    counted: bool = False
    phrases: list[str] = Field(default_factory=list)
    #: Compact patterns (`tonecheck.evidence.patterns`): the class of phrasing, not one of them.
    patterns: list[str] = Field(default_factory=list)
    #: Longer phrases that contain a cue phrase but mean something else ("free of charge"),
    #: or overlap it and undo it ("we do not offer payment plans"); patterns allowed.
    exclude: list[str] = Field(default_factory=list)
    #: Threat actions only: the least value that context words may lower the reading to.
    floor: float | None = None
    note: str = ""
    #: Sentences the cue must find, and near misses (same words, other sense) it must not:
    #: run by tests/test_evidence.py, as rule examples are.
    examples: list[str] = Field(default_factory=list)
    near_misses: list[str] = Field(default_factory=list)

    @field_validator("exclude")
    @classmethod
    def _expand_exclusions(cls, exclude: list[str]) -> list[str]:
        """An exclusion is a class too: "we do not offer payment plans" is said as many ways as
        the offer is, so exclusions take the cue patterns' grammar and are expanded here, once."""
        out: dict[str, None] = {}
        try:
            for entry in exclude:
                out.update(dict.fromkeys(expand(entry)))
        except PatternError as exc:
            raise ValueError(f"exclude: {exc}") from None
        return list(out)

    @model_validator(mode="after")
    def _has_phrases(self) -> Cue:
        if not self.phrases and not self.patterns:
            raise ValueError(f"cue {self.name!r} has neither phrases nor patterns")
        try:
            for pattern in self.patterns:
                expand(pattern)
        except PatternError as exc:
            raise ValueError(f"cue {self.name!r}: {exc}") from None
        return self

    def all_phrases(self) -> list[str]:
        """The listed phrases and every phrase the patterns stand for, without duplicates."""
        out = dict.fromkeys(self.phrases)
        for pattern in self.patterns:
            out.update(dict.fromkeys(expand(pattern)))
        return list(out)


class EvidenceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    settings: dict[str, float] = Field(default_factory=dict)
    numbers: dict[str, int] = Field(default_factory=dict)
    #: Named word lists read by code rather than matched as cues (units, month names).
    words: dict[str, list[str]] = Field(default_factory=dict)
    cue: list[Cue] = Field(default_factory=list)


class Lexicon:
    """All evidence files merged: cues by name, settings as ``<file stem>.<key>``."""

    def __init__(self, files: dict[str, EvidenceFile]) -> None:
        self.cues: dict[str, Cue] = {}
        self.settings: dict[str, float] = {}
        self.numbers: dict[str, int] = {}
        self.words: dict[str, list[str]] = {}
        for stem, data in sorted(files.items()):
            for cue in data.cue:
                if cue.name in self.cues:
                    raise RulePackError(f"evidence/{stem}.toml: cue {cue.name!r} is defined twice")
                self.cues[cue.name] = cue
            self.settings.update({f"{stem}.{k}": v for k, v in data.settings.items()})
            self.numbers.update({k.lower(): v for k, v in data.numbers.items()})
            self.words.update({f"{stem}.{k}": v for k, v in data.words.items()})

    def family(self, prefix: str) -> list[Cue]:
        """Cues whose name starts with ``prefix.``, in file order."""
        head = prefix + "."
        return [c for c in self.cues.values() if c.name.startswith(head)]

    def word_list(self, key: str) -> list[str]:
        try:
            return self.words[key]
        except KeyError:
            raise RulePackError(
                f"evidence word list {key!r} is missing from rules/evidence/"
            ) from None

    def setting(self, key: str) -> float:
        try:
            return self.settings[key]
        except KeyError:
            raise RulePackError(
                f"evidence setting {key!r} is missing from rules/evidence/"
            ) from None


def evidence_dir() -> Path:
    return builtin_rules_dir() / "evidence"


def read_evidence_files(folder: Path) -> dict[str, EvidenceFile]:
    files: dict[str, EvidenceFile] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            files[path.stem] = EvidenceFile.model_validate(raw)
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise RulePackError(f"{path}: {exc}") from None
    return files


@lru_cache(maxsize=4)
def load_lexicon(folder: Path | None = None) -> Lexicon:
    return Lexicon(read_evidence_files(folder or evidence_dir()))
