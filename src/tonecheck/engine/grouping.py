"""One finding per place: rules that read the same words are reported once.

"Last chance" is both a respect problem (pressure) and a transparency one (it hides what really
happens next); "we will sue you" fires a certainty rule, an ultimatum rule, the graded threat
reading and the inevitable-lawsuit rule. Listed one by one they inflate every count and teach
people to skim. Here findings on the same words become one finding: the most severe reading
leads, the others ride along in its ``related`` list with their own dimension, message and impact.

Scores do not change: every reading still moves its dimension, and the breakdown's entries are
re-pointed at the finding that now carries them. Two findings are "on the same words" when their
spans overlap by at least half the longer one, or overlap at all and share a category (a short
graded reading inside a longer rule's span). Findings without a span (a missing amount) and
send-blockers that move no score (an unfilled merge field) always stand alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..models import Breakdown, Finding

#: Share of the longer span two readings must share to count as the same words.
SAME_WORDS = 0.5
#: Breakdown entries whose index points into `Report.findings`.
_POINTS_AT_FINDINGS = frozenset({"finding", "spillover", "cap"})


def _same_words(a: Finding, b: Finding) -> bool:
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0:
        return False
    if a.category == b.category:
        return True
    return overlap >= SAME_WORDS * max(a.end - a.start, b.end - b.start)


def _groupable(f: Finding) -> bool:
    return f.end > f.start and not f.gate_only


def group_findings(findings: list[Finding], breakdown: Mapping[str, Breakdown]) -> list[Finding]:
    """`findings` (in report order) with readings of the same words folded into one; the
    breakdown's finding and spillover entries are re-pointed at the folded list in place."""
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = sorted(
        (i for i, f in enumerate(findings) if _groupable(f)), key=lambda i: findings[i].start
    )
    for n, i in enumerate(spans):
        for j in spans[n + 1 :]:
            if findings[j].start >= findings[i].end:
                break
            if _same_words(findings[i], findings[j]):
                parent[root(j)] = root(i)

    members: dict[int, list[int]] = {}
    for i in range(len(findings)):
        members.setdefault(root(i), []).append(i)
    if all(len(group) == 1 for group in members.values()):
        return findings

    lead_of: dict[int, int] = {}
    leads: list[int] = []
    for group in members.values():
        # most severe first, then a threat reading (what the pre-send gate and reviewers look
        # for first), then the reading with the most words, then report order
        lead = min(
            group,
            key=lambda i: (
                -findings[i].severity.rank,
                findings[i].category != "threat",
                -(findings[i].end - findings[i].start),
                i,
            ),
        )
        leads.append(lead)
        for i in group:
            lead_of[i] = lead
    leads.sort()
    position = {lead: n for n, lead in enumerate(leads)}
    folded = []
    for lead in leads:
        others = [findings[i] for i in members[root(lead)] if i != lead]
        finding = findings[lead]
        folded.append(finding.model_copy(update={"related": others}) if others else finding)
    for dimension in breakdown.values():
        for contribution in dimension.contributions:
            if contribution.kind in _POINTS_AT_FINDINGS and contribution.index >= 0:
                contribution.index = position[lead_of[contribution.index]]
    return folded
