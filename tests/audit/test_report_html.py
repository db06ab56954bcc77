"""The audit's HTML report: self-contained, escaped, and working in a real headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

import tonecheck
from tests.support.audit import messages, run_audit, write_csv
from tonecheck.audit import html_report
from tonecheck.audit.sources import Item
from tonecheck.audit.summary import Summary

HOSTILE = '<script>alert("text")</script><img src=x onerror=alert(1)>'
CHROMIUM = os.environ.get("TONECHECK_CHROMIUM", "/usr/bin/chromium")


def _summary(checker: tonecheck.Checker) -> Summary:
    summary = Summary()
    texts = [
        f"Dear Sam, {HOSTILE} You deadbeat, pay now or we will have you arrested!!!",
        "We understand this may be a difficult time. You owe $120 by 3 May. Call 0800 123 4567.",
        "YOU MUST PAY NOW. Failure to remit will result in further action.",
    ]
    for i in range(60):
        text = texts[i % len(texts)]
        report = checker.check(text, id=f"m{i}")
        item = Item(
            key=f"in.csv#{i}",
            source="in.csv",
            location=f"in.csv:{i + 2}",
            local_key=str(i),
            text=text,
            agent=['<b onmouseover="alert(2)">Ann</b>', "Bob", "Team & Co"][i % 3],
            date=f"2025-{1 + i % 6:02d}-10",
        )
        summary.add(item, report, text)
    summary.add_error(
        Item(key="in.csv#99", source="in.csv", location="in.csv:99", local_key="99"),
        f"broken CSV quoting near {HOSTILE}",
    )
    return summary


def test_page_is_escaped_and_self_contained(checker: tonecheck.Checker) -> None:
    page = html_report.render(
        _summary(checker), {"sources": [f"in{HOSTILE}.csv"], "title": HOSTILE}
    )
    assert "<script>alert" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only ours
    # nothing that could load from the network
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    # a CSP forbids any other load and any other script (ours is allowed by its hash)
    script = page.split("<script>")[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = html.unescape(
        page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    )
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    for section in (
        "distributions",
        "categories",
        "rules",
        "agents",
        "time",
        "worst",
        "input-errors",
    ):
        assert f'id="{section}"' in page
    assert page.count('<svg class="chart hist"') == 5
    assert "<mark class=" in page


def test_highlight_handles_overlaps_and_bounds() -> None:
    findings = [
        {"start": 0, "end": 9, "severity": "warning", "rule": "a", "message": "m<1>"},
        {"start": 4, "end": 14, "severity": "error", "rule": "b", "message": "m2"},
        {"start": 10, "end": 999, "severity": "suggestion", "rule": "c", "message": "m3"},
        {"start": 3, "end": 3, "severity": "error", "rule": "d", "message": "zero width"},
    ]
    out = html_report.highlight("<b>bold</b> & more", findings)
    assert re.sub(r"<[^>]+>", "", out) == "&lt;b&gt;bold&lt;/b&gt; &amp; more"
    assert 'class="sev-error"' in out and 'class="sev-warning"' in out
    assert "m&lt;1&gt;" in out


def _browser() -> Any:
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"chromium is not installed ({CHROMIUM}); apt-get install chromium")
    return playwright


@pytest.fixture
def announce(capsys: pytest.CaptureFixture[str]) -> Any:
    """Print a line past pytest's output capture, so the screenshot path shows in CI logs."""

    def say(line: str) -> None:
        with capsys.disabled():
            print(f"\n{line}")

    return say


def _open_in_chromium(path: Path, shot_name: str, announce: Any = print) -> dict[str, Any]:
    sync_playwright = _browser().sync_playwright
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    shots = Path(
        os.environ.get("TONECHECK_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="tonecheck-shots-")
    )
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.resolve().as_uri(), wait_until="load")
            sizes = page.eval_on_selector_all(
                "svg.chart",
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
            )
            bars = page.eval_on_selector_all("svg.hist rect", "els => els.length")
            layout = page.eval_on_selector_all("svg.chart", _LAYOUT_PROBE)
            marks = page.eval_on_selector_all("details.worst[open] mark", "els => els.length")
            # the tables sort when a header is clicked (our one script runs under the CSP)
            first_rule = page.inner_text("#rules tbody tr:first-child td:first-child")
            page.click("#rules thead th:nth-child(4)")
            page.click("#rules thead th:nth-child(4)")
            sorted_attr = page.get_attribute("#rules thead th:nth-child(4)", "aria-sort")
            shot = shots / shot_name
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    announce(f"screenshot: {shot}")
    return {
        "problems": problems,
        "requests": requests,
        "sizes": sizes,
        "bars": bars,
        "marks": marks,
        "shot": shot,
        "sorted": sorted_attr,
        "first_rule": first_rule,
        "layout": layout,
    }


