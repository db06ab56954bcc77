"""SARIF 2.1.0 output, for code-scanning dashboards and editors that read static-analysis logs.

Teams that keep message templates in a repository can upload this to the same place their code
findings go. Columns are Unicode code points (declared with ``columnKind``), matching Python
offsets; the rule table carries each rule's dimension and category as properties.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TextIO

from . import SEVERITY_LEVEL, Checked, Redactor
from .citations import citation_url
from .text import describe_suggestion

if TYPE_CHECKING:
    from ..models import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(label: str) -> str:
    if label in {"-", "<stdin>"}:
        return "stdin"
    return PurePath(label).as_posix()


def sarif_log(items: Sequence[Checked], *, redact: Redactor | None = None) -> dict[str, Any]:
    """Build the SARIF log as data (kept separate from writing, so tests can inspect it)."""
    from .._version import __version__

    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for artifact_index, item in enumerate(items):
        artifacts.append({"location": {"uri": _uri(item.label)}})
        for finding in item.report.findings:
            if finding.rule not in rule_index:
                rule_index[finding.rule] = len(rules)
                rules.append(_rule(finding))
            start_line, start_col = item.line_col(finding.start)
            end_line, end_col = item.line_col(finding.end)
            region: dict[str, Any] = {
                "startLine": start_line,
                "startColumn": start_col,
                "endLine": end_line,
                "endColumn": end_col,
            }
            if item.kind == "text":
                region["charOffset"] = finding.start
                region["charLength"] = finding.end - finding.start
            if finding.end > finding.start:
                snippet = finding.span or item.text[finding.start : finding.end]
                region["snippet"] = {"text": redact(snippet) if redact else snippet}
            fixes = [describe_suggestion(s) for s in finding.suggestions]
            text = finding.message
            if fixes:
                joined = "; ".join(fixes)
                text += " Suggestion: " + (redact(joined) if redact else joined)
            if finding.related:
                text += f" ({finding.also()})"
            location: dict[str, Any] = {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(item.label), "index": artifact_index},
                    "region": region,
                }
            }
            if item.kind == "email" and item.line_offset is None:
                location["message"] = {"text": "line and column are within the decoded e-mail body"}
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": rule_index[finding.rule],
                "level": SEVERITY_LEVEL[finding.severity.value],
                "message": {"text": text},
                "locations": [location],
                "properties": {
                    "dimension": finding.dimension.value,
                    "category": finding.category,
                    "severity": finding.severity.value,
                },
            }
            if finding.related:
                result["properties"]["related"] = [r.rule for r in finding.related]
            if item.kind == "text" or item.line_offset is not None:  # the file holds the span
                sarif_fixes = _fixes(finding, region, artifact_index, item.label, redact)
                if sarif_fixes:
                    result["fixes"] = sarif_fixes
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tonecheck",
                        "version": __version__,
                        # no informationUri: tonecheck has no public site, and a placeholder
                        # link in a dashboard is worse than none; each rule's helpUri and
                        # help text point at the provision and at 'tonecheck rules --explain'
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
                "invocations": [{"executionSuccessful": True}],
            }
        ],
    }


def _rule(finding: Finding) -> dict[str, Any]:
    """A ``reportingDescriptor``: what the rule checks, why, where its source is, and how to
    read more locally (``tonecheck rules --explain``)."""
    explain = (
        f"Run 'tonecheck rules --explain {finding.rule}' for the rule's patterns and examples."
    )
    help_text = finding.message + (f" Reference: {finding.reference}." if finding.reference else "")
    help_markdown = finding.message + (
        f"\n\n**Reference:** {finding.reference}" if finding.reference else ""
    )
    rule: dict[str, Any] = {
        "id": finding.rule,
        "name": "".join(part.capitalize() for part in re.split(r"[.-]", finding.rule)),
        "shortDescription": {"text": finding.message.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": finding.message},
        "help": {
            "text": f"{help_text} {explain}",
            "markdown": f"{help_markdown}\n\n{explain.replace(chr(39), '`')}",
        },
        "defaultConfiguration": {"level": SEVERITY_LEVEL[finding.severity.value]},
        "properties": {
            "dimension": finding.dimension.value,
            "category": finding.category,
            "tags": [finding.dimension.value, finding.category],
        },
    }
    uri = citation_url(finding.reference)
    if uri:
        rule["helpUri"] = uri
    if finding.reference:
        rule["properties"]["reference"] = finding.reference
    return rule


def _fixes(
    finding: Finding,
    region: dict[str, Any],
    artifact_index: int,
    label: str,
    redact: Redactor | None,
) -> list[dict[str, Any]]:
    """A SARIF ``fix`` for each suggestion that names exact replacement text for the span
    (delete-the-sentence and insert suggestions have no exact region, so they stay advice)."""
    fixes = []
    deleted = {k: v for k, v in region.items() if k != "snippet"}
    for suggestion in finding.suggestions:
        if suggestion.action != "replace" or finding.end <= finding.start:
            continue
        inserted = redact(suggestion.text) if redact else suggestion.text
        fixes.append(
            {
                "description": {"text": describe_suggestion(suggestion)},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(label), "index": artifact_index},
                        "replacements": [
                            {"deletedRegion": deleted, "insertedContent": {"text": inserted}}
                        ],
                    }
                ],
            }
        )
    return fixes


def render_sarif(items: Sequence[Checked], out: TextIO, *, redact: Redactor | None = None) -> None:
    out.write(json.dumps(sarif_log(items, redact=redact), indent=2, ensure_ascii=False) + "\n")


__all__ = ["render_sarif", "sarif_log"]
