"""A rule file's shorthand, written out as plain rules before the file is validated.

A file of rules on one theme repeated the same dimension, category and reference in every rule,
and a list of plain-word substitutions spent a dozen lines on each word. ``[defaults]`` and
``[[swap]]`` tables say those things once. They are expanded here, on the parsed TOML, so the
schema, the compiler, the self-tests, ``tonecheck rules --explain`` and docgen all see ordinary
rules, each with its own id, message and examples: a report cannot tell how a rule was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .location import RulePackError

#: What `[defaults]` may set: the fields every rule, requirement and detector rule has.
DEFAULT_KEYS = ("dimension", "category", "severity", "reference")
_DEFAULTED_TABLES = ("rule", "requirement", "detector")
#: Keys of a `[[swap]]` table that are not defaults for its entries' rules.
_SWAP_KEYS = frozenset({"id_prefix", "message", "description", "entries"})
#: Rule fields a swap table or entry writes itself (from `from`, `to`, `bad`, `good`...).
_WRITTEN = frozenset({"id", "phrases", "suggestions", "examples"})
_ENTRY_KEYS = frozenset({"id", "from", "to", "advice", "description", "bad", "good"})
#: The suggestion description of a swap entry that gives none (a table may set its own).
DEFAULT_DESCRIPTION = "Use plain words"


def expand(path: Path, raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with `[defaults]` applied and every `[[swap]]` entry turned into a `[[rule]]`.

    Returns a new mapping; `raw` (which the pack cache keeps) is left as it was."""
    if "defaults" not in raw and "swap" not in raw:
        return raw
    out = {k: v for k, v in raw.items() if k not in ("defaults", "swap")}
    defaults = _defaults(path, raw.get("defaults", {}))
    for table in _DEFAULTED_TABLES:
        items = out.get(table)
        if isinstance(items, list):
            out[table] = [{**defaults, **i} if isinstance(i, dict) else i for i in items]
    swaps = raw.get("swap", [])
    if not isinstance(swaps, list):
        raise RulePackError(f"{path}: swap: write each table as [[swap]]")
    rules = out.get("rule", [])
    if isinstance(rules, list):  # anything else is left for the schema to report
        out["rule"] = rules + [
            rule
            for number, swap in enumerate(swaps, 1)
            for rule in _swap_rules(path, number, swap, defaults)
        ]
    return out


def _defaults(path: Path, table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise RulePackError(f"{path}: defaults: must be a table ([defaults])")
    unknown = sorted(set(table) - set(DEFAULT_KEYS))
    if unknown:
        raise RulePackError(
            f"{path}: defaults: unknown key(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(DEFAULT_KEYS)}"
        )
    return dict(table)


def _swap_rules(
    path: Path, number: int, swap: Any, defaults: dict[str, Any]
) -> list[dict[str, Any]]:
    where = f"{path}: swap #{number}"
    if not isinstance(swap, dict):
        raise RulePackError(f"{where}: must be a table")
    written = sorted(_WRITTEN & set(swap))
    if written:
        raise RulePackError(
            f"{where}: {', '.join(written)} belong to each entry (id, from, to, bad, good)"
        )
    entries = swap.get("entries")
    if not isinstance(entries, list) or not entries:
        raise RulePackError(f"{where}: entries: needs a list of {{ id, from, to, bad, good }}")
    shared = {**defaults, **{k: v for k, v in swap.items() if k not in _SWAP_KEYS}}
    prefix = swap.get("id_prefix", "")
    if not isinstance(prefix, str):
        raise RulePackError(f'{where}: id_prefix: must be text, like "clarity.jargon-"')
    template = swap.get("message")
    description = swap.get("description", DEFAULT_DESCRIPTION)
    return [_entry_rule(where, entry, shared, prefix, template, description) for entry in entries]


def _entry_rule(
    where: str,
    entry: Any,
    shared: dict[str, Any],
    prefix: Any,
    template: Any,
    description: Any,
) -> dict[str, Any]:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise RulePackError(f'{where}: each entry needs an id: {{ id = "name", ... }}')
    rule_id = f"{prefix}{entry['id']}"
    where = f"{where} entry {rule_id!r}"
    words = entry.get("from", [])
    words = [words] if isinstance(words, str) else words
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise RulePackError(f"{where}: from: a phrase or a list of phrases")
    if ("to" in entry) == ("advice" in entry):
        raise RulePackError(
            f'{where}: give either to (the plain words; "" removes the match) or advice '
            "(what to do when no words fit)"
        )
    if "to" in entry:
        suggestion = {
            "action": "replace",
            "text": entry["to"],
            "description": entry.get("description", description),
        }
    else:
        suggestion = {"action": "advice", "description": entry["advice"]}
    rule = {**shared, **{k: v for k, v in entry.items() if k not in _ENTRY_KEYS}}
    rule["id"] = rule_id
    if words:
        rule["phrases"] = [*words, *rule.get("phrases", [])]
    if "message" not in entry:
        rule["message"] = _message(where, template, words, entry.get("to"))
    rule["suggestions"] = [suggestion]
    rule["examples"] = {"bad": entry.get("bad", []), "good": entry.get("good", [])}
    return rule


def _message(where: str, template: Any, words: list[str], to: Any) -> str:
    """The table's message for one entry: ``{from}`` is its first phrase (``{From}`` with a
    capital), ``{to}`` its plain words."""
    if not isinstance(template, str):
        raise RulePackError(f"{where}: no message (give the entry or its [[swap]] one)")
    first = words[0] if words else None
    if first is None and ("{from}" in template or "{From}" in template):
        raise RulePackError(f"{where}: the message names {{from}} but the entry has no from")
    if not isinstance(to, str) and "{to}" in template:
        raise RulePackError(f"{where}: the message names {{to}} but the entry has no to")
    text = template
    if first is not None:
        text = text.replace("{from}", first).replace("{From}", first[:1].upper() + first[1:])
    return text.replace("{to}", to) if isinstance(to, str) else text
