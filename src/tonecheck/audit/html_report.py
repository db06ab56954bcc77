"""The audit report: one self-contained HTML file for a compliance officer.

Everything is inline (CSS, SVG charts drawn here, a few lines of JS for sortable tables), so the
file opens offline, from an e-mail attachment or a ticket, and loads nothing from the network. A
Content-Security-Policy in the page forbids any external load and allows only our own script (by
hash), a second line of defence behind escaping: every piece of message text, agent name, rule
message and file name goes through ``html.escape`` before it reaches the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..models import CATEGORIES
from . import html_trace
from .charts import (
    _DIMENSION_COLOURS,
    _band,
    _fmt,
    bars_svg,
    e,
    histogram_svg,
    severity_svg,
    timeline_svg,
)
from .summary import DIMENSIONS, OTHER_AGENTS, Summary

_SEVERITY_ORDER = {"error": 0, "warning": 1, "suggestion": 2}


# -- message highlighting -----------------------------------------------------------------------


def highlight(text: str, findings: Iterable[dict[str, Any]]) -> str:
    """The message with each finding's span in a <mark> (the most severe wins where spans overlap),
    every character escaped."""
    spans = []
    for number, f in enumerate(findings, 1):
        start, end = max(0, int(f["start"])), min(len(text), int(f["end"]))
        if end > start:
            spans.append((start, end, number, f))
    if not spans:
        return e(text)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [(n, f) for s, t, n, f in spans if s <= a and b <= t]
        segment = e(text[a:b])
        if not covering:
            out.append(segment)
            continue
        worst = min(covering, key=lambda nf: _SEVERITY_ORDER.get(nf[1]["severity"], 3))[1]
        tip = " | ".join(f"#{n} {f['rule']}: {f['message']}" for n, f in covering)
        refs = " ".join(f"f{n}" for n, _ in covering)
        out.append(
            f'<mark class="sev-{e(worst["severity"])}" title="{e(tip)}" data-findings="{refs}">{segment}</mark>'
        )
    return "".join(out)


# -- page ----------------------------------------------------------------------------------------

_CSS = """
:root{--ink:#1d1d1f;--muted:#666;--line:#ddd;--bg:#fafafa}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:var(--bg)}
header{background:#23395d;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;opacity:.85}
main{padding:8px 32px 40px;max-width:1200px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
h2{font-size:19px;margin:0 0 10px}
h3{font-size:15px;margin:14px 0 6px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px;background:#fff}
.tile b{display:block;font-size:22px}
.tile span{color:var(--muted);font-size:13px}
.grid{display:flex;flex-wrap:wrap;gap:16px}
.grid figure{margin:0}
figcaption{font-weight:600}
svg.chart{max-width:100%;height:auto;display:block}
svg .axis{stroke:#999;stroke-width:1}
svg .mean{stroke:#222;stroke-dasharray:4 3;stroke-width:1.5}
svg .tick,svg .label,svg .value{font-size:11px;fill:#444}
svg .label{font-size:12px}
svg .on-bar{font-size:12px;fill:#fff}
svg .volume{fill:#b8c7e0}
svg .trend{fill:none;stroke:#23395d;stroke-width:2}
svg .trend-dot{fill:#23395d}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f2f4f8;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;color:#fff}
.sev.error{background:#c0392b}.sev.warning{background:#b38600}.sev.suggestion{background:#5b8def}
mark{border-radius:3px;padding:0 1px}
mark.sev-error{background:#f8c9c4;border-bottom:2px solid #c0392b}
mark.sev-warning{background:#fbe7a6;border-bottom:2px solid #e0a800}
mark.sev-suggestion{background:#dbe6fd;border-bottom:2px solid #5b8def}
.message{white-space:pre-wrap;word-wrap:break-word;background:#fcfcfc;border:1px solid var(--line);border-radius:6px;padding:10px 12px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
details.worst{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0}
details.worst summary{cursor:pointer}
details.trace{margin:4px 0}details.trace summary{cursor:pointer}details.trace ol{margin:4px 0 8px}
.meta{color:var(--muted);font-size:13px}
.scores span{display:inline-block;margin-right:10px}
ol.findings li{margin:4px 0}
.suggest{color:#2e6b3a}
.note{color:var(--muted);font-size:13px}
.banner{background:#fff7d6;border:1px solid #e0c96b;border-radius:6px;padding:8px 12px}
@media print{th{cursor:auto}details.worst{break-inside:avoid}header{background:#fff;color:#000}}
"""

_JS = """
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var index = th.cellIndex;
    var table = th.closest("table");
    var body = table.tBodies[0];
    var descending = th.getAttribute("aria-sort") !== "descending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value") || a.cells[index].textContent;
      var y = b.cells[index].getAttribute("data-value") || b.cells[index].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
function openTarget() {
  var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
}
window.addEventListener("hashchange", openTarget);
openTarget();
"""


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[tuple[str, Any]]], numeric: set[int]
) -> str:
    """rows: per cell (html, sort value). Cells are HTML already escaped by the caller."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, (content, value) in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            cells.append(f'<td{cls} data-value="{e(value)}">{content}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _tile(value: str, label: str) -> str:
    return f'<div class="tile"><b>{e(value)}</b><span>{e(label)}</span></div>'


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def render(summary: Summary, meta: dict[str, Any]) -> str:
    """The whole page as a string."""
    n = summary.messages
    script_hash = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    title = meta.get("title") or "tonecheck audit report"
    generated = meta.get("generated_at") or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sources = meta.get("sources") or []
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{e(title)}</h1><p>{n:,} messages from {e(', '.join(sources) or '—')} · "
        f"generated {e(generated)} by tonecheck {e(meta.get('version', ''))}</p></header><main>",
    ]
    if meta.get("redacted"):
        out.append(
            '<p class="banner">Personal data is masked in this report (e-mail addresses, phone '
            "numbers, account and card numbers, customer names).</p>"
        )

    # Overview
    mean_overall = summary.mean("overall")
    out.append('<section id="overview"><h2>Overview</h2><div class="tiles">')
    out.append(_tile(f"{n:,}", "messages checked"))
    out.append(_tile(_fmt(mean_overall), "mean overall score (0–100)"))
    out.append(
        _tile(
            _pct(summary.failing, n), f"messages with an error-level finding ({summary.failing:,})"
        )
    )
    out.append(_tile(f"{summary.findings:,}", "findings"))
    out.append(_tile(f"{summary.input_errors:,}", "inputs that could not be read"))
    out.append("</div>")
    out.append("<h3>Findings by severity</h3>" + severity_svg(summary.severities))
    if summary.channels:
        parts = ", ".join(f"{e(k)} {v:,}" for k, v in sorted(summary.channels.items()))
        stages = ", ".join(f"{e(k)} {v:,}" for k, v in sorted(summary.stages.items()))
        out.append(f'<p class="meta">Channels: {parts}. Stages: {stages}.</p>')
    out.append("</section>")

    # Distributions
    out.append(
        '<section id="distributions"><h2>Score distributions</h2>'
        '<p class="note">Scores run from 0 to 100; higher is better. Red below 50, amber '
        '50–69, green 70 and above. Hover a bar for its count.</p><div class="grid">'
    )
    for dim in DIMENSIONS:
        out.append(
            f'<figure><figcaption>{e(dim.capitalize())} <span class="meta">mean {_fmt(summary.mean(dim))}'
            f"</span></figcaption>{histogram_svg(dim, summary.histograms[dim], summary.mean(dim))}</figure>"
        )
    out.append("</div></section>")

    # Categories
    categories = sorted(summary.categories.items(), key=lambda kv: (-kv[1]["count"], kv[0]))
    out.append('<section id="categories"><h2>Findings by category</h2>')
    if categories:
        rows_svg = [
            (
                name,
                float(c["count"]),
                _DIMENSION_COLOURS.get(c["dimension"], "#777"),
                f"{name} ({c['dimension']}): {c['count']:,} findings in {c['messages']:,} messages",
            )
            for name, c in categories[:20]
        ]
        out.append(bars_svg("Findings by category", rows_svg))
        out.append(
            _table(
                ["Category", "Dimension", "What it means", "Findings", "Messages", "% of messages"],
                (
                    [
                        (html_trace.linked("category", name, e(name), c), name),
                        (e(c["dimension"]), c["dimension"]),
                        (e(CATEGORIES.get(name, "")), CATEGORIES.get(name, "")),
                        (f"{c['count']:,}", c["count"]),
                        (f"{c['messages']:,}", c["messages"]),
                        (_pct(c["messages"], n), c["messages"] / n if n else 0),
                    ]
                    for name, c in categories
                ),
                numeric={3, 4, 5},
            )
        )
    else:
        out.append("<p>No findings.</p>")
    out.append("</section>")

    # Rules
    rules = sorted(
        summary.rules.items(),
        key=lambda kv: (_SEVERITY_ORDER.get(kv[1]["severity"], 3), -kv[1]["count"], kv[0]),
    )
    out.append('<section id="rules"><h2>Findings by rule</h2>')
    if rules:
        out.append(
            _table(
                ["Rule", "Severity", "Category", "Findings", "Messages", "Example explanation"],
                (
                    [
                        (html_trace.linked("rule", name, f"<code>{e(name)}</code>", r), name),
                        (
                            f'<span class="sev {e(r["severity"])}">{e(r["severity"])}</span>',
                            _SEVERITY_ORDER.get(r["severity"], 3),
                        ),
                        (e(r["category"]), r["category"]),
                        (f"{r['count']:,}", r["count"]),
                        (html_trace.linked("rule", name, f"{r['messages']:,}", r), r["messages"]),
                        (e(r.get("message", "")), r.get("message", "")),
                    ]
                    for name, r in rules
                ),
                numeric={3, 4},
            )
        )
    else:
        out.append("<p>No findings.</p>")
    out.append("</section>")

    # Agents
    if summary.agents:
        agents = sorted(summary.agents.items(), key=lambda kv: (-kv[1]["messages"], kv[0]))
        out.append('<section id="agents"><h2>By agent or team</h2>')
        chart_rows = []
        for name, a in agents[:25]:
            mean = a["sums"]["overall"] / a["messages"] if a["messages"] else 0.0
            chart_rows.append(
                (
                    name,
                    round(mean, 1),
                    _band(mean),
                    f"{name}: mean overall {mean:.1f} over {a['messages']:,} messages",
                )
            )
        out.append('<p class="note">Mean overall score of the agents with most messages.</p>')
        out.append(bars_svg("Mean overall score by agent", chart_rows, maximum=100.0))
        table_rows = []
        for name, a in agents:
            count = a["messages"] or 1
            cells: list[tuple[str, Any]] = [(e(name), name if name != OTHER_AGENTS else "~")]
            cells.append((f"{a['messages']:,}", a["messages"]))
            for dim in DIMENSIONS:
                mean = a["sums"][dim] / count
                cells.append((f"{mean:.1f}", round(mean, 2)))
            cells.append((f"{a['findings'] / count:.2f}", a["findings"] / count))
            cells.append((_pct(a["errors"], a["messages"]), a["errors"] / count))
            table_rows.append(cells)
        out.append(
            _table(
                [
                    "Agent",
                    "Messages",
                    *[d.capitalize() for d in DIMENSIONS],
                    "Findings / message",
                    "With errors",
                ],
                table_rows,
                numeric=set(range(1, 9)),
            )
        )
        out.append("</section>")

    # Over time
    if summary.months:
        months = sorted(summary.months.items())
        out.append('<section id="time"><h2>Over time</h2>')
        out.append(timeline_svg(months))
        out.append(
            _table(
                ["Month", "Messages", "Mean overall", "Findings", "With errors"],
                (
                    [
                        (e(month), month),
                        (f"{m['messages']:,}", m["messages"]),
                        (
                            _fmt(m["sum_overall"] / m["messages"] if m["messages"] else None),
                            m["sum_overall"] / m["messages"] if m["messages"] else 0,
                        ),
                        (f"{m['findings']:,}", m["findings"]),
                        (_pct(m["errors"], m["messages"]), m["errors"]),
                    ]
                    for month, m in months
                ),
                numeric={1, 2, 3, 4},
            )
        )
        out.append("</section>")

    # Worst messages
    worst = summary.worst()
    worst_rank = {entry["key"]: rank for rank, entry in enumerate(worst, 1)}
    out.append(
        '<section id="worst"><h2>Messages to review first</h2>'
        '<p class="note">The lowest overall scores. Highlighted text carries a finding; '
        "hover it for the rule. Each finding lists what to change.</p>"
    )
    if not worst:
        out.append("<p>No messages.</p>")
    for rank, entry in enumerate(worst, 1):
        scores = entry["scores"]
        own_id = entry.get("id")  # the message's own id first: what a reviewer searches for
        where = " · ".join(
            e(x)
            for x in (
                own_id if own_id and own_id != entry.get("key") else None,
                entry.get("location"),
                entry.get("agent"),
                entry.get("date"),
                entry.get("channel"),
                entry.get("stage"),
            )
            if x
        )
        opened = " open" if rank <= 3 else ""
        out.append(
            f'<details class="worst" id="worst-{rank}"{opened}><summary><b>#{rank}</b> overall '
            f"{scores['overall']:.1f} — {where}</summary>"
        )
        out.append(
            '<p class="scores">'
            + "".join(
                f"<span>{e(d)} <b>{scores[d]:.0f}</b></span>" for d in DIMENSIONS if d != "overall"
            )
            + "</p>"
        )
        out.append(f'<div class="message">{highlight(entry["text"], entry["findings"])}</div>')
        if entry.get("truncated"):
            out.append('<p class="note">(message shortened for this report)</p>')
        if entry["findings"]:
            out.append('<ol class="findings">')
            for f in sorted(entry["findings"], key=lambda f: _SEVERITY_ORDER.get(f["severity"], 3)):
                suggestion = (
                    f'<br><span class="suggest">{e(f["suggestion"])}</span>'
                    if f.get("suggestion")
                    else ""
                )
                out.append(
                    f'<li><span class="sev {e(f["severity"])}">{e(f["severity"])}</span> '
                    f"<code>{e(f['rule'])}</code> — {e(f['message'])}{suggestion}</li>"
                )
            out.append("</ol>")
        out.append("</details>")
    out.append("</section>")

    out.append(html_trace.section(rules, categories, worst_rank))

    # Input errors
    if summary.input_errors:
        out.append(
            f'<section id="input-errors"><h2>Inputs that could not be read ({summary.input_errors:,})</h2>'
        )
        out.append(
            _table(
                ["Location", "Problem"],
                (
                    [(e(x["location"]), x["location"]), (e(x["error"]), x["error"])]
                    for x in summary.error_samples
                ),
                numeric=set(),
            )
        )
        if summary.input_errors > len(summary.error_samples):
            out.append(
                f'<p class="note">First {len(summary.error_samples)} shown; the output '
                "holds them all.</p>"
            )
        out.append("</section>")

    out.extend(meta.get("sections") or [])  # e.g. the accounts section (html_accounts.py)
    out.append(
        '<p class="note">tonecheck findings are risk signals for a person to review, not legal '
        "conclusions. Scores summarise four dimensions: respect, clarity, empathy (validation of "
        "feelings) and transparency about consequences.</p>"
    )
    out.append(f"</main><script>{_JS}</script></body></html>")
    return "\n".join(out)


def write(path: Path, summary: Summary, meta: dict[str, Any]) -> None:
    """Write atomically, so a reader never sees half a report."""
    page = render(summary, meta)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
