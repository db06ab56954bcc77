"""``tonecheck rules``: what tonecheck checks, why, and proof that each rule works.

Listing and explaining read the rule packs only (no spaCy), so a compliance reviewer can browse
them quickly; ``--test`` builds a Checker and runs every rule's own examples, the same check
the test suite runs, so a rule author can verify a pack without writing Python.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import TYPE_CHECKING, Any

from . import CliError
from ._common import load_config, make_checker

if TYPE_CHECKING:
    from ..config import Config
    from ..rulebook import DetectorRule, Requirement, Rule, RuleSet

    Item = Rule | Requirement | DetectorRule


def _pack_names(config: Config, pack: str | None) -> list[str]:
    from ..rulebook import RulePackError, available_packs
    from ..rulebook.loader import packs_to_load

    try:
        available = available_packs(config.rule_dirs)
        if pack is None:
            return packs_to_load(config.packs, config.jurisdiction_packs, available)[0]
    except RulePackError as exc:
        raise CliError(str(exc)) from None
    if pack not in available:
        raise CliError(
            f"unknown rule pack {pack!r}; available packs: {', '.join(sorted(available))}"
        )
    return [pack]


def _load(config: Config, names: list[str]) -> RuleSet:
    from ..rulebook import RulePackError, load_packs

    try:
        return load_packs(names, config.rule_dirs, config.max_rules)
    except RulePackError as exc:
        raise CliError(str(exc).replace("\n", "; ")) from None


def _report_config(config: Config, ruleset: RuleSet) -> None:
    """The strict-config checks the Checker makes, without loading spaCy: misspelt ids are
    errors, an unused rule folder and rules a missing model would skip are warnings."""
    import importlib.util

    from ..config_check import model_notes, unknown_rule_ids, unused_rule_dirs
    from ..detectors.threats import load_threat_findings
    from ..rulebook import available_packs

    evidence_ids = [f.id for f in load_threat_findings().finding]
    problems = unknown_rule_ids(config, [*ruleset.by_id(), *evidence_ids])
    if problems:
        raise CliError("; ".join(problems))
    name = config.spacy_model
    has_model = bool(name) and importlib.util.find_spec(str(name)) is not None
    skipped = [] if has_model else [r.id for r in ruleset.rules if r.uses_model_attributes()]
    notes = unused_rule_dirs(config, available_packs(config.rule_dirs))
    for note in [*notes, *model_notes(config, has_model, skipped)]:
        sys.stderr.write(f"tonecheck: warning: {note}\n")


def _kind(item: Item) -> str:
    return str(getattr(item, "kind", "requirement"))


def _row(item: Item, config: Config) -> dict[str, Any]:
    severity = config.severity.get(item.id, item.severity)
    # a strength is evidence of good writing: its "severity" only orders the list, so it is
    # shown as what it is rather than as a warning
    shown = "strength" if _kind(item) == "strength" else severity.value
    return {
        "id": item.id,
        "pack": item.pack,
        "kind": _kind(item),
        "dimension": item.dimension.value,
        "category": item.category,
        "severity": shown,
        "disabled": config.is_disabled(item.id),
    }


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    names = _pack_names(config, args.pack)
    if args.test:
        return _run_tests(config, names, args.pack)
    ruleset = _load(config, names)
    if args.pack is None:
        _report_config(config, ruleset)
    items: list[Item] = [*ruleset.rules, *ruleset.requirements, *ruleset.detectors]
    if args.explain:
        table = ruleset.by_id()
        if args.explain not in table:
            close = difflib.get_close_matches(args.explain, list(table), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; see 'tonecheck rules'"
            raise CliError(f"unknown rule {args.explain!r}{hint}")
        item = table[args.explain]
        if args.format == "json":
            data = item.model_dump(mode="json", exclude_defaults=False)
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            _explain(item, config)
        return 0
    rows = [_row(item, config) for item in items]
    if args.format == "json":
        sys.stdout.write(json.dumps({"packs": ruleset.packs, "rules": rows}, indent=2) + "\n")
        return 0
    _print_table(rows, ruleset.packs)
    return 0


def _print_table(rows: list[dict[str, Any]], packs: list[str]) -> None:
    headers = ("id", "kind", "dimension", "category", "severity")
    widths = {h: max([len(h), *(len(str(r[h])) for r in rows)]) for h in headers}
    out = sys.stdout
    for pack in packs:
        in_pack = [r for r in rows if r["pack"] == pack]
        out.write(f"pack {pack}: {len(in_pack)} rules\n")
        out.write("  " + "  ".join(h.ljust(widths[h]) for h in headers).rstrip() + "\n")
        for row in in_pack:
            line = "  ".join(str(row[h]).ljust(widths[h]) for h in headers).rstrip()
            out.write("  " + line + ("  (disabled)" if row["disabled"] else "") + "\n")
        out.write("\n")
    out.write(
        f"{len(rows)} rules in {len(packs)} pack(s). 'tonecheck rules --explain ID' shows one.\n"
    )


def _explain(item: Item, config: Config) -> None:
    out = sys.stdout
    row = _row(item, config)
    out.write(f"{item.id}  ({row['kind']}, pack {item.pack})\n")
    out.write(
        f"  dimension: {row['dimension']}   category: {row['category']}   severity: {row['severity']}"
    )
    out.write("  (disabled in this config)\n" if row["disabled"] else "\n")
    out.write(f"  defined in: {item.source}\n")
    detector = getattr(item, "detector", None)
    if detector:
        out.write(f"  reported by the {detector} detector: {getattr(item, 'description', '')}\n")
    out.write(f"\n  {item.message}\n")
    if item.reference:
        out.write(f"  reference: {item.reference}\n")
    out.write("\n")
    data = item.model_dump(mode="json")
    matchers = [(k, data.get(k)) for k in ("phrases", "lemmas", "regex", "patterns")]
    matchers += [(k, data.get(k)) for k in ("satisfied_by", "near", "not_near")]
    for key, value in matchers:
        if value:
            shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
            out.write(f"  {key}: {shown}\n")
    for key in ("channels", "stages", "senders", "jurisdictions"):
        if data.get(key):
            out.write(f"  only for {key}: {', '.join(data[key])}\n")
    if data.get("insert"):
        out.write(f"  inserts ({data.get('position')}): {data['insert']}\n")
    for suggestion in data.get("suggestions", []):
        from ..models import Suggestion
        from ..render.text import describe_suggestion

        out.write(f"  suggestion: {describe_suggestion(Suggestion.model_validate(suggestion))}\n")
    labels = ("bad", "good")
    for label in labels:
        examples = getattr(item.examples, label)
        if not examples:
            continue
        out.write(f"\n  examples.{label}:\n")
        for example in examples:
            conditions = []
            if example.channel:
                conditions.append(example.channel.value)
            if example.stage:
                conditions.append(example.stage.value)
            if example.template:
                conditions.append("template")
            conditions += [f"{k}={v}" for k, v in example.context.items()]
            suffix = f"   [{', '.join(conditions)}]" if conditions else ""
            out.write(f"    - {example.text}{suffix}\n")


def _run_tests(config: Config, names: list[str], only_pack: str | None) -> int:
    from ..rulebook.selftest import example_cases, run_example

    wanted = list(dict.fromkeys([*config.packs, *names]))
    checker = make_checker(config.model_copy(update={"packs": wanted}))
    results = [
        run_example(checker, item, example, fire)
        for item, example, fire in example_cases(checker)
        if only_pack is None or item.pack == only_pack
    ]
    failures = [r for r in results if not r.ok]
    for failure in failures:
        sys.stdout.write(f"FAIL {failure.describe()}\n")
    rules = len({r.rule_id for r in results})
    sys.stdout.write(
        f"{len(results)} examples of {rules} rules: {len(results) - len(failures)} passed, "
        f"{len(failures)} failed\n"
    )
    return 1 if failures else 0
