"""The report's charts, drawn as inline SVG so the page loads nothing from the network.

Also the escaping and number formatting every part of the page shares: all text reaches the
SVG and the HTML through `e`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from .summary import BINS

_DIMENSION_COLOURS = {
    "respect": "#7b3294",
    "clarity": "#1f78b4",
    "empathy": "#e66101",
    "transparency": "#1b9e77",
    "overall": "#404040",
}


def e(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _band(score: float) -> str:
    if score < 50:
        return "#c0392b"
    if score < 70:
        return "#e0a800"
    return "#2e8b57"


_NARROW = frozenset("iljtfrI.,:;!|' ()[]")
_WIDE = frozenset("MWmw@%")


def text_width(text: str, size: float) -> float:
    """A generous estimate of `text`'s width in pixels at font `size`, for laying out labels
    without a browser: the page's sans-serif fonts stay within these per-letter widths, so a
    label given this much room is never clipped (tests measure it in Chromium)."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.36
        elif ch in _WIDE:
            total += 0.95
        elif ch.isupper():
            total += 0.72
        elif ch.isdigit():
            total += 0.6
        else:
            total += 0.62
    return total * size


def fit(text: str, room: float, size: float) -> str:
    """`text`, cut with an ellipsis where it would not fit in `room` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def histogram_svg(dim: str, counts: Sequence[int], mean: float | None) -> str:
    """Bars for score bins 0–5 … 95–100, coloured by band, with the mean marked."""
    peak = max(counts) if counts and max(counts) > 0 else 1
    # room on the left for the peak count, on the right for half the "100" tick, above for the
    # mean's label
    width, height, bottom, top = 340, 184, 28, 20
    left = max(36.0, 8 + text_width(f"{peak:,}", 11))
    plot_w, plot_h = width - left - 14, height - bottom - top
    bar_w = plot_w / BINS
    parts = [
        f'<svg class="chart hist" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{e(dim)} score distribution">',
        f"<title>{e(dim.capitalize())}: distribution of scores</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 4}" y="{top + 4}" class="tick" text-anchor="end">{peak:,}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" class="tick" text-anchor="end">0</text>',
    ]
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + i * bar_w
        low, high = i * 100 // BINS, (i + 1) * 100 // BINS
        parts.append(
            f'<rect x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
            f'height="{max(h, 0):.1f}" fill="{_band(low)}"><title>{low}–{high}: {count:,} '
            f"message{'s' if count != 1 else ''}</title></rect>"
        )
    for tick in (0, 25, 50, 75, 100):
        x = left + plot_w * tick / 100
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" class="tick" text-anchor="middle">{tick}</text>'
        )
    if mean is not None:
        x = left + plot_w * mean / 100
        label = f"mean {mean:.1f}"
        half = text_width(label, 11) / 2 + 2
        label_x = min(max(x, half), width - half)  # a mean near 0 or 100 keeps its label inside
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h}" class="mean"/>'
            f'<text x="{label_x:.1f}" y="{top - 7}" class="tick" text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(
    label: str,
    rows: Sequence[tuple[str, float, str, str]],
    unit: str = "",
    maximum: float | None = None,
) -> str:
    """Horizontal bars: (name, value, colour, tooltip) per row."""
    if not rows:
        return ""
    row_h, left, width = 22, 210, 640
    height = row_h * len(rows) + 10
    peak = maximum if maximum else max((v for _, v, _, _ in rows), default=1) or 1
    numbers = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for _, v, _, _ in rows]
    plot_w = width - left - 12 - max(text_width(n + unit, 11) for n in numbers)
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{e(label)}"><title>{e(label)}</title>'
    ]
    for i, ((name, value, colour, tip), number) in enumerate(zip(rows, numbers, strict=True)):
        y = 5 + i * row_h
        w = max(1.0, plot_w * value / peak) if value > 0 else 0.0
        shown = fit(name, left - 12, 12)
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" class="label" text-anchor="end">{e(shown)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
            f"<title>{e(tip)}</title></rect>"
            f'<text x="{left + w + 5:.1f}" y="{y + 15}" class="value">{number}{e(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(months: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """Messages per month (bars) and the mean overall score (line, right-hand scale 0–100)."""
    if not months:
        return ""
    peak = max(m["messages"] for _, m in months) or 1
    width, height, right, top, bottom = 720, 220, 44, 16, 40
    left = max(48.0, 8 + text_width(f"{peak:,}", 11))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(months)
    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="Messages and mean overall score per month">'
        "<title>Messages and mean overall score per month</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 4}" y="{top + 4}" class="tick" text-anchor="end">{peak:,}</text>',
        f'<text x="{left + plot_w + 4}" y="{top + 4}" class="tick">100</text>',
        f'<text x="{left + plot_w + 4}" y="{top + plot_h}" class="tick">0</text>',
    ]
    points = []
    # every n-th month, so neighbouring labels keep a gap however many months there are
    label_every = max(1, math.ceil((text_width(months[0][0], 11) + 10) / step))
    for i, (month, m) in enumerate(months):
        x = left + i * step
        h = plot_h * m["messages"] / peak
        mean = m["sum_overall"] / m["messages"] if m["messages"] else 0.0
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" class="volume"><title>{e(month)}: {m["messages"]:,} messages, mean '
            f"overall {mean:.1f}, {m['errors']:,} with errors</title></rect>"
        )
        points.append(f"{x + step / 2:.1f},{top + plot_h - plot_h * mean / 100:.1f}")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 22}" class="tick" text-anchor="middle">{e(month)}</text>'
            )
    parts.append(f'<polyline points="{" ".join(points)}" class="trend"/>')
    for point in points:
        cx, cy = point.split(",")
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" class="trend-dot"/>')
    parts.append(
        f'<text x="{left}" y="{height - 4}" class="tick">bars: messages · line: mean overall score</text></svg>'
    )
    return "".join(parts)


def severity_svg(severities: dict[str, int]) -> str:
    """One stacked bar, labelled on a segment only where its label fits, and a legend under it
    that names every segment with its count, however thin."""
    total = sum(severities.values())
    width, height = 640, 48
    parts = [
        f'<svg class="chart severity" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="Findings by severity"><title>Findings by severity</title>'
    ]
    x = 0.0
    colours = {"error": "#c0392b", "warning": "#e0a800", "suggestion": "#5b8def"}
    for name in ("error", "warning", "suggestion"):
        count = severities.get(name, 0)
        w = width * count / total if total else 0
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{colours[name]}">'
                f"<title>{name}: {count:,}</title></rect>"
            )
            label = f"{name} {count:,}"
            if text_width(label, 12) + 12 <= w:
                parts.append(f'<text x="{x + 6:.1f}" y="15" class="on-bar">{label}</text>')
        x += w
    legend_x = 0.0
    for name in ("error", "warning", "suggestion"):
        label = f"{name} {severities.get(name, 0):,}"
        parts.append(
            f'<rect x="{legend_x:.1f}" y="33" width="10" height="10" fill="{colours[name]}"/>'
            f'<text x="{legend_x + 14:.1f}" y="42" class="tick">{label}</text>'
        )
        legend_x += 14 + text_width(label, 11) + 18
    if not total:
        parts.append(
            '<rect x="0" y="0" width="640" height="22" fill="#e8e8e8"><title>no findings</title></rect>'
        )
        parts.append('<text x="8" y="15" class="tick">no findings</text>')
    parts.append("</svg>")
    return "".join(parts)
