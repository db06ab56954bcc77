"""Strict configuration: settings that parse but would silently do nothing are reported.

Pydantic checks the shape of ``tonecheck.toml``; this module checks what the shape cannot: that
every rule id in ``disable`` and ``[severity]`` names a rule that exists (a misspelt id would
leave the rule running while the team believes it is off), that a folder in ``rule_dirs`` is
actually used, and that a configured spaCy model was found. Every message names the file, the
line and the key, because the person reading it has to go and edit that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from .config_errors import close_matches, where

if TYPE_CHECKING:
    from .config import Config

#: Rule id -> category for the ids the engine's own detectors report (the packs under rules/
#: declare the others), so disable, severity and --select know them too.
BUILTIN_RULES = {
    "format.empty-message": "readability",
    "format.unfilled-merge-field": "placeholder",
    "format.merge-field-amount": "amount",
    "format.merge-field-due-date": "due-date",
    "format.merge-field-payment-method": "payment-method",
    "format.merge-field-contact": "contact",
    "format.merge-field-identity": "identity",
    "clarity.long-sentence": "readability",
    "clarity.reading-grade": "readability",
    "clarity.average-sentence-length": "readability",
    "clarity.readable": "readability",
    "clarity.message-too-long": "readability",
    "sentiment.hostile-tone": "hostile-tone",
    "sentiment.warm-tone": "courtesy",
    "transparency.amount-mismatch": "misrepresentation",
    "format.unused-suppression": "structure",
}
BUILTIN_RULE_IDS = tuple(BUILTIN_RULES)

_WILDCARD = re.compile(r"[*?\[]")


def unknown_rule_ids(config: Config, known: Iterable[str]) -> list[str]:
    """One message per ``disable`` entry or ``[severity]`` key that names no known rule.

    A wildcard entry must match at least one rule; a plain entry must be an exact id."""
    ids = sorted(set(known) | set(BUILTIN_RULE_IDS))
    source = config.source
    problems = []
    entries: list[tuple[tuple[str | int, ...], str]] = [
        (("disable",), entry) for entry in config.disable
    ]
    entries += [(("severity", rule_id), rule_id) for rule_id in config.severity]
    for key, entry in entries:
        if _WILDCARD.search(entry):
            if any(fnmatchcase(rule_id, entry) for rule_id in ids):
                continue
            problem = f"the pattern {entry!r} matches no rule"
        elif entry in ids:
            continue
        else:
            problem = f"unknown rule id {entry!r}"
        value = entry if key[0] == "disable" else None
        problems.append(
            f"{where(source, key, value)}: {problem}{close_matches(entry, ids)} "
            "('tonecheck rules' lists every id)"
        )
    return problems


def unused_rule_dirs(config: Config, available: dict[str, Path]) -> list[str]:
    """Warnings for ``rule_dirs`` folders none of whose packs is listed in ``packs``.

    Without this a team's own rules are never run and nothing says so."""
    notes = []
    loaded = set(config.packs)
    for index, folder in enumerate(config.rule_dirs):
        folder = Path(folder)
        packs = sorted(
            name
            for name, pack_dir in available.items()
            if pack_dir == folder or pack_dir.parent == folder
        )
        unused = [name for name in packs if name not in loaded]
        if packs and not any(name in loaded for name in packs):
            names = ", ".join(repr(n) for n in unused)
            notes.append(
                f"{where(config.source, ('rule_dirs', index))}: the folder {str(folder)!r} holds "
                f"pack {names}, which is not in `packs`, so its rules are not run; "
                f"add it to `packs`"
            )
    return notes


def model_notes(config: Config, has_model: bool, skipped: Sequence[str]) -> list[str]:
    """Warnings for a configured spaCy model that is missing and for rules that were skipped."""
    notes = []
    if config.spacy_model and not has_model:
        notes.append(
            f"{where(config.source, ('spacy_model',))}: the spaCy pipeline "
            f"{config.spacy_model!r} is not installed; using a blank English pipeline "
            f"(install it with: python -m spacy download {config.spacy_model})"
        )
    if skipped:
        shown = ", ".join(skipped[:10]) + (
            f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        )
        notes.append(
            f"{len(skipped)} rule(s) need a trained spaCy pipeline (setting: spacy_model) and "
            f"were skipped: {shown}"
        )
    return notes