#: Every chart label as the browser lays it out: one drawn outside its chart is clipped, two
#: whose boxes cross are unreadable. Returns one line per problem.
_LAYOUT_PROBE = """svgs => svgs.flatMap(svg => {
  const box = svg.getBoundingClientRect();
  const name = svg.getAttribute("aria-label");
  const texts = Array.from(svg.querySelectorAll("text")).map(t => [t.textContent, t.getBoundingClientRect()]);
  const out = [];
  for (const [words, r] of texts) {
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 ||
        r.bottom > box.bottom + 0.5) out.push(`clipped in ${name}: ${words}`);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i][1], b = texts[j][1];
      const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const tall = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (wide > 1 && tall > 1) out.push(`overlap in ${name}: ${texts[i][0]} / ${texts[j][0]}`);
    }
  }
  return out;
})"""


def _crowded_summary() -> Summary:
    """Totals shaped to crowd every chart: a huge histogram peak, 23 months, long agent and
    category names in wide letters, a tiny error share beside a huge suggestion count."""
    summary = Summary()
    summary.messages = 12_345_678
    for dim in summary.histograms:
        summary.histograms[dim] = [12_345_678 if i == 17 else 1_000 * i for i in range(20)]
        summary.sums[dim] = 60.0 * summary.messages
    summary.severities = {"error": 3_456, "warning": 123_456, "suggestion": 1_876_543}
    summary.findings = sum(summary.severities.values())
    for i in range(20):
        name = "W" * (20 + i)
        summary.categories[name] = {"dimension": "respect", "count": 9_876_543 - i, "messages": 5}
        summary.agents[name + " Team"] = {
            "messages": 1_000_000 + i,
            "sums": dict.fromkeys(summary.sums, 55.0 * (1_000_000 + i)),
            "findings": 10,
            "errors": 1,
        }
    summary.rules["respect.threat-arrest"] = {
        "dimension": "respect",
        "category": "threat",
        "severity": "error",
        "count": 3_456,
        "messages": 3_456,
        "message": "Never say or imply that not paying leads to arrest.",
    }
    for i in range(23):
        month = f"20{24 + i // 12}-{1 + i % 12:02d}"
        summary.months[month] = {
            "messages": 1_234_567,
            "sum_overall": 61.0 * 1_234_567,
            "findings": 1,
            "errors": 0,
        }
    return summary


def test_crowded_charts_neither_clip_nor_overlap(tmp_path: Path, announce: Any) -> None:
    _browser()
    path = tmp_path / "crowded.html"
    html_report.write(path, _crowded_summary(), {"sources": ["in.csv"], "title": "crowded"})
    seen = _open_in_chromium(path, "audit-report-crowded.png", announce)
    assert len(seen["sizes"]) >= 8
    assert seen["layout"] == []


def test_report_renders_in_chromium_with_hostile_text(
    tmp_path: Path, checker: tonecheck.Checker, announce: Any
) -> None:
    _browser()
    path = tmp_path / "hostile.html"
    html_report.write(path, _summary(checker), {"sources": ["in.csv"], "title": HOSTILE})
    seen = _open_in_chromium(path, "audit-report-hostile.png", announce)
    assert seen["problems"] == []  # no console errors, no script ran from the message text
    assert all(url.startswith(("file:", "data:", "about:")) for url in seen["requests"]), seen[
        "requests"
    ]
    assert len(seen["sizes"]) >= 8 and all(w > 0 and h > 0 for w, h in seen["sizes"])
    assert seen["bars"] == 5 * 20 and seen["marks"] > 0
    assert seen["layout"] == []
    assert seen["sorted"] in ("ascending", "descending")
    assert seen["shot"].stat().st_size > 10_000


def test_audit_report_from_the_command_in_chromium(tmp_path: Path, announce: Any) -> None:
    _browser()
    write_csv(tmp_path / "m.csv", messages(80, seed=21))
    result = run_audit(
        [
            "m.csv",
            "--out",
            "m.db",
            "--workers",
            "1",
            "--report",
            "report.html",
            "--redact",
            "--context-column",
            "name=customer",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "report.html").read_text()
    assert "Personal data is masked" in page and "@example.com" not in page
    seen = _open_in_chromium(tmp_path / "report.html", "audit-report.png", announce)
    assert seen["problems"] == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in seen["requests"]), seen[
        "requests"
    ]
    assert all(w > 0 and h > 0 for w, h in seen["sizes"]) and len(seen["sizes"]) >= 8
    assert seen["layout"] == []
