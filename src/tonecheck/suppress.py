"""Inline suppression: ``tonecheck: disable=RULE`` … ``tonecheck: enable=RULE`` in a message.

Teams keep approved wording that a rule flags (a legally required sentence, a quoted letter),
and ruff's ``# noqa`` and Vale's ``<!-- vale off -->`` taught them to say so next to the words.
The directive may stand in any comment the text already uses, which is why it is found by its
own words rather than by one comment syntax::

    <!-- tonecheck: disable=respect.threat-lawsuit -->      HTML
    {# tonecheck: disable=respect #}                          Jinja / Liquid / Twig
    {{! tonecheck: disable=transparency.inevitable-lawsuit }} Handlebars / Mustache
    # tonecheck: disable                                      a line of a plain-text template

``disable`` without ``=`` silences every rule; rules are ids, id prefixes (``respect``,
``clarity.jargon-``), wildcards or categories, comma-separated. The region runs from the
directive to the next ``enable`` naming the same rules (or any ``enable`` without ``=``), else to
the end of the text. Only findings are silenced; strengths still count. A ``disable`` that
silences nothing is itself reported (``format.unused-suppression``), as ruff reports an unused
``noqa``: a stale suppression would otherwise hide the next real problem in that place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from .detectors.base import Hit
from .models import Dimension, Severity

UNUSED_RULE = "format.unused-suppression"
_DIRECTIVE = re.compile(
    r"tonecheck:\s*(?P<verb>disable|enable)\b"
    r"(?:\s*=\s*(?P<rules>[A-Za-z0-9_.*?\[\]-]+(?:\s*,\s*[A-Za-z0-9_.*?\[\]-]+)*))?",
    re.IGNORECASE,
)


def rule_matches(token: str, rule_id: str, category: str) -> bool:
    """Whether ``token`` (an id, an id prefix, a wildcard or a category) names ``rule_id``."""
    if any(c in token for c in "*?["):
        return fnmatchcase(rule_id, token)
    prefix = token if token.endswith((".", "-")) else token + "."
    return rule_id == token or rule_id.startswith(prefix) or category == token


@dataclass
class Suppression:
    """One ``disable`` directive and the region of text it covers."""

    start: int
    end: int
    region_end: int
    rules: tuple[str, ...]  # empty: every rule
    used: bool = False

    def covers(self, hit: Hit) -> bool:
        if not self.start <= hit.start < self.region_end:
            return False
        return not self.rules or any(rule_matches(t, hit.rule, hit.category) for t in self.rules)


def _rules(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(part.strip().rstrip("-") for part in raw.split(",") if part.strip("- "))


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    return text.rfind("\n", 0, start) + 1, (text.find("\n", end) + 1 or len(text) + 1) - 1


def directive_lines(text: str) -> list[tuple[int, int]]:
    """The lines holding a directive: instructions to tonecheck, not words of the message, so
    nothing found inside them (the rule id ``clarity.jargon-remit`` contains "remit") counts."""
    return [_line(text, *m.span()) for m in _DIRECTIVE.finditer(text)]


def parse(text: str) -> list[Suppression]:
    """Every ``disable`` directive in ``text`` with the region it covers."""
    if "tonecheck:" not in text.lower():
        return []
    found: list[Suppression] = []
    open_: list[Suppression] = []
    for match in _DIRECTIVE.finditer(text):
        rules = _rules(match.group("rules"))
        if match.group("verb").lower() == "disable":
            item = Suppression(match.start(), match.end(), len(text), rules)
            found.append(item)
            open_.append(item)
            continue
        for item in list(open_):
            if not rules or (set(item.rules) <= set(rules) and item.rules):
                item.region_end = match.start()
                open_.remove(item)
    return found


def apply(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """``hits`` without the findings that a directive in ``text`` silences, plus one
    ``format.unused-suppression`` finding for each directive that silenced nothing."""
    suppressions = parse(text)
    if not suppressions and "tonecheck:" not in text.lower():
        return list(hits)
    lines = directive_lines(text)
    kept = []
    for hit in hits:
        if hit.end > hit.start and any(a <= hit.start and hit.end <= b for a, b in lines):
            continue
        covering = [s for s in suppressions if s.covers(hit)] if hit.kind == "finding" else []
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(hit)
    for suppression in suppressions:
        if suppression.used:
            continue
        named = ", ".join(suppression.rules) if suppression.rules else "every rule"
        kept.append(
            Hit(
                rule=UNUSED_RULE,
                dimension=Dimension.clarity,
                category="structure",
                severity=Severity.warning,
                kind="finding",
                start=suppression.start,
                end=suppression.end,
                message=f"This suppression ({named}) silences no finding; remove it, so it "
                "cannot hide a later problem here.",
                weight=0.0,
                gate_only=True,
            )
        )
    return kept


__all__ = ["UNUSED_RULE", "Suppression", "apply", "parse", "rule_matches"]
