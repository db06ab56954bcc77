"""Generated documentation: the rule catalogue, the category vocabulary and the report schema.

These files are derived from the packs and the models, so they are generated rather than
written by hand; ``tests/project/test_docs_sync.py`` fails when a committed copy is stale. Regenerate with
``python -m tonecheck.rulebook.docgen``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..models import CATEGORIES, Report
from .loader import available_packs, detector_rules, load_packs

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    names = sorted(available_packs(), key=lambda n: (n != "core", n))
    ruleset = load_packs(names)
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rule packs by `python -m tonecheck.rulebook.docgen`; do not edit by hand.",
        "`tonecheck rules --explain ID` shows a rule with its examples.",
        "",
    ]
    for pack in names:
        rules = [r for r in ruleset.rules if r.pack == pack]
        requirements = [r for r in ruleset.requirements if r.pack == pack]
        counts = Counter(r.dimension.value for r in rules) + Counter(
            r.dimension.value for r in requirements
        )
        summary = ", ".join(f"{dim} {n}" for dim, n in sorted(counts.items()))
        lines += [f"## Pack `{pack}` — {len(rules) + len(requirements)} rules ({summary})", ""]
        lines += [
            "| id | kind | dimension | category | severity | message | reference |",
            "|---|---|---|---|---|---|---|",
        ]
        for rule in sorted(rules, key=lambda r: r.id):
            severity = rule.severity.value if rule.kind == "finding" else "—"
            lines.append(
                f"| `{rule.id}` | {rule.kind} | {rule.dimension.value} | {rule.category} | {severity} | "
                f"{_cell(rule.message)} | {_cell(rule.reference or '')} |"
            )
        for req in sorted(requirements, key=lambda r: r.id):
            lines.append(
                f"| `{req.id}` | requirement | {req.dimension.value} | {req.category} | {req.severity.value} | "
                f"{_cell(req.message)} | {_cell(req.reference or '')} |"
            )
        lines.append("")
    lines += [
        "## Reported by the built-in detectors",
        "",
        "Declared in `rules/core/detectors.toml`; the detector named decides when each fires.",
        "",
        "| id | detector | kind | dimension | category | severity | when | reference |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for item in sorted(detector_rules().values(), key=lambda r: r.id):
        severity = item.severity.value if item.kind == "finding" else "—"
        lines.append(
            f"| `{item.id}` | {item.detector} | {item.kind} | {item.dimension.value} | "
            f"{item.category} | {severity} | {_cell(item.description)} | "
            f"{_cell(item.reference or '')} |"
        )
    lines.append("")
    return "\n".join(lines)


def categories_markdown() -> str:
    lines = [
        "# Category vocabulary",
        "",
        "Every finding and strength has one of these categories (generated from",
        "`tonecheck.models.CATEGORIES`; rule packs may use no others, so reports aggregate cleanly).",
        "",
        "| category | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in CATEGORIES.items()]
    return "\n".join(lines) + "\n"


def _without_decimal_patterns(node: Any) -> Any:
    """pydantic versions disagree on whether a Decimal's string form carries a regex pattern;
    leave it out so the published schema does not change with the installed pydantic."""
    if isinstance(node, dict):
        return {
            key: _without_decimal_patterns(value)
            for key, value in node.items()
            if not (key == "pattern" and str(value).startswith("^(?!^[-+.]*$)"))
        }
    if isinstance(node, list):
        return [_without_decimal_patterns(item) for item in node]
    return node


def report_schema() -> str:
    schema = _without_decimal_patterns(Report.model_json_schema())
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


GENERATED = {
    "rules.md": rules_markdown,
    "categories.md": categories_markdown,
    "report.schema.json": report_schema,
}


def main() -> int:
    from .docexamples import marked_files, refresh

    for name, make in GENERATED.items():
        (DOCS / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}", file=sys.stderr)
    for path in marked_files():  # example outputs, from running their commands
        path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"refreshed examples in {path.relative_to(DOCS.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
