"""The HTML report's accounts section: findings per rule, the worst accounts, and a timeline
per worst account (messages as points coloured by score, events as markers, findings as bands).

Rendered from the history file, a few accounts at a time, so a report on 200,000 accounts reads
no more than the accounts it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..accounts import AccountFinding, AccountRecord, HistoryStore
from .charts import _band, e
from .html_report import _table

#: Marker letters for events on the timeline (the legend spells them out).
_EVENT_MARKS = {
    "payment": ("P", "#2e8b57"),
    "promise": ("p", "#2e8b57"),
    "dispute": ("D", "#8e44ad"),
    "verified": ("V", "#8e44ad"),
    "stop": ("S", "#c0392b"),
    "call": ("c", "#34495e"),
    "conversation": ("C", "#34495e"),
    "due": ("d", "#e67e22"),
    "breathing-space-start": ("B", "#2980b9"),
    "breathing-space-end": ("b", "#2980b9"),
}
_SEVERITY_FILL = {"error": "#c0392b", "warning": "#e0a800", "suggestion": "#7f8c8d"}


def _seconds(moment: dt.datetime) -> float:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.timestamp()


def account_timeline_svg(
    account: str, history: Sequence[AccountRecord], findings: Sequence[AccountFinding]
) -> str:
    """One account's history on a time axis; every mark has a tooltip naming what it is."""
    if not history:
        return ""
    rules = sorted({f.rule for f in findings})
    width, left, right, top = 760, 12, 12, 22
    band_h, lane_h = 14, 40
    height = top + lane_h + len(rules) * (band_h + 4) + 30
    first, last = _seconds(history[0].at), _seconds(history[-1].at)
    span = max(last - first, 3600.0)
    plot_w = width - left - right

    def x(moment: dt.datetime) -> float:
        return left + plot_w * (_seconds(moment) - first) / span

    label = f"Timeline of account {account}"
    parts = [
        f'<svg class="chart account-timeline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{e(label)}"><title>{e(label)}</title>',
        f'<line x1="{left}" y1="{top + lane_h / 2}" x2="{left + plot_w}" y2="{top + lane_h / 2}" '
        'class="axis"/>',
        f'<text x="{left}" y="{top - 8}" class="tick">{e(history[0].at.date())}</text>',
        f'<text x="{left + plot_w}" y="{top - 8}" class="tick" text-anchor="end">'
        f"{e(history[-1].at.date())}</text>",
    ]
    mid = top + lane_h / 2
    for record in history:
        cx = x(record.at)
        when = record.at.isoformat(timespec="minutes")
        if record.is_message:
            score = record.score
            fill = _band(score) if score is not None else "#95a5a6"
            shown = f"score {score:.0f}" if score is not None else "not scored"
            who = "from the consumer" if record.direction.value == "inbound" else "sent"
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{mid - 8:.1f}" r="5" fill="{fill}" class="msg">'
                f"<title>{e(when)} · {e(record.channel or 'message')} {who} · {e(shown)}"
                f"{' · ' + e(record.id) if record.id else ''}</title></circle>"
            )
        if record.event is not None:
            letter, colour = _EVENT_MARKS.get(record.event.value, ("?", "#555"))
            parts.append(
                f'<g class="event"><rect x="{cx - 6:.1f}" y="{mid + 2:.1f}" width="12" height="12" '
                f'fill="{colour}" rx="2"/><text x="{cx:.1f}" y="{mid + 12:.1f}" '
                f'text-anchor="middle" class="mark">{letter}</text><title>{e(when)} · '
                f"{e(record.event.value)}{' on ' + e(record.channel) if record.channel else ''}"
                f"{' (' + e(record.direction.value) + ')' if record.direction.value == 'inbound' else ''}"
                "</title></g>"
            )
    for lane, rule in enumerate(rules):
        y = top + lane_h + lane * (band_h + 4)
        parts.append(f'<text x="{left}" y="{y + band_h - 3}" class="tick lane">{e(rule)}</text>')
        for finding in (f for f in findings if f.rule == rule):
            x0, x1 = x(finding.start), x(finding.end)
            parts.append(
                f'<rect x="{min(x0, x1 - 4):.1f}" y="{y}" width="{max(x1 - x0, 4):.1f}" '
                f'height="{band_h}" fill="{_SEVERITY_FILL.get(finding.severity.value, "#999")}" '
                f'fill-opacity="0.35" class="finding"><title>{e(finding.severity.value)}: '
                f"{e(finding.message)} ({e(finding.reference)}) · {e(finding.start.isoformat())} – "
                f"{e(finding.end.isoformat())}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def section(store: HistoryStore, worst: int = 10) -> str:
    """The accounts section as HTML (empty when no account was audited)."""
    total = store.accounts()
    if not total:
        return ""
    counts = store.counts()
    flagged = store.flagged_accounts()
    out = [
        '<section id="accounts"><h2>Accounts</h2>',
        f"<p>{total:,} account histories; {flagged:,} with findings "
        f"({sum(counts.values()):,} findings).</p>",
    ]
    if counts:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            _table(
                ["Rule", "Findings"],
                ([(f"<code>{e(rule)}</code>", rule), (f"{n:,}", n)] for rule, n in ranked),
                numeric={1},
            )
        )
        out.append(
            '<h3>Accounts to review first</h3><p class="note">Points: messages, coloured by '
            "score (green 70+, amber 50–69, red below 50). Squares: events — P payment, p "
            "promise, D dispute, V verified, S stop, c call attempt, C conversation, d due date, "
            "B/b breathing space start/end. Bands: findings, one row per rule.</p>"
        )
        for account, n, _ in store.worst(worst):
            findings = store.account_findings(account)
            rules = ", ".join(sorted({f.rule for f in findings}))
            out.append(
                f'<details class="account" open><summary><code>{e(account)}</code> — {n} '
                f"finding(s): {e(rules)}</summary>"
            )
            out.append(account_timeline_svg(account, store.history(account), findings))
            out.append('<ol class="findings">')
            for f in findings:
                out.append(
                    f'<li><span class="sev {e(f.severity.value)}">{e(f.severity.value)}</span> '
                    f"<code>{e(f.rule)}</code> {e(f.start.isoformat(timespec='minutes'))} — "
                    f'{e(f.message)} <span class="note">{e(f.reference)}</span></li>'
                )
            out.append("</ol></details>")
    out.append("</section>")
    return "\n".join(out)
