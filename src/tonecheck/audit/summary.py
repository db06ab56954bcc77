"""Running totals of an audit: what the HTML report draws and the summary line prints.

The totals are small and bounded (histogram bins, counts per rule/category/agent/month, the few
worst messages), whatever the audit size. They are saved with every commit, in the same
transaction as the rows they count (SQLite) or in the same state file as the committed offset
(JSONL/CSV), so a resumed audit's report counts each message exactly once, and a report can be
drawn for any output format, even CSV, which does not keep findings.
"""

from __future__ import annotations

import heapq
from typing import Any

from ..models import Report, Severity, Suggestion
from .sources import Item

DIMENSIONS = ("respect", "clarity", "empathy", "transparency", "overall")
BINS = 20
WORST_KEPT = 25
MAX_AGENTS = 2_000
MAX_MONTHS = 1_200
MAX_ERRORS_KEPT = 100
WORST_TEXT_CHARS = 20_000
#: Messages remembered per rule and per category, so the report can point from a count to the
#: messages behind it (the SQLite output's ``findings`` table holds every one).
EXAMPLES_KEPT = 10
OTHER_AGENTS = "(other agents)"


def _empty_dimensions() -> dict[str, float]:
    return dict.fromkeys(DIMENSIONS, 0.0)


class Summary:
    """Totals over every message committed so far."""

    def __init__(self) -> None:
        self.messages = 0
        self.input_errors = 0
        self.failing = 0
        self.findings = 0
        self.histograms: dict[str, list[int]] = {d: [0] * BINS for d in DIMENSIONS}
        self.sums = _empty_dimensions()
        self.severities: dict[str, int] = {s.value: 0 for s in Severity}
        self.categories: dict[str, dict[str, Any]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self.agents: dict[str, dict[str, Any]] = {}
        self.months: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, int] = {}
        self.stages: dict[str, int] = {}
        # The lowest overall scores kept in a heap whose root is the first to drop: the highest
        # score, and among equal scores the latest key.
        self._worst: list[tuple[float, _Reversed, dict[str, Any]]] = []
        self.error_samples: list[dict[str, str]] = []

    # -- adding ------------------------------------------------------------------------------

    def add(self, item: Item, report: Report, text: str) -> None:
        self.messages += 1
        scores = {**report.scores.by_dimension(), "overall": report.scores.overall}
        for dim, value in scores.items():
            self.sums[dim] += value
            self.histograms[dim][min(BINS - 1, max(0, int(value * BINS / 100)))] += 1
        self.channels[report.channel.value] = self.channels.get(report.channel.value, 0) + 1
        self.stages[report.stage.value] = self.stages.get(report.stage.value, 0) + 1
        errors = 0
        seen_categories: set[str] = set()
        seen_rules: set[str] = set()
        for f in report.findings:
            self.findings += 1
            self.severities[f.severity.value] += 1
            errors += f.severity is Severity.error
            cat = self.categories.setdefault(
                f.category, {"dimension": f.dimension.value, "count": 0, "messages": 0}
            )
            cat["count"] += 1
            if f.category not in seen_categories:
                cat["messages"] += 1
                seen_categories.add(f.category)
                _remember(cat, item, report, f.span, rule=f.rule)
            for reading in (f, *f.related):  # each rule counts every place it read
                rule = self.rules.setdefault(
                    reading.rule,
                    {
                        "dimension": reading.dimension.value,
                        "category": reading.category,
                        "severity": reading.severity.value,
                        "count": 0,
                        "messages": 0,
                        "message": reading.message,
                    },
                )
                rule["count"] += 1
                if reading.rule not in seen_rules:
                    rule["messages"] += 1
                    seen_rules.add(reading.rule)
                    _remember(rule, item, report, reading.span)
        self.failing += errors > 0
        if item.agent:
            name = (
                item.agent
                if item.agent in self.agents or len(self.agents) < MAX_AGENTS
                else OTHER_AGENTS
            )
            agent = self.agents.setdefault(
                name, {"messages": 0, "sums": _empty_dimensions(), "findings": 0, "errors": 0}
            )
            agent["messages"] += 1
            for dim, value in scores.items():
                agent["sums"][dim] += value
            agent["findings"] += len(report.findings)
            agent["errors"] += errors > 0
        month = _month(item.date)
        if month and (month in self.months or len(self.months) < MAX_MONTHS):
            bucket = self.months.setdefault(
                month, {"messages": 0, "sum_overall": 0.0, "findings": 0, "errors": 0}
            )
            bucket["messages"] += 1
            bucket["sum_overall"] += scores["overall"]
            bucket["findings"] += len(report.findings)
            bucket["errors"] += errors > 0
        self._consider_worst(item, report, text, scores)

    def _consider_worst(
        self, item: Item, report: Report, text: str, scores: dict[str, float]
    ) -> None:
        rank = (-scores["overall"], _Reversed(item.key))
        if len(self._worst) >= WORST_KEPT and not self._worst[0][:2] < rank:
            return
        shown = text[:WORST_TEXT_CHARS]
        entry = {
            "key": item.key,
            "location": item.location,
            "id": item.id if item.id is not None else report.id,
            "agent": item.agent,
            "date": item.date,
            "channel": report.channel.value,
            "stage": report.stage.value,
            "scores": scores,
            "text": shown,
            "truncated": len(text) > len(shown),
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "category": f.category,
                    "dimension": f.dimension.value,
                    "start": f.start,
                    "end": f.end,
                    "message": f.message,
                    "suggestion": describe_suggestions(f.suggestions),
                }
                for f in report.findings
            ],
        }
        heapq.heappush(self._worst, (rank[0], rank[1], entry))
        if len(self._worst) > WORST_KEPT:
            heapq.heappop(self._worst)

    def add_error(self, item: Item, error: str) -> None:
        self.input_errors += 1
        if len(self.error_samples) < MAX_ERRORS_KEPT:
            self.error_samples.append({"location": item.location, "error": error})

    # -- reading -----------------------------------------------------------------------------

    def worst(self) -> list[dict[str, Any]]:
        """Lowest overall score first; ties in key order, so every run lists the same ones."""
        return [entry for _, _, entry in sorted(self._worst, key=lambda t: (-t[0], t[1].key))]

    def mean(self, dim: str) -> float | None:
        return self.sums[dim] / self.messages if self.messages else None

    # -- persistence -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "input_errors": self.input_errors,
            "failing": self.failing,
            "findings": self.findings,
            "histograms": self.histograms,
            "sums": self.sums,
            "severities": self.severities,
            "categories": self.categories,
            "rules": self.rules,
            "agents": self.agents,
            "months": self.months,
            "channels": self.channels,
            "stages": self.stages,
            "worst": self.worst(),
            "error_samples": self.error_samples,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        summary = cls()
        for name in (
            "messages",
            "input_errors",
            "failing",
            "findings",
            "histograms",
            "sums",
            "severities",
            "categories",
            "rules",
            "agents",
            "months",
            "channels",
            "stages",
            "error_samples",
        ):
            if name in data:
                setattr(summary, name, data[name])
        for entry in data.get("worst", []):
            summary._worst.append((-entry["scores"]["overall"], _Reversed(entry["key"]), entry))
        heapq.heapify(summary._worst)
        return summary


