"""``--select`` and ``--ignore``: choose rules by id, id prefix or category, as ruff does.

The choice becomes ``disable`` entries of the configuration rather than a filter on the output,
so a rule that is not selected moves no score either: the report is the one a config that
disabled those rules would give. An entry that matches no rule is an error with a suggestion,
for the same reason a misspelt id in ``disable`` is.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..suppress import rule_matches
from . import CliError

if TYPE_CHECKING:
    from ..config import Config


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def rule_categories(config: Config) -> dict[str, str]:
    """Every rule id the configured packs and the engine can report -> its category."""
    from ..config_check import BUILTIN_RULES
    from ..rulebook import RulePackError, available_packs, load_packs
    from ..rulebook.loader import packs_to_load

    try:
        available = available_packs(config.rule_dirs)
        names, _ = packs_to_load(config.packs, config.jurisdiction_packs, available)
        ruleset = load_packs(names, config.rule_dirs, config.max_rules)
    except RulePackError as exc:
        raise CliError(str(exc).replace("\n", "; ")) from None
    table = dict(BUILTIN_RULES)
    table.update({rule.id: rule.category for rule in ruleset.rules})
    table.update({req.id: req.category for req in ruleset.requirements})
    return table


def apply_selection(config: Config, select: Sequence[str], ignore: Sequence[str]) -> Config:
    """``config`` with every rule outside ``select`` (when given) or inside ``ignore`` disabled."""
    chosen, dropped = _split(select), _split(ignore)
    if not chosen and not dropped:
        return config
    table = rule_categories(config)
    for option, tokens in (("--select", chosen), ("--ignore", dropped)):
        for token in tokens:
            if not any(rule_matches(token, rule_id, cat) for rule_id, cat in table.items()):
                words = sorted({*table, *table.values(), *(i.split(".")[0] for i in table)})
                close = difflib.get_close_matches(token, words, n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                raise CliError(
                    f"{option} {token}: matches no rule id, id prefix or category{hint} "
                    "(see 'tonecheck rules')"
                )
    off = [
        rule_id
        for rule_id, category in table.items()
        if (chosen and not any(rule_matches(t, rule_id, category) for t in chosen))
        or any(rule_matches(t, rule_id, category) for t in dropped)
    ]
    return config.model_copy(update={"disable": [*config.disable, *off]})