def describe_suggestions(suggestions: list[Suggestion]) -> str:
    """The first useful suggestion in words a reader can act on."""
    for s in suggestions:
        if s.action == "replace" and s.text:
            return f"Replace with “{s.text}”" + (f" ({s.description})" if s.description else "")
        if s.action == "insert" and s.text:
            return f"Add: “{s.text}”"
        if s.action == "delete":
            return s.description or "Delete this"
        if s.text or s.description:
            return s.description or s.text
    return ""


def _remember(
    totals: dict[str, Any], item: Item, report: Report, span: str, rule: str | None = None
) -> None:
    """Note one message behind a rule's or category's count: its own id where it has one (what a
    reviewer searches for), where it was read, and the words that fired (already masked under
    ``--redact``, like the report they come from)."""
    examples = totals.setdefault("examples", [])
    if len(examples) >= EXAMPLES_KEPT:
        return
    own = item.id if item.id is not None else report.id
    example = {"key": item.key, "id": own, "location": item.location, "span": span[:200]}
    if rule is not None:
        example["rule"] = rule
    examples.append(example)


def _month(date: str | None) -> str | None:
    if not date or len(date) < 7 or date[4] != "-" or not (date[:4] + date[5:7]).isdigit():
        return None
    return date[:7]


class _Reversed:
    """A key that sorts backwards, so the heap drops the later of two equal scores."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __lt__(self, other: _Reversed) -> bool:
        return self.key > other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)
